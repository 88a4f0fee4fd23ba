# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

# The five stages of a prospect (大客户开发五步), then the outcome.
STAGES = [
    ("identify", "1. Identify target"),
    ("information", "2. Information and demo"),
    ("assessment", "3. Value assessment"),
    ("relationship", "4. Relationship building"),
    ("closing", "5. Closing"),
    ("won", "Won"),
    ("dropped", "Dropped"),
]
OPEN_STAGES = ("identify", "information", "assessment", "relationship", "closing")
STAGE_RANK = {stage: rank for rank, (stage, _label) in enumerate(STAGES)}
# Default probability (%) of a prospect entering each stage.
STAGE_PROBABILITY = {
    "identify": 10,
    "information": 20,
    "assessment": 30,
    "relationship": 50,
    "closing": 70,
    "won": 100,
    "dropped": 0,
}
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
LEVELS3 = [("low", "Low"), ("medium", "Medium"), ("high", "High")]
# The customer's procurement steps (采购流程).
PROCUREMENT_STEPS = [
    ("need", "Internal need and project"),
    ("screening", "Supplier survey and screening"),
    ("standards", "Purchasing standards set"),
    ("tender", "Tender and evaluation"),
    ("inspection", "Supplier inspection"),
    ("signed", "Agreement signed"),
]
BUYING_FACTORS = [
    ("quality", "Quality"),
    ("price", "Price"),
    ("service", "Service capacity"),
    ("long_term", "Long-term cooperation"),
    ("delivery", "Delivery"),
    ("technical", "Technical level"),
    ("other", "Other"),
]
# The grade of the latest value assessment steers the prospect.
TRACKS = {
    "a": "key",
    "b": "control",
    "c": "watch",
    "d": "parked",
}
APPLICATION_FIELDS = frozenset(
    {
        "forecast_sales",
        "forecast_profit",
        "forecast_cost",
        "staff_expense",
        "travel_expense",
        "risk_level",
        "risk_note",
        "relationship_budget",
        "involvement",
        "advantage_note",
    }
)


class BigaccountDevelopment(models.Model):
    """The development of a prospect (大客户开发): a lead from a channel,
    worked through the five stages under a development application (开发申请)
    approved by a director, which becomes the plan; won by its first order
    (首单) or dropped with a categorised reason."""

    _name = "bigaccount.development"
    _check_company_auto = True
    _description = "Key-Account Development"
    _inherit = [
        "bigaccount.document.mixin",
        "mail.thread",
        "mail.activity.mixin",
        "bigaccount.workflow.mixin",
        "bigaccount.numbered.mixin",
    ]
    _order = "priority desc, expected_date, id desc"
    _ka_sequence_code = "bigaccount.development"
    _ka_workflow_fields = frozenset(
        {
            "application_state",
            "application_approver_id",
            "application_date",
            "first_order_id",
            "first_order_amount",
            "date_won",
            "drop_reason_id",
            "drop_note",
            "date_dropped",
        }
    )
    # the plan a director approved (the application) no longer changes
    # once submitted
    _ka_state_field = "application_state"
    _ka_folded_groups = {"stage": ("won", "dropped")}
    _ka_decided_states = ("submitted", "approved")
    _ka_decision_fields = APPLICATION_FIELDS | {"partner_id", "company_id"}

    partner_id = fields.Many2one(string="Prospect", tracking=True)
    user_id = fields.Many2one(
        "res.users",
        string="Development Manager",
        required=True,
        index=True,
        tracking=True,
        default=lambda self: self.env.user,
    )
    channel = fields.Selection(
        CHANNELS, required=True, default="cold_call", index=True, tracking=True
    )
    method = fields.Selection(METHODS, string="Development Method", tracking=True)
    referred_by_id = fields.Many2one(
        "res.partner",
        string="Referred By",
        domain=["|", ("is_company", "=", True), ("parent_id", "=", False)],
        help="The customer who referred this prospect to us: a referral that "
        "ends in a purchase makes that customer a quality account.",
        check_company=True,
    )
    stage = fields.Selection(
        STAGES,
        required=True,
        default="identify",
        index=True,
        tracking=True,
        group_expand="_group_expand_stage",
    )
    date_start = fields.Date(
        string="Identified On",
        required=True,
        default=fields.Date.context_today,
        help="The day the target was identified: the development cycle starts.",
    )
    date_information = fields.Date(string="Information Stage On", copy=False)
    date_assessment = fields.Date(string="Assessment Stage On", copy=False)
    date_relationship = fields.Date(string="Relationship Stage On", copy=False)
    date_closing = fields.Date(string="Closing Stage On", copy=False)
    # the grade of the latest value assessment and what it means here
    grade = fields.Selection(related="partner_id.ka_grade", string="Value Grade")
    grade_incomplete = fields.Boolean(related="partner_id.ka_grade_incomplete")
    track = fields.Selection(
        [
            ("key", "Key sales process"),
            ("control", "Control investment"),
            ("watch", "Watch"),
            ("parked", "Parked"),
        ],
        compute="_compute_track",
        store=True,
        index=True,
        help="Steered by the grade of the latest value assessment: A enters the "
        "key sales process, B and C are kept with limited effort, D is parked.",
    )
    priority = fields.Selection(
        [("0", "Normal"), ("1", "Key")], compute="_compute_track", store=True
    )
    # forecast
    expected_amount = fields.Monetary(string="Expected Sales", tracking=True)
    expected_date = fields.Date(string="Expected Close", tracking=True)
    probability = fields.Float(
        string="Probability (%)",
        digits=(5, 2),
        default=STAGE_PROBABILITY["identify"],
        aggregator="avg",
        help="Set from the stage when the stage changes; adjust it as you learn.",
    )
    weighted_amount = fields.Monetary(
        string="Weighted Forecast", compute="_compute_weighted_amount", store=True
    )
    customer_budget = fields.Monetary(string="Customer's Budget")
    procurement_step = fields.Selection(
        PROCUREMENT_STEPS,
        help="Where the customer stands in its own purchasing process.",
    )
    decision_cycle_days = fields.Integer(
        string="Decision Cycle (days)",
        help="How long the customer usually takes to decide a purchase.",
    )
    buying_criterion_ids = fields.One2many(
        "bigaccount.development.criterion",
        "development_id",
        string="Buying Criteria",
        copy=True,
        help="What the customer weighs when choosing a supplier, most important first.",
    )
    # development application (开发申请) and plan
    application_state = fields.Selection(
        [
            ("draft", "Not submitted"),
            ("submitted", "Submitted"),
            ("approved", "Approved"),
            ("refused", "Refused"),
        ],
        string="Application",
        default="draft",
        required=True,
        tracking=True,
        copy=False,
    )
    forecast_sales = fields.Monetary(string="Forecast Sales (yearly)")
    forecast_profit = fields.Monetary(string="Forecast Profit (yearly)")
    forecast_cost = fields.Monetary(
        string="Management and Operating Cost",
        help="What developing and serving the account costs besides staff and travel.",
    )
    staff_expense = fields.Monetary(string="Staff Expense")
    travel_expense = fields.Monetary(string="Travel Expense")
    relationship_budget = fields.Monetary(string="Relationship Budget")
    risk_level = fields.Selection(LEVELS3, string="Risk")
    risk_note = fields.Text(string="Risks")
    involvement = fields.Selection(
        LEVELS3,
        string="Company Involvement",
        help="How much of the company's support the development needs.",
    )
    advantage_note = fields.Text(
        string="Competitive Advantage",
        help="What we win the customer with: more revenue, simpler purchasing, "
        "a solution, lower total cost, less waste, intangible value.",
    )
    application_approver_id = fields.Many2one(
        "res.users", string="Application Approved By", readonly=True, copy=False
    )
    application_date = fields.Date(
        string="Application Decided On", readonly=True, copy=False
    )
    task_ids = fields.One2many(
        "bigaccount.development.task", "development_id", string="Plan", copy=True
    )
    # outcome
    first_order_id = fields.Many2one(
        "sale.order",
        string="First Order",
        readonly=True,
        copy=False,
        check_company=True,
    )
    first_order_amount = fields.Monetary(readonly=True, copy=False)
    date_won = fields.Date(string="Won On", readonly=True, copy=False)
    cycle_days = fields.Integer(
        string="Development Cycle (days)",
        compute="_compute_cycle_days",
        store=True,
        aggregator="avg",
        help="From the day the target was identified to its first order.",
    )
    drop_reason_id = fields.Many2one(
        "bigaccount.development.drop.reason", readonly=True, copy=False
    )
    drop_category = fields.Selection(
        related="drop_reason_id.category", store=True, string="Drop Category"
    )
    drop_note = fields.Text(string="Why It Did Not Succeed", readonly=True, copy=False)
    date_dropped = fields.Date(string="Dropped On", readonly=True, copy=False)
    is_won = fields.Integer(
        string="Won", compute="_compute_conversion", store=True, aggregator="sum"
    )
    conversion = fields.Float(
        string="Conversion (%)",
        compute="_compute_conversion",
        store=True,
        aggregator="avg",
        digits=(5, 1),
        help="100 for a won development, 0 otherwise: its average over a group "
        "is the group's conversion rate.",
    )
    note = fields.Html()

    _sql_constraints = [
        (
            "probability_range",
            "CHECK(probability >= 0 AND probability <= 100)",
            "A probability goes from 0 to 100 %.",
        ),
    ]

    @api.model
    def _group_expand_stage(self, stages, domain):
        return self._ka_unfolded_values("stage", stages)

    @api.depends("partner_id.ka_grade")
    def _compute_track(self):
        for development in self:
            development.track = TRACKS.get(development.partner_id.sudo().ka_grade)
            development.priority = "1" if development.track == "key" else "0"

    @api.depends("expected_amount", "probability")
    def _compute_weighted_amount(self):
        for development in self:
            development.weighted_amount = (
                development.expected_amount * development.probability / 100
            )

    @api.depends("date_start", "date_won")
    def _compute_cycle_days(self):
        for development in self:
            development.cycle_days = (
                (development.date_won - development.date_start).days
                if development.date_won
                else 0
            )

    @api.depends("stage")
    def _compute_conversion(self):
        for development in self:
            won = development.stage == "won"
            development.is_won = int(won)
            development.conversion = 100.0 if won else 0.0

    @api.constrains(
        "expected_amount",
        "customer_budget",
        "decision_cycle_days",
        "forecast_sales",
        "forecast_cost",
        "staff_expense",
        "travel_expense",
        "relationship_budget",
    )
    def _check_amounts(self):
        for development in self:
            if any(
                development[fname] < 0
                for fname in (
                    "expected_amount",
                    "customer_budget",
                    "decision_cycle_days",
                    "forecast_sales",
                    "forecast_cost",
                    "staff_expense",
                    "travel_expense",
                    "relationship_budget",
                )
            ):
                raise ValidationError(
                    self.env._(
                        "Amounts, budgets and the decision cycle of a development "
                        "cannot be negative."
                    )
                )

    @api.constrains("partner_id", "stage", "company_id")
    def _check_one_open(self):
        for development in self.filtered(lambda d: d.stage in OPEN_STAGES):
            if self.search_count(
                [
                    ("id", "!=", development.id),
                    ("partner_id", "=", development.partner_id.id),
                    ("company_id", "=", development.company_id.id),
                    ("stage", "in", OPEN_STAGES),
                ],
                limit=1,
            ):
                raise ValidationError(
                    self.env._(
                        "%(prospect)s is already being developed.",
                        prospect=development.partner_id.display_name,
                    )
                )

    @api.constrains("channel", "referred_by_id")
    def _check_referral(self):
        for development in self:
            if development.channel == "referral" and not development.referred_by_id:
                raise ValidationError(
                    self.env._("A referral names the customer who referred it.")
                )

    # ------------------------------------------------------------------
    # Stages
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        # wrong types get a clear error before anything reads them
        self._ka_check_input_list(vals_list)
        for vals in vals_list:
            stage = vals.get("stage", "identify")
            if stage not in OPEN_STAGES:
                raise UserError(
                    self.env._("A development starts in one of the five stages.")
                )
            vals.setdefault("probability", STAGE_PROBABILITY[stage])
        developments = super().create(vals_list)
        developments._ka_sync_referral()
        return developments

    def write(self, vals):
        stage = vals.get("stage")
        if stage and not self.env.context.get("ka_stage_checked"):
            self._ka_check_stage_move(stage)
        if stage:
            vals = dict(
                vals, probability=vals.get("probability", STAGE_PROBABILITY[stage])
            )
        result = super().write(vals)
        date_field = f"date_{stage}"
        if stage and date_field in self._fields:
            # each development keeps the day it first entered the stage
            first = self.filtered(lambda d: not d[date_field])
            if first:
                super(BigaccountDevelopment, first).write(
                    {date_field: fields.Date.context_today(self)}
                )
        if "referred_by_id" in vals:
            self._ka_sync_referral()
        return result

    def _ka_sync_referral(self):
        """The referral is kept on the prospect (its archive card shows it,
        the referrer's quality class counts it)."""
        for development in self.filtered("referred_by_id"):
            partner = development.partner_id.sudo()
            if not partner.ka_referred_by_id:
                partner.ka_referred_by_id = development.referred_by_id

    def _ka_check_stage_move(self, stage):
        """The rules of a stage change made by hand (buttons or kanban)."""
        if stage == "won":
            raise UserError(
                self.env._(
                    "A development is won by its first order: confirm the "
                    "prospect's first sales order."
                )
            )
        if stage == "dropped":
            raise UserError(
                self.env._("Use Drop to give the reason a development stops.")
            )
        self._ka_check_open()
        rank = STAGE_RANK[stage]
        for development in self:
            if rank <= STAGE_RANK[development.stage]:
                continue  # going back is always possible
            if development.track == "parked":
                raise UserError(
                    self.env._(
                        "%(name)s is parked (grade D): assess it again before "
                        "moving it on.",
                        name=development.display_name,
                    )
                )
            if rank > STAGE_RANK["assessment"]:
                if not development.grade or development.grade_incomplete:
                    raise UserError(
                        self.env._(
                            "%(name)s needs a complete value assessment before "
                            "relationship building.",
                            name=development.display_name,
                        )
                    )
                if development.application_state != "approved":
                    raise UserError(
                        self.env._(
                            "%(name)s needs an approved development application "
                            "before relationship building.",
                            name=development.display_name,
                        )
                    )

    def _ka_set_stage(self, stage):
        """Move to ``stage`` without the checks of a manual move (the first
        order, the drop wizard, a value assessment)."""
        return self.sudo().with_context(ka_stage_checked=True).write({"stage": stage})

    def action_next_stage(self):
        self._ka_check_open()
        for development in self:
            if development.stage == "closing":
                raise UserError(
                    self.env._(
                        "The last stage ends with the first order: confirm the "
                        "prospect's first sales order."
                    )
                )
            development.stage = OPEN_STAGES[OPEN_STAGES.index(development.stage) + 1]
        return True

    def action_drop(self):
        self._ka_check_open()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Drop Development"),
            "res_model": "bigaccount.development.drop",
            "view_mode": "form",
            "target": "new",
            "context": {"default_development_id": self.id},
        }

    def _ka_drop(self, reason, note):
        self._ka_check_open()
        self._ka_workflow_write(
            {
                "drop_reason_id": reason.id,
                "drop_note": note,
                "date_dropped": fields.Date.context_today(self),
            }
        )
        self._ka_set_stage("dropped")

    def action_reopen(self):
        """Back to information gathering (a dropped prospect revived)."""
        for development in self:
            if development.stage != "dropped":
                raise UserError(self.env._("Only a dropped development reopens."))
        self._ka_workflow_write(
            {"drop_reason_id": False, "drop_note": False, "date_dropped": False}
        )
        self._ka_set_stage("information")
        self.message_post(body=self.env._("Reopened."))
        return True

    def _ka_check_open(self):
        for development in self:
            if development.stage not in OPEN_STAGES:
                raise UserError(
                    self.env._(
                        "%(name)s is closed: reopen it first.",
                        name=development.display_name,
                    )
                )

    @api.model
    def _ka_orders_confirmed(self, orders):
        """A confirmed order wins the open development of its customer: the
        first order, its amount and the development cycle are kept."""
        orders = orders.sudo()
        developments = self.sudo().search(
            [
                ("partner_id", "in", orders.partner_id.commercial_partner_id.ids),
                ("stage", "in", OPEN_STAGES),
            ]
        )
        for development in developments:
            candidates = orders.filtered(
                lambda order, d=development: (
                    order.partner_id.commercial_partner_id == d.partner_id
                    and order.company_id == d.company_id
                )
            ).sorted(lambda order: (order.date_order, order.id))
            if not candidates:
                continue
            order = candidates[0]
            amount = order.currency_id._convert(
                order.amount_untaxed,
                development.currency_id,
                order.company_id,
                order.date_order,
            )
            development._ka_workflow_write(
                {
                    "first_order_id": order.id,
                    "first_order_amount": amount,
                    # the day of the order in its manager's time zone
                    "date_won": fields.Datetime.context_timestamp(
                        development.with_context(tz=development.user_id.tz),
                        order.date_order,
                    ).date(),
                }
            )
            development._ka_set_stage("won")
            development.message_post(
                body=self.env._("Won with the first order %(order)s.", order=order.name)
            )
