# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class BigaccountDevelopmentDropReason(models.Model):
    """Why a development did not succeed (暂时没有成功的原因), by category."""

    _name = "bigaccount.development.drop.reason"
    _description = "Development Drop Reason"
    _order = "category, name"

    name = fields.Char(required=True, translate=True)
    category = fields.Selection(
        [
            ("need", "No need"),
            ("price", "Price"),
            ("competitor", "Competitor"),
            ("relationship", "Relationship"),
            ("credit", "Credit risk"),
            ("capacity", "Our capacity"),
            ("other", "Other"),
        ],
        required=True,
    )
    active = fields.Boolean(default=True)
