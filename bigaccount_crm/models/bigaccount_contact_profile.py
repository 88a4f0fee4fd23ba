# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .tools import schedule_activities

BUYING_ROLES = [
    ("decision_maker", "Decision maker"),
    ("purchaser", "Purchaser"),
    ("user", "User"),
    ("influencer", "Influencer"),
    ("insider", "Coach (insider)"),
    ("finance", "Finance"),
    ("technical", "Technical"),
]
# The relationship ladder (认识 → 约会 → 认同 → 信赖 → 同盟).
CLOSENESS = [
    ("acquainted", "Acquainted"),
    ("meeting", "Meeting"),
    ("agreeing", "Agreeing"),
    ("trusting", "Trusting"),
    ("ally", "Ally"),
]


class BigaccountContactProfile(models.Model):
    """The buying role of a contact of an account and what the account team
    knows of the person: kept apart from the contact so that only the
    account's team and the directors see it."""

    _name = "bigaccount.contact.profile"
    _check_company_auto = True
    _description = "Buying Role and Contact Profile"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "account_id, role, id"
    _rec_name = "contact_id"

    contact_id = fields.Many2one(
        "res.partner",
        string="Contact",
        required=True,
        index=True,
        ondelete="cascade",
        domain=[("is_company", "=", False)],
        check_company=True,
    )
    account_id = fields.Many2one(
        "res.partner",
        string="Account",
        compute="_compute_account_id",
        store=True,
        index=True,
        check_company=True,
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    role = fields.Selection(BUYING_ROLES, string="Buying Role", required=True)
    rights = fields.Selection(
        [
            ("decide", "Decides"),
            ("recommend", "Recommends"),
            ("veto", "Can veto"),
            ("use", "Uses"),
        ],
        string="Rights in the Purchase",
    )
    attitude = fields.Selection(
        [("supportive", "Supporter"), ("neutral", "Neutral"), ("opposed", "Opponent")],
        default="neutral",
    )
    closeness = fields.Selection(CLOSENESS, default="acquainted")
    reports_to_id = fields.Many2one(
        "res.partner", string="Reports To", check_company=True
    )
    assistant_id = fields.Many2one(
        "res.partner", string="Assistant", check_company=True
    )
    influenced_by_id = fields.Many2one(
        "res.partner", string="Most Influenced By", check_company=True
    )
    is_key_person = fields.Boolean(
        string="Key Person",
        help="A key person of a group account (集团关键人), served personally.",
    )
    # the personal part
    character = fields.Text()
    birthday = fields.Date()
    hobbies = fields.Text()
    notes = fields.Text()

    _sql_constraints = [
        ("contact_unique", "UNIQUE(contact_id)", "A contact has one profile."),
    ]

    @api.depends("contact_id.commercial_partner_id")
    def _compute_account_id(self):
        for profile in self:
            profile.account_id = profile.contact_id.commercial_partner_id

    @api.constrains("contact_id")
    def _check_contact(self):
        for profile in self:
            if profile.contact_id.commercial_partner_id == profile.contact_id:
                raise ValidationError(
                    self.env._("A buying role belongs to a person of the account.")
                )

    @api.model
    def _cron_greetings(self):
        """Greeting activities for the account manager, the days of the
        settings ahead of a contact's birthday or a configured holiday; one
        per contact (or account) and occasion. A birthday is personal data:
        its activity is on the contact's profile, which only the account team
        and the directors read, never on the contact everybody reads."""
        days = self.env["res.partner"]._ka_settings()["ka_greeting_days"]
        today = fields.Date.context_today(self)
        horizon = [today + timedelta(days=offset) for offset in range(days + 1)]
        activity_type = self.env.ref("bigaccount_crm.mail_activity_type_greeting")
        profiles = self.sudo().search(
            [("birthday", "!=", False), ("account_id.ka_manager_id", "!=", False)]
        )
        birthdays = {
            profile: day
            for profile in profiles
            for day in horizon
            if (profile.birthday.month, profile.birthday.day) == (day.month, day.day)
        }
        greeted = schedule_activities(
            self.browse([profile.id for profile in birthdays]).sudo(),
            activity_type,
            lambda profile: profile.account_id.ka_manager_id,
            date_of=lambda profile: birthdays[profile],
            summary_of=lambda profile: self.env._(
                "Birthday of %(name)s", name=profile.contact_id.name
            ),
            once="date",
        )
        count = len(greeted)
        holidays = (
            self.env["bigaccount.holiday"].sudo().search([("date", "in", horizon)])
        )
        accounts = holidays and (
            self.env["res.partner"]
            .sudo()
            .search([("ka_is_key_account", "=", True), ("ka_manager_id", "!=", False)])
        )
        for holiday in holidays:
            count += len(
                schedule_activities(
                    accounts,
                    activity_type,
                    lambda account: account.ka_manager_id,
                    date_of=lambda _account, holiday=holiday: holiday.date,
                    summary_of=lambda _account, holiday=holiday: self.env._(
                        "Greetings for %(name)s", name=holiday.name
                    ),
                    once="date",
                )
            )
        return count
