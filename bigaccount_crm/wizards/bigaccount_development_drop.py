# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class BigaccountDevelopmentDrop(models.TransientModel):
    """Stop a development with its categorised reason (暂时没有成功的原因)."""

    _name = "bigaccount.development.drop"
    _description = "Drop Development"

    development_id = fields.Many2one(
        "bigaccount.development", required=True, ondelete="cascade"
    )
    reason_id = fields.Many2one(
        "bigaccount.development.drop.reason", string="Reason", required=True
    )
    note = fields.Text(
        string="Analysis",
        required=True,
        help="Why it did not succeed this time, and what could revive it.",
    )

    def action_drop(self):
        self.ensure_one()
        self.development_id._ka_drop(self.reason_id, self.note)
        return {"type": "ir.actions.act_window_close"}
