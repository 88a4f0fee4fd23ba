# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class BigaccountTrial(models.Model):
    """A new product tried first with key accounts (新产品的试销首先在大客户
    之间进行), with each account's feedback."""

    _name = "bigaccount.trial"
    _check_company_auto = True
    _description = "New-Product Trial"
    _inherit = ["mail.thread"]
    _order = "date_start desc, id desc"

    name = fields.Char(required=True)
    product_id = fields.Many2one("product.product", required=True, check_company=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    date_start = fields.Date(string="From", required=True)
    date_end = fields.Date(string="To", required=True)
    line_ids = fields.One2many("bigaccount.trial.line", "trial_id", string="Accounts")
    average_rating = fields.Float(
        compute="_compute_average_rating", store=True, digits=(3, 2)
    )

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        if any(trial.date_end < trial.date_start for trial in self):
            raise ValidationError(self.env._("A trial cannot end before it starts."))

    @api.depends("line_ids.rating")
    def _compute_average_rating(self):
        for trial in self:
            ratings = [line.rating for line in trial.line_ids if line.rating]
            trial.average_rating = sum(ratings) / len(ratings) if ratings else 0.0
