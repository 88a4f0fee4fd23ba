# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class BigaccountDocumentMixin(models.AbstractModel):
    """The header every key-account document shares: the company it belongs
    to, its currency and the customer (a commercial partner of the company)
    it is about. A document changes a label or an attribute by redefining
    the field with that attribute only (``partner_id =
    fields.Many2one(string="Account", tracking=True)``)."""

    _name = "bigaccount.document.mixin"
    _description = "Key-Account Document"

    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        domain=["|", ("is_company", "=", True), ("parent_id", "=", False)],
        check_company=True,
    )
