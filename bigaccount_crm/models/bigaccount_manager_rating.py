# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class BigaccountManagerRating(models.Model):
    """A customer's rating of its account manager."""

    _name = "bigaccount.manager.rating"
    _description = "Account Manager Rating"
    _order = "date desc, id desc"

    partner_id = fields.Many2one(
        "res.partner",
        string="Account",
        required=True,
        index=True,
        ondelete="cascade",
        domain=["|", ("is_company", "=", True), ("parent_id", "=", False)],
    )
    manager_id = fields.Many2one(
        "res.users",
        string="Account Manager",
        required=True,
        index=True,
        help="The account's manager when rated.",
    )
    contact_id = fields.Many2one("res.partner", string="Rated By")
    date = fields.Date(required=True, default=fields.Date.context_today)
    score = fields.Integer(required=True, help="1 (poor) to 5 (excellent).")
    comment = fields.Text()

    @api.model_create_multi
    def create(self, vals_list):
        # wrong types get a clear error before anything reads them
        self._ka_check_input_list(vals_list)
        Partner = self.env["res.partner"].sudo()
        for vals in vals_list:
            if not vals.get("manager_id") and vals.get("partner_id"):
                manager = Partner.browse(vals["partner_id"]).ka_manager_id
                vals["manager_id"] = manager.id
        return super().create(vals_list)

    @api.onchange("partner_id")
    def _onchange_partner_id(self):
        if self.partner_id and not self.manager_id:
            self.manager_id = self.partner_id.sudo().ka_manager_id

    @api.constrains("score")
    def _check_score(self):
        if any(not 1 <= rating.score <= 5 for rating in self):
            raise ValidationError(self.env._("A rating goes from 1 to 5."))
