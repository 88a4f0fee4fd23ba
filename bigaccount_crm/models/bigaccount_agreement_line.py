# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models

from .bigaccount_agreement import SIGNED_STATES


class BigaccountAgreementLine(models.Model):
    _name = "bigaccount.agreement.line"
    _description = "Agreement Contracted Price"
    _inherit = ["bigaccount.locked.line.mixin"]
    _order = "agreement_id, id"
    _ka_document_field = "agreement_id"
    _ka_locked_states = SIGNED_STATES

    agreement_id = fields.Many2one(
        "bigaccount.agreement", required=True, index=True, ondelete="cascade"
    )
    product_id = fields.Many2one("product.product", required=True)
    currency_id = fields.Many2one(related="agreement_id.currency_id")
    price = fields.Monetary(string="Contracted Price", required=True)
    current_price = fields.Monetary(
        string="Price Today",
        compute="_compute_current_price",
        help="The contracted price as the price-adjustment letters in effect "
        "today leave it.",
    )

    _sql_constraints = [
        (
            "product_unique",
            "UNIQUE(agreement_id, product_id)",
            "A product has one contracted price per agreement.",
        ),
        ("price_positive", "CHECK(price >= 0)", "A price cannot be negative."),
    ]

    @api.depends("price", "agreement_id.letter_ids.state")
    def _compute_current_price(self):
        today = fields.Date.context_today(self)
        for line in self:
            price = line.agreement_id._ka_price(line.product_id, today)
            line.current_price = line.price if price is None else price
