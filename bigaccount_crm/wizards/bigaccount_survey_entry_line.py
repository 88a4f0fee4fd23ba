# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class BigaccountSurveyEntryLine(models.TransientModel):
    _name = "bigaccount.survey.entry.line"
    _description = "Satisfaction Answer Entered"

    entry_id = fields.Many2one(
        "bigaccount.survey.entry", required=True, ondelete="cascade"
    )
    question_id = fields.Many2one("survey.question", required=True)
    score = fields.Integer(help="1 (very dissatisfied) to 5 (very satisfied).")
