# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""What the add-on adds to every model (``base``):

- the list export of key-account data: directors only, logged, and the
  key-account fields not offered to others;
- fields only the add-on's buttons write (approvals, decisions,
  signatures: ``_ka_guarded_fields``) are neither written by a user nor
  given at creation or carried over by a copy;
- bad input gets a clear, translated error and changes nothing: values
  written to the add-on's models (and to its ``ka_`` fields on Odoo's
  models) are checked against their field's type before they reach Python
  computations or PostgreSQL (a selection outside its choices, a date that
  is not one, text where a number or a record is expected, a number beyond
  its column), so that the web client's ``call_kw`` answers with a
  ``UserError`` in the user's language instead of a database error.
"""

import math

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError

# PostgreSQL's int4 range (Integer fields) and a bound for amounts
INT_MAX = 2**31 - 1
AMOUNT_MAX = 10**15


class Base(models.AbstractModel):
    """Export control and input checks of the add-on's data."""

    _inherit = "base"

    @api.model
    def _ka_export_controlled(self, fields_to_export):
        """Key-account data: the add-on's own records, or any ``ka_`` field
        (on a partner, an order...) along the exported paths."""
        if self._name.startswith("bigaccount."):
            return True
        return any(
            part.startswith("ka_")
            for path in fields_to_export
            for part in path.split("/")
        )

    @api.model
    def fields_get(self, allfields=None, attributes=None):
        """Key-account data — the ``ka_`` fields, every field of the add-on's
        own models — is not offered to the list export of users who may not
        export it: refused before the work, not after."""
        res = super().fields_get(allfields=allfields, attributes=attributes)
        if (
            (attributes is None or "exportable" in attributes)
            and not self.env.su
            and not self.env.user.has_group("bigaccount_crm.group_ka_director")
        ):
            own = self._name.startswith("bigaccount.")
            for fname, description in res.items():
                if own or fname.startswith("ka_"):
                    description["exportable"] = False
        return res

    def export_data(self, fields_to_export):
        if not self._ka_export_controlled(fields_to_export):
            return super().export_data(fields_to_export)
        with self.env["bigaccount.export.log"]._ka_gate(
            "export",
            self.env._(
                "%(model)s list export",
                model=self.env["ir.model"]._get(self._name).name,
            ),
            model=self._name,
            filters=", ".join(fields_to_export),
        ) as out:
            result = super().export_data(fields_to_export)
            out["rows"] = len(self)
        return result

    # ------------------------------------------------------------------
    # Input checks
    # ------------------------------------------------------------------
    def _ka_input_fields(self, vals):
        """The fields of ``vals`` whose values are checked."""
        if self._name.startswith("bigaccount."):
            return [fname for fname in vals if fname in self._fields]
        return [
            fname for fname in vals if fname.startswith("ka_") and fname in self._fields
        ]

    def _ka_check_input(self, vals):
        """Raise a translated ``UserError`` for a value of ``vals`` that its
        field cannot hold."""
        self._ka_check_input_list([vals])

    def _ka_check_input_list(self, vals_list):
        """``_ka_check_input`` of every values of a ``create``. The records
        the values name are looked up once per model for the whole list:
        one query per model, however many records are created."""
        named = {}  # {model name: {id: field}} of the records named
        for vals in vals_list:
            for fname in self._ka_input_fields(vals):
                field = self._fields[fname]
                value = vals[fname]
                if value is False or value is None:
                    continue
                message = self._ka_input_error(field, value)
                if message:
                    raise UserError(self._ka_input_message(field, message))
                if field.type == "many2one" and isinstance(value, int):
                    named.setdefault(field.comodel_name, {}).setdefault(value, field)
        for model_name, fields_by_id in named.items():
            found = set(self.env[model_name].sudo().browse(fields_by_id).exists().ids)
            for record_id, field in fields_by_id.items():
                if record_id not in found:
                    raise UserError(
                        self._ka_input_message(
                            field,
                            self.env._(
                                "record %(value)s does not exist.", value=record_id
                            ),
                        )
                    )

    def _ka_input_message(self, field, problem):
        """The error of a value of ``field``: its label and ``problem``."""
        return self.env._(
            "%(field)s: %(problem)s",
            field=field.get_description(self.env)["string"],
            problem=problem,
        )

    def _ka_input_error(self, field, value):
        """Why ``value`` does not fit ``field``, or None."""
        check = getattr(self, f"_ka_input_error_{field.type}", None)
        return check(field, value) if check else None

    def _ka_input_error_selection(self, field, value):
        if callable(field.selection):
            return None
        choices = dict(field._description_selection(self.env))
        if value in choices:
            return None
        return self.env._(
            "%(value)r is not one of the choices (%(choices)s).",
            value=value,
            choices=", ".join(choices.values()),
        )

    def _ka_input_error_date(self, field, value):
        try:
            converted = (
                fields.Date.to_date(value)
                if field.type == "date"
                else fields.Datetime.to_datetime(value)
            )
        except (ValueError, TypeError):
            converted = None
        if converted is not None and 1 <= converted.year <= 9999:
            return None
        return self.env._(
            "%(value)r is not a date (expected like 2027-12-31).", value=value
        )

    _ka_input_error_datetime = _ka_input_error_date

    def _ka_input_error_integer(self, field, value):
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, int):
            try:
                value = int(str(value))
            except ValueError:
                return self.env._("%(value)r is not a whole number.", value=value)
        if abs(value) <= INT_MAX:
            return None
        return self.env._(
            "%(value)s is too large (at most %(max)s).", value=value, max=INT_MAX
        )

    def _ka_input_error_float(self, field, value):
        try:
            number = float(value)
        except (ValueError, TypeError):
            return self.env._("%(value)r is not a number.", value=value)
        if math.isfinite(number) and abs(number) < AMOUNT_MAX:
            return None
        return self.env._("%(value)s is out of range.", value=value)

    _ka_input_error_monetary = _ka_input_error_float

    def _ka_input_error_many2one(self, field, value):
        if isinstance(value, models.BaseModel):
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            return self.env._(
                "%(value)r is not a record: choose one in the list.", value=value
            )
        # whether it exists: once for all values (_ka_check_input_list)
        return None

    @api.model_create_multi
    def create(self, vals_list):
        if self._name.startswith("bigaccount.") or any(
            fname.startswith("ka_") for vals in vals_list for fname in vals
        ):
            self._ka_check_input_list(vals_list)
        guarded = not self.env.su and self._ka_guarded_fields()
        if guarded:
            self._ka_check_new_records(vals_list, guarded)
            # nor do a kanban column's or an action's defaults decide anything
            for fname in guarded:
                if f"default_{fname}" in self.env.context:
                    start = self._ka_start_value(self._fields[fname])
                    for vals in vals_list:
                        vals.setdefault(fname, start)
        return super().create(vals_list)

    def write(self, vals):
        if self._name.startswith("bigaccount.") or any(
            fname.startswith("ka_") for fname in vals
        ):
            self._ka_check_input(vals)
        if not self.env.su:
            self._ka_check_button_write(vals)
        return super().write(vals)

    def copy_data(self, default=None):
        """A copy is a new record: it starts where the buttons start it,
        without the decisions, signatures and approvals of its original."""
        vals_list = super().copy_data(default=default)
        guarded = self._ka_guarded_fields() - set(default or ())
        for vals in vals_list if guarded else ():
            for fname in guarded:
                vals.pop(fname, None)
        return vals_list

    # ------------------------------------------------------------------
    # Fields only the buttons write
    # ------------------------------------------------------------------
    @api.model
    def _ka_guarded_fields(self):
        """Names (a set) of this model's fields that only the add-on's
        buttons write, as the superuser after their checks; a model adds its
        own by overriding this method. None on Odoo's models."""
        return set()

    def _ka_document_label(self):
        """The model's name as users read it."""
        return self.env["ir.model"]._get(self._name).name

    def _ka_check_button_write(self, vals):
        """Raise ``AccessError`` when ``vals`` (of a user's ``write``) sets a
        field only the buttons write."""
        if self._ka_guarded_fields() & set(vals):
            raise AccessError(
                self.env._(
                    "%(document)s moves on only with its buttons.",
                    document=self._ka_document_label(),
                )
            )

    @api.model
    def _ka_check_new_records(self, vals_list, guarded):
        """A record a user creates starts where its buttons start it: in
        ``vals_list`` (the values of ``create``) each field of ``guarded``
        (names) holds its field's own default, or nothing where it has none
        (no decision, signature, approver or figure). Raises ``AccessError``
        naming the fields otherwise."""
        for vals in vals_list:
            wrong = [
                fname
                for fname in sorted(guarded & set(vals))
                if not self._ka_is_start_value(self._fields[fname], vals[fname])
            ]
            if wrong:
                raise AccessError(
                    self.env._(
                        "A new %(document)s starts at its first step: %(fields)s "
                        "are written by its buttons only.",
                        document=self._ka_document_label(),
                        fields=", ".join(
                            self._fields[f]._description_string(self.env) for f in wrong
                        ),
                    )
                )

    @api.model
    def _ka_start_value(self, field):
        """Where ``field`` starts on a new record, as ``create`` takes it:
        its own default (not the context's), or nothing."""
        start = field.default(self) if field.default else False
        if isinstance(start, models.BaseModel):
            return start.id
        return start or ([] if field.type in ("one2many", "many2many") else False)

    @api.model
    def _ka_is_start_value(self, field, value):
        """Whether ``value`` (as given to ``create``) is where ``field``
        starts (:meth:`_ka_start_value`)."""
        if field.type in ("one2many", "many2many"):
            # commands that leave the field empty
            return not value or all(
                cmd[0] == Command.CLEAR or (cmd[0] == Command.SET and not cmd[2])
                for cmd in value
            )
        if isinstance(value, models.BaseModel):
            value = value.id
        return (value or False) == (self._ka_start_value(field) or False)
