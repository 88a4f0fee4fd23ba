# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import logging
from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.osv import expression
from odoo.service.model import PG_CONCURRENCY_EXCEPTIONS_TO_RETRY
from odoo.tools import SQL
from odoo.tools.mail import generate_tracking_message_id
from odoo.tools.sql import create_index

from .bigaccount_credit_request import FINANCE_GROUP
from .res_config_settings import KA_SETTINGS
from .res_partner_health import HEALTH_FIELDS
from .sql_tools import execute_without_jit, insert_rows, update_rows

_logger = logging.getLogger(__name__)

ORGANIZATION_TYPES = [
    ("government", "Government body"),
    ("education", "Education body"),
    ("public_hospital", "Public hospital"),
    ("finance_insurance", "Finance or insurance company"),
    ("global_500", "Fortune Global 500"),
    ("national_500", "National top-500 enterprise"),
    ("provincial_500", "Provincial top-500 enterprise"),
    ("city_500", "City top-500 enterprise"),
    ("other", "Other"),
]
LEVELS = [
    ("department", "Key-Account Department"),
    ("branch", "Branch"),
]
# Fields only a key-account director may set.
DIRECTOR_FIELDS = {
    "ka_is_key_account",
    "ka_manager_id",
    "ka_team_user_ids",
    "ka_level_override",
    "ka_is_strategic",
    "ka_strategic_reason",
    "ka_tier_id",
    "ka_tier_pin_until",
    "ka_tier_pin_reason",
}
# Figures written by the tier job from the accounting and sales history.
JOB_FIELDS = {
    "ka_tier_basis",
    "ka_tier_basis_own",
    "ka_margin_percent",
    "ka_invoiced_total",
    "ka_largest_order_amount",
    "ka_oldest_overdue_date",
    "ka_has_bought",
    "ka_is_quality",
    "ka_is_high_value",
    "ka_is_bone",
    "ka_tier_date",
}
# The grade of the latest value assessment (bigaccount.assessment).
GRADE_FIELDS = {"ka_grade", "ka_grade_incomplete"}
# Money figures and the grade: read by the account's manager and team, the
# directors and finance only.
MONEY_FIELDS = {
    "ka_tier_basis",
    "ka_tier_basis_own",
    "ka_margin_percent",
    "ka_invoiced_total",
    "ka_largest_order_amount",
    "ka_grade",
    "ka_grade_incomplete",
}
# Visit cadence, kept by the visits done (bigaccount.visit).
CADENCE_FIELDS = {"ka_last_visit_date", "ka_next_visit_date", "ka_visit_overdue"}
# Credit fields only finance sets.
FINANCE_FIELDS = {
    "ka_credit_hold",
    "ka_credit_hold_reason",
    "ka_credit_mode",
    "ka_credit_pool",
}
# Partners per batch of the tier job (committed by the scheduler): one
# aggregate each (per 2,000 partners it costs 1.4 times as much), written in
# chunks with the cache cleared between them.
TIER_BATCH_SIZE = 10000
TIER_CHUNK_SIZE = 2000
# A nightly job that met a user's concurrent change goes on after this delay.
CRON_RETRY_SECONDS = 10
# Columns the tier job stores (the job fields, the tier and its pin), with
# their SQL types, written with one UPDATE per batch.
TIER_COLUMNS = [
    ("ka_tier_id", "int4"),
    ("ka_tier_date", "date"),
    ("ka_tier_pin_until", "date"),
    ("ka_tier_pin_reason", "varchar"),
    ("ka_tier_basis", "numeric"),
    ("ka_tier_basis_own", "numeric"),
    ("ka_margin_percent", "numeric"),
    ("ka_invoiced_total", "numeric"),
    ("ka_largest_order_amount", "numeric"),
    ("ka_oldest_overdue_date", "date"),
    ("ka_has_bought", "bool"),
    ("ka_is_quality", "bool"),
    ("ka_is_high_value", "bool"),
    ("ka_is_bone", "bool"),
    # the one stored compute that depends on them (on "has bought")
    ("ka_is_potential", "bool"),
]
KA_GROUP = "bigaccount_crm.group_ka_user"
# the money figures: key-account users (their accounts only) and finance
MONEY_READERS = f"{KA_GROUP},{FINANCE_GROUP}"


class ResPartner(models.Model):
    _name = "res.partner"
    _inherit = ["res.partner", "bigaccount.health.mixin"]

    # ------------------------------------------------------------------
    # Ownership and qualification
    # ------------------------------------------------------------------
    ka_is_key_account = fields.Boolean(
        string="Key Account",
        tracking=True,
        groups=KA_GROUP,
        help="Set by a key-account director once the account is approved.",
    )
    ka_manager_id = fields.Many2one(
        "res.users",
        string="Account Manager",
        index="btree_not_null",
        tracking=True,
        domain=[("share", "=", False)],
        groups=KA_GROUP,
    )
    ka_team_user_ids = fields.Many2many(
        "res.users",
        "bigaccount_partner_team_user_rel",
        "partner_id",
        "user_id",
        string="Account Team",
        domain=[("share", "=", False)],
        groups=KA_GROUP,
        help="Users who look after the account with its manager; they see "
        "its key-account records.",
    )
    ka_employee_count = fields.Integer(string="Employees", groups=KA_GROUP)
    ka_office_area = fields.Float(
        string="Office Area (m²)",
        digits=(16, 1),
        groups=KA_GROUP,
        help="Office space only, not plant.",
    )
    ka_organization_type = fields.Selection(
        ORGANIZATION_TYPES, string="Organisation Type", groups=KA_GROUP
    )
    ka_building = fields.Char(
        string="Building / Territory",
        groups=KA_GROUP,
        help="Building or territory the account belongs to; important "
        "buildings are served by the branch.",
    )
    ka_qualifies = fields.Boolean(
        string="Qualifies",
        compute="_compute_ka_qualification",
        store=True,
        groups=KA_GROUP,
        help="Meets the key-account standard: enough employees or office "
        "space (Settings).",
    )
    ka_level_proposed = fields.Selection(
        LEVELS,
        string="Proposed Level",
        compute="_compute_ka_qualification",
        store=True,
        groups=KA_GROUP,
    )
    ka_level_override = fields.Selection(
        LEVELS,
        string="Level Set by Director",
        groups=KA_GROUP,
        tracking=True,
    )
    ka_level = fields.Selection(
        LEVELS,
        string="Ownership Level",
        compute="_compute_ka_level",
        store=True,
        groups=KA_GROUP,
    )
    ka_worth_developing = fields.Boolean(
        string="Worth Developing",
        compute="_compute_ka_qualification",
        store=True,
        groups=KA_GROUP,
    )
    ka_is_potential = fields.Boolean(
        string="Potential Key Account",
        compute="_compute_ka_is_potential",
        store=True,
        groups=KA_GROUP,
        help="Meets or comes close to the key-account standard but has not bought yet.",
    )
    ka_has_bought = fields.Boolean(string="Has Bought", readonly=True, groups=KA_GROUP)

    # ------------------------------------------------------------------
    # Tier
    # ------------------------------------------------------------------
    ka_tier_id = fields.Many2one(
        "bigaccount.tier",
        string="Tier",
        index="btree_not_null",
        tracking=True,
        readonly=True,
        ondelete="restrict",
        group_expand="_read_group_ka_tier_id",
        groups=KA_GROUP,
    )
    ka_currency_id = fields.Many2one(
        "res.currency",
        string="Key-Account Currency",
        compute="_compute_ka_currency_id",
    )
    ka_tier_basis = fields.Monetary(
        string="Monthly Gross Profit",
        currency_field="ka_currency_id",
        readonly=True,
        groups=MONEY_READERS,
        help="Average monthly gross profit over the tier window: posted "
        "customer invoices minus refunds, untaxed, less cost, including the "
        "subsidiaries of a group.",
    )
    ka_tier_basis_own = fields.Monetary(
        string="Own Monthly Gross Profit",
        currency_field="ka_currency_id",
        readonly=True,
        groups=MONEY_READERS,
        help="The same figure without subsidiaries.",
    )
    ka_tier_date = fields.Date(string="Tier Since", readonly=True, groups=KA_GROUP)
    ka_tier_pin_until = fields.Date(
        string="Tier Pinned Until",
        readonly=True,
        groups=KA_GROUP,
        tracking=True,
    )
    ka_tier_pin_reason = fields.Char(
        string="Pin Reason", readonly=True, groups=KA_GROUP
    )
    ka_tier_history_ids = fields.One2many(
        "bigaccount.tier.history",
        "partner_id",
        string="Tier History",
        groups=KA_GROUP,
    )

    # ------------------------------------------------------------------
    # Classes and the figures behind them
    # ------------------------------------------------------------------
    ka_invoiced_total = fields.Monetary(
        string="Cumulative Invoiced",
        currency_field="ka_currency_id",
        readonly=True,
        groups=MONEY_READERS,
    )
    ka_largest_order_amount = fields.Monetary(
        string="Largest Order",
        currency_field="ka_currency_id",
        readonly=True,
        groups=MONEY_READERS,
    )
    ka_oldest_overdue_date = fields.Date(
        string="Oldest Overdue Due Date",
        readonly=True,
        groups=KA_GROUP,
        help="Due date of the oldest open customer invoice past its due date.",
    )
    ka_margin_percent = fields.Float(
        string="Gross Margin (%)",
        digits=(16, 2),
        readonly=True,
        groups=MONEY_READERS,
    )
    ka_is_quality = fields.Boolean(string="Quality", readonly=True, groups=KA_GROUP)
    ka_is_high_value = fields.Boolean(
        string="High-Value", readonly=True, groups=KA_GROUP
    )
    ka_is_group = fields.Boolean(
        string="Group",
        compute="_compute_ka_is_group",
        store=True,
        groups=KA_GROUP,
    )
    ka_buying_unit_id = fields.Many2one(
        "res.partner",
        string="Buying Unit",
        domain=[("is_company", "=", True)],
        index="btree_not_null",
        groups=KA_GROUP,
        help="Related unit that buys for this one: both belong to one group.",
    )
    ka_buying_for_ids = fields.One2many(
        "res.partner",
        "ka_buying_unit_id",
        string="Buys For",
        groups=KA_GROUP,
    )
    ka_is_strategic = fields.Boolean(string="Strategic", tracking=True, groups=KA_GROUP)
    ka_strategic_reason = fields.Char(string="Strategic Because", groups=KA_GROUP)
    ka_is_bone = fields.Boolean(
        string="Bone Account",
        readonly=True,
        groups=KA_GROUP,
        help="Long payment delay and low margin: not worth chasing.",
    )
    ka_class_reasons = fields.Text(
        string="Why These Classes",
        compute="_compute_ka_class_reasons",
        groups=KA_GROUP,
    )

    ka_visit_ids = fields.One2many(
        "bigaccount.visit", "partner_id", string="Visits", groups=KA_GROUP
    )
    ka_grade = fields.Selection(
        [
            ("a", "A: all-out"),
            ("b", "B: control investment"),
            ("c", "C: watch"),
            ("d", "D: defer"),
        ],
        string="Value Grade",
        readonly=True,
        copy=False,
        tracking=True,
        groups=MONEY_READERS,
        help="The grade of the latest value assessment (价值评估).",
    )
    ka_grade_incomplete = fields.Boolean(
        string="Assessment Lacks Information",
        readonly=True,
        copy=False,
        groups=MONEY_READERS,
    )
    ka_assignment_ids = fields.One2many(
        "bigaccount.manager.assignment",
        "partner_id",
        string="Manager History",
        groups=KA_GROUP,
    )
    ka_rating_ids = fields.One2many(
        "bigaccount.manager.rating",
        "partner_id",
        string="Ratings of the Manager",
        groups=KA_GROUP,
    )
    ka_team_member_ids = fields.One2many(
        "bigaccount.account.team.member",
        "partner_id",
        string="Account Team Roles",
        groups=KA_GROUP,
    )
    ka_competitor_ids = fields.One2many(
        "bigaccount.competitor",
        "partner_id",
        string="Competitors",
        groups=KA_GROUP,
    )
    ka_profile_ids = fields.One2many(
        "bigaccount.contact.profile",
        "account_id",
        string="Buying Roles",
        groups=KA_GROUP,
    )
    ka_nomination_ids = fields.One2many(
        "bigaccount.nomination",
        "partner_id",
        string="Nominations",
        groups=KA_GROUP,
    )
    ka_assessment_ids = fields.One2many(
        "bigaccount.assessment",
        "partner_id",
        string="Value Assessments",
        groups=KA_GROUP,
    )
    ka_manager_change_reason = fields.Char(
        string="Reason for the Change of Manager",
        compute="_compute_ka_manager_change_reason",
        inverse="_inverse_ka_manager_change_reason",
        groups="bigaccount_crm.group_ka_director",
        help="Why the account manager changes; kept in the manager history.",
    )
    ka_referred_by_id = fields.Many2one(
        "res.partner",
        string="Referred By",
        index="btree_not_null",
        tracking=True,
        domain=["|", ("is_company", "=", True), ("parent_id", "=", False)],
        groups=KA_GROUP,
        help="The customer who referred this account to us (referral source): "
        "once this account buys, the referrer is a quality account.",
    )
    ka_development_ids = fields.One2many(
        "bigaccount.development",
        "partner_id",
        string="Developments",
        groups=KA_GROUP,
    )
    ka_development_count = fields.Integer(
        string="Development Count",
        compute="_compute_ka_document_counts",
        groups=KA_GROUP,
    )
    ka_complaint_count = fields.Integer(
        string="Complaint Count",
        compute="_compute_ka_document_counts",
        groups=KA_GROUP,
    )
    ka_visit_count = fields.Integer(
        string="Visit Count",
        compute="_compute_ka_document_counts",
        groups=KA_GROUP,
    )
    ka_last_visit_date = fields.Date(
        string="Last Visit",
        readonly=True,
        copy=False,
        groups="bigaccount_crm.group_ka_user",
        help="The latest visit, call, reception or tour done with this account.",
    )
    ka_next_visit_date = fields.Date(
        string="Next Visit Due",
        readonly=True,
        copy=False,
        index="btree_not_null",
        groups="bigaccount_crm.group_ka_user",
        help="Last visit plus the visit interval of the account's tier.",
    )
    ka_visit_overdue = fields.Boolean(
        string="Visit Overdue",
        readonly=True,
        copy=False,
        groups="bigaccount_crm.group_ka_user",
        help="A key account with a tier that was never visited, or not within "
        "its tier's interval.",
    )
    ka_callback_consent = fields.Boolean(
        string="Agrees to Service Callbacks",
        tracking=True,
        groups="bigaccount_crm.group_ka_user",
        help="Service callbacks (回访) are scheduled and made only for customers "
        "who agreed to them.",
    )
    ka_user_is_director = fields.Boolean(
        string="Is Director", compute="_compute_ka_user_is_director", groups=KA_GROUP
    )

    def init(self):
        res = super().init()
        # Key accounts are a few of all partners: a partial index finds them
        # and costs nothing when the nightly jobs write the other partners
        # (an index on every row of a flag would be updated by each write).
        create_index(
            self.env.cr,
            "res_partner_ka_key_account_index",
            self._table,
            ["id"],
            where="ka_is_key_account",
        )
        return res

    # ------------------------------------------------------------------
    # Settings
    # ------------------------------------------------------------------
    @api.model
    def _ka_settings(self, fnames=None):
        """Key-account thresholds from the settings page, as numbers (only
        ``fnames`` when given)."""
        get_param = self.env["ir.config_parameter"].sudo().get_param
        values = {}
        for fname in fnames or KA_SETTINGS:
            key, default = KA_SETTINGS[fname]
            raw = get_param(key)
            try:
                if not raw:
                    values[fname] = default
                elif isinstance(default, bool):
                    values[fname] = raw.lower() in ("true", "1")
                else:
                    values[fname] = type(default)(raw)
            except ValueError:
                values[fname] = default
        return values

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    @api.depends(
        "ka_employee_count",
        "ka_office_area",
        "ka_organization_type",
        "ka_building",
        "ka_is_key_account",
    )
    def _compute_ka_qualification(self):
        cfg = self._ka_settings()
        listed = {key for key, _label in ORGANIZATION_TYPES if key != "other"}
        for partner in self:
            staff = partner.ka_employee_count
            area = partner.ka_office_area
            partner.ka_qualifies = (
                staff >= cfg["ka_qualify_employees"]
                or area >= cfg["ka_qualify_office_area"]
            )
            department = (
                staff >= cfg["ka_department_employees"]
                or partner.ka_organization_type in listed
            )
            # branch level: qualifying companies below the department rule,
            # and customers of an important building or already key accounts
            branch = (
                partner.ka_qualifies or partner.ka_building or partner.ka_is_key_account
            )
            partner.ka_level_proposed = (
                "department" if department else ("branch" if branch else False)
            )
            partner.ka_worth_developing = (
                staff >= cfg["ka_develop_employees"]
                and area >= cfg["ka_develop_office_area"]
            )

    @api.depends("ka_employee_count", "ka_office_area", "ka_has_bought")
    def _compute_ka_is_potential(self):
        # apart from the rest of the qualification: the tier job sets "has
        # bought" and this flag itself, with the same rule, in one UPDATE
        cfg = self._ka_settings()
        for partner in self:
            partner.ka_is_potential = self._ka_potential(
                cfg,
                partner.ka_employee_count,
                partner.ka_office_area,
                partner.ka_has_bought,
            )

    @api.model
    def _ka_potential(self, cfg, staff, area, has_bought):
        """Whether a customer with ``staff`` employees and ``area`` m² of
        offices is a potential key account: it meets or comes close to the
        standard (``cfg``: the settings) and has not bought yet."""
        ratio = cfg["ka_potential_percent"] / 100.0
        close = (staff > 0 and staff >= cfg["ka_qualify_employees"] * ratio) or (
            area > 0 and area >= cfg["ka_qualify_office_area"] * ratio
        )
        return bool(close) and not has_bought

    @api.depends("ka_level_proposed", "ka_level_override")
    def _compute_ka_level(self):
        for partner in self:
            partner.ka_level = partner.ka_level_override or partner.ka_level_proposed

    @api.depends(
        "is_company",
        "parent_id.is_company",
        "child_ids.is_company",
        "ka_buying_unit_id",
        "ka_buying_for_ids",
    )
    def _compute_ka_is_group(self):
        for partner in self:
            partner.ka_is_group = bool(
                partner.is_company
                and (
                    partner.parent_id.is_company
                    or any(partner.child_ids.mapped("is_company"))
                    or partner.ka_buying_unit_id
                    or partner.ka_buying_for_ids
                )
            )

    def _compute_ka_user_is_director(self):
        self.ka_user_is_director = self.env.user.has_group(
            "bigaccount_crm.group_ka_director"
        )

    def _compute_ka_currency_id(self):
        self.ka_currency_id = self.env.company.currency_id

    def _compute_ka_class_reasons(self):
        cfg = self._ka_settings()
        for partner in self:
            currency = partner.ka_currency_id
            lines = []
            if partner.ka_is_quality and partner.ka_invoiced_total >= max(
                cfg["ka_quality_threshold"], 0.01
            ):
                lines.append(
                    self.env._(
                        "Quality: %(amount)s invoiced in all, at least "
                        "%(threshold)s, and paid on time.",
                        amount=currency.format(partner.ka_invoiced_total),
                        threshold=currency.format(cfg["ka_quality_threshold"]),
                    )
                )
            elif partner.ka_is_quality:
                lines.append(
                    self.env._("Quality: referred a customer who then bought from us.")
                )
            if partner.ka_is_high_value:
                lines.append(
                    self.env._(
                        "High-value: a single order of %(amount)s, at least "
                        "%(threshold)s, and paid on time.",
                        amount=currency.format(partner.ka_largest_order_amount),
                        threshold=currency.format(cfg["ka_high_value_threshold"]),
                    )
                )
            if partner.ka_is_group:
                lines.append(
                    self.env._(
                        "Group: belongs to a group of companies (parent, "
                        "subsidiaries or a buying unit)."
                    )
                )
            if partner.ka_is_strategic:
                lines.append(
                    self.env._(
                        "Strategic: %(reason)s",
                        reason=partner.ka_strategic_reason
                        or self.env._("set by a director"),
                    )
                )
            if partner.ka_is_bone:
                lines.append(
                    self.env._(
                        "Bone account: invoices overdue since %(date)s and a "
                        "gross margin of %(margin).2f %% (below %(limit).2f %%).",
                        date=partner.ka_oldest_overdue_date,
                        margin=partner.ka_margin_percent,
                        limit=cfg["ka_bone_margin_percent"],
                    )
                )
            partner.ka_class_reasons = "\n".join(lines)

    @api.model
    def _read_group_ka_tier_id(self, tiers, domain):
        return tiers.search([("active", "=", True)])

    def _ka_sync_team_members(self, removed=None):
        """Keep the team members of the account team roles in the account's
        team (its own-accounts access); users who left a role and hold no
        other leave the team."""
        for partner in self.sudo():
            members = partner.ka_team_member_ids.user_id
            team = partner.ka_team_user_ids | members
            if removed:
                team -= removed - members
            if team != partner.ka_team_user_ids:
                partner.ka_team_user_ids = team

    @api.depends_context("uid")
    def _compute_ka_document_counts(self):
        """Visits and complaints of each account the user may see, in one
        grouped read per model."""
        for fname, model in (
            ("ka_visit_count", "bigaccount.visit"),
            ("ka_complaint_count", "bigaccount.complaint"),
            ("ka_development_count", "bigaccount.development"),
        ):
            counts = dict(
                self.env[model]._read_group(
                    [("partner_id", "in", self.ids)], ["partner_id"], ["__count"]
                )
            )
            for partner in self:
                partner[fname] = counts.get(partner, 0)

    def _ka_account_action(self, xmlid):
        """The action ``xmlid`` on this account's documents, creating new
        ones for it."""
        self.ensure_one()
        account = self.commercial_partner_id
        action = self.env["ir.actions.actions"]._for_xml_id(xmlid)
        action["domain"] = [("partner_id", "=", account.id)]
        action["context"] = {"default_partner_id": account.id}
        return action

    def action_ka_complaints(self):
        return self._ka_account_action("bigaccount_crm.action_bigaccount_complaint")

    def action_ka_visits(self):
        return self._ka_account_action("bigaccount_crm.action_bigaccount_visit")

    def action_ka_developments(self):
        return self._ka_account_action("bigaccount_crm.action_bigaccount_development")

    # ------------------------------------------------------------------
    # Access: director fields and job figures
    # ------------------------------------------------------------------
    def _ka_check_write_access(self, vals):
        if self.env.su:
            return
        if set(vals) & GRADE_FIELDS:
            raise AccessError(
                self.env._("The grade comes from the latest value assessment.")
            )
        if set(vals) & CADENCE_FIELDS:
            raise AccessError(self.env._("The visit cadence follows the visits done."))
        if set(vals) & HEALTH_FIELDS:
            raise AccessError(
                self.env._("The health score is computed daily and cannot be edited.")
            )
        if set(vals) & JOB_FIELDS:
            raise AccessError(
                self.env._(
                    "Key-account figures are computed by the tier job and "
                    "cannot be edited."
                )
            )
        if "credit_limit" in vals and not self.env.user.has_group(FINANCE_GROUP):
            raise AccessError(
                self.env._(
                    "A credit limit changes through an approved credit review "
                    "or by finance."
                )
            )
        if set(vals) & FINANCE_FIELDS and not self.env.user.has_group(FINANCE_GROUP):
            raise AccessError(
                self.env._(
                    "Only finance can set a credit hold, the credit check mode "
                    "or a group credit pool."
                )
            )
        if set(vals) & DIRECTOR_FIELDS and not self.env.user.has_group(
            "bigaccount_crm.group_ka_director"
        ):
            raise AccessError(
                self.env._(
                    "Only a key-account director can set the key-account "
                    "flag, the account manager and team, the level, the "
                    "strategic class or the tier."
                )
            )
        # key-account data of a managed account: its manager, team, directors
        if any(
            fname.startswith("ka_") for fname in vals
        ) and not self.env.user.has_group("bigaccount_crm.group_ka_director"):
            for partner in self:
                if not partner._ka_user_is_account_team():
                    raise AccessError(
                        self.env._(
                            "The key-account data of %(account)s is written by "
                            "its account manager, its team and the directors.",
                            account=partner.commercial_partner_id.display_name,
                        )
                    )

    @api.model
    def _ka_action_key_accounts(self):
        """The *Key Accounts* menu: the key accounts, a manager's own (and
        his team's) by default, as the dashboard counts them."""
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "bigaccount_crm.action_key_accounts"
        )
        context = {"default_is_company": True, "search_default_filter_key_account": 1}
        if not self.env.user.has_group("bigaccount_crm.group_ka_director"):
            context["search_default_filter_my_accounts"] = 1
        action["context"] = context
        return action

    def _ka_user_is_account_team(self):
        """Whether the current user is the manager or on the team of the
        account of ``self`` (true for an account nobody manages yet)."""
        self.ensure_one()
        account = self.sudo().commercial_partner_id
        if not account.ka_manager_id:
            return True
        return self.env.user in (account.ka_manager_id | account.ka_team_user_ids)

    def _ka_reads_every_money_figure(self):
        """Whether the current user reads the money figures of every account
        (superuser, key-account directors, finance)."""
        user = self.env.user
        return (
            self.env.su
            or user.has_group("bigaccount_crm.group_ka_director")
            or user.has_group(FINANCE_GROUP)
        )

    @api.model
    def _ka_money_team_domain(self):
        """The accounts whose money figures the current user reads besides
        those every director reads: the ones he manages or is on the team of."""
        accounts = (
            self.sudo()
            .with_context(active_test=False)
            ._search(
                [
                    "|",
                    ("ka_manager_id", "=", self.env.uid),
                    ("ka_team_user_ids", "in", self.env.uid),
                ]
            )
        )
        return [("commercial_partner_id", "in", accounts)]

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None):
        """A condition on a money figure only matches the accounts whose
        figures the user reads (otherwise searching ``ka_tier_basis > x``
        would tell another manager's figures), and a sort on one is dropped
        for users who do not read every account's."""
        domain = list(domain or [])

        def on_money(leaf):
            return (
                isinstance(leaf, (list, tuple))
                and isinstance(leaf[0], str)
                and leaf[0].split(".")[0] in MONEY_FIELDS
            )

        if not self._ka_reads_every_money_figure() and any(map(on_money, domain)):
            team = self._ka_money_team_domain()
            domain = [
                part
                for leaf in domain
                for part in (["&", leaf, *team] if on_money(leaf) else [leaf])
            ]
        if order and not self._ka_reads_every_money_figure():
            # nor would sorting on them
            order = (
                ",".join(
                    term
                    for term in order.split(",")
                    if term.strip().split(" ")[0] not in MONEY_FIELDS
                )
                or self._order
            )
        return super()._search(domain, offset=offset, limit=limit, order=order)

    @api.model
    def _read_group(
        self,
        domain,
        groupby=(),
        aggregates=(),
        having=(),
        offset=0,
        limit=None,
        order=None,
    ):
        """Totals and groups of money figures cover only the accounts whose
        figures the user reads (his own and his team's), like ``read``."""
        touched = {
            spec.split(":")[0].split(".")[0]
            for spec in [*groupby, *aggregates]
            + [leaf[0] for leaf in having if isinstance(leaf, (list, tuple))]
        }
        if touched & MONEY_FIELDS and not self._ka_reads_every_money_figure():
            domain = expression.AND([domain or [], self._ka_money_team_domain()])
        return super()._read_group(
            domain,
            groupby=groupby,
            aggregates=aggregates,
            having=having,
            offset=offset,
            limit=limit,
            order=order,
        )

    def _read_format(self, fnames, load="_classic_read"):
        """The money figures and grade of an account are read by its
        manager, its team, the directors and finance; others get them
        empty."""
        result = super()._read_format(fnames, load=load)
        hidden = MONEY_FIELDS.intersection(fnames)
        user = self.env.user
        if not hidden or self._ka_reads_every_money_figure():
            return result
        records = self.browse([values["id"] for values in result])
        allowed = {
            record.id
            for record in records.sudo()
            if record.commercial_partner_id.ka_manager_id
            and user
            in (
                record.commercial_partner_id.ka_manager_id
                | record.commercial_partner_id.ka_team_user_ids
            )
        }
        for values in result:
            if values["id"] not in allowed:
                values.update(dict.fromkeys(hidden, False))
        return result

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._ka_check_write_access(vals)
        return super().create(vals_list)

    def _compute_ka_manager_change_reason(self):
        self.ka_manager_change_reason = False

    def _inverse_ka_manager_change_reason(self):
        """Kept in the assignment history by ``write``, not on the partner."""

    def write(self, vals):
        vals = dict(vals)
        reason = vals.pop("ka_manager_change_reason", False) or self.env.context.get(
            "ka_assignment_reason"
        )
        self._ka_check_write_access(vals)
        if "ka_manager_id" not in vals:
            return super().write(vals)
        before = {partner: partner.sudo().ka_manager_id for partner in self}
        if (
            not self.env.su
            and not reason
            and any(old.id != vals["ka_manager_id"] for old in before.values())
        ):
            raise UserError(
                self.env._(
                    "Give the reason why the account manager changes: it is "
                    "kept in the account's manager history."
                )
            )
        res = super().write(vals)
        self.env["bigaccount.manager.assignment"].sudo().create(
            [
                {
                    "partner_id": partner.id,
                    "old_manager_id": old.id,
                    "new_manager_id": partner.sudo().ka_manager_id.id,
                    "reason": reason,
                }
                for partner, old in before.items()
                if old != partner.sudo().ka_manager_id
            ]
        )
        return res

    @api.constrains("ka_employee_count", "ka_office_area")
    def _check_ka_size(self):
        for partner in self:
            if partner.ka_employee_count < 0 or partner.ka_office_area < 0:
                raise ValidationError(
                    self.env._(
                        "Employees and office area of %(partner)s cannot be negative.",
                        partner=partner.display_name,
                    )
                )

    @api.constrains("ka_buying_unit_id")
    def _check_ka_buying_unit(self):
        for partner in self:
            if partner.ka_buying_unit_id == partner:
                raise ValidationError(
                    self.env._("A company cannot be its own buying unit.")
                )

    @api.constrains("ka_tier_pin_until", "ka_tier_pin_reason")
    def _check_ka_tier_pin(self):
        for partner in self:
            if partner.ka_tier_pin_until and not partner.ka_tier_pin_reason:
                raise ValidationError(self.env._("A pinned tier needs a reason."))

    # ------------------------------------------------------------------
    # Settings changes
    # ------------------------------------------------------------------
    @api.model
    def _ka_recompute_qualification(self):
        """Recompute the stored qualification flags after a threshold change.

        Only partners with qualification inputs can change.
        """
        partners = (
            self.sudo()
            .with_context(active_test=False)
            .search(
                [
                    "|",
                    "|",
                    "|",
                    ("ka_employee_count", ">", 0),
                    ("ka_office_area", ">", 0),
                    ("ka_organization_type", "!=", False),
                    ("ka_is_potential", "=", True),
                ]
            )
        )
        fnames = [
            "ka_qualifies",
            "ka_level_proposed",
            "ka_worth_developing",
            "ka_is_potential",
        ]
        for fname in fnames:
            self.env.add_to_compute(partners._fields[fname], partners)
        partners.flush_recordset(fnames + ["ka_level"])
        return len(partners)

    # ------------------------------------------------------------------
    # Tier job
    # ------------------------------------------------------------------
    def _ka_tier_basis_query(self, date_from, date_to, window_months, companies=None):
        """SQL giving, for the commercial partners ``self``, every figure the
        tier job needs, in one pass over their invoices and orders.

        Gross profit of an invoice line is its untaxed amount in company
        currency less its cost: the cost of the sale line it was invoiced
        from (``sale_margin``), otherwise the product's cost; refunds count
        negative.  A parent company is ranked on its own figures plus those
        of every company below it (its subsidiaries, at any depth).

        Override ``_ka_tier_basis_domain_sql`` to narrow the invoice lines;
        ``companies`` narrows them to those companies' (all by default).
        """
        target = self.env.company.currency_id
        if companies is None:
            companies = (
                self.env["res.company"]
                .sudo()
                .with_context(active_test=False)
                .search([("currency_id", "!=", False)])
            )
        rate_ids = companies.ids
        rates = [
            company.currency_id._get_conversion_rate(
                company.currency_id, target, company, date_to
            )
            for company in companies
        ]
        return SQL(
            """
            WITH RECURSIVE tree AS (
                -- each partner of the batch and every partner below it
                SELECT id AS root_id, id AS member_id
                  FROM res_partner
                 WHERE id = ANY(%(ids)s)
                UNION ALL
                -- (a lateral sub-select, so that the children are found
                -- through the index on parent_id rather than by sorting
                -- every partner for a merge join)
                SELECT tree.root_id, child.id
                  FROM tree
                 CROSS JOIN LATERAL (
                     SELECT id FROM res_partner
                      WHERE parent_id = tree.member_id OFFSET 0
                 ) child
            ), members AS MATERIALIZED (
                -- the commercial partners whose figures add up to each root
                -- (both conditions on the join, which PostgreSQL estimates
                -- well, rather than comparing two columns of one row)
                SELECT tree.root_id, tree.member_id
                  FROM tree
                  JOIN res_partner member
                    ON member.id = tree.member_id
                   AND member.commercial_partner_id = tree.member_id
            ), contacts AS MATERIALIZED (
                -- every partner invoiced or ordered on behalf of a member
                -- (indexed access to invoices and orders goes by partner_id)
                SELECT contact.id AS partner_id,
                       contact.commercial_partner_id AS member_id
                  FROM res_partner contact
                 WHERE contact.commercial_partner_id IN (
                     SELECT member_id FROM members
                 )
            ), rates AS (
                SELECT * FROM unnest(%(rate_ids)s::int[], %(rates)s::numeric[])
                    AS r(company_id, rate)
            ), moves AS MATERIALIZED (
                SELECT move.id, move.commercial_partner_id, move.move_type,
                       move.invoice_date
                  FROM account_move move
                 WHERE move.partner_id IN (SELECT partner_id FROM contacts)
                   AND move.state = 'posted'
                   AND move.move_type IN ('out_invoice', 'out_refund')
                   AND move.invoice_date <= %(date_to)s
            ), move_lines AS MATERIALIZED (
                SELECT line.id, line.company_id, line.balance, line.amount_currency,
                       line.quantity, line.product_id, line.product_uom_id,
                       moves.commercial_partner_id AS partner_id,
                       moves.invoice_date > %(date_from)s AS in_window,
                       CASE WHEN moves.move_type = 'out_refund' THEN -1 ELSE 1 END
                           AS sign
                  FROM moves
                  JOIN account_move_line line ON line.move_id = moves.id
                  JOIN account_move move ON move.id = moves.id
                 WHERE line.display_type = 'product'
                   AND %(extra)s
            ), sale_costs AS (
                -- the cost of the (first) sale line each invoice line comes from
                SELECT rel.invoice_line_id,
                       (ARRAY_AGG(order_line.purchase_price
                                  ORDER BY order_line.id))[1] AS purchase_price
                  FROM sale_order_line_invoice_rel rel
                  JOIN sale_order_line order_line
                    ON order_line.id = rel.order_line_id
                 WHERE rel.invoice_line_id IN (SELECT id FROM move_lines)
                 GROUP BY rel.invoice_line_id
            ), lines AS (
                SELECT line.partner_id,
                       line.in_window,
                       -line.balance * rates.rate AS revenue,
                       line.sign * line.quantity * rates.rate * COALESCE(
                           sale_costs.purchase_price * CASE
                               WHEN line.amount_currency <> 0
                               THEN ABS(line.balance / line.amount_currency)
                               ELSE 1 END,
                           COALESCE(
                               (product.standard_price
                                ->> line.company_id::text)::numeric, 0
                           ) * COALESCE(
                               product_uom.factor / NULLIF(line_uom.factor, 0), 1
                           )
                       ) AS cost
                  FROM move_lines line
                  JOIN rates ON rates.company_id = line.company_id
                  LEFT JOIN sale_costs ON sale_costs.invoice_line_id = line.id
                  LEFT JOIN product_product product ON product.id = line.product_id
                  LEFT JOIN product_template template
                    ON template.id = product.product_tmpl_id
                  LEFT JOIN uom_uom product_uom ON product_uom.id = template.uom_id
                  LEFT JOIN uom_uom line_uom ON line_uom.id = line.product_uom_id
            ), per_partner AS (
                SELECT partner_id,
                       SUM(revenue) FILTER (WHERE in_window) AS revenue,
                       SUM(revenue - cost) FILTER (WHERE in_window) AS profit,
                       SUM(revenue) AS invoiced
                  FROM lines
                 GROUP BY partner_id
            ), overdue AS (
                -- the oldest receivable item past its own due date (each
                -- instalment has its own), for members whose past-due items
                -- are not covered by their open credits (credit service)
                SELECT contacts.member_id AS partner_id,
                       MIN(line.date_maturity) FILTER (
                           WHERE line.amount_residual > 0
                             AND line.date_maturity < %(date_to)s
                       ) AS oldest_due
                  FROM account_move_line line
                  JOIN contacts ON contacts.partner_id = line.partner_id
                  JOIN account_account acc ON acc.id = line.account_id
                 WHERE contacts.member_id = ANY(%(ids)s)
                   AND line.parent_state = 'posted'
                   AND NOT line.reconciled
                   AND acc.account_type = 'asset_receivable'
                 GROUP BY contacts.member_id
                HAVING SUM(line.amount_residual) FILTER (
                           WHERE line.amount_residual > 0
                             AND line.date_maturity < %(date_to)s
                       ) + COALESCE(SUM(line.amount_residual) FILTER (
                           WHERE line.amount_residual < 0), 0) > 0
            ), orders AS (
                SELECT contacts.member_id AS partner_id,
                       MAX(sale.amount_untaxed / COALESCE(
                           NULLIF(sale.currency_rate, 0), 1) * rates.rate
                       ) AS largest
                  FROM sale_order sale
                  JOIN contacts ON contacts.partner_id = sale.partner_id
                  JOIN rates ON rates.company_id = sale.company_id
                 WHERE contacts.member_id = ANY(%(ids)s)
                   AND sale.state = 'sale'
                 GROUP BY contacts.member_id
            )
            -- amounts rounded to the currency, the margin to 2 decimals
            SELECT roots.id,
                   ROUND(COALESCE(own.profit, 0) / %(months)s / %(rounding)s)
                       * %(rounding)s AS basis_own,
                   ROUND(COALESCE(SUM(member.profit), 0) / %(months)s
                         / %(rounding)s) * %(rounding)s AS basis,
                   COALESCE(own.revenue, 0) AS revenue,
                   CASE WHEN own.revenue > 0
                        THEN ROUND(own.profit / own.revenue * 100, 2)
                        ELSE 0 END AS margin,
                   ROUND(COALESCE(own.invoiced, 0) / %(rounding)s)
                       * %(rounding)s AS invoiced,
                   own.partner_id IS NOT NULL AS has_bought,
                   overdue.oldest_due,
                   ROUND(COALESCE(orders.largest, 0) / %(rounding)s)
                       * %(rounding)s AS largest
              FROM unnest(%(ids)s::int[]) AS roots(id)
              LEFT JOIN per_partner own ON own.partner_id = roots.id
              LEFT JOIN members ON members.root_id = roots.id
              LEFT JOIN per_partner member ON member.partner_id = members.member_id
              LEFT JOIN overdue ON overdue.partner_id = roots.id
              LEFT JOIN orders ON orders.partner_id = roots.id
             GROUP BY roots.id, own.partner_id, own.profit, own.revenue,
                      own.invoiced, overdue.oldest_due, orders.largest
            """,
            ids=self.ids,
            rate_ids=rate_ids,
            rates=rates,
            date_from=date_from,
            date_to=date_to,
            months=window_months,
            rounding=target.rounding,
            extra=self._ka_tier_basis_domain_sql(),
        )

    def _ka_fetch_tier_figures(self, date_from, date_to, months, companies=None):
        """Run the tier aggregate for ``self``: ``{partner_id: figures}``
        (without JIT compilation, see ``execute_without_jit``); figures in
        the order of ``_ka_tier_basis_query``'s columns after the id."""
        rows = execute_without_jit(
            self.env.cr,
            self._ka_tier_basis_query(date_from, date_to, months, companies=companies),
        )
        return {row[0]: row[1:] for row in rows}

    def _ka_fetch_successful_referrers(self, figures):
        """The partners of ``self`` who referred a customer that then bought
        (介绍过其他客户并成交), in one query; a referred customer
        of the same batch counts with its fresh ``figures``."""
        self.env.cr.execute(
            SQL(
                """
                SELECT referrer.commercial_partner_id,
                       referred.commercial_partner_id,
                       referred_account.ka_has_bought
                  FROM res_partner referred
                  JOIN res_partner referred_account
                    ON referred_account.id = referred.commercial_partner_id
                  JOIN res_partner referrer ON referrer.id = referred.ka_referred_by_id
                 WHERE referrer.commercial_partner_id = ANY(%s)
                   AND referred.active
                """,
                self.ids,
            )
        )
        return {
            referrer
            for referrer, referred, has_bought in self.env.cr.fetchall()
            if (figures[referred][5] if referred in figures else has_bought)
        }

    @api.model
    def _ka_tier_basis_domain_sql(self):
        """Extra SQL condition on ``line`` and ``move`` of the tier basis."""
        return SQL("TRUE")

    @api.model
    def _ka_tier_for(self, basis, tiers):
        """The tier a monthly gross profit reaches (``tiers`` sorted by
        descending minimum, or their ``_ka_tier_thresholds``), or an empty
        recordset."""
        thresholds = (
            tiers if isinstance(tiers, list) else self._ka_tier_thresholds(tiers)
        )
        for bound, tier in thresholds:
            if basis > bound:
                return tier
        return self.env["bigaccount.tier"]

    @api.model
    def _ka_tier_thresholds(self, tiers):
        """``(bound, tier)`` of ``tiers``, read once for a batch: an amount
        rounded to the currency reaches a tier when it is above its bound,
        the tier's minimum less half the currency's rounding (what
        ``float_compare(amount, minimum) >= 0`` says, without its cost)."""
        return [
            (tier.min_monthly_profit - tier.currency_id.rounding / 2, tier)
            for tier in tiers
        ]

    def _ka_fetch_tier_columns(self):
        """What the tier job stored for ``self``, and the employees and
        office area the potential flag needs: ``{partner_id: ({column:
        value}, employees, area)}``, in one query. Numbers come as floats
        and flags as booleans, never empty; other empty values as None."""
        columns = []
        for fname, sql_type in TIER_COLUMNS:
            column = SQL.identifier(fname)
            if sql_type == "numeric":
                column = SQL("COALESCE(%s, 0)::float8", column)
            elif sql_type == "bool":
                column = SQL("COALESCE(%s, FALSE)", column)
            columns.append(column)
        self.env.cr.execute(
            SQL(
                """
                SELECT id, COALESCE(ka_employee_count, 0),
                       COALESCE(ka_office_area, 0)::float8, %s
                  FROM res_partner
                 WHERE id = ANY(%s)
                """,
                SQL(", ").join(columns),
                self.ids,
            )
        )
        fnames = [fname for fname, _sql_type in TIER_COLUMNS]
        return {
            row[0]: (dict(zip(fnames, row[3:], strict=True)), row[1], row[2])
            for row in self.env.cr.fetchall()
        }

    def _ka_recompute_tier_batch(self, run=None):
        """Recompute tier, basis and classes of the commercial partners
        ``self`` with one aggregate query; write only what changed, in
        chunks of ``TIER_CHUNK_SIZE`` partners with the cache cleared
        between them.

        Returns the number of partners whose values changed.
        """
        partners = self.sudo().with_context(active_test=False, tracking_disable=True)
        if not partners:
            return 0
        cfg = self._ka_settings()
        today = fields.Date.context_today(self)
        months = cfg["ka_tier_window_months"]
        date_from = today - relativedelta(months=months)
        tiers = self._ka_tier_thresholds(
            self.env["bigaccount.tier"].sudo().search([("active", "=", True)])
        )
        # the aggregate reads invoices and orders in SQL: flush pending writes
        self.env.flush_all()
        figures = partners._ka_fetch_tier_figures(date_from, today, months)
        referrers = partners._ka_fetch_successful_referrers(figures)
        changed = 0
        for start in range(0, len(partners), TIER_CHUNK_SIZE):
            if start:
                self.env.invalidate_all()
            changed += partners[start : start + TIER_CHUNK_SIZE]._ka_store_tier_figures(
                figures, referrers, cfg, tiers, run
            )
        return changed

    def _ka_store_tier_figures(self, figures, referrers, cfg, tiers, run):
        """Store what the tier job computed for ``self`` (``figures`` of
        ``_ka_fetch_tier_figures``, the ``referrers`` who brought a buying
        customer, the settings ``cfg``, the ``tiers`` thresholds): one
        UPDATE of the partners whose values changed, and the log of their
        tier changes. Returns the number of partners changed."""
        today = fields.Date.context_today(self)
        stored = self._ka_fetch_tier_columns()
        no_figures = (0, 0, 0, 0, 0, False, None, 0)
        changed_ids, rows, tier_changes = [], [], []
        for partner_id in self.ids:
            (
                basis_own,
                basis,
                revenue,
                margin,
                invoiced,
                has_bought,
                oldest_due,
                largest,
            ) = figures.get(partner_id, no_figures)
            # figures come rounded to the currency from the aggregate
            basis, invoiced, largest = float(basis), float(invoiced), float(largest)
            margin = float(margin)
            overdue_days = (today - oldest_due).days if oldest_due else 0
            good_payment = overdue_days <= cfg["ka_good_payment_days"]
            current, staff, area = stored[partner_id]
            row = dict(
                current,
                ka_tier_basis=basis,
                ka_tier_basis_own=float(basis_own),
                ka_margin_percent=margin,
                ka_invoiced_total=invoiced,
                ka_largest_order_amount=largest,
                ka_oldest_overdue_date=oldest_due,
                ka_has_bought=bool(has_bought),
                ka_is_quality=(
                    good_payment
                    and invoiced > 0
                    and invoiced >= cfg["ka_quality_threshold"]
                )
                or partner_id in referrers,
                ka_is_high_value=good_payment
                and largest > 0
                and largest >= cfg["ka_high_value_threshold"],
                ka_is_bone=bool(oldest_due)
                and overdue_days >= cfg["ka_bone_overdue_days"]
                and revenue > 0
                and margin < cfg["ka_bone_margin_percent"],
                ka_is_potential=self._ka_potential(cfg, staff, area, has_bought),
            )
            if row["ka_tier_pin_until"] and row["ka_tier_pin_until"] < today:
                row.update(ka_tier_pin_until=None, ka_tier_pin_reason=None)
            if not row["ka_tier_pin_until"]:
                new_tier = self._ka_tier_for(basis, tiers)
                if (new_tier.id or None) != current["ka_tier_id"]:
                    row.update(ka_tier_id=new_tier.id or None, ka_tier_date=today)
                    tier_changes.append(
                        (partner_id, current["ka_tier_id"], new_tier, basis)
                    )
            if row != current:
                changed_ids.append(partner_id)
                rows.append(row)
        if changed_ids:
            # One UPDATE for the batch, without the per-record overrides of
            # write(); the tier changes are logged below in batch. The
            # potential flag, computed from "has bought", is in the same
            # UPDATE: "has bought" is not marked modified, so that the ORM
            # does not compute and write the flag a second time.
            changed = self.browse(changed_ids)
            update_rows(changed, TIER_COLUMNS, rows)
            changed.modified(
                [fname for fname, _sql_type in TIER_COLUMNS if fname != "ka_has_bought"]
            )
        if tier_changes:
            Tier = self.env["bigaccount.tier"]
            # records of one recordset, so that they are read together
            tiered = self.browse([change[0] for change in tier_changes])
            self._ka_log_tier_changes(
                [
                    (partner, Tier.browse(old_id), new, basis)
                    for partner, (_id, old_id, new, basis) in zip(
                        tiered, tier_changes, strict=True
                    )
                ],
                run=run,
            )
        self.flush_recordset()
        return len(changed_ids)

    @api.model
    def _ka_log_tier_changes(self, changes, run=None, source="job", reason=False):
        """History rows and chatter tracking for tier changes, in batch.

        ``changes`` is a list of ``(partner, old_tier, new_tier, basis)``.
        The rows are inserted in SQL, one statement per table whatever the
        number of changes: the nightly job may change thousands of tiers,
        and the ORM would insert them 100 at a time, computing each row's
        defaults. The values are those the ORM would store.
        """
        partners = self.browse([change[0].id for change in changes]).sudo()
        partners.fetch(["company_id"])  # that column only, for all at once
        now = fields.Datetime.now()
        currency_id = self.env.company.currency_id.id
        insert_rows(
            self.env,
            "bigaccount.tier.history",
            [
                ("partner_id", "int4"),
                ("company_id", "int4"),
                ("old_tier_id", "int4"),
                ("new_tier_id", "int4"),
                ("basis", "numeric"),
                ("currency_id", "int4"),
                ("date", "timestamp"),
                ("user_id", "int4"),
                ("source", "varchar"),
                ("run_id", "int4"),
                ("reason", "varchar"),
            ],
            [
                (
                    partner.id,
                    partner.company_id.id or None,
                    old.id or None,
                    new.id or None,
                    basis,
                    currency_id,
                    now,
                    self.env.uid,
                    source,
                    run.id if run else None,
                    reason or None,
                )
                for partner, (_partner, old, new, basis) in zip(
                    partners, changes, strict=True
                )
            ],
        )
        partners.invalidate_recordset(["ka_tier_history_ids"])
        if source != "job":
            # by hand: the ORM write has tracked the change already
            return
        # The job's changes are logged as ORM tracking would, with the values
        # Odoo gives notes logged on many documents at once
        # (mail.thread._message_log_batch), then their tracking values.
        author_id, email_from = partners._message_compute_author(raise_on_email=False)
        reply_to = self.env["mail.thread"]._notify_get_reply_to(default=email_from)
        subtype_id = self.env["ir.model.data"]._xmlid_to_res_id("mail.mt_note")
        message_ids = insert_rows(
            self.env,
            "mail.message",
            [
                ("model", "varchar"),
                ("res_id", "int4"),
                ("message_type", "varchar"),
                ("subtype_id", "int4"),
                ("is_internal", "bool"),
                ("author_id", "int4"),
                ("email_from", "varchar"),
                ("reply_to", "varchar"),
                ("message_id", "varchar"),
                ("email_add_signature", "bool"),
                ("body", "text"),
                ("date", "timestamp"),
            ],
            [
                (
                    "res.partner",
                    partner.id,
                    "notification",
                    subtype_id,
                    True,
                    author_id,
                    email_from,
                    reply_to[False],
                    generate_tracking_message_id("message-notify"),
                    False,
                    "",
                    now,
                )
                for partner in partners
            ],
        )
        field = self.env["ir.model.fields"]._get("res.partner", "ka_tier_id")
        insert_rows(
            self.env,
            "mail.tracking.value",
            [
                ("mail_message_id", "int4"),
                ("field_id", "int4"),
                ("old_value_integer", "int4"),
                ("old_value_char", "varchar"),
                ("new_value_integer", "int4"),
                ("new_value_char", "varchar"),
            ],
            [
                (
                    message_id,
                    field.id,
                    old.id or 0,
                    old.display_name or "",
                    new.id or 0,
                    new.display_name or "",
                )
                for message_id, (_partner, old, new, _basis) in zip(
                    message_ids, changes, strict=True
                )
            ],
        )
        partners.invalidate_recordset(["message_ids"])

    @api.model
    def _ka_tier_job_domain(self):
        """Commercial partners the tier job ranks."""
        return ["|", ("is_company", "=", True), ("parent_id", "=", False)]

    @api.model
    def _ka_tier_job_step(self, batch_size=TIER_BATCH_SIZE):
        """Handle the next batch of the current run (starting one if none is
        open). Returns ``(done, remaining)``."""
        Run = self.env["bigaccount.tier.run"].sudo()
        run = Run.search([("state", "=", "running")], limit=1)
        if not run:
            run = Run.create({})
        Partner = self.sudo().with_context(active_test=False)
        domain = self._ka_tier_job_domain()
        batch = Partner.search(
            domain + [("id", ">", run.last_partner_id)],
            order="id",
            limit=batch_size,
        )
        changed = batch._ka_recompute_tier_batch(run=run)
        remaining = (
            Partner.search_count(domain + [("id", ">", batch[-1:].id)]) if batch else 0
        )
        run.write(
            {
                "last_partner_id": batch[-1:].id or run.last_partner_id,
                "partner_count": run.partner_count + len(batch),
                "changed_count": run.changed_count + changed,
                "batch_count": run.batch_count + (1 if batch else 0),
                "state": "running" if remaining else "done",
                "date_end": False if remaining else fields.Datetime.now(),
            }
        )
        # Free the memory of the batch before the next one.
        self.env.invalidate_all()
        return len(batch), remaining

    @api.model
    def _ka_cron_step(self, cron_xmlid, step):
        """``step()`` of a job that runs on the cron worker while users work,
        in a savepoint. When a user's transaction changed a row the step
        writes (a confirmation locking its customer's credit, say), the step
        is undone and the job triggered again in ``CRON_RETRY_SECONDS``, on
        a fresh snapshot; returns None then, else what ``step`` returns."""
        try:
            with self.env.cr.savepoint():
                return step()
        except PG_CONCURRENCY_EXCEPTIONS_TO_RETRY as error:
            _logger.info(
                "%s: %s rows changed by a concurrent transaction, going on in %s s",
                cron_xmlid,
                type(error).__name__,
                CRON_RETRY_SECONDS,
            )
            self.env.ref(cron_xmlid).sudo()._trigger(
                fields.Datetime.now() + timedelta(seconds=CRON_RETRY_SECONDS)
            )
            return None

    @api.model
    def _cron_recompute_tiers(self, batch_size=TIER_BATCH_SIZE):
        """Nightly tier job: one batch per call; the scheduler commits and
        calls again while partners remain (Odoo 18 cron progress)."""
        result = self._ka_cron_step(
            "bigaccount_crm.ir_cron_recompute_tiers",
            lambda: self._ka_tier_job_step(batch_size=batch_size),
        )
        if result is None:
            return
        done, remaining = result
        self.env["ir.cron"]._notify_progress(done=done, remaining=remaining)
        _logger.info(
            "Key-account tiers: %s partners done, %s remaining", done, remaining
        )

    @api.model
    def _ka_recompute_all_tiers(self, batch_size=TIER_BATCH_SIZE):
        """Run the whole tier job in this transaction (demo data, tests)."""
        remaining = True
        while remaining:
            _done, remaining = self._ka_tier_job_step(batch_size=batch_size)

    def _ka_check_director(self):
        if not self.env.user.has_group("bigaccount_crm.group_ka_director"):
            raise AccessError(
                self.env._("Only a key-account director can recompute tiers.")
            )

    def action_ka_recompute_tiers(self):
        """Button for directors: start the tier job now in the background."""
        self._ka_check_director()
        self.env.ref("bigaccount_crm.ir_cron_recompute_tiers").sudo()._trigger()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self.env._("Tier recomputation started"),
                "message": self.env._(
                    "Tiers of all customers are being recomputed in the "
                    "background; the job runs list shows its progress."
                ),
                "type": "info",
                "sticky": False,
            },
        }

    def action_ka_recompute_tier(self):
        """Button for directors: recompute these customers' tiers now."""
        self._ka_check_director()
        self.commercial_partner_id._ka_recompute_tier_batch()
        return True

    def action_ka_pin_tier(self):
        self.ensure_one()
        self._ka_check_director()
        action = self.env["ir.actions.actions"]._for_xml_id(
            "bigaccount_crm.action_bigaccount_tier_pin_wizard"
        )
        action["context"] = {"default_partner_id": self.commercial_partner_id.id}
        return action

    def action_ka_unpin_tier(self):
        self._ka_check_director()
        self.write({"ka_tier_pin_until": False, "ka_tier_pin_reason": False})
        self._ka_recompute_tier_batch()
        return True
