# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import pytz

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL

from .bigaccount_visit import DIRECTOR_GROUP, GM_GROUP
from .tools import is_unnamed

# Resolution time of the tier, shortened by severity.
SEVERITY_FACTORS = {"low": 1.0, "normal": 1.0, "high": 0.5, "critical": 0.25}
OPEN_STATES = ("new", "investigating", "resolving", "waiting", "resolved")
# Complaints whose resolution clock runs: they can become at risk, overdue
# and escalate. A complaint waiting for the customer has its clock stopped.
RUNNING_STATES = ("new", "investigating", "resolving")
# Complaints that are still to be resolved.
UNRESOLVED_STATES = RUNNING_STATES + ("waiting",)
# Share of the allowed working time after which a complaint is at risk
# (Odoo Helpdesk and OCA helpdesk_mgmt_sla warn before the deadline too).
SLA_RISK_SHARE = 0.8


class BigaccountComplaint(models.Model):
    """A customer complaint (客户投诉), numbered YYMMNN per company and month
    (年度(××)月份(××)流水编号(××))."""

    _name = "bigaccount.complaint"
    _check_company_auto = True
    _description = "Customer Complaint"
    # rating.mixin is Odoo's mail thread with the customer's rating
    _inherit = [
        "bigaccount.document.mixin",
        "rating.mixin",
        "mail.activity.mixin",
        "bigaccount.workflow.mixin",
        "bigaccount.numbered.mixin",
    ]
    _order = "green_channel desc, date_deadline, id desc"
    _ka_workflow_fields = frozenset(
        {
            "state",
            "escalation",
            "date_escalated",
            "is_overdue",
            "gm_instructed_by",
            "settlement_approved_by",
            "sla_met",
            "date_closed",
            "sla_status",
            "sla_risk_notified",
            "date_paused",
            "paused_state",
            "paused_hours",
            "resolution_hours",
            "report_overdue",
            "satisfaction_source",
            "date_satisfaction",
        }
    )
    # the customer and the time of receipt start the clock; a closed or
    # cancelled complaint no longer changes
    _ka_decided_states = (
        "investigating",
        "resolving",
        "waiting",
        "resolved",
        "closed",
        "cancelled",
    )
    _ka_decision_fields = frozenset({"partner_id", "date_received", "company_id"})
    _ka_locked_states = ("closed", "cancelled")
    _ka_folded_groups = {"state": ("closed", "cancelled")}

    name = fields.Char(string="Number")
    date_received = fields.Datetime(
        string="Received", required=True, default=fields.Datetime.now, tracking=True
    )
    partner_id = fields.Many2one(tracking=True)
    contact_id = fields.Many2one(
        "res.partner",
        string="Contact",
        domain="[('commercial_partner_id', '=', partner_id)]",
        check_company=True,
    )
    user_id = fields.Many2one(
        "res.users",
        string="Handler",
        required=True,
        index=True,
        default=lambda self: self.env.user,
        tracking=True,
    )
    tier_id = fields.Many2one(
        "bigaccount.tier",
        string="Tier",
        readonly=True,
        help="The customer's tier when the complaint was received.",
    )
    green_channel = fields.Boolean(
        readonly=True,
        help="The customer's tier gives complaints the green channel "
        "(绿色通道): they are handled first.",
    )
    channel = fields.Selection(
        [
            ("account_manager", "Account manager"),
            ("hotline", "Hotline"),
            ("service_hall", "Service hall"),
            ("email", "Email"),
            ("visit", "Visit"),
            ("web", "Website"),
        ],
        required=True,
        default="account_manager",
    )
    category = fields.Selection(
        [
            ("quality", "Product quality"),
            ("delivery", "Delivery"),
            ("service", "Service"),
            ("billing", "Billing"),
            ("attitude", "Attitude"),
            ("other", "Other"),
        ],
        required=True,
        default="quality",
        tracking=True,
        help="Quality complaints against the rest (non-quality).",
    )
    is_quality = fields.Boolean(compute="_compute_is_quality", store=True)
    severity = fields.Selection(
        [
            ("low", "Low"),
            ("normal", "Normal"),
            ("high", "High"),
            ("critical", "Critical"),
        ],
        required=True,
        default="normal",
        tracking=True,
    )
    description = fields.Text(required=True)
    customer_request = fields.Selection(
        [
            ("return", "Return"),
            ("exchange", "Exchange"),
            ("credit_note", "Credit note"),
            ("repair", "Repair"),
            ("apology", "Apology"),
            ("undetermined", "Undetermined"),
        ],
        string="Customer Asks For",
        required=True,
        default="undetermined",
    )
    # Linked documents
    sale_order_id = fields.Many2one(
        "sale.order",
        string="Sales Order",
        domain="[('partner_id.commercial_partner_id', '=', partner_id)]",
        check_company=True,
    )
    picking_id = fields.Many2one(
        "stock.picking",
        string="Delivery",
        domain="[('partner_id.commercial_partner_id', '=', partner_id), "
        "('picking_type_code', '=', 'outgoing')]",
        check_company=True,
    )
    invoice_id = fields.Many2one(
        "account.move",
        string="Invoice",
        domain="[('commercial_partner_id', '=', partner_id), "
        "('move_type', '=', 'out_invoice'), ('state', '=', 'posted')]",
        check_company=True,
    )
    product_id = fields.Many2one(
        "product.product", string="Product", check_company=True
    )
    lot_id = fields.Many2one(
        "stock.lot",
        string="Lot",
        domain="[('product_id', '=', product_id)]",
        check_company=True,
    )
    qty_delivered = fields.Float(string="Delivered Quantity", digits="Product Unit")
    qty_defective = fields.Float(string="Defective Quantity", digits="Product Unit")
    # Production details of quality complaints
    production_unit = fields.Char()
    production_shift = fields.Char()
    production_operator = fields.Char()
    production_date = fields.Date()
    defect_samples = fields.Text(string="Defect Samples")
    joint_inspection = fields.Boolean(
        string="Joint On-site Inspection",
        help="Inspected on site together with the customer.",
    )
    inspection_findings = fields.Text()
    # Stages
    state = fields.Selection(
        [
            ("new", "New"),
            ("investigating", "Investigating"),
            ("resolving", "Resolving"),
            ("waiting", "Waiting for Customer"),
            ("resolved", "Resolved"),
            ("closed", "Closed"),
            ("cancelled", "Cancelled"),
        ],
        default="new",
        required=True,
        tracking=True,
        index=True,
        copy=False,
        group_expand="_group_expand_states",
    )
    # Investigation report and the general manager's instruction (批示)
    date_investigation = fields.Datetime(
        string="Investigation Started", readonly=True, copy=False
    )
    report_due = fields.Date(string="Report Due", readonly=True, copy=False)
    report_overdue = fields.Boolean(
        string="Report Overdue",
        readonly=True,
        copy=False,
        index=True,
        help="The investigation report is not submitted and its due day is over.",
    )
    report_required = fields.Boolean(
        compute="_compute_report_required",
        store=True,
        readonly=False,
        help="Quality complaints and high or critical ones need an "
        "investigation report with the general manager's instruction before "
        "they are resolved.",
    )
    investigation_report = fields.Text()
    date_report = fields.Datetime(string="Report Submitted", readonly=True, copy=False)
    gm_instruction = fields.Text(
        string="GM Instruction",
        copy=False,
        help="Written by the general manager on the submitted report.",
    )
    gm_instructed_by = fields.Many2one(
        "res.users", string="Instructed By", readonly=True, copy=False
    )
    # Analysis and actions (纠正预防)
    root_cause = fields.Text()
    responsible_department = fields.Char(string="Responsible Department")
    responsible_user_id = fields.Many2one("res.users", string="Responsible Person")
    corrective_action = fields.Text()
    preventive_action = fields.Text()
    verification = fields.Text(string="Verification of Effect")
    # Callback (电话回访)
    callback_date = fields.Date(string="Called Back On", tracking=True)
    satisfaction = fields.Integer(
        string="Satisfaction (1–5)",
        tracking=True,
        help="The customer's satisfaction, 1 to 5: given at the callback or "
        "by the customer's rating, whichever came last.",
    )
    satisfaction_source = fields.Selection(
        [("callback", "Callback"), ("rating", "Customer rating")],
        readonly=True,
        copy=False,
    )
    date_satisfaction = fields.Datetime(
        string="Satisfaction Given On", readonly=True, copy=False
    )
    date_closed = fields.Datetime(string="Closed On", readonly=True, copy=False)
    sla_met = fields.Boolean(
        string="Resolved in Time", readonly=True, copy=False, index=True
    )

    @api.model
    def _group_expand_states(self, states, domain):
        return self._ka_unfolded_values("state", states)

    @api.depends("category")
    def _compute_is_quality(self):
        for complaint in self:
            complaint.is_quality = complaint.category == "quality"

    def _ka_report_rule(self):
        """Whether the rule asks an investigation report: quality
        complaints and high or critical ones."""
        self.ensure_one()
        return self.category == "quality" or self.severity in ("high", "critical")

    @api.depends("category", "severity")
    def _compute_report_required(self):
        for complaint in self:
            complaint.report_required = complaint._ka_report_rule()

    def _ka_check_report_required_kept(self, vals):
        """The report the rule asks is waived only by a director who does
        not handle the complaint, never by the person it guards."""
        if self.env.su or "report_required" not in vals or vals["report_required"]:
            return
        for complaint in self:
            if not complaint._ka_report_rule():
                continue
            if not self.env.user.has_group(DIRECTOR_GROUP) or (
                self.env.user in complaint._ka_owners()
            ):
                raise AccessError(
                    self.env._(
                        "The investigation report of %(name)s is required by "
                        "the rules: only a director who does not handle it "
                        "can waive it.",
                        name=complaint.display_name,
                    )
                )

    # ------------------------------------------------------------------
    # Working time (Odoo's resource calendars)
    # ------------------------------------------------------------------

    @api.constrains(
        "satisfaction", "qty_delivered", "qty_defective", "settlement_amount"
    )
    def _check_figures(self):
        for complaint in self:
            if not 0 <= complaint.satisfaction <= 5:
                raise ValidationError(
                    self.env._("The satisfaction score goes from 1 to 5.")
                )
            if (
                min(
                    complaint.qty_delivered,
                    complaint.qty_defective,
                    complaint.settlement_amount,
                )
                < 0
            ):
                raise ValidationError(
                    self.env._("Quantities and amounts cannot be negative.")
                )

    # ------------------------------------------------------------------
    # Numbering
    # ------------------------------------------------------------------
    @api.model
    def _ka_next_number(self, company, date_received):
        """``YYMMNN``: year and month of reception in the company's time
        zone, then a serial of at least two digits restarting every month
        per company. One statement on a counter row, locked until the
        transaction ends: concurrent creations wait for each other and a
        rolled-back one gives its number back (no gap, no duplicate)."""
        tz = pytz.timezone(company.partner_id.tz or "UTC")
        local = pytz.UTC.localize(date_received).astimezone(tz)
        period = local.strftime("%y%m")
        # SQL: an atomic upsert of the month's counter (no gap, no duplicate)
        self.env.cr.execute(
            SQL(
                """
                INSERT INTO bigaccount_complaint_counter
                       (company_id, period, last_number)
                VALUES (%s, %s, 1)
                ON CONFLICT (company_id, period)
                DO UPDATE SET last_number =
                    bigaccount_complaint_counter.last_number + 1
                RETURNING last_number
                """,
                company.id,
                period,
            )
        )
        return f"{period}{self.env.cr.fetchone()[0]:02d}"

    def _ka_account_defaults(self, account):
        """The account's tier and its green channel (绿色通道)."""
        tier = account.sudo().ka_tier_id
        return {"tier_id": tier.id, "green_channel": tier.green_channel}

    @api.model_create_multi
    def create(self, vals_list):
        complaints = super().create(vals_list)
        complaints.filtered(
            lambda c: c._ka_report_rule() and not c.report_required
        )._ka_check_report_required_kept({"report_required": False})
        for complaint in complaints.filtered(lambda c: is_unnamed(self.env, c.name)):
            complaint.name = self._ka_next_number(
                complaint.company_id, complaint.date_received
            )
        # a complaint recorded late may already be at risk or breached
        complaints._ka_refresh_sla()
        return complaints

    def write(self, vals):
        self._ka_check_report_required_kept(vals)
        if not self.env.su:
            if {"settlement_amount", "settlement_note"} & set(vals) and self.filtered(
                "settlement_approved_by"
            ):
                raise UserError(self.env._("An approved settlement cannot change."))
            if "gm_instruction" in vals and (
                not self.env.user.has_group(GM_GROUP)
                or self.filtered("gm_instructed_by")
            ):
                raise AccessError(
                    self.env._("Only the general manager writes the instruction, once.")
                )
        result = super().write(vals)
        if "satisfaction" in vals and not self.env.context.get("ka_from_rating"):
            # the callback's score: the latest satisfaction given
            self._ka_workflow_write(
                {
                    "satisfaction_source": vals["satisfaction"] and "callback",
                    "date_satisfaction": vals["satisfaction"] and fields.Datetime.now(),
                }
            )
        if {"date_received", "severity", "tier_id"} & set(vals):
            self._ka_refresh_sla()
        return result

    # ------------------------------------------------------------------
    # Workflow
    # ------------------------------------------------------------------
    def action_investigate(self):
        """Start the investigation. A complaint whose report is required gets
        its due day (see ``_ka_report_due``) and a reminder for the handler
        due that day, marked done when the report is sent."""
        self._check_state({"new"})
        now = fields.Datetime.now()
        for complaint in self:
            due = complaint._ka_report_due(now)
            complaint._ka_workflow_write(
                {
                    "state": "investigating",
                    "date_investigation": now,
                    "report_due": due,
                }
            )
            if complaint.report_required:
                complaint.sudo().activity_schedule(
                    "bigaccount_crm.mail_activity_type_complaint_report",
                    date_deadline=due,
                    user_id=complaint.user_id.id,
                )
        return True

    def action_submit_report(self):
        """Send the investigation report to the general manager."""
        self._check_state({"investigating"})
        for complaint in self:
            if not (complaint.investigation_report or "").strip():
                raise UserError(
                    self.env._(
                        "Write the investigation report of %(name)s first.",
                        name=complaint.name,
                    )
                )
        self._ka_workflow_write(
            {"date_report": fields.Datetime.now(), "report_overdue": False}
        )
        self._ka_done_report_reminder()
        for complaint in self:
            gm = self.env["res.users"]._ka_general_manager(complaint.company_id)
            if gm:
                complaint.activity_schedule(
                    "mail.mail_activity_data_todo",
                    summary=self.env._("Instruction on the investigation report"),
                    user_id=gm.id,
                )
        return True

    def _ka_done_report_reminder(self):
        """Mark the handler's report reminder done."""
        self.sudo().activity_feedback(
            ["bigaccount_crm.mail_activity_type_complaint_report"]
        )

    def action_instruct(self):
        """Record the general manager's instruction (批示) on the report."""
        self._check_group(
            GM_GROUP, self.env._("Only the general manager instructs on a report.")
        )
        for complaint in self:
            if not complaint.date_report:
                raise UserError(
                    self.env._(
                        "The investigation report of %(name)s is not submitted.",
                        name=complaint.name,
                    )
                )
            if not (complaint.gm_instruction or "").strip():
                raise UserError(
                    self.env._(
                        "Write the instruction on %(name)s first.", name=complaint.name
                    )
                )
        self._ka_workflow_write({"gm_instructed_by": self.env.user.id})
        self.activity_feedback(["mail.mail_activity_data_todo"])
        return True

    def action_resolve_start(self):
        """From investigation to resolution; a complaint whose report is
        required needs the general manager's instruction first."""
        self._check_state({"investigating"})
        for complaint in self:
            if complaint.report_required and not complaint.gm_instructed_by:
                raise UserError(
                    self.env._(
                        "Complaint %(name)s needs the general manager's "
                        "instruction on its investigation report first.",
                        name=complaint.name,
                    )
                )
        self._ka_workflow_write({"state": "resolving"})
        return True

    def action_resolved(self):
        self._check_state({"resolving"})
        for complaint in self:
            if complaint.is_quality and not (complaint.root_cause or "").strip():
                raise UserError(
                    self.env._(
                        "Record the root cause of quality complaint %(name)s.",
                        name=complaint.name,
                    )
                )
            if complaint.settlement_amount and not complaint.settlement_approved_by:
                raise UserError(
                    self.env._(
                        "The settlement of %(name)s is not approved yet.",
                        name=complaint.name,
                    )
                )
        now = fields.Datetime.now()
        for complaint in self:
            met = not complaint.date_deadline or now <= complaint.date_deadline
            complaint._ka_workflow_write(
                {
                    "state": "resolved",
                    "sla_met": met,
                    "sla_status": "in_time" if met else "breached",
                    "is_overdue": False,
                    "resolution_hours": complaint._ka_working_hours(
                        complaint.date_received, now
                    )
                    - complaint.paused_hours,
                }
            )
        return True

    # ------------------------------------------------------------------
    # Waiting for the customer: the clock stops
    # ------------------------------------------------------------------

    def action_close(self):
        """Close after calling the customer back (电话回访) with a
        satisfaction score; quality complaints need their root cause."""
        self._check_state({"resolved"})
        for complaint in self:
            if not complaint.callback_date or not complaint.satisfaction:
                raise UserError(
                    self.env._(
                        "Call the customer back and record the satisfaction "
                        "(1–5) before closing %(name)s.",
                        name=complaint.name,
                    )
                )
            if complaint.is_quality and not (complaint.root_cause or "").strip():
                raise UserError(
                    self.env._(
                        "Record the root cause of quality complaint %(name)s.",
                        name=complaint.name,
                    )
                )
        self._ka_workflow_write(
            {"state": "closed", "date_closed": fields.Datetime.now()}
        )
        self._ka_request_rating()
        return True

    # ------------------------------------------------------------------
    # Customer rating (Odoo's rating mixin)
    # ------------------------------------------------------------------

    def action_cancel(self):
        self._check_state(set(OPEN_STATES))
        self._ka_workflow_write({"state": "cancelled", "is_overdue": False})
        return True

    def action_reopen(self):
        self._check_state({"cancelled"})
        self._ka_workflow_write({"state": "new"})
        return True
