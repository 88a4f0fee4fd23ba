# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class BigaccountVisitorClass(models.Model):
    """Hospitality standard of a class of visitors (接待标准): how much may
    be spent per visitor and who of ours accompanies them."""

    _name = "bigaccount.visitor.class"
    _check_company_auto = True
    _description = "Visitor Class"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", default=lambda self: self.env.company)
    currency_id = fields.Many2one(
        "res.currency",
        compute="_compute_currency_id",
    )
    cost_cap = fields.Monetary(
        string="Cost Cap per Visitor",
        help="The hospitality budget of a reception may not exceed this per "
        "visitor; 0: no cap.",
    )
    accompanied_by = fields.Char(
        string="Accompanied By",
        translate=True,
        help="Who of ours receives and accompanies these visitors.",
    )

    def _compute_currency_id(self):
        for visitor_class in self:
            company = visitor_class.company_id or self.env.company
            visitor_class.currency_id = company.currency_id

    @api.constrains("cost_cap")
    def _check_cost_cap(self):
        if any(visitor_class.cost_cap < 0 for visitor_class in self):
            raise ValidationError(self.env._("A cost cap cannot be negative."))
