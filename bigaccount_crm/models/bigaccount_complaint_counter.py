# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class BigaccountComplaintCounter(models.Model):
    """Last complaint number of each company and month (locked counter)."""

    _name = "bigaccount.complaint.counter"
    _check_company_auto = True
    _description = "Complaint Number Counter"

    company_id = fields.Many2one("res.company", required=True, ondelete="cascade")
    period = fields.Char(required=True, help="YYMM")
    last_number = fields.Integer(required=True)

    _sql_constraints = [
        (
            "period_unique",
            "UNIQUE(company_id, period)",
            "One counter per company and month.",
        )
    ]
