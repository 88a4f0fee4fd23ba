# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models

from .bigaccount_credit_request import FINANCE_GROUP


class BigaccountStatementLine(models.Model):
    _name = "bigaccount.statement.line"
    _description = "Customer Statement Line"
    _order = "statement_id, kind, sequence, id"

    statement_id = fields.Many2one(
        "bigaccount.statement", required=True, index=True, ondelete="cascade"
    )
    currency_id = fields.Many2one(related="statement_id.currency_id")
    kind = fields.Selection(
        [("movement", "Movement"), ("open", "Open Item")], required=True
    )
    sequence = fields.Integer()
    move_line_id = fields.Many2one(
        "account.move.line", string="Journal Item", groups=FINANCE_GROUP
    )
    date = fields.Date(required=True)
    date_maturity = fields.Date(string="Due Date")
    reference = fields.Char()
    description = fields.Char(string="Customer Reference")
    move_type = fields.Selection(selection="_selection_move_type", string="Type")
    debit = fields.Monetary()
    credit = fields.Monetary()
    balance = fields.Monetary()
    residual = fields.Monetary(string="Open")
    days_overdue = fields.Integer()

    @api.model
    def _selection_move_type(self):
        # the labels of accounting, in the user's language
        return (
            self.env["account.move"]
            ._fields["move_type"]
            ._description_selection(self.env)
        )
