# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import Command, api, fields, models
from odoo.exceptions import ValidationError


class BigaccountTrial(models.Model):
    """A new product tried first with key accounts (新产品的试销首先在大客户
    之间进行), with each account's feedback."""

    _name = "bigaccount.trial"
    _check_company_auto = True
    _description = "New-Product Trial"
    _inherit = ["mail.thread"]
    _order = "date_start desc, id desc"

    name = fields.Char(required=True)
    product_id = fields.Many2one("product.product", required=True, check_company=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    date_start = fields.Date(string="From", required=True)
    date_end = fields.Date(string="To", required=True)
    line_ids = fields.One2many("bigaccount.trial.line", "trial_id", string="Accounts")
    average_rating = fields.Float(
        compute="_compute_average_rating", store=True, digits=(3, 2)
    )

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        if any(trial.date_end < trial.date_start for trial in self):
            raise ValidationError(self.env._("A trial cannot end before it starts."))

    @api.depends("line_ids.rating")
    def _compute_average_rating(self):
        for trial in self:
            ratings = [line.rating for line in trial.line_ids if line.rating]
            trial.average_rating = sum(ratings) / len(ratings) if ratings else 0.0


class BigaccountTrialLine(models.Model):
    _name = "bigaccount.trial.line"
    _description = "New-Product Trial Feedback"

    trial_id = fields.Many2one(
        "bigaccount.trial", required=True, index=True, ondelete="cascade"
    )
    partner_id = fields.Many2one("res.partner", string="Account", required=True)
    rating = fields.Integer(help="1 (poor) to 5 (excellent).")
    would_buy = fields.Boolean(string="Would Buy")
    feedback = fields.Text()

    _sql_constraints = [
        ("partner_unique", "UNIQUE(trial_id, partner_id)", "An account tries once.")
    ]

    @api.constrains("rating")
    def _check_rating(self):
        if any(not 0 <= line.rating <= 5 for line in self):
            raise ValidationError(self.env._("Ratings go from 1 to 5."))


class BigaccountEvent(models.Model):
    """An event for key accounts — the annual key-account conference
    (年度重点客户会议) and others — with invitations, attendance
    and minutes."""

    _name = "bigaccount.event"
    _check_company_auto = True
    _description = "Key-Account Event"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date desc, id desc"

    name = fields.Char(required=True)
    kind = fields.Selection(
        [
            ("conference", "Annual key-account conference"),
            ("seminar", "Seminar or training"),
            ("tour", "Company tour"),
            ("other", "Other"),
        ],
        required=True,
        default="conference",
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    user_id = fields.Many2one(
        "res.users", string="Organiser", default=lambda self: self.env.user
    )
    date = fields.Datetime(required=True)
    location = fields.Char()
    attendee_ids = fields.One2many(
        "bigaccount.event.attendee", "event_id", string="Invitations"
    )
    invited_count = fields.Integer(compute="_compute_attendance", store=True)
    attended_count = fields.Integer(compute="_compute_attendance", store=True)
    attendance_rate = fields.Float(
        string="Attendance (%)", compute="_compute_attendance", store=True
    )
    minutes = fields.Html()

    @api.depends("attendee_ids.state")
    def _compute_attendance(self):
        for event in self:
            invited = len(event.attendee_ids)
            attended = len(event.attendee_ids.filtered(lambda a: a.state == "attended"))
            event.invited_count = invited
            event.attended_count = attended
            event.attendance_rate = attended * 100.0 / invited if invited else 0.0

    def action_invite_key_accounts(self):
        """Invite every key account not invited yet (one per account)."""
        for event in self:
            invited = event.attendee_ids.partner_id
            accounts = self.env["res.partner"].search(
                [("ka_is_key_account", "=", True), ("id", "not in", invited.ids)]
            )
            event.attendee_ids = [
                Command.create({"partner_id": account.id}) for account in accounts
            ]
        return True


class BigaccountEventAttendee(models.Model):
    _name = "bigaccount.event.attendee"
    _description = "Key-Account Event Invitation"
    _order = "event_id, partner_id"

    event_id = fields.Many2one(
        "bigaccount.event", required=True, index=True, ondelete="cascade"
    )
    partner_id = fields.Many2one("res.partner", string="Account", required=True)
    contact_id = fields.Many2one(
        "res.partner",
        string="Guest",
        domain="[('commercial_partner_id', '=', partner_id)]",
    )
    state = fields.Selection(
        [
            ("invited", "Invited"),
            ("confirmed", "Confirmed"),
            ("attended", "Attended"),
            ("absent", "Absent"),
        ],
        default="invited",
        required=True,
    )

    _sql_constraints = [
        (
            "partner_unique",
            "UNIQUE(event_id, partner_id)",
            "An account is invited once per event.",
        )
    ]
