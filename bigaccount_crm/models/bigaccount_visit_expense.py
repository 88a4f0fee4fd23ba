# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError


class BigaccountVisitExpense(models.Model):
    """A budget line of a visit (gift, meal, transport); gifts name the
    contact who received them, so valuable gifts are logged per contact."""

    _name = "bigaccount.visit.expense"
    _description = "Visit Budget Line"
    _order = "visit_id, id"

    visit_id = fields.Many2one(
        "bigaccount.visit", required=True, index=True, ondelete="cascade"
    )
    partner_id = fields.Many2one(related="visit_id.partner_id", store=True)
    currency_id = fields.Many2one(related="visit_id.currency_id")
    date = fields.Datetime(related="visit_id.date_start", store=True)
    category = fields.Selection(
        [
            ("gift", "Gift"),
            ("meal", "Meal"),
            ("transport", "Transport"),
            ("other", "Other"),
        ],
        required=True,
        default="meal",
    )
    name = fields.Char(string="Description", required=True)
    contact_id = fields.Many2one(
        "res.partner",
        string="Gift To",
        help="The contact who received the gift.",
    )
    budget_amount = fields.Monetary(string="Budget")
    actual_amount = fields.Monetary(string="Actual")

    @api.model_create_multi
    def create(self, vals_list):
        # wrong types get a clear error before anything reads them
        self._ka_check_input_list(vals_list)
        lines = super().create(vals_list)
        lines._check_budget_open()
        return lines

    def write(self, vals):
        if {"visit_id", "category", "budget_amount"} & set(vals):
            self._check_budget_open()
        if (
            not self.env.su
            and "actual_amount" in vals
            and self.visit_id.filtered(lambda v: v.report_review != "none")
        ):
            raise UserError(
                self.env._(
                    "The actual expenses of a visit whose report is under review "
                    "cannot change."
                )
            )
        res = super().write(vals)
        if "visit_id" in vals:
            self._check_budget_open()
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_budget_open(self):
        self._check_budget_open()

    def _check_budget_open(self):
        if self.env.su:
            return
        if self.visit_id.filtered(lambda v: v.state not in ("draft", "submitted")):
            raise UserError(
                self.env._(
                    "The budget of a reviewed visit cannot change; only actual "
                    "amounts are entered."
                )
            )

    @api.constrains("budget_amount", "actual_amount", "category", "contact_id")
    def _check_amounts(self):
        for line in self:
            if line.budget_amount < 0 or line.actual_amount < 0:
                raise ValidationError(
                    self.env._("Budget and actual amounts cannot be negative.")
                )
            if line.category == "gift" and not line.contact_id:
                raise ValidationError(
                    self.env._(
                        "Name the contact who receives the gift %(gift)s.",
                        gift=line.name,
                    )
                )
