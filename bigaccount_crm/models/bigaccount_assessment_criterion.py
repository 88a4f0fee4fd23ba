# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class BigaccountAssessmentCriterion(models.Model):
    """A criterion of the value assessment (价值评估) with its weight."""

    _name = "bigaccount.assessment.criterion"
    _description = "Value Assessment Criterion"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    weight = fields.Float(
        string="Weight (%)",
        digits=(5, 2),
        required=True,
        help="The weights of the active criteria total 100 %.",
    )
    description = fields.Text(translate=True)

    @api.constrains("weight")
    def _check_weight(self):
        if any(not 0 <= criterion.weight <= 100 for criterion in self):
            raise ValidationError(
                self.env._("A criterion's weight goes from 0 to 100 %.")
            )
