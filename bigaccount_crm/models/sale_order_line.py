# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, models


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
