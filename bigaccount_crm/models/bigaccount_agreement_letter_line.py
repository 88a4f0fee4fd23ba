# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class BigaccountAgreementLetterLine(models.Model):
    _name = "bigaccount.agreement.letter.line"
    _description = "Price-Adjustment Letter Line"
    _inherit = ["bigaccount.locked.line.mixin"]
    _ka_document_field = "letter_id"

    letter_id = fields.Many2one(
        "bigaccount.agreement.letter", required=True, index=True, ondelete="cascade"
    )
    product_id = fields.Many2one("product.product", required=True)
    currency_id = fields.Many2one(related="letter_id.agreement_id.currency_id")
    price = fields.Monetary(string="New Price", required=True)

    _sql_constraints = [
        ("price_positive", "CHECK(price >= 0)", "A price cannot be negative."),
    ]
