# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .bigaccount_agreement import SIGNED_STATES


class BigaccountRebateBracket(models.Model):
    """A volume bracket of an agreement's rebate (返利): reaching the
    threshold earns the percentage on all the period's sales."""

    _name = "bigaccount.rebate.bracket"
    _description = "Rebate Bracket"
    _inherit = ["bigaccount.locked.line.mixin"]
    _order = "agreement_id, threshold"
    # brackets are part of what the customer signed (the agreement's own
    # decided states)
    _ka_document_field = "agreement_id"
    _ka_locked_states = SIGNED_STATES

    agreement_id = fields.Many2one(
        "bigaccount.agreement", required=True, index=True, ondelete="cascade"
    )
    threshold = fields.Float(
        string="From",
        required=True,
        digits=(16, 2),
        help="Invoiced amount or quantity (the agreement's rebate basis) from "
        "which the rate applies.",
    )
    percent = fields.Float(string="Rebate (%)", required=True, digits=(5, 2))

    _sql_constraints = [
        (
            "threshold_unique",
            "UNIQUE(agreement_id, threshold)",
            "Two brackets of an agreement cannot start at the same threshold.",
        ),
    ]

    @api.constrains("threshold", "percent")
    def _check_values(self):
        for bracket in self:
            if bracket.threshold < 0 or not 0 < bracket.percent <= 100:
                raise ValidationError(
                    self.env._(
                        "A rebate bracket starts at zero or more and gives more "
                        "than 0 and at most 100 %."
                    )
                )
