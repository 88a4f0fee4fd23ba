# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Key accounts on the partner: ownership (key-account flag, manager,
team), the inputs of the classes (group, buying unit, strategic, referral),
the settings' thresholds, document counts and actions, and the guard on who
writes what (director fields, job figures).

Qualification and level: ``res_partner_qualification.py``; tiers and
classes: ``res_partner_tier.py``; credit: ``res_partner_credit.py``; health:
``res_partner_health.py``; visits: ``res_partner_visit.py``; who reads the
money figures: ``res_partner_money.py``.
"""

from odoo import api, fields, models, tools
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL
from odoo.tools.sql import create_index

from .bigaccount_credit_request import FINANCE_GROUP
from .res_config_settings import KA_SETTINGS
from .res_partner_health import HEALTH_FIELDS
from .res_partner_tier import JOB_FIELDS, KA_GROUP, MONEY_READERS
from .res_partner_visit import CADENCE_FIELDS
from .tools import create_install_columns

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
# The grade of the latest value assessment (bigaccount.assessment).
GRADE_FIELDS = {"ka_grade", "ka_grade_incomplete"}
# Credit fields only finance sets.
FINANCE_FIELDS = {
    "ka_credit_hold",
    "ka_credit_hold_reason",
    "ka_credit_mode",
    "ka_credit_pool",
}


class ResPartner(models.Model):
    _inherit = "res.partner"

    # ------------------------------------------------------------------
    # Ownership
    # ------------------------------------------------------------------
    ka_is_key_account = fields.Boolean(
        string="Key Account",
        tracking=True,
        groups=KA_GROUP,
        help="Set by a key-account director once the account is approved.",
        copy=False,
    )
    ka_manager_id = fields.Many2one(
        "res.users",
        string="Account Manager",
        index="btree_not_null",
        tracking=True,
        domain=[("share", "=", False)],
        groups=KA_GROUP,
        copy=False,
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
        copy=False,
    )

    # ------------------------------------------------------------------
    # Classes and the figures behind them
    # ------------------------------------------------------------------
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
        copy=False,
    )
    ka_buying_for_ids = fields.One2many(
        "res.partner",
        "ka_buying_unit_id",
        string="Buys For",
        groups=KA_GROUP,
    )
    ka_is_strategic = fields.Boolean(
        string="Strategic", tracking=True, groups=KA_GROUP, copy=False
    )
    ka_strategic_reason = fields.Char(
        string="Strategic Because", groups=KA_GROUP, copy=False
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
        copy=False,
    )
    ka_development_ids = fields.One2many(
        "crm.lead",
        "partner_id",
        string="Developments",
        domain=[("ka_is_development", "=", True)],
        groups=KA_GROUP,
    )
    ka_development_count = fields.Integer(
        string="Development Count",
        compute="_compute_ka_document_counts",
        groups=KA_GROUP,
    )
    ka_satisfaction_count = fields.Integer(
        string="Satisfaction Answers",
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
    ka_user_is_director = fields.Boolean(
        string="Is Director", compute="_compute_ka_user_is_director", groups=KA_GROUP
    )

    @api.model
    def _ka_install_fills(self):
        """The stored computed fields the add-on puts on partners, with
        their value on partners that exist before it (see
        :func:`.tools.create_install_columns`): without employees, office
        space, organisation type or building, none qualifies, is worth
        developing or potential, and none has a level; a company is a group
        when its parent or one of its active contacts is a company (no
        buying unit is recorded yet)."""
        return {
            "ka_qualifies": None,
            "ka_level_proposed": None,
            "ka_level": None,
            "ka_worth_developing": None,
            "ka_is_potential": None,
            "ka_is_group": SQL(
                """
                res_partner.is_company AND (
                    EXISTS (SELECT 1 FROM res_partner parent
                             WHERE parent.id = res_partner.parent_id
                               AND parent.is_company)
                    OR EXISTS (SELECT 1 FROM res_partner child
                                WHERE child.parent_id = res_partner.id
                                  AND child.is_company AND child.active))
                """
            ),
        }

    def _auto_init(self):
        create_install_columns(self, self._ka_install_fills())
        return super()._auto_init()

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
        values = self._ka_settings_cached()
        if fnames:
            return {fname: values[fname] for fname in fnames}
        return dict(values)

    @api.model
    @tools.ormcache()
    def _ka_settings_cached(self):
        """Every setting of :data:`KA_SETTINGS`, parsed once per cache
        lifetime (Odoo clears it whenever a system parameter changes); the
        order hot paths read one or two of them (45 parameters read and
        parsed one by one took about 1 ms a call)."""
        get_param = self.env["ir.config_parameter"].sudo().get_param
        values = {}
        for fname, (key, default) in KA_SETTINGS.items():
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
        for fname, model, domain in (
            ("ka_visit_count", "bigaccount.visit", []),
            ("ka_complaint_count", "bigaccount.complaint", []),
            # the key-account developments, open or closed (CRM's opportunities)
            (
                "ka_development_count",
                "crm.lead",
                [("ka_is_development", "=", True), ("active", "in", (True, False))],
            ),
        ):
            counts = dict(
                self.env[model]._read_group(
                    [("partner_id", "in", self.ids), *domain],
                    ["partner_id"],
                    ["__count"],
                )
            )
            for partner in self:
                partner[fname] = counts.get(partner, 0)
        # the completed answers of the satisfaction survey (Odoo Survey)
        counts = dict(
            self.env["survey.user_input"]._read_group(
                [
                    ("ka_account_id", "in", self.ids),
                    ("survey_id.ka_satisfaction", "=", True),
                    ("state", "=", "done"),
                ],
                ["ka_account_id"],
                ["__count"],
            )
        )
        for partner in self:
            partner.ka_satisfaction_count = counts.get(partner, 0)

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

    def action_ka_satisfaction_answers(self):
        """The account's answers of the satisfaction survey (Odoo Survey),
        with the button to enter answers given by phone or on paper."""
        self.ensure_one()
        action = self.env["ir.actions.actions"]._for_xml_id(
            "bigaccount_crm.action_bigaccount_survey"
        )
        action["domain"] = [
            ("ka_account_id", "=", self.commercial_partner_id.id),
            ("survey_id.ka_satisfaction", "=", True),
        ]
        return action

    def action_ka_enter_satisfaction(self):
        """Enter the answers of a satisfaction survey given by phone, at a
        visit or on paper."""
        self.ensure_one()
        action = self.env["ir.actions.actions"]._for_xml_id(
            "bigaccount_crm.action_bigaccount_survey_entry"
        )
        action["context"] = {"default_account_id": self.commercial_partner_id.id}
        return action

    def action_ka_developments(self):
        """The account's key-account developments in CRM, lost ones too."""
        action = self._ka_account_action("bigaccount_crm.action_bigaccount_development")
        action["domain"] += [("ka_is_development", "=", True)]
        action["context"].update(
            active_test=False,
            default_type="opportunity",
            default_team_id=self.env.ref("bigaccount_crm.crm_team_key_accounts").id,
        )
        return action

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

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            # of the new records (``self`` is the original of a copy)
            self.browse()._ka_check_write_access(vals)
        return super().create(vals_list)

    @api.model
    def _ka_guarded_fields(self):
        # the jobs' figures, the visit cadence and the assessment's grade:
        # a duplicated customer starts without them
        return (
            super()._ka_guarded_fields()
            | JOB_FIELDS
            | HEALTH_FIELDS
            | CADENCE_FIELDS
            | GRADE_FIELDS
        )

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

    @api.constrains("ka_buying_unit_id")
    def _check_ka_buying_unit(self):
        for partner in self:
            if partner.ka_buying_unit_id == partner:
                raise ValidationError(
                    self.env._("A company cannot be its own buying unit.")
                )
