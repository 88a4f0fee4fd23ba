# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .bigaccount_survey import SCORE_MAX


class BigaccountSurveyLine(models.Model):
    _name = "bigaccount.survey.line"
    _description = "Satisfaction Score"
    _inherit = ["bigaccount.locked.line.mixin"]
    _order = "survey_id, sequence, id"
    _ka_document_field = "survey_id"

    survey_id = fields.Many2one(
        "bigaccount.survey", required=True, index=True, ondelete="cascade"
    )
    dimension_id = fields.Many2one(
        "bigaccount.survey.dimension", required=True, ondelete="restrict"
    )
    sequence = fields.Integer(related="dimension_id.sequence", store=True)
    score = fields.Integer(help="1 (very dissatisfied) to 5 (very satisfied).")
    comment = fields.Char()

    @api.constrains("score")
    def _check_score(self):
        for line in self:
            if not 0 <= line.score <= SCORE_MAX:
                raise ValidationError(
                    self.env._("Scores go from 1 to %(max)s.", max=SCORE_MAX)
                )
