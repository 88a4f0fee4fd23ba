# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, models
from odoo.exceptions import AccessError, UserError


class BigaccountWorkflowMixin(models.AbstractModel):
    """What the add-on's documents with a state share: a reference from a
    sequence, fields only their buttons write, states in which they no
    longer change, and the checks of a step."""

    _name = "bigaccount.workflow.mixin"
    _description = "Key-Account Document Workflow"

    # sequence code of the reference (``name``), if any
    _ka_sequence_code = None
    # fields written by the buttons only (after their checks)
    _ka_workflow_fields = frozenset({"state"})
    # states in which the document no longer changes (its model then says
    # why in ``_ka_locked_message``)
    _ka_locked_states = ()

    @api.model_create_multi
    def create(self, vals_list):
        if self._ka_sequence_code:
            for vals in vals_list:
                if vals.get("name", "/") == "/":
                    vals["name"] = (
                        self.env["ir.sequence"].next_by_code(self._ka_sequence_code)
                        or "/"
                    )
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su:
            if self._ka_workflow_fields & set(vals):
                raise AccessError(
                    self.env._(
                        "%(document)s moves on only with its buttons.",
                        document=self._ka_document_label(),
                    )
                )
            if self._ka_locked_states and set(self.mapped("state")) & set(
                self._ka_locked_states
            ):
                raise UserError(self._ka_locked_message())
        return super().write(vals)

    def _ka_document_label(self):
        return self.env["ir.model"]._get(self._name).name

    def _ka_workflow_write(self, vals):
        """Workflow fields are written by the buttons, after their checks."""
        return self.sudo().write(vals)

    def _check_state(self, allowed):
        labels = dict(self._fields["state"]._description_selection(self.env))
        for record in self:
            if record.state not in allowed:
                raise UserError(
                    self.env._(
                        "%(name)s is %(state)s: this step is not possible.",
                        name=record.display_name,
                        state=labels[record.state],
                    )
                )

    def _check_group(self, group, message):
        """Only members of ``group`` take this step (the superuser too)."""
        if not self.env.su and not self.env.user.has_group(group):
            raise AccessError(message)

    def _check_not_own(self, message):
        """Nobody takes this step on their own document."""
        if any(record.user_id == self.env.user for record in self):
            raise AccessError(message)


class BigaccountLockedLineMixin(models.AbstractModel):
    """Lines of a document that no one but the superuser changes once the
    document reaches one of ``_ka_locked_states``."""

    _name = "bigaccount.locked.line.mixin"
    _description = "Key-Account Document Lines Locked with the Document"

    # the many2one to the document, and the document's states that lock
    # its lines (by default the document's own ``_ka_locked_states``)
    _ka_document_field = None
    _ka_locked_states = None

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines._check_open()
        return lines

    def write(self, vals):
        self._check_open()
        return super().write(vals)

    def _check_open(self):
        if self.env.su:
            return
        documents = self[self._ka_document_field]
        locked = self._ka_locked_states or documents._ka_locked_states
        if set(documents.mapped("state")) & set(locked):
            raise UserError(documents[:1]._ka_locked_message())
