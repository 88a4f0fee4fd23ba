# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class SurveySurvey(models.Model):
    """An Odoo survey that measures key-account satisfaction."""

    _inherit = "survey.survey"

    ka_satisfaction = fields.Boolean(
        string="Key-Account Satisfaction",
        help="Sent to the decision contacts of key accounts at their tier's "
        "survey interval; the average of its 1–5 scale answers is the "
        "account's satisfaction in its health score. Its answers are seen by "
        "the account's key-account team and the directors.",
    )
