# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models

from .bigaccount_development import (
    BUYING_FACTORS,
)


class BigaccountDevelopmentCriterion(models.Model):
    """A buying criterion of the customer, ranked (关注因素的排序)."""

    _name = "bigaccount.development.criterion"
    _description = "Customer Buying Criterion"
    _order = "development_id, sequence, id"

    development_id = fields.Many2one(
        "bigaccount.development", required=True, index=True, ondelete="cascade"
    )
    sequence = fields.Integer(string="Rank", default=10)
    factor = fields.Selection(BUYING_FACTORS, required=True)
    note = fields.Char()

    _sql_constraints = [
        (
            "factor_unique",
            "UNIQUE(development_id, factor)",
            "Each buying criterion is ranked once.",
        )
    ]
