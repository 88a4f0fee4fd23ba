# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models

from .bigaccount_service import CLASS_FIELDS, MISSED_AFTER_DAYS


class BigaccountServiceDelivery(models.Model):
    """A service planned for a key account and its delivery."""

    _name = "bigaccount.service.delivery"
    _check_company_auto = True
    _description = "Service Delivery"
    _inherit = ["bigaccount.document.mixin", "mail.thread", "bigaccount.workflow.mixin"]
    _order = "date_planned, id"
    _rec_name = "service_id"

    service_id = fields.Many2one(
        "bigaccount.service", required=True, index=True, ondelete="restrict"
    )
    partner_id = fields.Many2one(string="Account")
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
    def _prepare_delivery_vals(self, service, partner, date):
        """The values of the delivery of ``service`` to the key account
        ``partner`` planned on ``date``, for its manager."""
        return {
            "service_id": service.id,
            "partner_id": partner.id,
            "user_id": partner.ka_manager_id.id,
            "company_id": (partner.company_id or self.env.company).id,
            "date_planned": date,
        }

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
                vals_list.append(self._prepare_delivery_vals(service, partner, date))
        sudo.create(vals_list)
