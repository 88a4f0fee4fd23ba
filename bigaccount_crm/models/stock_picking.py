# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models
from odoo.exceptions import UserError


class StockPicking(models.Model):
    _inherit = "stock.picking"

    ka_credit_hold_message = fields.Text(
        string="Credit Hold",
        compute="_compute_ka_credit_hold_message",
        help="Why this delivery cannot be validated.",
    )

    def _ka_credit_blocking_message(self):
        """The reason a delivery is held, or an empty string.

        Outgoing deliveries of a customer on credit hold or failing the
        credit check are held, unless an approved guaranteed-delivery request
        covers their order.
        """
        self.ensure_one()
        picking = self.sudo()
        if picking.picking_type_code != "outgoing" or not picking.partner_id:
            return ""
        order = picking.sale_id
        partner = (order.partner_invoice_id or picking.partner_id).commercial_partner_id
        status = partner._ka_credit_status(company=picking.company_id)
        if not status["blocked"]:
            return ""
        if order and order._ka_approved_credit_request():
            return ""
        return partner._ka_credit_message(status, picking.name)

    def _compute_ka_credit_hold_message(self):
        for picking in self:
            picking.ka_credit_hold_message = (
                picking._ka_credit_blocking_message()
                if picking.state not in ("done", "cancel")
                else ""
            )

    def button_validate(self):
        for picking in self:
            message = picking._ka_credit_blocking_message()
            if message:
                raise UserError(message)
        return super().button_validate()
