# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError

from .bigaccount_credit_request import FINANCE_GROUP
from .res_partner_credit import CREDIT_MODES


class BigaccountTier(models.Model):
    """A key-account tier (Diamond, Platinum, VIP …) and its service standard.

    A commercial partner gets the tier with the highest minimum that its
    average monthly gross profit reaches; see ``tier_rules.tier_for``.
    """

    _name = "bigaccount.tier"
    _description = "Key-Account Tier"
    _order = "min_monthly_profit desc, id"

    name = fields.Char(required=True, translate=True)
    active = fields.Boolean(default=True)
    color = fields.Integer()
    currency_id = fields.Many2one(
        "res.currency",
        required=True,
        default=lambda self: self.env.company.currency_id,
    )
    min_monthly_profit = fields.Monetary(
        string="Minimum Monthly Gross Profit",
        required=True,
        help="Average monthly gross profit over the tier window from which "
        "a customer reaches this tier. The tier above starts where this one "
        "ends.",
    )
    visit_interval_days = fields.Integer(
        string="Visit Interval (days)",
        default=30,
        help="A key account of this tier is visited at least this often.",
    )
    callback_interval_days = fields.Integer(
        string="Service Callback Every (days)",
        help="Service callbacks (回访) are planned this often for accounts of "
        "this tier that agreed to them; 0: none.",
    )
    survey_interval_months = fields.Integer(
        string="Satisfaction Survey Every (months)",
        default=12,
        help="Key accounts of this tier answer a satisfaction survey this "
        "often; 0: none.",
    )
    complaint_resolution_hours = fields.Integer(
        string="Complaint Resolution (working hours)",
        default=72,
        help="Time allowed to resolve a complaint of a customer of this tier.",
    )
    service_calendar_id = fields.Many2one(
        "resource.calendar",
        string="Service Working Time",
        help="The working time on which the deadlines promised to customers "
        "of this tier are counted — complaint resolution, investigation "
        "report, escalation, quotation (e.g. around the clock for a green "
        "channel); empty: the company's working time.",
    )
    green_channel = fields.Boolean(
        help="Fast track for orders, projects and fault handling.",
    )
    max_discount = fields.Float(
        string="Maximum Discount (%)",
        digits=(5, 2),
        help="Highest discount a key-account user may grant without approval.",
    )
    pricelist_id = fields.Many2one(
        "product.pricelist",
        string="Default Pricelist",
        check_company=False,
    )
    payment_term_id = fields.Many2one(
        "account.payment.term",
        string="Default Payment Term",
        check_company=False,
    )
    credit_mode = fields.Selection(
        CREDIT_MODES,
        string="Credit Check",
        default="block",
        required=True,
        help="What happens when an order of a customer of this tier goes over "
        "its credit: block it, only warn, or no check. A customer's own "
        "setting wins.",
    )
    description = fields.Html(string="Service Standard", translate=True)
    partner_count = fields.Integer(string="Customers", compute="_compute_partner_count")

    _sql_constraints = [
        (
            "min_monthly_profit_positive",
            "CHECK (min_monthly_profit >= 0)",
            "The minimum monthly gross profit of a tier cannot be negative.",
        ),
    ]

    def _compute_partner_count(self):
        counts = dict(
            self.env["res.partner"]._read_group(
                [("ka_tier_id", "in", self.ids)],
                ["ka_tier_id"],
                ["__count"],
            )
        )
        for tier in self:
            tier.partner_count = counts.get(tier, 0)

    @api.constrains(
        "min_monthly_profit",
        "visit_interval_days",
        "callback_interval_days",
        "survey_interval_months",
        "complaint_resolution_hours",
        "max_discount",
        "active",
    )
    def _check_thresholds(self):
        for tier in self:
            if tier.min_monthly_profit < 0:
                raise ValidationError(
                    self.env._(
                        "The minimum monthly gross profit of tier %(tier)s "
                        "cannot be negative.",
                        tier=tier.name,
                    )
                )
            if (
                tier.visit_interval_days < 0
                or tier.callback_interval_days < 0
                or tier.complaint_resolution_hours < 0
            ):
                raise ValidationError(
                    self.env._(
                        "Visit interval and complaint resolution time of tier "
                        "%(tier)s cannot be negative.",
                        tier=tier.name,
                    )
                )
            if tier.survey_interval_months < 0:
                raise ValidationError(
                    self.env._("A survey interval cannot be negative.")
                )
            if not 0 <= tier.max_discount <= 100:
                raise ValidationError(
                    self.env._(
                        "The maximum discount of tier %(tier)s must lie "
                        "between 0 and 100 %%.",
                        tier=tier.name,
                    )
                )
        active = self.search([("active", "=", True)])
        for tier in self.filtered("active"):
            twins = active.filtered(
                lambda t, tier=tier: (
                    t != tier
                    and t.currency_id == tier.currency_id
                    and t.currency_id.compare_amounts(
                        t.min_monthly_profit, tier.min_monthly_profit
                    )
                    == 0
                )
            )
            if twins:
                raise ValidationError(
                    self.env._(
                        "Tiers %(tier)s and %(other)s start at the same monthly "
                        "gross profit (%(amount)s): tier thresholds cannot "
                        "overlap.",
                        tier=tier.name,
                        other=twins[0].name,
                        amount=tier.min_monthly_profit,
                    )
                )

    def _check_credit_mode_rights(self, vals):
        """The credit mode of a tier is finance's; the rest is the
        directors'."""
        if self.env.su:
            return
        user = self.env.user
        if "credit_mode" in vals and not user.has_group(FINANCE_GROUP):
            raise AccessError(
                self.env._("Only finance sets the credit check of a tier.")
            )
        if set(vals) - {"credit_mode"} and not user.has_group(
            "bigaccount_crm.group_ka_director"
        ):
            raise AccessError(
                self.env._("Only a key-account director changes the tiers.")
            )

    @api.model_create_multi
    def create(self, vals_list):
        # wrong types get a clear error before anything reads them
        self._ka_check_input_list(vals_list)
        for vals in vals_list:
            # a new tier starts in block mode unless finance says otherwise
            if vals.get("credit_mode", "block") != "block":
                self._check_credit_mode_rights({"credit_mode": vals["credit_mode"]})
        return super().create(vals_list)

    def write(self, vals):
        self._check_credit_mode_rights(vals)
        return super().write(vals)

    def action_view_partners(self):
        self.ensure_one()
        action = self.env["ir.actions.actions"]._for_xml_id(
            "bigaccount_crm.action_key_accounts"
        )
        action["domain"] = [("ka_tier_id", "=", self.id)]
        action["context"] = {}
        return action
