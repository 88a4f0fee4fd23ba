# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models
from odoo.exceptions import UserError


class SaleOrder(models.Model):
    _inherit = "sale.order"

    ka_credit_request_ids = fields.One2many(
        "bigaccount.credit.request",
        "order_id",
        string="Guaranteed-Delivery Requests",
    )
    ka_credit_request_count = fields.Integer(
        string="Guaranteed Deliveries", compute="_compute_ka_credit_request_count"
    )

    def _compute_ka_credit_request_count(self):
        counts = dict(
            self.env["bigaccount.credit.request"]
            .sudo()
            ._read_group(
                [("order_id", "in", self.ids)],
                ["order_id"],
                ["__count"],
            )
        )
        for order in self:
            order.ka_credit_request_count = counts.get(order, 0)

    def _ka_credit_amount(self):
        """The order's total in its company's currency."""
        self.ensure_one()
        return self.currency_id._convert(
            self.amount_total,
            self.company_id.currency_id,
            self.company_id,
            self.date_order or fields.Date.context_today(self),
        )

    def _ka_approved_credit_request(self, amount=None):
        """The approved, unexpired request that lets this order through."""
        self.ensure_one()
        today = fields.Date.context_today(self)
        requests = (
            self.env["bigaccount.credit.request"]
            .sudo()
            .search(
                [
                    ("order_id", "=", self.id),
                    ("state", "=", "approved"),
                    ("date_expiry", ">=", today),
                ],
                order="id desc",
            )
        )
        currency = self.company_id.currency_id
        return requests.filtered(
            lambda r: amount is None or currency.compare_amounts(r.amount, amount) >= 0
        )[:1]

    def _ka_check_credit(self):
        """Stop the confirmation of an order that fails the credit check,
        unless an approved guaranteed-delivery request covers it."""
        for order in self:
            partner = order.partner_invoice_id.commercial_partner_id.sudo()
            root = partner._ka_credit_pool_root()
            root._ka_credit_lock()
            amount = order._ka_credit_amount()
            status = partner._ka_credit_status(
                company=order.company_id, amount=amount, order=order
            )
            if not status["reasons"]:
                continue
            request = order._ka_approved_credit_request(amount)
            if request and not request.date_used:
                request.date_used = fields.Datetime.now()
                request.message_post(
                    body=self.env._(
                        "Order %(order)s confirmed under this request.",
                        order=order.name,
                    )
                )
                continue
            message = partner._ka_credit_message(status, order.name)
            if status["blocked"]:
                raise UserError(
                    message
                    + "\n"
                    + self.env._(
                        "File a guaranteed-delivery request for this order and "
                        "have finance approve it."
                    )
                )
            order.sudo().message_post(body=message)

    def action_confirm(self):
        if not self.env.context.get("bigaccount_skip_credit_check"):
            self._ka_check_credit()
        return super().action_confirm()

    def _action_confirm(self):
        """Key accounts are delivered first (优先保证大客户的货源): their
        deliveries get Odoo's priority, so that they reserve stock first."""
        res = super()._action_confirm()
        for order in self:
            partner = order.partner_id.commercial_partner_id.sudo()
            if partner.ka_is_key_account or partner.ka_tier_id.green_channel:
                order.picking_ids.filtered(
                    lambda p: p.state not in ("done", "cancel")
                ).priority = "1"
        return res

    def action_ka_credit_request(self):
        """Open a guaranteed-delivery request for this order."""
        self.ensure_one()
        action = self.env["ir.actions.actions"]._for_xml_id(
            "bigaccount_crm.action_bigaccount_credit_request"
        )
        requests = self.ka_credit_request_ids
        if requests:
            action["domain"] = [("order_id", "=", self.id)]
            return action
        action.update(
            {
                "views": [(False, "form")],
                "view_mode": "form",
                "context": {
                    "default_order_id": self.id,
                    "default_amount": self._ka_credit_amount(),
                    "default_guarantor_id": self.user_id.id,
                },
            }
        )
        return action
