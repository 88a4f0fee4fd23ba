# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, models
from odoo.exceptions import UserError


class BigaccountLockedLineMixin(models.AbstractModel):
    """Lines of a document that no one but the superuser changes once the
    document reaches one of ``_ka_locked_states``."""

    _name = "bigaccount.locked.line.mixin"
    _description = "Key-Account Document Lines Locked with the Document"

    # the many2one to the document, and the document's states that lock
    # its lines (by default the document's own ``_ka_locked_states``)
    _ka_document_field = None
    _ka_locked_states = None
    # fields of a line that still change on a locked document (its progress)
    _ka_open_fields = frozenset()

    @api.model_create_multi
    def create(self, vals_list):
        # wrong types get a clear error before anything reads them
        self._ka_check_input_list(vals_list)
        # a locked document gets no line, whatever else the values say
        document_ids = [
            vals[self._ka_document_field]
            for vals in vals_list
            if isinstance(vals.get(self._ka_document_field), int)
        ]
        if document_ids and not self.env.su:
            self._ka_check_documents_open(
                self[self._ka_document_field].browse(document_ids)
            )
        lines = super().create(vals_list)
        lines._check_open()
        return lines

    def write(self, vals):
        if set(vals) - self._ka_open_fields:
            self._check_open()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_if_open(self):
        self._check_open()

    def _check_open(self):
        if self.env.su:
            return
        self._ka_check_documents_open(self[self._ka_document_field])

    def _ka_check_documents_open(self, documents):
        locked = self._ka_locked_states or documents._ka_locked_states
        if set(documents.mapped(documents._ka_state_field)) & set(locked):
            raise UserError(documents[:1]._ka_locked_message())
