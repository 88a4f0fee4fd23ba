# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .bigaccount_assessment import SCORE_MAX


class BigaccountAssessmentLine(models.Model):
    _name = "bigaccount.assessment.line"
    _description = "Value Assessment Score"
    _inherit = ["bigaccount.locked.line.mixin"]
    _ka_document_field = "assessment_id"
    _ka_locked_states = ("done",)
    _order = "assessment_id, sequence, id"

    assessment_id = fields.Many2one(
        "bigaccount.assessment", required=True, index=True, ondelete="cascade"
    )
    criterion_id = fields.Many2one(
        "bigaccount.assessment.criterion", required=True, ondelete="restrict"
    )
    sequence = fields.Integer(related="criterion_id.sequence", store=True)
    weight = fields.Float(string="Weight (%)", digits=(5, 2), required=True)
    score = fields.Integer(help="1 (poor) to 5 (excellent).")
    weighted = fields.Float(
        string="Weighted", compute="_compute_weighted", digits=(5, 1)
    )

    @api.depends("weight", "score")
    def _compute_weighted(self):
        for line in self:
            line.weighted = line.weight * line.score / SCORE_MAX

    @api.onchange("criterion_id")
    def _onchange_criterion_id(self):
        if self.criterion_id:
            self.weight = self.criterion_id.weight

    @api.constrains("score", "weight")
    def _check_score(self):
        for line in self:
            if not 0 <= line.score <= SCORE_MAX:
                raise ValidationError(
                    self.env._("Scores go from 1 to %(max)s.", max=SCORE_MAX)
                )
            if not 0 <= line.weight <= 100:
                raise ValidationError(
                    self.env._("A criterion's weight goes from 0 to 100 %.")
                )
