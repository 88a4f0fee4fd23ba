# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class BigaccountCollectionAction(models.Model):
    """One collection action (账款催收) on an account: who was contacted,
    how, and what they promised."""

    _name = "bigaccount.collection.action"
    _inherit = ["bigaccount.document.mixin"]
    _check_company_auto = True
    _description = "Collection Action"
    _order = "date desc, id desc"
    _rec_name = "partner_id"

    partner_id = fields.Many2one(ondelete="cascade")
    date = fields.Date(required=True, default=fields.Date.context_today)
    user_id = fields.Many2one(
        "res.users", string="By", required=True, default=lambda self: self.env.user
    )
    contact_id = fields.Many2one(
        "res.partner",
        string="Contact",
        domain="[('commercial_partner_id', '=', partner_id)]",
        check_company=True,
    )
    method = fields.Selection(
        [
            ("phone", "Phone call"),
            ("visit", "Visit"),
            ("email", "Email"),
            ("letter", "Letter"),
            ("statement", "Statement sent"),
        ],
        required=True,
        default="phone",
    )
    promised_amount = fields.Monetary(string="Promised Amount")
    promised_date = fields.Date(string="Promised Payment Date")
    date_follow_up = fields.Date(string="Follow-up Date")
    note = fields.Text()

    @api.constrains("promised_amount", "date", "date_follow_up")
    def _check_collection(self):
        for action in self:
            if action.promised_amount < 0:
                raise ValidationError(
                    self.env._("A promised amount cannot be negative.")
                )
            if action.date_follow_up and action.date_follow_up < action.date:
                raise ValidationError(
                    self.env._("The follow-up date cannot be before the action.")
                )
