# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines.order_id._ka_reset_price_approval()
        return lines

    def write(self, vals):
        """A price approval covers the prices it was given for: changing a
        price or a discount afterwards asks for a new one."""
        res = super().write(vals)
        if {"price_unit", "discount", "product_id"} & set(vals):
            self.order_id._ka_reset_price_approval()
        return res

    @api.depends("order_id.ka_agreement_id")
    def _compute_price_unit(self):
        """Lines of an order under an agreement get its agreed price."""
        res = super()._compute_price_unit()
        for line in self:
            if line.qty_invoiced > 0 or line.order_id.state not in ("draft", "sent"):
                continue
            price = line._ka_agreed_price()
            if price is not None:
                line.price_unit = price
        return res

    def _ka_agreed_price(self):
        """The price of the order's agreement for this line's product on the
        order date, in the order's currency; ``None`` if it has none."""
        self.ensure_one()
        order = self.order_id
        agreement = order.ka_agreement_id.sudo()
        if not agreement or not self.product_id:
            return None
        date = fields.Date.context_today(
            self, order.date_order or fields.Datetime.now()
        )
        price = agreement._ka_price(self.product_id, date)
        if price is None:
            return None
        return agreement.currency_id._convert(
            price, order.currency_id or agreement.currency_id, order.company_id, date
        )
