# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

DECISION_FIELDS = frozenset(
    {"ka_submitted_by_id", "ka_owner_at_submission_id", "ka_decider_ids"}
)
# the states of a document one person submits and another decides
APPROVAL_STATES = [
    ("draft", "Draft"),
    ("submitted", "Submitted"),
    ("approved", "Approved"),
    ("refused", "Refused"),
]


class BigaccountWorkflowMixin(models.AbstractModel):
    """What the add-on's documents with a state share: a reference from a
    sequence, fields only their buttons write, states in which they no
    longer change, and the checks of a step.

    The one approval mechanism of the add-on: every submission records who
    submitted and who owned the document then (``_ka_record_submission``);
    every decision (``_check_not_own``) records who decided, and refuses
    the submitter, the owner at submission, the owner now and anyone who
    decided an earlier step of the same document, so that reassigning the
    owner opens no way around it. The setting "One Person May Hold Several
    Steps" lifts the last rule for small companies, and the chatter then
    says who held several steps.
    """

    _name = "bigaccount.workflow.mixin"
    _description = "Key-Account Document Workflow"

    # fields written by the buttons only (after their checks)
    _ka_workflow_fields = frozenset({"state"})
    # states in which the document no longer changes (its model then says
    # why in ``_ka_locked_message``)
    _ka_locked_states = ()
    # decided is final: in ``_ka_decided_states`` the fields the decision
    # covered (``_ka_decision_fields``) no longer change, for anyone but the
    # mechanism itself (its buttons write as the superuser)
    _ka_decided_states = ()
    _ka_decision_fields = frozenset()
    # the field holding the state those states are of
    _ka_state_field = "state"
    # the field of the document's owner (the user it belongs to)
    _ka_owner_field = "user_id"

    # kanban columns folded, {field: values}: the documents there need
    # nothing more (closed, cancelled, won, dropped)
    _ka_folded_groups = {}

    ka_submitted_by_id = fields.Many2one(
        "res.users", string="Submitted By", readonly=True, copy=False
    )
    ka_owner_at_submission_id = fields.Many2one(
        "res.users", string="Owner at Submission", readonly=True, copy=False
    )
    ka_decider_ids = fields.Many2many(
        "res.users",
        string="Decided By (Steps)",
        readonly=True,
        copy=False,
        help="Everyone who decided a step of this document: none of them "
        "decides another step.",
    )

    @api.model
    def _web_read_group(self, domain, fields, groupby, *args, **kwargs):
        """Groups with the finished states folded, as Odoo folds the closed
        stages of a pipeline (``__fold``)."""
        groups = super()._web_read_group(domain, fields, groupby, *args, **kwargs)
        field = groupby[0] if groupby else None
        folded = self._ka_folded_groups.get(field)
        if folded:
            for group in groups:
                group["__fold"] = group.get(field) in folded
        return groups

    def _ka_unfolded_values(self, field, values):
        """For a ``group_expand``: every value of the selection ``field`` in
        its order, but a folded one only when it has documents
        (``values``)."""
        folded = self._ka_folded_groups.get(field, ())
        return [
            value
            for value, _label in self._fields[field].selection
            if value not in folded or value in values
        ]

    @api.model_create_multi
    def create(self, vals_list):
        # wrong types get a clear error before anything reads them
        self._ka_check_input_list(vals_list)
        return super().create(vals_list)

    @api.model
    def _ka_guarded_fields(self):
        """The workflow fields and who submitted and decided: written by the
        buttons only (see ``base``)."""
        return (self._ka_workflow_fields | DECISION_FIELDS) & set(self._fields)

    def write(self, vals):
        if not self.env.su:
            self._ka_check_button_write(vals)
            states = set(self.mapped(self._ka_state_field)) if self else set()
            if states & set(self._ka_locked_states):
                raise UserError(self._ka_locked_message())
            decided = self._ka_decision_fields & set(vals)
            if decided and states & set(self._ka_decided_states):
                raise UserError(self._ka_decided_message(decided))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_decided(self):
        """A decided document is kept (its decision with it)."""
        if self.env.su:
            return
        for record in self:
            state = record[self._ka_state_field]
            if state in self._ka_locked_states:
                raise UserError(record._ka_locked_message())
            if state in self._ka_decided_states:
                raise UserError(
                    self.env._(
                        "%(document)s is decided: it is kept, not deleted.",
                        document=record.display_name,
                    )
                )

    def _ka_decided_message(self, fnames):
        """Why the fields ``fnames`` of a decided document do not change."""
        state_field = self._ka_state_field
        labels = dict(self._fields[state_field]._description_selection(self.env))
        record = self.filtered(lambda r: r[state_field] in self._ka_decided_states)[:1]
        return self.env._(
            "%(document)s is %(state)s: %(fields)s no longer change.",
            document=record.display_name,
            state=labels.get(record[state_field], record[state_field]),
            fields=", ".join(
                sorted(self._fields[f]._description_string(self.env) for f in fnames)
            ),
        )

    def _ka_locked_message(self):
        """Why a document in a locked state does not change."""
        state_field = self._ka_state_field
        labels = dict(self._fields[state_field]._description_selection(self.env))
        record = self[:1]
        return self.env._(
            "%(document)s is %(state)s: it no longer changes.",
            document=record.display_name,
            state=labels.get(record[state_field], record[state_field]),
        )

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

    def _ka_owners(self):
        """The users the document belongs to now."""
        self.ensure_one()
        if self._ka_owner_field and self._ka_owner_field in self._fields:
            return self.sudo()[self._ka_owner_field]
        return self.env["res.users"]

    def _ka_record_submission(self):
        """Remember who submitted and who owned each document then; a new
        submission starts a new round of decisions."""
        for record in self:
            record.sudo().write(
                {
                    "ka_submitted_by_id": self.env.user.id,
                    "ka_owner_at_submission_id": record._ka_owners()[:1].id,
                    "ka_decider_ids": [fields.Command.clear()],
                }
            )

    def _check_not_own(self, message, same_step=None):
        """The current user decides a step of these documents: never the
        submitter, the owner at submission or now, nor anyone who decided an
        earlier step (``message`` says why); the decision is recorded.

        ``same_step``: a function of a document giving the users whose
        earlier decision was the same step (finance reviewing a report and
        then reimbursing it)."""
        if self.env.su:
            return
        user = self.env.user
        several = self.env["res.partner"]._ka_settings()["ka_allow_several_steps"]
        for record in self.sudo():
            excluded = (
                record.ka_submitted_by_id
                | record.ka_owner_at_submission_id
                | record._ka_owners()
            )
            if user in excluded:
                raise AccessError(message)
            same = same_step(record) if same_step else self.env["res.users"]
            if user in record.ka_decider_ids and user not in same:
                if not several:
                    raise AccessError(
                        self.env._(
                            "%(user)s already decided a step of %(document)s: "
                            "another person decides this one.",
                            user=user.name,
                            document=record.display_name,
                        )
                    )
                record.message_post(
                    body=self.env._(
                        "%(user)s decided several steps of this document, as "
                        "the settings allow.",
                        user=user.name,
                    )
                )
            record.write({"ka_decider_ids": [fields.Command.link(user.id)]})
