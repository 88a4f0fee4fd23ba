# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import timedelta

import pytz

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL

from .bigaccount_visit import DIRECTOR_GROUP, GM_GROUP

# Resolution time of the tier, shortened by severity.
SEVERITY_FACTORS = {"low": 1.0, "normal": 1.0, "high": 0.5, "critical": 0.25}
OPEN_STATES = ("new", "investigating", "resolving", "resolved")
# Complaints that are still to be resolved, hence can be overdue.
UNRESOLVED_STATES = ("new", "investigating", "resolving")


class BigaccountComplaint(models.Model):
    """A customer complaint (客户投诉), numbered YYMMNN per company and month
    (seed 001: 年度(××)月份(××)流水编号(××))."""

    _name = "bigaccount.complaint"
    _check_company_auto = True
    _description = "Customer Complaint"
    _inherit = ["mail.thread", "mail.activity.mixin", "bigaccount.workflow.mixin"]
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
        }
    )
    # the customer and the time of receipt start the clock; a closed or
    # cancelled complaint no longer changes
    _ka_decided_states = (
        "investigating",
        "resolving",
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
    date_deadline = fields.Datetime(
        string="Resolve By",
        compute="_compute_date_deadline",
        store=True,
        help="From the tier's complaint resolution time (the settings' default "
        "without a tier), shortened for high and critical severity.",
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
        help="The customer's satisfaction at the callback, 1 to 5.",
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

    @api.depends("date_received", "severity", "tier_id")
    def _compute_date_deadline(self):
        default_hours = self.env["res.partner"]._ka_settings()[
            "ka_complaint_default_hours"
        ]
        for complaint in self:
            hours = complaint.tier_id.complaint_resolution_hours or default_hours
            factor = SEVERITY_FACTORS[complaint.severity or "normal"]
            complaint.date_deadline = complaint.date_received and (
                complaint.date_received + timedelta(hours=hours * factor)
            )

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
        return super().write(vals)

    # ------------------------------------------------------------------
    # Workflow
    # ------------------------------------------------------------------
    def action_investigate(self):
        """Start the investigation: its report is due within the days of the
        settings (3 by default), and at the latest the day before the
        resolution deadline, which leaves a day for the general manager's
        instruction and the resolution (never before today)."""
        self._check_state({"new"})
        days = self.env["res.partner"]._ka_settings()["ka_complaint_report_days"]
        now = fields.Datetime.now()
        today = fields.Date.context_today(self)
        for complaint in self:
            due = today + timedelta(days=days)
            if complaint.date_deadline:
                deadline = fields.Date.context_today(self, complaint.date_deadline)
                due = min(due, max(today, deadline - timedelta(days=1)))
            complaint._ka_workflow_write(
                {
                    "state": "investigating",
                    "date_investigation": now,
                    "report_due": due,
                }
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
        self._ka_workflow_write({"date_report": fields.Datetime.now()})
        for complaint in self:
            gm = self.env["res.users"]._ka_general_manager(complaint.company_id)
            if gm:
                complaint.activity_schedule(
                    "mail.mail_activity_data_todo",
                    summary=self.env._("Instruction on the investigation report"),
                    user_id=gm.id,
                )
        return True

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
            complaint._ka_workflow_write(
                {
                    "state": "resolved",
                    "sla_met": not complaint.date_deadline
                    or now <= complaint.date_deadline,
                    "is_overdue": False,
                }
            )
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
        return True

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
        """Flag open complaints past their deadline, tell the director of
        each newly overdue one, and the general manager when it is still
        open the settings' hours later; each level once."""
        self.flush_model()
        now = fields.Datetime.now()
        self.env.cr.execute(
            SQL(
                """
                UPDATE bigaccount_complaint
                   SET is_overdue = (date_deadline < %(now)s)
                 WHERE state IN %(unresolved)s
                   AND is_overdue IS DISTINCT FROM (date_deadline < %(now)s)
                """,
                now=now,
                unresolved=UNRESOLVED_STATES,
            )
        )
        self.invalidate_model(["is_overdue"])
        delay = self.env["res.partner"]._ka_settings()["ka_complaint_escalate_hours"]
        to_director = self.search(
            [
                ("is_overdue", "=", True),
                ("escalation", "=", "none"),
                ("state", "in", UNRESOLVED_STATES),
            ]
        )
        to_gm = self.search(
            [
                ("is_overdue", "=", True),
                ("state", "in", UNRESOLVED_STATES),
                ("escalation", "=", "director"),
                ("date_escalated", "<=", now - timedelta(hours=delay)),
            ]
        )
        for complaints, level in ((to_director, "director"), (to_gm, "gm")):
            if not complaints:
                continue
            complaints._ka_workflow_write({"escalation": level, "date_escalated": now})
            complaints._ka_escalation_notice(level)
        return len(to_director), len(to_gm)

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
