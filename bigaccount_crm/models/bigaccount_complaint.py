# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import datetime, time, timedelta

import pytz

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL, format_datetime, formatLang

from .bigaccount_visit import DIRECTOR_GROUP, GM_GROUP
from .working_time import plan_hours, service_calendar, working_hours

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
    _inherit = ["rating.mixin", "mail.activity.mixin", "bigaccount.workflow.mixin"]
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

    name = fields.Char(
        string="Number", required=True, readonly=True, copy=False, default="/"
    )
    date_received = fields.Datetime(
        string="Received", required=True, default=fields.Datetime.now, tracking=True
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        tracking=True,
        domain=["|", ("is_company", "=", True), ("parent_id", "=", False)],
        check_company=True,
    )
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
    calendar_id = fields.Many2one(
        "resource.calendar",
        string="Working Time",
        compute="_compute_calendar_id",
        store=True,
        check_company=True,
        help="The deadlines count the working hours of this calendar, in its "
        "time zone, and skip its public holidays: the tier's complaint "
        "working time, else the company's.",
    )
    sla_hours = fields.Float(
        string="Allowed Working Hours",
        compute="_compute_date_deadline",
        store=True,
        aggregator="avg",
        help="The tier's complaint resolution time (the settings' default "
        "without a tier), halved for high and quartered for critical severity.",
    )
    date_deadline = fields.Datetime(
        string="Resolve By",
        compute="_compute_date_deadline",
        store=True,
        help="The allowed working hours, plus the working hours spent waiting "
        "for the customer, planned on the working time from the reception.",
    )
    date_sla_risk = fields.Datetime(
        string="At Risk From",
        compute="_compute_date_deadline",
        store=True,
        help="When 80 % of the allowed working time is used.",
    )
    sla_status = fields.Selection(
        [("in_time", "In Time"), ("at_risk", "At Risk"), ("breached", "Breached")],
        string="SLA Status",
        default="in_time",
        required=True,
        readonly=True,
        copy=False,
        index=True,
        help="In time; at risk once 80 % of the allowed working time is used; "
        "breached past the deadline. Frozen while waiting for the customer "
        "and once resolved.",
    )
    sla_risk_notified = fields.Boolean(readonly=True, copy=False)
    date_paused = fields.Datetime(string="Waiting Since", readonly=True, copy=False)
    paused_state = fields.Selection(
        [("investigating", "Investigating"), ("resolving", "Resolving")],
        readonly=True,
        copy=False,
        help="The stage the complaint goes back to when the customer answers.",
    )
    paused_hours = fields.Float(
        string="Working Hours Waiting",
        readonly=True,
        copy=False,
        help="Working hours spent waiting for the customer: the deadline moves "
        "by as much.",
    )
    resolution_hours = fields.Float(
        string="Working Hours to Resolve",
        readonly=True,
        copy=False,
        aggregator="avg",
        help="Working hours from the reception to the resolution, less the "
        "time waiting for the customer.",
    )
    date_escalate_gm = fields.Datetime(
        string="Escalate to the GM On",
        compute="_compute_date_escalate_gm",
        store=True,
        help="The settings' escalation delay in working hours after the "
        "escalation to the director.",
    )
    is_overdue = fields.Boolean(
        string="Past Deadline", readonly=True, copy=False, index=True
    )
    escalation = fields.Selection(
        [("none", "None"), ("director", "Director"), ("gm", "General manager")],
        default="none",
        required=True,
        readonly=True,
        copy=False,
        tracking=True,
    )
    date_escalated = fields.Datetime(readonly=True, copy=False)
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
    # Settlement within the approval level for its amount (核决权限)
    settlement_amount = fields.Monetary(tracking=True)
    settlement_note = fields.Text(string="Settlement")
    settlement_approved_by = fields.Many2one(
        "res.users", readonly=True, copy=False, tracking=True
    )
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
    return_picking_ids = fields.One2many(
        "stock.picking", "ka_complaint_id", string="Returns"
    )
    credit_note_ids = fields.One2many(
        "account.move", "ka_complaint_id", string="Credit Notes"
    )
    return_count = fields.Integer(compute="_compute_link_counts")
    credit_note_count = fields.Integer(compute="_compute_link_counts")

    @api.model
    def _group_expand_states(self, states, domain):
        return [key for key, _label in self._fields["state"].selection]

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

    @api.depends("tier_id", "company_id")
    def _compute_calendar_id(self):
        # the tier at reception, not the customer's current one
        for complaint in self:
            complaint.calendar_id = service_calendar(
                complaint.tier_id, complaint.company_id
            )

    @api.depends("date_received", "severity", "tier_id", "calendar_id", "paused_hours")
    def _compute_date_deadline(self):
        default_hours = self.env["res.partner"]._ka_settings()[
            "ka_complaint_default_hours"
        ]
        for complaint in self:
            hours = complaint.tier_id.complaint_resolution_hours or default_hours
            hours *= SEVERITY_FACTORS[complaint.severity or "normal"]
            complaint.sla_hours = hours
            complaint.date_deadline = complaint._ka_plan_hours(
                hours + complaint.paused_hours
            )
            complaint.date_sla_risk = complaint._ka_plan_hours(
                hours * SLA_RISK_SHARE + complaint.paused_hours
            )

    @api.depends("date_escalated", "calendar_id")
    def _compute_date_escalate_gm(self):
        delay = self.env["res.partner"]._ka_settings()["ka_complaint_escalate_hours"]
        for complaint in self:
            complaint.date_escalate_gm = complaint.date_escalated and (
                complaint._ka_plan_hours(delay, complaint.date_escalated)
            )

    # ------------------------------------------------------------------
    # Working time (Odoo's resource calendars)
    # ------------------------------------------------------------------
    def _ka_plan_hours(self, hours, start=None):
        """The moment ``hours`` working hours after ``start`` (the reception
        by default) on the complaint's working time: see
        ``working_time.plan_hours``."""
        self.ensure_one()
        return plan_hours(self.calendar_id, hours, start or self.date_received)

    def _ka_working_hours(self, start, end):
        """Working hours between two moments on the complaint's working
        time: see ``working_time.working_hours``."""
        self.ensure_one()
        return working_hours(self.calendar_id, start, end)

    def _ka_local_date(self, moment):
        """The date of a naive UTC datetime in the working time's zone."""
        tz = pytz.timezone(self.calendar_id.sudo().tz or self.env.user.tz or "UTC")
        return pytz.UTC.localize(moment).astimezone(tz).date()

    def _ka_report_due(self, now):
        """The investigation report's due day: the last of the settings'
        report days (3) counted in working days from the day after ``now``,
        and at the latest the working day before the one of the resolution
        deadline, which leaves a day for the general manager's instruction
        and the resolution (never before today). Dates in the working
        time's zone; without a working time, calendar days."""
        self.ensure_one()
        days = self.env["res.partner"]._ka_settings()["ka_complaint_report_days"]
        today = self._ka_local_date(now)
        calendar = self.calendar_id.sudo()
        tz = pytz.timezone(calendar.tz or "UTC")

        def midnight(day):
            return tz.localize(datetime.combine(day, time.min))

        due = today + timedelta(days=days)
        if calendar and days > 0:
            end = calendar.plan_days(
                days, midnight(today + timedelta(days=1)), compute_leaves=True
            )
            # the end of the last working day (minus a second: a day that
            # ends at midnight is still that day)
            due = end and (end - timedelta(seconds=1)).astimezone(tz).date() or due
        if self.date_deadline:
            deadline = self._ka_local_date(self.date_deadline)
            before = deadline - timedelta(days=1)
            if calendar:
                start = calendar.plan_days(-1, midnight(deadline), compute_leaves=True)
                before = start and start.astimezone(tz).date() or before
            due = min(due, max(today, before))
        return due

    def _ka_refresh_sla(self, now=None):
        """Bring the SLA status and the overdue flag of the complaints whose
        clock runs (all of them on an empty recordset) up to ``now``, in one
        statement; then give the handler of each complaint newly at risk an
        activity, once per complaint. Returns the ids that changed."""
        now = now or fields.Datetime.now()
        self.flush_model(
            ["state", "date_deadline", "date_sla_risk", "sla_status", "is_overdue"]
        )
        only = SQL("AND id IN %s", tuple(self.ids)) if self else SQL()
        self.env.cr.execute(
            SQL(
                """
                UPDATE bigaccount_complaint c
                   SET sla_status = s.status,
                       is_overdue = (s.status = 'breached')
                  FROM (SELECT id,
                               CASE WHEN date_deadline < %(now)s THEN 'breached'
                                    WHEN date_sla_risk <= %(now)s THEN 'at_risk'
                                    ELSE 'in_time' END AS status
                          FROM bigaccount_complaint
                         WHERE state IN %(running)s %(only)s) s
                 WHERE c.id = s.id
                   AND (c.sla_status IS DISTINCT FROM s.status
                        OR c.is_overdue IS DISTINCT FROM (s.status = 'breached'))
                RETURNING c.id
                """,
                now=now,
                running=RUNNING_STATES,
                only=only,
            )
        )
        changed = [row[0] for row in self.env.cr.fetchall()]
        self.invalidate_model(["sla_status", "is_overdue"])
        at_risk = self.browse(changed).filtered(
            lambda c: c.sla_status == "at_risk" and not c.sla_risk_notified
        )
        if at_risk:
            at_risk._ka_notify_at_risk()
        return changed

    def _ka_notify_at_risk(self):
        """One activity per complaint for its handler, due at the deadline."""
        activity_type = self.env.ref(
            "bigaccount_crm.mail_activity_type_complaint_at_risk"
        )
        model = self.env["ir.model"]._get_id(self._name)
        self.env["mail.activity"].sudo().create(
            [
                {
                    "res_model_id": model,
                    "res_id": complaint.id,
                    "activity_type_id": activity_type.id,
                    "summary": activity_type.summary,
                    "user_id": complaint.user_id.id,
                    "date_deadline": complaint._ka_local_date(complaint.date_deadline),
                }
                for complaint in self
            ]
        )
        self._ka_workflow_write({"sla_risk_notified": True})

    def _compute_link_counts(self):
        for complaint in self:
            complaint.return_count = len(complaint.sudo().return_picking_ids)
            complaint.credit_note_count = len(complaint.sudo().credit_note_ids)

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

    @api.model_create_multi
    def create(self, vals_list):
        # wrong types get a clear error before anything reads them
        self._ka_check_input_list(vals_list)
        Partner = self.env["res.partner"]
        for vals in vals_list:
            partner = Partner.browse(vals.get("partner_id")).commercial_partner_id
            if partner:
                vals["partner_id"] = partner.id
                tier = partner.sudo().ka_tier_id
                vals.setdefault("tier_id", tier.id)
                vals.setdefault("green_channel", tier.green_channel)
        complaints = super().create(vals_list)
        complaints.filtered(
            lambda c: c._ka_report_rule() and not c.report_required
        )._ka_check_report_required_kept({"report_required": False})
        for complaint in complaints.filtered(lambda c: c.name == "/"):
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
    def action_wait_customer(self):
        """Stop the resolution clock until the customer answers."""
        self._check_state({"investigating", "resolving"})
        now = fields.Datetime.now()
        for complaint in self:
            complaint._ka_workflow_write(
                {
                    "state": "waiting",
                    "paused_state": complaint.state,
                    "date_paused": now,
                }
            )
            complaint.message_post(
                body=self.env._(
                    "Waiting for the customer: the resolution clock is stopped."
                ),
                subtype_xmlid="mail.mt_note",
            )
        return True

    def action_resume(self):
        """The customer answered: the clock runs again and the deadline
        moves by the working hours spent waiting."""
        self._check_state({"waiting"})
        now = fields.Datetime.now()
        for complaint in self:
            waited = complaint._ka_working_hours(complaint.date_paused, now)
            complaint._ka_workflow_write(
                {
                    "state": complaint.paused_state or "investigating",
                    "paused_hours": complaint.paused_hours + waited,
                    "date_paused": False,
                    "paused_state": False,
                }
            )
            deadline = format_datetime(
                self.env,
                complaint.date_deadline,
                tz=complaint.calendar_id.sudo().tz,
                dt_format="short",
            )
            waited_text = formatLang(self.env, waited, digits=2)
            complaint.message_post(
                body=self.env._(
                    "The customer answered: the clock runs again after "
                    "%(hours)s working hours of waiting; resolve by %(deadline)s.",
                    hours=waited_text,
                    deadline=deadline,
                ),
                subtype_xmlid="mail.mt_note",
            )
        self._ka_refresh_sla(now)
        return True

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
    def _rating_get_partner(self):
        """The contact who complained rates, else the customer."""
        return self.contact_id or self.partner_id

    def _ka_request_rating(self):
        """When the settings ask for it, send the closed complaints' contacts
        Odoo's rating request (the 1–5 faces by email); contacts without an
        email are skipped, with a note on the complaint."""
        if not self.env["res.partner"]._ka_settings()["ka_complaint_rating"]:
            return
        template = self.env.ref(
            "bigaccount_crm.mail_template_complaint_rating", raise_if_not_found=False
        )
        if not template:
            return
        for complaint in self.sudo():
            partner = complaint._rating_get_partner()
            if not partner.email:
                complaint.message_post(
                    body=self.env._(
                        "No rating request: %(contact)s has no email address.",
                        contact=partner.display_name,
                    ),
                    subtype_xmlid="mail.mt_note",
                )
                continue
            complaint.rating_send_request(template, lang=partner.lang, force_send=False)

    def rating_apply(
        self,
        rate,
        token=None,
        rating=None,
        feedback=None,
        subtype_xmlid=None,
        notify_delay_send=False,
    ):
        """Record the customer's rating as the complaint's satisfaction: the
        latest given, callback or rating, is the one that counts."""
        rating = super().rating_apply(
            rate,
            token=token,
            rating=rating,
            feedback=feedback,
            subtype_xmlid=subtype_xmlid,
            notify_delay_send=notify_delay_send,
        )
        complaint = self.browse(rating.res_id).sudo()
        complaint.with_context(ka_from_rating=True)._ka_workflow_write(
            {
                "satisfaction": round(rate),
                "satisfaction_source": "rating",
                "date_satisfaction": fields.Datetime.now(),
            }
        )
        return rating

    def action_cancel(self):
        self._check_state(set(OPEN_STATES))
        self._ka_workflow_write({"state": "cancelled", "is_overdue": False})
        return True

    def action_reopen(self):
        self._check_state({"cancelled"})
        self._ka_workflow_write({"state": "new"})
        return True

    # ------------------------------------------------------------------
    # Settlement (核决权限)
    # ------------------------------------------------------------------
    def _ka_settlement_level(self, amount):
        """Who may approve a settlement of this amount: ``user`` (the
        key-account user handling it), ``director`` or ``gm``."""
        settings = self.env["res.partner"]._ka_settings()
        if amount <= settings["ka_settlement_user_limit"]:
            return "user"
        if amount <= settings["ka_settlement_director_limit"]:
            return "director"
        return "gm"

    def _ka_owners(self):
        """A complaint belongs to its handler and its responsible person."""
        self.ensure_one()
        return self.sudo().user_id | self.sudo().responsible_user_id

    def action_approve_settlement(self):
        groups = {
            "user": "bigaccount_crm.group_ka_user",
            "director": DIRECTOR_GROUP,
            "gm": GM_GROUP,
        }
        for complaint in self:
            if not complaint.settlement_amount or complaint.settlement_approved_by:
                raise UserError(
                    self.env._(
                        "Complaint %(name)s has no settlement to approve.",
                        name=complaint.name,
                    )
                )
            level = self._ka_settlement_level(complaint.settlement_amount)
            if level != "user":
                # above the handler's own authority: another person decides
                complaint._check_not_own(
                    self.env._(
                        "Nobody approves the settlement of a complaint they "
                        "handle or submitted."
                    )
                )
            self._check_group(
                groups[level],
                self.env._(
                    "A settlement of %(amount)s is above your approval level.",
                    amount=complaint.currency_id.format(complaint.settlement_amount),
                ),
            )
        self._ka_workflow_write({"settlement_approved_by": self.env.user.id})
        return True

    # ------------------------------------------------------------------
    # Returns and credit notes
    # ------------------------------------------------------------------
    def action_create_return(self):
        """A return of the defective quantity from the linked delivery."""
        self.ensure_one()
        if not self.picking_id:
            raise UserError(
                self.env._("Link the delivery, done, that the return comes from.")
            )
        returned = self.picking_id._ka_create_return(
            self.product_id, self.qty_defective
        )
        returned.ka_complaint_id = self
        self.message_post(
            body=self.env._("Return %(name)s created.", name=returned.name)
        )
        return self._ka_view(returned, "stock.action_picking_tree_all")

    def action_create_credit_note(self):
        """A draft credit note of the linked invoice."""
        self.ensure_one()
        invoice = self.invoice_id
        if not invoice or invoice.state != "posted":
            raise UserError(self.env._("Link the posted invoice to credit."))
        reversal = (
            self.env["account.move.reversal"]
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create(
                {
                    "journal_id": invoice.journal_id.id,
                    "reason": self.env._("Complaint %(name)s", name=self.name),
                }
            )
        )
        action = reversal.refund_moves()
        credit_note = self.env["account.move"].browse(action["res_id"])
        credit_note.ka_complaint_id = self
        return action

    def action_view_returns(self):
        return self._ka_view(self.return_picking_ids, "stock.action_picking_tree_all")

    def action_view_credit_notes(self):
        return self._ka_view(
            self.credit_note_ids, "account.action_move_out_refund_type"
        )

    def _ka_view(self, records, xmlid):
        action = self.env["ir.actions.actions"]._for_xml_id(xmlid)
        action["domain"] = [("id", "in", records.ids)]
        if len(records) == 1:
            action.update({"views": [(False, "form")], "res_id": records.id})
        return action

    # ------------------------------------------------------------------
    # Escalation (逾期反应)
    # ------------------------------------------------------------------
    @api.model
    def _cron_escalate(self):
        """Bring the SLA status of the complaints whose clock runs up to now
        (warning the handler of those newly at risk), flag overdue
        investigation reports, tell the director of each newly overdue
        complaint, and the general manager when it is still open the
        settings' working hours later; each level once."""
        now = fields.Datetime.now()
        self._ka_refresh_sla(now)
        self._ka_flag_overdue_reports(now)
        to_director = self.search(
            [
                ("is_overdue", "=", True),
                ("escalation", "=", "none"),
                ("state", "in", RUNNING_STATES),
            ]
        )
        to_gm = self.search(
            [
                ("is_overdue", "=", True),
                ("state", "in", RUNNING_STATES),
                ("escalation", "=", "director"),
                ("date_escalate_gm", "<=", now),
            ]
        )
        for complaints, level in ((to_director, "director"), (to_gm, "gm")):
            if not complaints:
                continue
            complaints._ka_workflow_write({"escalation": level, "date_escalated": now})
            complaints._ka_escalation_notice(level)
        return len(to_director), len(to_gm)

    @api.model
    def _ka_flag_overdue_reports(self, now):
        """Flag the investigations whose required report is not submitted
        after its due day (in the working time's zone)."""
        investigating = self.search(
            [
                ("state", "in", UNRESOLVED_STATES),
                ("report_required", "=", True),
                ("date_report", "=", False),
                ("report_due", "!=", False),
                ("report_overdue", "=", False),
            ]
        )
        late = investigating.filtered(lambda c: c.report_due < c._ka_local_date(now))
        if late:
            late._ka_workflow_write({"report_overdue": True})
        return late

    def _ka_escalation_notice(self, level):
        """One activity per complaint for the accountable person (the
        account's director at the first level, never a general manager
        while a director exists; the general manager at the second) and one
        message, created in batches."""
        Users = self.env["res.users"]
        activity_type = self.env.ref("mail.mail_activity_data_todo")
        model = self.env["ir.model"]._get_id(self._name)
        today = fields.Date.context_today(self)
        labels = {
            "director": self.env._("Overdue complaint: escalated to the director"),
            "gm": self.env._("Overdue complaint: escalated to the general manager"),
        }
        vals_list = []
        for complaint in self:
            if level == "director":
                user = Users._ka_director_for(
                    complaint.partner_id, complaint.company_id
                )
            else:
                user = Users._ka_general_manager(complaint.company_id)
            if not user:
                continue
            vals_list.append(
                {
                    "res_model_id": model,
                    "res_id": complaint.id,
                    "activity_type_id": activity_type.id,
                    "summary": labels[level],
                    "user_id": user.id,
                    "date_deadline": today,
                }
            )
        self.env["mail.activity"].sudo().create(vals_list)
        self.env["mail.message"].sudo().create(
            [
                {
                    "model": self._name,
                    "res_id": complaint.id,
                    "body": labels[level],
                    "message_type": "notification",
                    "subtype_id": self.env.ref("mail.mt_note").id,
                }
                for complaint in self
            ]
        )


class BigaccountComplaintCounter(models.Model):
    """Last complaint number of each company and month (locked counter)."""

    _name = "bigaccount.complaint.counter"
    _check_company_auto = True
    _description = "Complaint Number Counter"

    company_id = fields.Many2one("res.company", required=True, ondelete="cascade")
    period = fields.Char(required=True, help="YYMM")
    last_number = fields.Integer(required=True)

    _sql_constraints = [
        (
            "period_unique",
            "UNIQUE(company_id, period)",
            "One counter per company and month.",
        )
    ]
