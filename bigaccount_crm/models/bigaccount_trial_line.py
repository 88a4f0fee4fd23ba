# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class BigaccountTrialLine(models.Model):
    _name = "bigaccount.trial.line"
    _description = "New-Product Trial Feedback"

    trial_id = fields.Many2one(
        "bigaccount.trial", required=True, index=True, ondelete="cascade"
    )
    partner_id = fields.Many2one("res.partner", string="Account", required=True)
    rating = fields.Integer(help="1 (poor) to 5 (excellent).")
    would_buy = fields.Boolean(string="Would Buy")
    feedback = fields.Text()

    _sql_constraints = [
        ("partner_unique", "UNIQUE(trial_id, partner_id)", "An account tries once.")
    ]

    @api.constrains("rating")
    def _check_rating(self):
        if any(not 0 <= line.rating <= 5 for line in self):
            raise ValidationError(self.env._("Ratings go from 1 to 5."))
