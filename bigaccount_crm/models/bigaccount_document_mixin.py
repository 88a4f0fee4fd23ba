# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models


class BigaccountDocumentMixin(models.AbstractModel):
    """The header every key-account document shares: the company it belongs
    to, its currency and the customer (a commercial partner of the company)
    it is about; a document created for a contact is filed under the
    contact's company, with the defaults the account gives
    (``_ka_account_defaults``). A document changes a label or an attribute
    by redefining the field with that attribute only (``partner_id =
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

    @api.model_create_multi
    def create(self, vals_list):
        named = [vals for vals in vals_list if vals.get("partner_id")]
        # a wrong type gets a clear error before it is read
        self._ka_check_input_list([{"partner_id": v["partner_id"]} for v in named])
        # the customers of the whole batch are read at once (one prefetch)
        contacts = self.env["res.partner"].browse([v["partner_id"] for v in named])
        for vals, contact in zip(named, contacts, strict=True):
            account = contact.commercial_partner_id
            vals["partner_id"] = account.id
            for fname, value in self._ka_account_defaults(account).items():
                vals.setdefault(fname, value)
        return super().create(vals_list)

    def _ka_account_defaults(self, account):
        """Values a new document takes from its ``account`` (a commercial
        ``res.partner``) unless given: ``{field name: value}``; none here."""
        return {}
