# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Key-account development (大客户开发) on CRM's opportunities.

The opportunities of a sales team marked *Key-Account Development* (the
shipped *Key Accounts* team) are developments of a prospect: they come from a
channel, go through the team's five stages (one development step each),
under a development application (开发申请) approved by a director which
becomes the plan, are steered by the grade of the prospect's value
assessment, won by the prospect's first confirmed order (首单, with CRM's
``action_set_won``) or lost with a categorised CRM lost reason. CRM's own
fields carry the forecast: ``expected_revenue``, ``probability``,
``date_deadline``, ``prorated_revenue``. Opportunities of other teams are
left as CRM makes them.

The application and its approval: ``crm_lead_application.py``.
"""

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .crm_stage import STEP_PROBABILITY, STEP_RANK

KA_GROUP = "bigaccount_crm.group_ka_user"

# Where leads come from (挖掘客户渠道).
CHANNELS = [
    ("tender", "Tender notices"),
    ("gov_procurement", "Government online procurement"),
    ("referral", "Referral"),
    ("cold_call", "Cold call"),
    ("building_sweep", "Building sweep"),
    ("exhibition", "Exhibition or event"),
    ("store", "Store customer"),
    ("website", "Customer's website or media"),
    ("association", "Industry association"),
    ("other", "Other"),
]
# How the account is approached (客户开发方式).
METHODS = [
    ("appointment", "Arranged meeting"),
    ("event", "Industry meetings and forums"),
    ("alliance", "Through partner agencies"),
    ("cultivation", "Cultivation (training, seminars)"),
    ("referral", "Referrals and competitors' customers"),
    ("inbound", "Inbound (reputation, online presence)"),
]
# The customer's procurement steps (采购流程).
PROCUREMENT_STEPS = [
    ("need", "Internal need and project"),
    ("screening", "Supplier survey and screening"),
    ("standards", "Purchasing standards set"),
    ("tender", "Tender and evaluation"),
    ("inspection", "Supplier inspection"),
    ("signed", "Agreement signed"),
]
# The grade of the latest value assessment steers the development.
TRACKS = {"a": "key", "b": "control", "c": "watch", "d": "parked"}
NON_NEGATIVE_FIELDS = (
    "expected_revenue",
    "ka_customer_budget",
    "ka_decision_cycle_days",
    "ka_forecast_sales",
    "ka_forecast_cost",
    "ka_staff_expense",
    "ka_travel_expense",
    "ka_relationship_budget",
)


class CrmLead(models.Model):
    _inherit = "crm.lead"

    ka_is_development = fields.Boolean(
        related="team_id.ka_key_accounts",
        store=True,
        index=True,
        string="Key-Account Development",
    )
    ka_step = fields.Selection(related="stage_id.ka_step")
    ka_channel = fields.Selection(CHANNELS, string="Channel", index=True, tracking=True)
    ka_method = fields.Selection(METHODS, string="Development Method", tracking=True)
    ka_referred_by_id = fields.Many2one(
        "res.partner",
        string="Referred By Customer",
        domain=["|", ("is_company", "=", True), ("parent_id", "=", False)],
        help="The customer who referred this prospect to us: a referral that "
        "ends in a purchase makes that customer a quality account.",
    )
    ka_date_identified = fields.Date(
        string="Identified On",
        default=fields.Date.context_today,
        copy=False,
        help="The day the target was identified: the development cycle starts.",
    )
    ka_date_information = fields.Date(string="Information Stage On", copy=False)
    ka_date_assessment = fields.Date(string="Assessment Stage On", copy=False)
    ka_date_relationship = fields.Date(string="Relationship Stage On", copy=False)
    ka_date_closing = fields.Date(string="Closing Stage On", copy=False)
    # the grade of the latest value assessment and what it means here
    ka_grade = fields.Selection(related="partner_id.ka_grade", string="Value Grade")
    ka_grade_incomplete = fields.Boolean(related="partner_id.ka_grade_incomplete")
    ka_track = fields.Selection(
        [
            ("key", "Key sales process"),
            ("control", "Control investment"),
            ("watch", "Watch"),
            ("parked", "Parked"),
        ],
        string="Track",
        compute="_compute_ka_track",
        store=True,
        index=True,
        help="Steered by the grade of the latest value assessment: A enters the "
        "key sales process, B and C are kept with limited effort, D is parked.",
    )
    ka_customer_budget = fields.Monetary(
        string="Customer's Budget", currency_field="company_currency"
    )
    ka_procurement_step = fields.Selection(
        PROCUREMENT_STEPS,
        string="Procurement Step",
        help="Where the customer stands in its own purchasing process.",
    )
    ka_decision_cycle_days = fields.Integer(
        string="Decision Cycle (days)",
        help="How long the customer usually takes to decide a purchase.",
    )
    ka_buying_criterion_ids = fields.One2many(
        "bigaccount.lead.criterion",
        "lead_id",
        string="Buying Criteria",
        copy=False,
        groups=KA_GROUP,
        help="What the customer weighs when choosing a supplier, most important first.",
    )
    # outcome
    ka_first_order_id = fields.Many2one(
        "sale.order", string="First Order", readonly=True, copy=False
    )
    ka_first_order_amount = fields.Monetary(
        string="First Order Amount",
        currency_field="company_currency",
        readonly=True,
        copy=False,
    )
    ka_date_won = fields.Date(string="Won On", readonly=True, copy=False)
    ka_cycle_days = fields.Integer(
        string="Development Cycle (days)",
        compute="_compute_ka_cycle_days",
        store=True,
        aggregator="avg",
        help="From the day the target was identified to its first order.",
    )
    ka_lost_category = fields.Selection(
        related="lost_reason_id.ka_category", store=True, string="Lost Category"
    )
    ka_conversion = fields.Float(
        string="Conversion (%)",
        compute="_compute_ka_conversion",
        store=True,
        aggregator="avg",
        digits=(5, 1),
        help="100 for a development won by its first order, 0 otherwise: its "
        "average over a group is the group's conversion rate.",
    )

    @api.depends("partner_id.ka_grade", "ka_is_development")
    def _compute_ka_track(self):
        for lead in self:
            lead.ka_track = (
                TRACKS.get(lead.partner_id.sudo().ka_grade)
                if lead.ka_is_development
                else False
            )

    @api.depends("ka_date_identified", "ka_date_won")
    def _compute_ka_cycle_days(self):
        for lead in self:
            lead.ka_cycle_days = (
                (lead.ka_date_won - lead.ka_date_identified).days
                if lead.ka_date_won and lead.ka_date_identified
                else 0
            )

    @api.depends("ka_date_won")
    def _compute_ka_conversion(self):
        for lead in self:
            lead.ka_conversion = 100.0 if lead.ka_date_won else 0.0

    @api.constrains(*NON_NEGATIVE_FIELDS)
    def _check_ka_amounts(self):
        for lead in self.filtered("ka_is_development"):
            if any(lead[fname] < 0 for fname in NON_NEGATIVE_FIELDS):
                raise ValidationError(
                    self.env._(
                        "Amounts, budgets and the decision cycle of a development "
                        "cannot be negative."
                    )
                )

    @api.constrains("partner_id", "team_id", "active", "stage_id", "company_id")
    def _check_ka_one_open(self):
        for lead in self.filtered(lambda lead: lead._ka_is_open() and lead.partner_id):
            # whoever develops it: the user may not see the other development
            if self.sudo().search_count(
                [
                    ("id", "!=", lead.id),
                    ("ka_is_development", "=", True),
                    ("partner_id", "=", lead.partner_id.id),
                    ("company_id", "=", lead.company_id.id),
                    ("stage_id.is_won", "=", False),
                ],
                limit=1,
            ):
                raise ValidationError(
                    self.env._(
                        "%(prospect)s is already being developed.",
                        prospect=lead.partner_id.display_name,
                    )
                )

    @api.constrains("ka_channel", "ka_referred_by_id")
    def _check_ka_referral(self):
        for lead in self:
            if lead.ka_channel == "referral" and not lead.ka_referred_by_id:
                raise ValidationError(
                    self.env._("A referral names the customer who referred it.")
                )

    # ------------------------------------------------------------------
    # Stages
    # ------------------------------------------------------------------

    @api.model
    def _read_group_stage_ids(self, stages, domain):
        """The pipeline of a key-account team shows its own stages only."""
        team_id = self.env.context.get("default_team_id")
        team = self.env["crm.team"].browse(team_id).sudo() if team_id else None
        if team and team.exists() and team.ka_key_accounts:
            stage_ids = stages.sudo()._search(
                ["|", ("id", "in", stages.ids), ("team_id", "=", team.id)],
                order=stages._order,
            )
            return stages.browse(stage_ids)
        return super()._read_group_stage_ids(stages, domain)

    def _stage_find(self, team_id=False, domain=None, order="sequence, id", limit=1):
        """The stages of a key-account team are its own: Odoo's shared stages
        are not development steps."""
        teams = self.team_id | self.env["crm.team"].browse(team_id or [])
        if teams and all(teams.sudo().mapped("ka_key_accounts")):
            stages = self.env["crm.stage"].search(
                [("team_id", "in", teams.ids)] + list(domain or []),
                order=order,
                limit=limit,
            )
            if stages:
                return stages
        return super()._stage_find(
            team_id=team_id, domain=domain, order=order, limit=limit
        )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            # a development is named after its prospect unless named
            if not vals.get("name") and vals.get("partner_id"):
                partner = self.env["res.partner"].browse(vals["partner_id"])
                vals["name"] = partner.sudo().commercial_partner_id.name
        leads = super().create(vals_list)
        if not self.env.context.get("ka_stage_checked"):
            # a development starts at the first step: created further on (by
            # a kanban column, an import, the API), the steps' rules hold
            for lead in leads.filtered("ka_is_development"):
                lead._ka_check_stage_move(lead.stage_id, from_first_step=True)
        for lead, vals in zip(leads, vals_list, strict=True):
            if lead.ka_is_development and lead.ka_step and "probability" not in vals:
                lead.write({"probability": STEP_PROBABILITY[lead.ka_step]})
        leads.filtered("ka_is_development")._ka_sync_referral()
        return leads

    def write(self, vals):
        stage = (
            self.env["crm.stage"].browse(vals["stage_id"])
            if vals.get("stage_id")
            else None
        )
        developments = self.filtered("ka_is_development")
        if stage and developments and not self.env.context.get("ka_stage_checked"):
            developments._ka_check_stage_move(stage)
        result = super().write(vals)
        if stage and stage.ka_step:
            developments = self.filtered("ka_is_development")
            if "probability" not in vals:
                super(CrmLead, developments).write(
                    {"probability": STEP_PROBABILITY[stage.ka_step]}
                )
            # each development keeps the day it first entered the step
            date_field = f"ka_date_{stage.ka_step}"
            first = developments.filtered(
                lambda lead: date_field in lead._fields and not lead[date_field]
            )
            if first:
                super(CrmLead, first).write(
                    {date_field: fields.Date.context_today(self)}
                )
        if "ka_referred_by_id" in vals:
            self._ka_sync_referral()
        return result

    def _ka_is_open(self):
        self.ensure_one()
        return self.ka_is_development and self.active and not self.stage_id.is_won

    def _ka_sync_referral(self):
        """The referral is kept on the prospect (its archive card shows it,
        the referrer's quality class counts it)."""
        for lead in self.filtered(
            lambda lead: lead.ka_referred_by_id and lead.partner_id
        ):
            partner = lead.partner_id.commercial_partner_id.sudo()
            if not partner.ka_referred_by_id:
                partner.ka_referred_by_id = lead.ka_referred_by_id

    def _ka_stage_of_step(self, step):
        """The stage of the development's team that is ``step``."""
        self.ensure_one()
        return self.env["crm.stage"].search(
            [("team_id", "=", self.team_id.id), ("ka_step", "=", step)], limit=1
        )

    def _ka_check_stage_move(self, stage, from_first_step=False):
        """The rules of a stage change of a development made by hand
        (statusbar, kanban, buttons) to ``stage``, from each development's
        stage or, with ``from_first_step``, from the first step (a new
        development). Raises ``UserError`` saying which rule is not met."""
        if stage.is_won:
            raise UserError(
                self.env._(
                    "A key-account development is won by its first order: "
                    "confirm the prospect's first sales order."
                )
            )
        if not stage.ka_step:
            raise UserError(
                self.env._(
                    "A key-account development moves through the development "
                    "steps of its team's stages."
                )
            )
        self._ka_check_open()
        rank = STEP_RANK[stage.ka_step]
        for lead in self:
            current = (
                STEP_RANK["identify"]
                if from_first_step
                else STEP_RANK.get(lead.stage_id.ka_step, -1)
            )
            if rank <= current:
                continue  # going back is always possible
            if lead.ka_track == "parked":
                raise UserError(
                    self.env._(
                        "%(name)s is parked (grade D): assess it again before "
                        "moving it on.",
                        name=lead.display_name,
                    )
                )
            if rank > STEP_RANK["assessment"]:
                if not lead.ka_grade or lead.ka_grade_incomplete:
                    raise UserError(
                        self.env._(
                            "%(name)s needs a complete value assessment before "
                            "relationship building.",
                            name=lead.display_name,
                        )
                    )
                if lead.ka_application_state != "approved":
                    raise UserError(
                        self.env._(
                            "%(name)s needs an approved development application "
                            "before relationship building.",
                            name=lead.display_name,
                        )
                    )

    def _ka_check_open(self):
        for lead in self:
            if not lead.active or lead.stage_id.is_won:
                raise UserError(
                    self.env._(
                        "%(name)s is closed: restore it first.",
                        name=lead.display_name,
                    )
                )

    def action_ka_next_stage(self):
        """Move each development to the stage of its next development step."""
        self._ka_check_open()
        for lead in self:
            steps = list(STEP_RANK)
            step = lead.stage_id.ka_step
            if step == steps[-1]:
                raise UserError(
                    self.env._(
                        "The last stage ends with the first order: confirm the "
                        "prospect's first sales order."
                    )
                )
            following = steps[steps.index(step) + 1] if step else steps[0]
            stage = lead._ka_stage_of_step(following)
            if not stage:
                raise UserError(
                    self.env._(
                        "The team of %(name)s has no stage for the next step.",
                        name=lead.display_name,
                    )
                )
            lead.stage_id = stage
        return True

    def action_set_won(self):
        developments = self.filtered("ka_is_development")
        if developments and not self.env.context.get("ka_stage_checked"):
            raise UserError(
                self.env._(
                    "A key-account development is won by its first order: "
                    "confirm the prospect's first sales order."
                )
            )
        return super().action_set_won()

    def action_set_lost(self, **additional_values):
        """A development is lost with a reason (its category counts in the
        conversion analysis)."""
        if self.filtered("ka_is_development"):
            self._ka_check_open()
            if not additional_values.get("lost_reason_id"):
                raise UserError(
                    self.env._("Give the reason a key-account development is lost.")
                )
        return super().action_set_lost(**additional_values)

    @api.model
    def _ka_orders_confirmed(self, orders):
        """A confirmed order wins the open development of its customer (the
        order's opportunity first): the first order, its amount and the
        development cycle are kept, and CRM marks the opportunity won."""
        orders = orders.sudo()
        leads = self.sudo().search(
            [
                ("ka_is_development", "=", True),
                ("partner_id", "child_of", orders.partner_id.commercial_partner_id.ids),
                ("stage_id.is_won", "=", False),
            ]
        )
        for lead in leads:
            account = lead.partner_id.commercial_partner_id
            candidates = orders.filtered(
                lambda order, a=account, c=lead.company_id: (
                    order.partner_id.commercial_partner_id == a
                    and order.company_id == c
                )
            ).sorted(
                lambda order, lead=lead: (
                    order.opportunity_id != lead,
                    order.date_order,
                    order.id,
                )
            )
            if not candidates:
                continue
            order = candidates[0]
            amount = order.currency_id._convert(
                order.amount_untaxed,
                lead.company_currency or order.company_id.currency_id,
                order.company_id,
                order.date_order,
            )
            lead._ka_workflow_write(
                {
                    "ka_first_order_id": order.id,
                    "ka_first_order_amount": amount,
                    # the day of the order in its manager's time zone
                    "ka_date_won": fields.Datetime.context_timestamp(
                        lead.with_context(tz=lead.user_id.tz), order.date_order
                    ).date(),
                }
            )
            if not order.opportunity_id:
                order.opportunity_id = lead
            lead.with_context(ka_stage_checked=True).action_set_won()
            lead.message_post(
                body=self.env._("Won with the first order %(order)s.", order=order.name)
            )

    def action_ka_first_order(self):
        """The first order that won the development."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "sale.order",
            "res_id": self.ka_first_order_id.id,
            "view_mode": "form",
        }

    @api.model
    def _ka_apply_assessment(self, assessments):
        """The latest grade steers the open developments of the assessed
        prospects: lacking information sends them back to step 2, grade A
        puts them in the key sales process, grade D parks them."""
        leads = self.sudo().search(
            [
                ("ka_is_development", "=", True),
                ("partner_id", "in", assessments.partner_id.ids),
                ("stage_id.is_won", "=", False),
            ]
        )
        for lead in leads:
            partner = lead.partner_id.sudo()
            if partner.ka_grade_incomplete:
                if STEP_RANK.get(lead.stage_id.ka_step, 0) > STEP_RANK["information"]:
                    stage = lead._ka_stage_of_step("information")
                    if stage:
                        lead.with_context(ka_stage_checked=True).stage_id = stage
                lead.message_post(
                    body=self.env._(
                        "The value assessment lacks information: back to "
                        "information gathering."
                    )
                )
            elif partner.ka_grade == "a":
                lead.message_post(
                    body=self.env._(
                        "Grade A: all-out, the prospect enters the key sales process."
                    )
                )
            elif partner.ka_grade == "d":
                lead.message_post(body=self.env._("Grade D: the prospect is parked."))
