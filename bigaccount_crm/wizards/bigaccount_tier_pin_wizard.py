# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class BigaccountTierPinWizard(models.TransientModel):
    """A director pins a customer's tier by hand until a date."""

    _name = "bigaccount.tier.pin.wizard"
    _description = "Pin a Key-Account Tier"

    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        domain=["|", ("is_company", "=", True), ("parent_id", "=", False)],
    )
    tier_id = fields.Many2one("bigaccount.tier", string="Tier", required=True)
    date_until = fields.Date(string="Pinned Until", required=True)
    reason = fields.Char(required=True)

    @api.constrains("date_until")
    def _check_date_until(self):
        today = fields.Date.context_today(self)
        for wizard in self:
            if wizard.date_until < today:
                raise ValidationError(
                    self.env._("The end date of a pinned tier cannot be in the past.")
                )

    def action_pin(self):
        self.ensure_one()
        partner = self.partner_id.commercial_partner_id
        partner._ka_check_director()
        old_tier = partner.ka_tier_id
        partner.write(
            {
                "ka_tier_id": self.tier_id.id,
                "ka_tier_pin_until": self.date_until,
                "ka_tier_pin_reason": self.reason,
            }
        )
        partner.sudo().ka_tier_date = fields.Date.context_today(self)
        self.env["bigaccount.tier.history"]._ka_log_changes(
            [(partner, old_tier, self.tier_id, partner.ka_tier_basis)],
            source="pin",
            reason=self.reason,
        )
        return {"type": "ir.actions.act_window_close"}
