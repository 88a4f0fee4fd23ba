# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from .bigaccount_credit_request import FINANCE_GROUP

DIRECTOR_GROUP = "bigaccount_crm.group_ka_director"
GM_GROUP = "bigaccount_crm.group_ka_general_manager"
VISIT_KINDS = [
    ("onsite", "On-site visit"),
    ("phone", "Phone call"),
    ("reception", "Reception at our office"),
    ("showroom", "Showroom tour"),
    ("email", "Email or letter"),
    ("callback", "Service callback"),
]
# Kinds that count as a contact for the visit cadence of a key account.
CADENCE_KINDS = ("onsite", "phone", "reception", "showroom")
# Kinds without costs that need no review or approval when nothing is spent.
LIGHT_KINDS = ("phone", "email", "callback")
# Receptions at our office and showroom tours (参观接待).
TOUR_KINDS = ("reception", "showroom")
TOUR_LEAD_SETTINGS = {
    "key": "ka_tour_key_hours",
    "ordinary": "ka_tour_ordinary_hours",
    "adhoc": "ka_tour_adhoc_hours",
}
TOUR_NOTICE_FIELDS = {
    "key": "ka_tour_notice_all_ids",
    "ordinary": "ka_tour_notice_service_ids",
    "adhoc": "ka_tour_notice_reception_ids",
}
OPEN_STATES = ("draft", "submitted", "reviewed", "approved")
REPORT_FIELDS = (
    "report_place",
    "report_key_points",
    "report_needs",
    "report_competitors",
    "report_next_steps",
)


class BigaccountVisit(models.Model):
    """A visit, call, reception or callback of a customer (拜访): planned,
    reviewed by a director, approved by the general manager, done, then
    reported; its expenses are reimbursed once the report is reviewed by
    director, general manager and finance (无拜访总结不得报销费用)."""

    _name = "bigaccount.visit"
    _check_company_auto = True
    _description = "Customer Visit"
    _inherit = [
        "bigaccount.document.mixin",
        "mail.thread",
        "mail.activity.mixin",
        "bigaccount.workflow.mixin",
        "bigaccount.numbered.mixin",
    ]
    _order = "date_start desc, id desc"
    _ka_sequence_code = "bigaccount.visit"
    _ka_workflow_fields = frozenset(
        {
            "state",
            "reviewer_id",
            "approver_id",
            "advance_granted",
            "advance_granted_by",
            "report_review",
            "report_director_id",
            "report_gm_id",
            "report_finance_id",
            "reimbursed",
            "date_reimbursed",
        }
    )
    # the plan the director reviewed and the general manager approved
    _ka_decided_states = ("reviewed", "approved", "done", "reported", "cancelled")
    _ka_folded_groups = {"state": ("reported", "cancelled")}
    _ka_decision_fields = frozenset(
        {
            "partner_id",
            "company_id",
            "kind",
            "tour_class",
            "visitor_class_id",
            "visitor_count",
            "date_start",
            "date_end",
            "advance_amount",
            "user_id",
        }
    )
    # the report the reviewers read, once the first one has read it
    _ka_report_fields = frozenset(
        {
            "report_place",
            "report_key_points",
            "report_needs",
            "report_competitors",
            "report_next_steps",
        }
    )

    partner_id = fields.Many2one(tracking=True)
    user_id = fields.Many2one(
        "res.users",
        string="Owner",
        required=True,
        index=True,
        default=lambda self: self.env.user,
        tracking=True,
    )
    contact_ids = fields.Many2many(
        "res.partner",
        "bigaccount_visit_contact_rel",
        "visit_id",
        "partner_id",
        string="Contacts Met",
        domain="[('commercial_partner_id', '=', partner_id), ('id', '!=', partner_id)]",
        check_company=True,
    )
    participant_ids = fields.Many2many(
        "res.users",
        "bigaccount_visit_participant_rel",
        "visit_id",
        "user_id",
        string="Our Participants",
    )
    kind = fields.Selection(VISIT_KINDS, required=True, default="onsite", tracking=True)
    purpose = fields.Selection(
        [
            ("development", "Development"),
            ("maintenance", "Maintenance"),
            ("complaint", "Complaint follow-up"),
            ("renewal", "Renewal"),
            ("collection", "Collection"),
            ("callback", "Service callback"),
        ],
        required=True,
        default="maintenance",
        tracking=True,
    )
    date_start = fields.Datetime(
        string="Start", required=True, default=fields.Datetime.now, tracking=True
    )
    date_end = fields.Datetime(string="End", required=True, tracking=True)
    objective = fields.Text()
    expense_ids = fields.One2many(
        "bigaccount.visit.expense", "visit_id", string="Budget and Expenses"
    )
    budget_total = fields.Monetary(
        string="Budget", compute="_compute_totals", store=True, tracking=True
    )
    cost_total = fields.Monetary(
        string="Actual Cost", compute="_compute_totals", store=True
    )
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("submitted", "Submitted"),
            ("reviewed", "Reviewed"),
            ("approved", "Approved"),
            ("done", "Done"),
            ("reported", "Reported"),
            ("cancelled", "Cancelled"),
        ],
        default="draft",
        required=True,
        tracking=True,
        index=True,
        copy=False,
    )
    reviewer_id = fields.Many2one(
        "res.users", string="Reviewed By", readonly=True, copy=False
    )
    approver_id = fields.Many2one(
        "res.users", string="Approved By", readonly=True, copy=False
    )
    date_done = fields.Datetime(string="Done On", readonly=True, copy=False)
    # Cash advance (预支), granted by finance after approval
    advance_amount = fields.Monetary(
        string="Cash Advance", tracking=True, help="Cash asked in advance, if any."
    )
    advance_granted = fields.Boolean(readonly=True, copy=False, tracking=True)
    advance_granted_by = fields.Many2one(
        "res.users", string="Advance Granted By", readonly=True, copy=False
    )
    # The report (拜访报告)
    report_place = fields.Char(string="Place")
    report_key_points = fields.Text(string="Key Points")
    report_needs = fields.Text(string="Needs and Objections")
    report_competitors = fields.Text(string="Competitor News")
    report_next_steps = fields.Text(string="Next Steps")
    date_reported = fields.Datetime(string="Reported On", readonly=True, copy=False)
    report_review = fields.Selection(
        [
            ("none", "Not reviewed"),
            ("director", "Reviewed by the director"),
            ("gm", "Reviewed by the general manager"),
            ("finance", "Reviewed by finance"),
        ],
        string="Report Review",
        default="none",
        required=True,
        readonly=True,
        copy=False,
        tracking=True,
    )
    report_director_id = fields.Many2one(
        "res.users", string="Report Reviewed by Director", readonly=True, copy=False
    )
    report_gm_id = fields.Many2one(
        "res.users", string="Report Reviewed by GM", readonly=True, copy=False
    )
    report_finance_id = fields.Many2one(
        "res.users", string="Report Reviewed by Finance", readonly=True, copy=False
    )
    reimbursed = fields.Boolean(readonly=True, copy=False, tracking=True)
    date_reimbursed = fields.Date(string="Reimbursed On", readonly=True, copy=False)

    @api.depends("expense_ids.budget_amount", "expense_ids.actual_amount")
    def _compute_totals(self):
        for visit in self:
            visit.budget_total = sum(visit.expense_ids.mapped("budget_amount"))
            visit.cost_total = sum(visit.expense_ids.mapped("actual_amount"))

    @api.onchange("date_start")
    def _onchange_date_start(self):
        if self.date_start and (not self.date_end or self.date_end < self.date_start):
            self.date_end = self.date_start + timedelta(hours=1)

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for visit in self:
            if visit.date_end < visit.date_start:
                raise ValidationError(
                    self.env._("A visit cannot end before it starts.")
                )

    @api.constrains("advance_amount", "visitor_count")
    def _check_advance(self):
        for visit in self:
            if visit.visitor_count < 0:
                raise ValidationError(
                    self.env._("The number of visitors cannot be negative.")
                )
            if visit.advance_amount < 0:
                raise ValidationError(self.env._("A cash advance cannot be negative."))

    @api.constrains("kind", "partner_id")
    def _check_callback_consent(self):
        for visit in self:
            partner = visit.partner_id.sudo()
            if visit.kind == "callback" and not partner.ka_callback_consent:
                raise ValidationError(
                    self.env._(
                        "%(customer)s has not agreed to service callbacks.",
                        customer=partner.display_name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        # wrong types get a clear error before anything reads them
        self._ka_check_input_list(vals_list)
        for vals in vals_list:
            if vals.get("date_start") and not vals.get("date_end"):
                start = fields.Datetime.to_datetime(vals["date_start"])
                vals["date_end"] = start + timedelta(hours=1)
        return super().create(vals_list)

    def write(self, vals):
        if (
            not self.env.su
            and self._ka_report_fields & set(vals)
            and self.filtered(lambda v: v.report_review != "none")
        ):
            raise UserError(
                self.env._("The report of a visit under review no longer changes.")
            )
        return super().write(vals)

    # ------------------------------------------------------------------
    # Workflow
    # ------------------------------------------------------------------
    def _check_owner_or_director(self):
        if self.env.su or self.env.user.has_group(DIRECTOR_GROUP):
            return
        for visit in self:
            if visit.user_id != self.env.user:
                raise AccessError(
                    self.env._(
                        "Only the owner of visit %(name)s or a director can do this.",
                        name=visit.name,
                    )
                )

    def _is_light(self):
        self.ensure_one()
        return (
            self.kind in LIGHT_KINDS
            and not self.budget_total
            and not self.advance_amount
        )

    def action_submit(self):
        """Submit for review; a call, letter or callback that costs nothing
        needs no review and is approved at once."""
        self._check_state({"draft"})
        self._check_owner_or_director()
        self._ka_record_submission()
        for visit in self:
            if visit.is_tour:
                visit._ka_announce_tour()
                continue
            if visit._is_light():
                visit._ka_workflow_write({"state": "approved"})
                continue
            visit._ka_workflow_write({"state": "submitted"})
            reviewer = self.env["res.users"]._ka_director_for(
                visit.partner_id, visit.company_id, exclude=visit.user_id
            )
            if reviewer:
                visit.activity_schedule(
                    "mail.mail_activity_data_todo",
                    summary=self.env._("Visit to review"),
                    user_id=reviewer.id,
                )
        return True

    def action_review(self):
        """A director reviews; the general manager's approval follows, unless
        the settings waive it below a budget."""
        self._check_state({"submitted"})
        if self.filtered("is_tour"):
            raise UserError(
                self.env._(
                    "Receptions and tours are approved by the customer-service "
                    "manager without a review."
                )
            )
        self._check_group(DIRECTOR_GROUP, self.env._("Only a director reviews visits."))
        self._check_not_own(self.env._("Nobody reviews their own visit."))
        waiver = self.env["res.partner"]._ka_settings()["ka_visit_gm_waiver_budget"]
        for visit in self:
            vals = {"state": "reviewed", "reviewer_id": self.env.user.id}
            if waiver and visit.budget_total < waiver:
                vals["state"] = "approved"
            visit._ka_workflow_write(vals)
        self.activity_feedback(["mail.mail_activity_data_todo"])
        return True

    def action_approve(self):
        """The general manager approves visits; receptions and tours are
        approved by the company's customer-service manager (the general
        manager when none is set), without a director's review."""
        tours = self.filtered("is_tour")
        (self - tours)._check_state({"reviewed"})
        tours._check_state({"submitted", "reviewed"})
        self._check_not_own(self.env._("Nobody approves their own visit."))
        for visit in self:
            service_manager = visit.company_id.ka_service_manager_id
            if visit.is_tour and service_manager:
                if not self.env.su and self.env.user != service_manager:
                    raise AccessError(
                        self.env._(
                            "Tours are approved by the customer-service manager, "
                            "%(manager)s.",
                            manager=service_manager.name,
                        )
                    )
            else:
                self._check_group(
                    GM_GROUP, self.env._("Only the general manager approves visits.")
                )
        self._ka_workflow_write({"state": "approved", "approver_id": self.env.user.id})
        self.activity_feedback(["mail.mail_activity_data_todo"])
        return True

    def action_grant_advance(self):
        """Finance pays the cash advance asked, once the visit is approved."""
        self._check_group(
            FINANCE_GROUP, self.env._("Only finance grants cash advances.")
        )
        self._check_not_own(
            self.env._("Nobody grants the cash advance of their own visit.")
        )
        for visit in self:
            if visit.state not in ("approved", "done", "reported"):
                raise UserError(
                    self.env._(
                        "The cash advance of %(name)s is granted after approval.",
                        name=visit.name,
                    )
                )
            if not visit.advance_amount or visit.advance_granted:
                raise UserError(
                    self.env._(
                        "Visit %(name)s has no cash advance to grant.",
                        name=visit.name,
                    )
                )
        self._ka_workflow_write(
            {"advance_granted": True, "advance_granted_by": self.env.user.id}
        )
        return True

    def action_done(self):
        """The visit took place: a follow-up activity is due within the days
        of the settings, and the account's visit cadence moves on."""
        self._check_state({"approved"})
        self._check_owner_or_director()
        now = fields.Datetime.now()
        for visit in self:
            if visit.date_start and visit.date_start > now:
                raise UserError(
                    self.env._(
                        "%(name)s starts on %(date)s: it is done only once it "
                        "has taken place.",
                        name=visit.display_name,
                        date=fields.Datetime.context_timestamp(
                            self, visit.date_start
                        ).strftime("%Y-%m-%d %H:%M"),
                    )
                )
        days = self.env["res.partner"]._ka_settings()["ka_visit_followup_days"]
        self._ka_workflow_write({"state": "done", "date_done": fields.Datetime.now()})
        for visit in self:
            visit.activity_schedule(
                "bigaccount_crm.mail_activity_type_visit_followup",
                date_deadline=fields.Date.context_today(self) + timedelta(days=days),
                user_id=visit.user_id.id,
            )
        self._ka_update_visit_cadence(self.partner_id)
        return True

    def action_report(self):
        """Close the visit with its report; nothing is reimbursed without it."""
        self._check_state({"done"})
        self._check_owner_or_director()
        for visit in self:
            missing = [
                visit._fields[fname].get_description(self.env)["string"]
                for fname in REPORT_FIELDS
                if not (visit[fname] or "").strip()
            ]
            if missing:
                raise UserError(
                    self.env._(
                        "Write the visit report of %(name)s first: %(missing)s.",
                        name=visit.name,
                        missing=", ".join(missing),
                    )
                )
        # the report is a new submission: its reviews are a new round
        self._ka_record_submission()
        self._ka_workflow_write(
            {"state": "reported", "date_reported": fields.Datetime.now()}
        )
        return True

    def action_review_report(self):
        """The report is reviewed by the director, then the general manager,
        then finance, each in turn and never by its owner."""
        self._check_state({"reported"})
        self._check_not_own(self.env._("Nobody reviews the report of their own visit."))
        steps = {
            "none": (
                DIRECTOR_GROUP,
                "director",
                "report_director_id",
                self.env._("The director reviews the report first."),
            ),
            "director": (
                GM_GROUP,
                "gm",
                "report_gm_id",
                self.env._("The general manager reviews the report next."),
            ),
            "gm": (
                FINANCE_GROUP,
                "finance",
                "report_finance_id",
                self.env._("Finance reviews the report last."),
            ),
        }
        for visit in self:
            if visit.report_review not in steps:
                raise UserError(
                    self.env._(
                        "The report of %(name)s is already reviewed.", name=visit.name
                    )
                )
            group, stage, field, message = steps[visit.report_review]
            self._check_group(group, message)
            visit._ka_workflow_write({"report_review": stage, field: self.env.user.id})
        return True

    def action_reimburse(self):
        self._check_group(
            FINANCE_GROUP, self.env._("Only finance reimburses visit expenses.")
        )
        self._check_not_own(
            self.env._("Nobody reimburses the expenses of their own visit."),
            same_step=lambda visit: visit.report_finance_id,
        )
        for visit in self:
            if visit.report_review != "finance" or visit.reimbursed:
                raise UserError(
                    self.env._(
                        "The expenses of %(name)s are reimbursed once its report "
                        "is reviewed by the director, the general manager and "
                        "finance, and only once.",
                        name=visit.name,
                    )
                )
        self._ka_workflow_write(
            {"reimbursed": True, "date_reimbursed": fields.Date.context_today(self)}
        )
        return True

    def action_cancel(self):
        self._check_state(set(OPEN_STATES))
        self._check_owner_or_director()
        self._ka_workflow_write({"state": "cancelled"})
        self.activity_unlink(["mail.mail_activity_data_todo"])
        return True

    def action_draft(self):
        """Back to draft from submitted (to correct) or cancelled."""
        self._check_state({"submitted", "cancelled"})
        self._check_owner_or_director()
        self._ka_workflow_write({"state": "draft"})
        return True
