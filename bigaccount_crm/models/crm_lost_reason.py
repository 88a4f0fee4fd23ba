# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class CrmLostReason(models.Model):
    """CRM's lost reasons, by category (暂时没有成功的原因)."""

    _inherit = "crm.lost.reason"

    ka_category = fields.Selection(
        [
            ("need", "No need"),
            ("price", "Price"),
            ("competitor", "Competitor"),
            ("relationship", "Relationship"),
            ("credit", "Credit risk"),
            ("capacity", "Our capacity"),
            ("other", "Other"),
        ],
        string="Category",
    )
