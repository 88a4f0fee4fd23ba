# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

# A planned delivery not made this many days after its date is missed.
MISSED_AFTER_DAYS = 30
# Class flags of the partner a service may be reserved to.
CLASS_FIELDS = {
    "for_quality": "ka_is_quality",
    "for_high_value": "ka_is_high_value",
    "for_group": "ka_is_group",
    "for_strategic": "ka_is_strategic",
}


class BigaccountService(models.Model):
    """A service of the catalogue (集团基本服务, 营业厅服务标准) and
    who is entitled to it: key accounts of some tiers or classes."""

    _name = "bigaccount.service"
    _description = "Key-Account Service"
    _order = "category, sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    category = fields.Selection(
        [
            ("basic", "Basic service"),
            ("featured", "Featured service"),
            ("standard", "Service standard"),
        ],
        required=True,
        default="basic",
    )
    description = fields.Text(translate=True)
    interval_months = fields.Integer(
        string="Every (months)",
        default=12,
        help="How often the service is delivered; 0 for once.",
    )
    tier_ids = fields.Many2many(
        "bigaccount.tier",
        string="Tiers",
        help="Key accounts of these tiers are entitled; with no tier and no "
        "class, every key account is.",
    )
    for_quality = fields.Boolean(string="Quality Accounts")
    for_high_value = fields.Boolean(string="High-Value Accounts")
    for_group = fields.Boolean(string="Group Accounts")
    for_strategic = fields.Boolean(string="Strategic Accounts")

    @api.constrains("interval_months")
    def _check_interval(self):
        if any(service.interval_months < 0 for service in self):
            raise ValidationError(self.env._("A service interval cannot be negative."))

    def _ka_entitles(self, partner):
        """Whether the key account ``partner`` is entitled to this service."""
        self.ensure_one()
        classes = [fname for fname in CLASS_FIELDS if self[fname]]
        if not self.tier_ids and not classes:
            return True
        return partner.ka_tier_id in self.tier_ids or any(
            partner[CLASS_FIELDS[fname]] for fname in classes
        )
