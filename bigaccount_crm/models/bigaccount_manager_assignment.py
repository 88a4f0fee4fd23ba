# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class BigaccountManagerAssignment(models.Model):
    """Who managed an account when, and why it changed (及时调整销售人员)."""

    _name = "bigaccount.manager.assignment"
    _description = "Account Manager Assignment"
    _order = "date desc, id desc"

    partner_id = fields.Many2one(
        "res.partner", string="Account", required=True, index=True, ondelete="cascade"
    )
    old_manager_id = fields.Many2one("res.users", string="Previous Manager")
    new_manager_id = fields.Many2one("res.users", string="New Manager")
    date = fields.Datetime(required=True, default=fields.Datetime.now)
    user_id = fields.Many2one(
        "res.users", string="Changed By", default=lambda self: self.env.user
    )
    reason = fields.Char()
