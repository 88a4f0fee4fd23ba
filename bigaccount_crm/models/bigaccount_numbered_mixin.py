# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models

from .tools import is_unnamed, new_name


class BigaccountNumberedMixin(models.AbstractModel):
    """A document numbered when it is created: its reference reads "New" in
    the user's language until then, and then the next number of the
    sequence ``_ka_sequence_code`` (a document numbered otherwise, as the
    complaint by its reception date, leaves it empty and numbers itself).
    A document changes the label by redefining the field
    (``name = fields.Char(string="Number")``)."""

    _name = "bigaccount.numbered.mixin"
    _description = "Numbered Key-Account Document"
    # the code of the ir.sequence that numbers the document
    _ka_sequence_code = None

    name = fields.Char(
        string="Reference", required=True, readonly=True, copy=False, default=new_name
    )

    @api.model_create_multi
    def create(self, vals_list):
        if self._ka_sequence_code:
            for vals in vals_list:
                if is_unnamed(self.env, vals.get("name")):
                    vals["name"] = self.env["ir.sequence"].next_by_code(
                        self._ka_sequence_code
                    ) or new_name(self)
        return super().create(vals_list)
