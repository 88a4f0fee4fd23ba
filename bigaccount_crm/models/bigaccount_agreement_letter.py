# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models
from odoo.exceptions import UserError

from .bigaccount_visit import DIRECTOR_GROUP


class BigaccountAgreementLetter(models.Model):
    """A price-adjustment letter (商品价格调整函): new prices of some
    contracted products from an effective date."""

    _name = "bigaccount.agreement.letter"
    _description = "Price-Adjustment Letter"
    _inherit = ["mail.thread", "bigaccount.workflow.mixin"]
    _order = "date_effective desc, id desc"
    _ka_locked_states = ("confirmed",)

    agreement_id = fields.Many2one(
        "bigaccount.agreement", required=True, index=True, ondelete="cascade"
    )
    name = fields.Char(string="Letter", required=True)
    date = fields.Date(required=True, default=fields.Date.context_today)
    date_effective = fields.Date(string="Effective From", required=True)
    reason = fields.Text()
    line_ids = fields.One2many(
        "bigaccount.agreement.letter.line", "letter_id", string="New Prices"
    )
    state = fields.Selection(
        [("draft", "Draft"), ("confirmed", "Confirmed")],
        default="draft",
        required=True,
        tracking=True,
    )

    def _ka_locked_message(self):
        return self.env._("A confirmed letter cannot change.")

    def _ka_owners(self):
        """The agreement's manager and whoever wrote the letter."""
        self.ensure_one()
        return self.sudo().agreement_id.user_id | self.sudo().create_uid

    def action_confirm(self):
        """A director confirms the new prices: neither the agreement's
        manager nor the letter's writer (``_check_not_own``)."""
        self._check_group(
            DIRECTOR_GROUP,
            self.env._("Only a key-account director confirms price adjustments."),
        )
        self._check_state({"draft"})
        self._check_not_own(
            self.env._(
                "Nobody confirms a price adjustment of their own agreement or letter."
            )
        )
        for letter in self:
            if not letter.line_ids:
                raise UserError(self.env._("A price-adjustment letter lists prices."))
            covered = letter.agreement_id.line_ids.product_id
            if letter.line_ids.product_id - covered:
                raise UserError(
                    self.env._(
                        "A price-adjustment letter changes contracted products only."
                    )
                )
        self._ka_workflow_write({"state": "confirmed"})
        return True
