# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

# The class of an account (客户分类) → the flag of the partner that holds it.
CLASS_FIELDS = {
    "quality": "ka_is_quality",
    "high_value": "ka_is_high_value",
    "group": "ka_is_group",
    "strategic": "ka_is_strategic",
    "bone": "ka_is_bone",
}


class BigaccountAccountClass(models.Model):
    """A class an account can be in — quality, high-value, group, strategic,
    bone (肉球) — as a coloured tag: its name and colour are what lists and
    cards show; whether an account is in it is the partner's flag
    (``CLASS_FIELDS``), set by the tier job or a director."""

    _name = "bigaccount.account.class"
    _description = "Account Class"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(
        required=True,
        readonly=True,
        help="Which class this is (a key of CLASS_FIELDS): quality, "
        "high_value, group, strategic or bone.",
    )
    sequence = fields.Integer(default=10)
    color = fields.Integer()
    description = fields.Text(translate=True)

    _sql_constraints = [
        ("code_unique", "unique(code)", "Each class is listed once."),
    ]

    @api.constrains("code")
    def _check_code(self):
        for account_class in self:
            if account_class.code not in CLASS_FIELDS:
                raise ValidationError(
                    self.env._(
                        "%(code)s is not a class of an account.",
                        code=account_class.code,
                    )
                )
