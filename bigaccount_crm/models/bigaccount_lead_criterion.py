# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models

BUYING_FACTORS = [
    ("quality", "Quality"),
    ("price", "Price"),
    ("service", "Service capacity"),
    ("long_term", "Long-term cooperation"),
    ("delivery", "Delivery"),
    ("technical", "Technical level"),
    ("other", "Other"),
]


class BigaccountLeadCriterion(models.Model):
    """A buying criterion of the prospect of a development, ranked
    (关注因素的排序)."""

    _name = "bigaccount.lead.criterion"
    _description = "Customer Buying Criterion"
    _order = "lead_id, sequence, id"

    lead_id = fields.Many2one(
        "crm.lead",
        string="Opportunity",
        required=True,
        index=True,
        ondelete="cascade",
    )
    sequence = fields.Integer(string="Rank", default=10)
    factor = fields.Selection(BUYING_FACTORS, required=True)
    note = fields.Char()

    _sql_constraints = [
        (
            "factor_unique",
            "UNIQUE(lead_id, factor)",
            "Each buying criterion is ranked once.",
        )
    ]
