# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Tiers and classes of customers, computed by the tier job.

- the tier fields and the figures behind them (monthly gross profit,
  invoiced total, largest order, margin, oldest overdue due date) and the
  classes they give (quality, high-value, bone);
- the basis query (``res_partner_tier_basis.py``): every figure of a batch
  of commercial partners in one SQL aggregate over their invoices and
  orders;
- ``tier_values`` (``tier_rules.py``): a pure function from one partner's
  figures to its tier, classes and flags;
- the change-detecting bulk writer (``_ka_recompute_tier_batch``): one
  UPDATE of the partners whose values changed; the run loop is on
  ``bigaccount.tier.run``, the history rows on ``bigaccount.tier.history``;
- the directors' buttons (recompute, pin, unpin).
"""

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError
from odoo.tools import SQL

from .bigaccount_account_class import CLASS_FIELDS
from .bigaccount_security import FINANCE, KA_USER
from .tier_rules import NO_FIGURES, tier_values
from .tools import flush_models, update_rows

KA_GROUP = KA_USER
# the money figures: key-account users (their accounts only) and finance
MONEY_READERS = f"{KA_USER},{FINANCE}"
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
# Partners written at a time, with the cache cleared between chunks.
TIER_CHUNK_SIZE = 2000
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


class ResPartner(models.Model):
    _inherit = "res.partner"

    ka_has_bought = fields.Boolean(
        string="Has Bought", readonly=True, groups=KA_GROUP, copy=False
    )

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
        copy=False,
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
        copy=False,
    )
    ka_tier_basis_own = fields.Monetary(
        string="Own Monthly Gross Profit",
        currency_field="ka_currency_id",
        readonly=True,
        groups=MONEY_READERS,
        help="The same figure without subsidiaries.",
        copy=False,
    )
    ka_tier_date = fields.Date(
        string="Tier Since", readonly=True, groups=KA_GROUP, copy=False
    )
    ka_tier_pin_until = fields.Date(
        string="Tier Pinned Until",
        readonly=True,
        groups=KA_GROUP,
        tracking=True,
        copy=False,
    )
    ka_tier_pin_reason = fields.Char(
        string="Pin Reason", readonly=True, groups=KA_GROUP, copy=False
    )
    ka_tier_history_ids = fields.One2many(
        "bigaccount.tier.history",
        "partner_id",
        string="Tier History",
        groups=KA_GROUP,
    )

    # ------------------------------------------------------------------
    # Classes computed from the figures
    # ------------------------------------------------------------------
    ka_invoiced_total = fields.Monetary(
        string="Cumulative Invoiced",
        currency_field="ka_currency_id",
        readonly=True,
        groups=MONEY_READERS,
        copy=False,
    )
    ka_largest_order_amount = fields.Monetary(
        string="Largest Order",
        currency_field="ka_currency_id",
        readonly=True,
        groups=MONEY_READERS,
        copy=False,
    )
    ka_oldest_overdue_date = fields.Date(
        string="Oldest Overdue Due Date",
        readonly=True,
        groups=KA_GROUP,
        help="Due date of the oldest open customer invoice past its due date.",
        copy=False,
    )
    ka_margin_percent = fields.Float(
        string="Gross Margin (%)",
        digits=(16, 2),
        readonly=True,
        groups=MONEY_READERS,
        copy=False,
    )
    ka_is_quality = fields.Boolean(
        string="Quality", readonly=True, groups=KA_GROUP, copy=False
    )
    ka_is_high_value = fields.Boolean(
        string="High-Value", readonly=True, groups=KA_GROUP, copy=False
    )
    ka_is_bone = fields.Boolean(
        string="Bone Account",
        readonly=True,
        groups=KA_GROUP,
        help="Long payment delay and low margin: not worth chasing.",
        copy=False,
    )
    ka_class_reasons = fields.Text(
        string="Why These Classes",
        compute="_compute_ka_class_reasons",
        groups=KA_GROUP,
    )
    ka_class_ids = fields.Many2many(
        "bigaccount.account.class",
        string="Classes",
        compute="_compute_ka_class_ids",
        groups=KA_GROUP,
        help="The classes the account is in, as coloured tags.",
    )

    def _compute_ka_currency_id(self):
        self.ka_currency_id = self.env.company.currency_id

    @api.depends(*CLASS_FIELDS.values())
    def _compute_ka_class_ids(self):
        # five rows, one per class
        classes = (
            self.env["bigaccount.account.class"]
            .sudo()
            .search([], limit=len(CLASS_FIELDS))
        )
        for partner in self:
            partner.ka_class_ids = classes.filtered(
                lambda c, p=partner: p[CLASS_FIELDS[c.code]]
            )

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

    @api.constrains("ka_tier_pin_until", "ka_tier_pin_reason")
    def _check_ka_tier_pin(self):
        for partner in self:
            if partner.ka_tier_pin_until and not partner.ka_tier_pin_reason:
                raise ValidationError(self.env._("A pinned tier needs a reason."))

    # ------------------------------------------------------------------
    # Tier job
    # ------------------------------------------------------------------

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
        # SQL: what the job stored, read raw to compare without the ORM's cache
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
        # the aggregate reads invoices and orders in SQL: flush their writes
        flush_models(
            self.env,
            [
                "res.partner",
                "account.move",
                "account.move.line",
                "sale.order",
                "sale.order.line",
                "product.product",
                "product.template",
                "uom.uom",
                "account.account",
            ],
        )
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
        changed_ids, rows, tier_changes = [], [], []
        for partner_id in self.ids:
            current, staff, area = stored[partner_id]
            partner_figures = figures.get(partner_id, NO_FIGURES)
            is_potential = self._ka_potential(
                cfg, staff, area, partner_figures.has_bought
            )
            row = tier_values(
                partner_figures,
                current,
                partner_id in referrers,
                is_potential,
                cfg,
                tiers,
                today,
            )
            if row["ka_tier_id"] != current["ka_tier_id"]:
                tier_changes.append(
                    (
                        partner_id,
                        current["ka_tier_id"],
                        row["ka_tier_id"],
                        row["ka_tier_basis"],
                    )
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
            # the new tiers as the thresholds hold them (already read)
            reached = {tier.id: tier for _bound, tier in tiers}
            # records of one recordset, so that they are read together
            tiered = self.browse([change[0] for change in tier_changes])
            self.env["bigaccount.tier.history"]._ka_log_changes(
                [
                    (
                        partner,
                        Tier.browse(old_id),
                        reached.get(new_id) or Tier.browse(new_id),
                        basis,
                    )
                    for partner, (_id, old_id, new_id, basis) in zip(
                        tiered, tier_changes, strict=True
                    )
                ],
                run=run,
            )
        self.flush_recordset()
        return len(changed_ids)

    @api.model
    def _ka_tier_job_domain(self):
        """Commercial partners the tier job ranks."""
        return ["|", ("is_company", "=", True), ("parent_id", "=", False)]

    @api.model
    def _cron_recompute_tiers(self):
        """Called by the nightly job's cron record; the run loop is
        ``bigaccount.tier.run._cron_run``."""
        self.env["bigaccount.tier.run"]._cron_run()

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
