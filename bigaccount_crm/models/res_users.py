# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class ResUsers(models.Model):
    _inherit = "res.users"

    ka_manager_grade = fields.Selection(
        [
            ("senior", "Senior / VIP manager"),
            ("intermediate", "Intermediate manager"),
            ("ordinary", "Ordinary manager"),
        ],
        string="Account Manager Grade",
        help="Seed 003: senior (VIP), intermediate and ordinary account managers.",
    )
    ka_rating_average = fields.Float(
        string="Customers' Rating",
        compute="_compute_ka_rating_average",
        digits=(3, 2),
    )
    ka_account_count = fields.Integer(
        string="Accounts Managed", compute="_compute_ka_rating_average"
    )

    def _compute_ka_rating_average(self):
        ratings = {
            manager: average
            for manager, average in self.env["bigaccount.manager.rating"]
            .sudo()
            ._read_group(
                [("manager_id", "in", self.ids)], ["manager_id"], ["score:avg"]
            )
        }
        accounts = dict(
            self.env["res.partner"]
            .sudo()
            ._read_group(
                [("ka_manager_id", "in", self.ids)], ["ka_manager_id"], ["__count"]
            )
        )
        for user in self:
            user.ka_rating_average = ratings.get(user, 0.0)
            user.ka_account_count = accounts.get(user, 0)
