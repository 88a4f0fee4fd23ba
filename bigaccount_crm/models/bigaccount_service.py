# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError

# A planned delivery not made this many days after its date is missed.
MISSED_AFTER_DAYS = 30
# Class flags of the partner a service may be reserved to.
CLASS_FIELDS = {
    "for_quality": "ka_is_quality",
    "for_high_value": "ka_is_high_value",
    "for_group": "ka_is_group",
    "for_strategic": "ka_is_strategic",
}


class BigaccountService(models.Model):
    """A service of the catalogue (集团基本服务, 营业厅服务标准) and
    who is entitled to it: key accounts of some tiers or classes."""

    _name = "bigaccount.service"
    _description = "Key-Account Service"
    _order = "category, sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    category = fields.Selection(
        [
            ("basic", "Basic service"),
            ("featured", "Featured service"),
            ("standard", "Service standard"),
        ],
        required=True,
        default="basic",
    )
    description = fields.Text(translate=True)
    interval_months = fields.Integer(
        string="Every (months)",
        default=12,
        help="How often the service is delivered; 0 for once.",
    )
    tier_ids = fields.Many2many(
        "bigaccount.tier",
        string="Tiers",
        help="Key accounts of these tiers are entitled; with no tier and no "
        "class, every key account is.",
    )
    for_quality = fields.Boolean(string="Quality Accounts")
    for_high_value = fields.Boolean(string="High-Value Accounts")
    for_group = fields.Boolean(string="Group Accounts")
    for_strategic = fields.Boolean(string="Strategic Accounts")

    @api.constrains("interval_months")
    def _check_interval(self):
        if any(service.interval_months < 0 for service in self):
            raise ValidationError(self.env._("A service interval cannot be negative."))

    def _ka_entitles(self, partner):
        """Whether the key account ``partner`` is entitled to this service."""
        self.ensure_one()
        classes = [fname for fname in CLASS_FIELDS if self[fname]]
        if not self.tier_ids and not classes:
            return True
        return partner.ka_tier_id in self.tier_ids or any(
            partner[CLASS_FIELDS[fname]] for fname in classes
        )


class BigaccountServiceDelivery(models.Model):
    """A service planned for a key account and its delivery."""

    _name = "bigaccount.service.delivery"
    _check_company_auto = True
    _description = "Service Delivery"
    _inherit = ["mail.thread", "bigaccount.workflow.mixin"]
    _order = "date_planned, id"
    _rec_name = "service_id"

    service_id = fields.Many2one(
        "bigaccount.service", required=True, index=True, ondelete="restrict"
    )
    partner_id = fields.Many2one(
        "res.partner", string="Account", required=True, index=True, check_company=True
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    user_id = fields.Many2one("res.users", string="Account Manager", index=True)
    date_planned = fields.Date(string="Planned", required=True)
    date_delivered = fields.Date(string="Delivered", readonly=True, copy=False)
    state = fields.Selection(
        [
            ("planned", "Planned"),
            ("delivered", "Delivered"),
            ("missed", "Missed"),
            ("cancelled", "Cancelled"),
        ],
        default="planned",
        required=True,
        index=True,
        tracking=True,
    )
    note = fields.Text()
    is_due = fields.Boolean(compute="_compute_is_due", search="_search_is_due")

    def _compute_is_due(self):
        today = fields.Date.context_today(self)
        for delivery in self:
            delivery.is_due = (
                delivery.state == "planned" and delivery.date_planned <= today
            )

    def _search_is_due(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise NotImplementedError()
        today = fields.Date.context_today(self)
        domain = [("state", "=", "planned"), ("date_planned", "<=", today)]
        return domain if (operator == "=") == value else ["!", *domain]

    def action_deliver(self):
        self._check_state({"planned", "missed"})
        self._ka_workflow_write(
            {
                "state": "delivered",
                "date_delivered": fields.Date.context_today(self),
            }
        )
        return True

    def action_cancel(self):
        self._check_state({"planned", "missed"})
        self._ka_workflow_write({"state": "cancelled"})
        return True

    @api.model
    def _cron_plan_services(self):
        """Daily: planned deliveries a month past their date are missed; every key
        account gets its next delivery of each service it is entitled to,
        one open at a time. Reads everything with a fixed number of queries
        whatever the number of accounts."""
        today = fields.Date.context_today(self)
        sudo = self.sudo()
        sudo.search(
            [
                ("state", "=", "planned"),
                ("date_planned", "<", today - relativedelta(days=MISSED_AFTER_DAYS)),
            ]
        )._ka_workflow_write({"state": "missed"})
        services = self.env["bigaccount.service"].sudo().search([("active", "=", True)])
        if not services:
            return
        accounts = (
            self.env["res.partner"].sudo().search([("ka_is_key_account", "=", True)])
        )
        accounts.fetch(["ka_tier_id", "ka_manager_id", *CLASS_FIELDS.values()])
        history = {
            (partner.id, service.id, state): last
            for partner, service, state, last in sudo._read_group(
                [
                    ("partner_id", "in", accounts.ids),
                    ("state", "in", ("planned", "delivered")),
                ],
                ["partner_id", "service_id", "state"],
                ["date_delivered:max"],
            )
        }
        vals_list = []
        for partner in accounts:
            for service in services:
                if (partner.id, service.id, "planned") in history:
                    continue  # one open delivery at a time
                if not service._ka_entitles(partner):
                    continue
                last = history.get((partner.id, service.id, "delivered"))
                if last and not service.interval_months:
                    continue  # a one-off service, delivered
                date = (
                    max(last + relativedelta(months=service.interval_months), today)
                    if last
                    else today
                )
                vals_list.append(
                    {
                        "service_id": service.id,
                        "partner_id": partner.id,
                        "user_id": partner.ka_manager_id.id,
                        "company_id": (partner.company_id or self.env.company).id,
                        "date_planned": date,
                    }
                )
        sudo.create(vals_list)
