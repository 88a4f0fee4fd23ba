# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

# Key-account thresholds: field name -> (ir.config_parameter key, default).
KA_SETTINGS = {
    "ka_qualify_employees": ("bigaccount_crm.qualify_employees", 150),
    "ka_qualify_office_area": ("bigaccount_crm.qualify_office_area", 1000.0),
    "ka_department_employees": ("bigaccount_crm.department_employees", 500),
    "ka_develop_employees": ("bigaccount_crm.develop_employees", 500),
    "ka_develop_office_area": ("bigaccount_crm.develop_office_area", 3000.0),
    "ka_potential_percent": ("bigaccount_crm.potential_percent", 80.0),
    "ka_tier_window_months": ("bigaccount_crm.tier_window_months", 12),
    "ka_quality_threshold": ("bigaccount_crm.quality_threshold", 10000000.0),
    "ka_high_value_threshold": ("bigaccount_crm.high_value_threshold", 10000000.0),
    "ka_good_payment_days": ("bigaccount_crm.good_payment_days", 30),
    "ka_bone_overdue_days": ("bigaccount_crm.bone_overdue_days", 90),
    "ka_bone_margin_percent": ("bigaccount_crm.bone_margin_percent", 5.0),
    "ka_credit_grace_days": ("bigaccount_crm.credit_grace_days", 30),
    "ka_credit_review_months": ("bigaccount_crm.credit_review_months", 12),
    "ka_credit_overdue_scope": ("bigaccount_crm.credit_overdue_scope", "limited"),
    "ka_credit_block_deliveries": ("bigaccount_crm.credit_block_deliveries", False),
    "ka_quotation_hours": ("bigaccount_crm.quotation_hours", 24),
    "ka_phone_approval_days": ("bigaccount_crm.phone_approval_days", 3),
    "ka_visit_gm_waiver_budget": ("bigaccount_crm.visit_gm_waiver_budget", 0.0),
    "ka_visit_followup_days": ("bigaccount_crm.visit_followup_days", 7),
    "ka_tour_key_hours": ("bigaccount_crm.tour_key_hours", 72),
    "ka_tour_ordinary_hours": ("bigaccount_crm.tour_ordinary_hours", 24),
    "ka_tour_adhoc_hours": ("bigaccount_crm.tour_adhoc_hours", 1),
    "ka_complaint_default_hours": ("bigaccount_crm.complaint_default_hours", 72),
    "ka_complaint_report_days": ("bigaccount_crm.complaint_report_days", 3),
    "ka_complaint_escalate_hours": ("bigaccount_crm.complaint_escalate_hours", 24),
    "ka_complaint_rating": ("bigaccount_crm.complaint_rating", False),
    "ka_return_window_days": ("bigaccount_crm.return_window_days", 7),
    "ka_greeting_days": ("bigaccount_crm.greeting_days", 3),
    "ka_agreement_reminder_days": ("bigaccount_crm.agreement_reminder_days", 30),
    "ka_health_period_months": ("bigaccount_crm.health_period_months", 3),
    "ka_export_validity_days": ("bigaccount_crm.export_validity_days", 30),
    "ka_health_risk_below": ("bigaccount_crm.health_risk_below", 60),
    "ka_health_weight_revenue": ("bigaccount_crm.health_weight_revenue", 25.0),
    "ka_health_weight_visits": ("bigaccount_crm.health_weight_visits", 20.0),
    "ka_health_weight_complaints": ("bigaccount_crm.health_weight_complaints", 15.0),
    "ka_health_weight_receivables": (
        "bigaccount_crm.health_weight_receivables",
        15.0,
    ),
    "ka_health_weight_satisfaction": (
        "bigaccount_crm.health_weight_satisfaction",
        15.0,
    ),
    "ka_health_weight_services": ("bigaccount_crm.health_weight_services", 10.0),
    "ka_grade_a_min": ("bigaccount_crm.grade_a_min", 80.0),
    "ka_grade_b_min": ("bigaccount_crm.grade_b_min", 60.0),
    "ka_grade_c_min": ("bigaccount_crm.grade_c_min", 40.0),
    "ka_settlement_user_limit": ("bigaccount_crm.settlement_user_limit", 1000.0),
    "ka_allow_several_steps": ("bigaccount_crm.allow_several_steps", False),
    "ka_settlement_director_limit": (
        "bigaccount_crm.settlement_director_limit",
        10000.0,
    ),
}
# The numeric settings (thresholds, days, weights): none is negative.
KA_THRESHOLDS = [
    fname
    for fname, (_key, default) in KA_SETTINGS.items()
    if isinstance(default, (int, float)) and not isinstance(default, bool)
]
# Settings the stored qualification flags of res.partner depend on.
KA_QUALIFICATION_SETTINGS = (
    "ka_qualify_employees",
    "ka_qualify_office_area",
    "ka_department_employees",
    "ka_develop_employees",
    "ka_develop_office_area",
    "ka_potential_percent",
)


def _ka_param(fname):
    """Field arguments of a key-account threshold kept in a system parameter."""
    key, default = KA_SETTINGS[fname]
    return {"config_parameter": key, "default": default}


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    ka_qualify_employees = fields.Integer(
        string="Qualifying Employees",
        **_ka_param("ka_qualify_employees"),
    )
    ka_qualify_office_area = fields.Float(
        string="Qualifying Office Area (m²)",
        **_ka_param("ka_qualify_office_area"),
    )
    ka_department_employees = fields.Integer(
        string="Department-Level Employees",
        **_ka_param("ka_department_employees"),
    )
    ka_develop_employees = fields.Integer(
        string="Target Screening Employees",
        **_ka_param("ka_develop_employees"),
    )
    ka_develop_office_area = fields.Float(
        string="Target Screening Office Area (m²)",
        **_ka_param("ka_develop_office_area"),
    )
    ka_potential_percent = fields.Float(
        string="Potential Key Account (%)",
        **_ka_param("ka_potential_percent"),
    )
    ka_tier_window_months = fields.Integer(
        string="Tier Window (months)",
        **_ka_param("ka_tier_window_months"),
    )
    ka_quality_threshold = fields.Float(
        string="Quality Customer: Cumulative Invoiced",
        **_ka_param("ka_quality_threshold"),
    )
    ka_high_value_threshold = fields.Float(
        string="High-Value Customer: Single Order",
        **_ka_param("ka_high_value_threshold"),
    )
    ka_good_payment_days = fields.Integer(
        string="Good Payment: Days Overdue at Most",
        **_ka_param("ka_good_payment_days"),
    )
    ka_bone_overdue_days = fields.Integer(
        string="Bone Account: Days Overdue",
        **_ka_param("ka_bone_overdue_days"),
    )
    ka_bone_margin_percent = fields.Float(
        string="Bone Account: Margin Below (%)",
        **_ka_param("ka_bone_margin_percent"),
    )

    ka_credit_grace_days = fields.Integer(
        string="Overdue Grace (days)",
        **_ka_param("ka_credit_grace_days"),
    )

    ka_credit_overdue_scope = fields.Selection(
        [
            ("limited", "Customers with a credit limit"),
            ("all", "All customers"),
            ("off", "Nobody"),
        ],
        string="Overdue Invoices Stop Orders Of",
        required=True,
        help="Whose orders are stopped by invoices overdue beyond the grace "
        "days: customers under credit control (with a credit limit of their "
        "own or the company's), every customer, or nobody.",
        **_ka_param("ka_credit_overdue_scope"),
    )
    ka_credit_block_deliveries = fields.Boolean(
        string="Credit Check Stops Deliveries",
        help="Deliveries of a customer over its credit limit or with "
        "invoices overdue are held too (a credit hold always holds them; an "
        "order confirmed under an approved guaranteed-delivery request is "
        "delivered).",
        **_ka_param("ka_credit_block_deliveries"),
    )

    ka_allow_several_steps = fields.Boolean(
        string="One Person May Hold Several Steps",
        help="Small companies: the same person may decide several steps of "
        "one document (a visit reviewed and approved by one director). Off: "
        "each step is another person's. The submitter and the owner never "
        "decide their own document.",
        **_ka_param("ka_allow_several_steps"),
    )

    ka_credit_review_months = fields.Integer(
        string="Credit Review Every (months)",
        **_ka_param("ka_credit_review_months"),
    )

    ka_quotation_hours = fields.Integer(
        string="Whole-Order Quotation Deadline (working hours)",
        **_ka_param("ka_quotation_hours"),
    )

    ka_phone_approval_days = fields.Integer(
        string="Phone Approval Form Within (days)",
        **_ka_param("ka_phone_approval_days"),
    )

    ka_visit_gm_waiver_budget = fields.Float(
        string="No GM Approval for Visits Below",
        help="Visits with a smaller budget are approved once a director "
        "reviews them; 0: the general manager approves every visit.",
        **_ka_param("ka_visit_gm_waiver_budget"),
    )

    ka_visit_followup_days = fields.Integer(
        string="Visit Follow-up Within (days)",
        **_ka_param("ka_visit_followup_days"),
    )

    ka_tour_key_hours = fields.Integer(
        string="Key or Group Tour: Announce (hours ahead)",
        **_ka_param("ka_tour_key_hours"),
    )
    ka_tour_ordinary_hours = fields.Integer(
        string="Ordinary Tour: Announce (hours ahead)",
        **_ka_param("ka_tour_ordinary_hours"),
    )
    ka_tour_adhoc_hours = fields.Integer(
        string="Ad-hoc Visit: Announce (hours ahead)",
        **_ka_param("ka_tour_adhoc_hours"),
    )
    ka_complaint_default_hours = fields.Integer(
        string="Complaint Resolution without Tier (working hours)",
        **_ka_param("ka_complaint_default_hours"),
    )
    ka_complaint_report_days = fields.Integer(
        string="Investigation Report Within (working days)",
        **_ka_param("ka_complaint_report_days"),
    )
    ka_complaint_escalate_hours = fields.Integer(
        string="Escalate to the GM after (working hours)",
        help="An overdue complaint goes to the director first, then to the "
        "general manager this many working hours later.",
        **_ka_param("ka_complaint_escalate_hours"),
    )
    ka_complaint_rating = fields.Boolean(
        string="Ask the Customer's Rating on Closing",
        help="Closing a complaint sends its contact Odoo's rating request by "
        "email; the answer becomes the complaint's satisfaction.",
        **_ka_param("ka_complaint_rating"),
    )
    ka_grade_a_min = fields.Float(
        string="Grade A from (score)", **_ka_param("ka_grade_a_min")
    )
    ka_grade_b_min = fields.Float(
        string="Grade B from (score)", **_ka_param("ka_grade_b_min")
    )
    ka_grade_c_min = fields.Float(
        string="Grade C from (score)",
        help="Below it: grade D.",
        **_ka_param("ka_grade_c_min"),
    )
    ka_greeting_days = fields.Integer(
        string="Greetings Planned (days ahead)",
        help="Birthdays of contacts and configured holidays give the account "
        "manager a greeting activity this many days ahead.",
        **_ka_param("ka_greeting_days"),
    )
    ka_agreement_reminder_days = fields.Integer(
        string="Renewal Reminder (days before the end)",
        help="Running agreements become expiring this many days before their "
        "end, and the account manager gets a renewal activity.",
        **_ka_param("ka_agreement_reminder_days"),
    )
    ka_export_validity_days = fields.Integer(
        string="Exports Valid For (days)",
        help="Exported and printed key-account lists are controlled documents "
        "(受控文件) valid for these days.",
        **_ka_param("ka_export_validity_days"),
    )
    ka_health_period_months = fields.Integer(
        string="Revenue Trend Period (months)",
        help="Revenue of the last months against the same months a year ago.",
        **_ka_param("ka_health_period_months"),
    )
    ka_health_risk_below = fields.Integer(
        string="At Risk Below (score)", **_ka_param("ka_health_risk_below")
    )
    ka_health_weight_revenue = fields.Float(
        string="Weight: Revenue Trend", **_ka_param("ka_health_weight_revenue")
    )
    ka_health_weight_visits = fields.Float(
        string="Weight: Visit Recency", **_ka_param("ka_health_weight_visits")
    )
    ka_health_weight_complaints = fields.Float(
        string="Weight: Complaints", **_ka_param("ka_health_weight_complaints")
    )
    ka_health_weight_receivables = fields.Float(
        string="Weight: Receivables", **_ka_param("ka_health_weight_receivables")
    )
    ka_health_weight_satisfaction = fields.Float(
        string="Weight: Satisfaction", **_ka_param("ka_health_weight_satisfaction")
    )
    ka_health_weight_services = fields.Float(
        string="Weight: Entitled Services", **_ka_param("ka_health_weight_services")
    )
    ka_return_window_days = fields.Integer(
        string="Return Window (days)",
        help="Goods are taken back outside a complaint within this many days "
        "of delivery.",
        **_ka_param("ka_return_window_days"),
    )
    ka_settlement_user_limit = fields.Float(
        string="Settlements a Key-Account User Approves up to",
        **_ka_param("ka_settlement_user_limit"),
    )
    ka_settlement_director_limit = fields.Float(
        string="Settlements a Director Approves up to",
        help="Above it, the general manager approves.",
        **_ka_param("ka_settlement_director_limit"),
    )
    ka_service_manager_id = fields.Many2one(
        related="company_id.ka_service_manager_id", readonly=False
    )
    ka_tour_notice_all_ids = fields.Many2many(
        related="company_id.ka_tour_notice_all_ids", readonly=False
    )
    ka_tour_notice_service_ids = fields.Many2many(
        related="company_id.ka_tour_notice_service_ids", readonly=False
    )
    ka_tour_notice_reception_ids = fields.Many2many(
        related="company_id.ka_tour_notice_reception_ids", readonly=False
    )

    @api.constrains(*KA_SETTINGS)
    def _check_ka_settings(self):
        for settings in self:
            if any(settings[fname] < 0 for fname in KA_THRESHOLDS):
                raise ValidationError(
                    self.env._("Key-account thresholds cannot be negative.")
                )
            if (
                settings.ka_health_period_months < 1
                or settings.ka_health_risk_below > 100
            ):
                raise ValidationError(
                    self.env._(
                        "The revenue trend covers at least one month and the "
                        "risk threshold is a score up to 100."
                    )
                )
            if settings.ka_tier_window_months < 1:
                raise ValidationError(
                    self.env._("The tier window must be at least one month.")
                )
            if not (
                100
                >= settings.ka_grade_a_min
                > settings.ka_grade_b_min
                > settings.ka_grade_c_min
            ):
                raise ValidationError(
                    self.env._("Grade bands go down from A to C, within 100 points.")
                )
            if settings.ka_potential_percent > 100:
                raise ValidationError(
                    self.env._(
                        "The potential key-account share of the standard "
                        "cannot exceed 100 %."
                    )
                )

    def set_values(self):
        before = self.env["res.partner"]._ka_settings()
        res = super().set_values()
        after = self.env["res.partner"]._ka_settings()
        if any(before[key] != after[key] for key in KA_QUALIFICATION_SETTINGS):
            self.env["res.partner"]._ka_recompute_qualification()
        return res

    def action_ka_recompute_tiers(self):
        return self.env["res.partner"].action_ka_recompute_tiers()
