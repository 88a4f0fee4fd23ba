# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Account managers' development and maintenance targets and the counting
of their actual figures; the target-vs-actual SQL view is in
``report/bigaccount_target_analysis.py``."""

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

from .tools import customer_invoices_join, execute_without_jit, flush_models

# (measure, kind, target field, actual field); 开发目标确立 gives
# the development defaults.
MEASURES = [
    ("prospects", "development", "target_prospects", "actual_prospects"),
    (
        "decision_makers",
        "development",
        "target_decision_makers",
        "actual_decision_makers",
    ),
    ("showroom", "development", "target_showroom", "actual_showroom"),
    ("first_orders", "development", "target_first_orders", "actual_first_orders"),
    ("sales", "development", "target_sales", "actual_sales"),
    ("visits", "maintenance", "target_visits", "actual_visits"),
    (
        "maintenance_sales",
        "maintenance",
        "target_maintenance_sales",
        "actual_maintenance_sales",
    ),
]
MEASURE_LABELS = [
    ("prospects", "Targets identified"),
    ("decision_makers", "Decision makers met"),
    ("showroom", "Brought to the showroom"),
    ("first_orders", "First orders"),
    ("sales", "Development sales"),
    ("visits", "Key-account visits"),
    ("maintenance_sales", "Key-account sales"),
]
ACTUAL_FIELDS = [actual for _m, _k, _t, actual in MEASURES]


class BigaccountTarget(models.Model):
    """Development and maintenance targets of an account manager for a period
    (开发指标), with the actual figures counted from the data."""

    _name = "bigaccount.target"
    _check_company_auto = True
    _description = "Key-Account Manager Target"
    _inherit = ["mail.thread"]
    _order = "date_from desc, user_id"

    name = fields.Char(compute="_compute_name", store=True)
    user_id = fields.Many2one(
        "res.users", string="Account Manager", required=True, index=True, tracking=True
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    date_from = fields.Date(
        string="From",
        required=True,
        default=lambda self: fields.Date.context_today(self).replace(day=1),
    )
    date_to = fields.Date(
        string="To",
        required=True,
        default=lambda self: (
            fields.Date.context_today(self).replace(day=1)
            + relativedelta(months=1, days=-1)
        ),
    )
    # development (40 targets, 15 decision makers met, 10 brought to
    # the showroom, 5 first orders, 50,000 sales)
    target_prospects = fields.Integer(
        string="Targets Identified", default=40, tracking=True
    )
    target_decision_makers = fields.Integer(
        string="Decision Makers Met", default=15, tracking=True
    )
    target_showroom = fields.Integer(
        string="Brought to the Showroom", default=10, tracking=True
    )
    target_first_orders = fields.Integer(
        string="First Orders", default=5, tracking=True
    )
    target_sales = fields.Monetary(
        string="Development Sales", default=50000, tracking=True
    )
    # maintenance
    target_visits = fields.Integer(string="Key-Account Visits", tracking=True)
    target_maintenance_sales = fields.Monetary(
        string="Key-Account Sales", tracking=True
    )
    # actuals, counted from the data by _ka_refresh_actuals
    actual_prospects = fields.Integer(
        string="Targets Identified (actual)",
        readonly=True,
        help="Developments of the manager identified in the period.",
    )
    actual_decision_makers = fields.Integer(
        string="Decision Makers Met (actual)",
        readonly=True,
        help="Customers whose decision maker the manager met in a visit done in "
        "the period.",
    )
    actual_showroom = fields.Integer(
        string="Brought to the Showroom (actual)",
        readonly=True,
        help="Customers the manager brought on a showroom tour in the period.",
    )
    actual_first_orders = fields.Integer(
        string="First Orders (actual)",
        readonly=True,
        help="Developments of the manager won by a first order in the period.",
    )
    actual_sales = fields.Monetary(
        string="Development Sales (actual)",
        readonly=True,
        help="Untaxed confirmed orders in the period of the customers the manager won.",
    )
    actual_visits = fields.Integer(
        string="Key-Account Visits (actual)",
        readonly=True,
        help="Visits, calls, tours and callbacks of key accounts the manager "
        "made in the period.",
    )
    actual_maintenance_sales = fields.Monetary(
        string="Key-Account Sales (actual)",
        readonly=True,
        help="Untaxed invoices less credit notes in the period of the key "
        "accounts the manager looks after.",
    )
    actuals_date = fields.Datetime(string="Actuals Counted On", readonly=True)
    first_order_rate = fields.Float(
        string="First Orders (%)", compute="_compute_rates", digits=(5, 1)
    )
    sales_rate = fields.Float(
        string="Development Sales (%)", compute="_compute_rates", digits=(5, 1)
    )
    maintenance_sales_rate = fields.Float(
        string="Key-Account Sales (%)", compute="_compute_rates", digits=(5, 1)
    )

    @api.depends("user_id", "date_from", "date_to")
    def _compute_name(self):
        for target in self:
            target.name = (
                f"{target.user_id.name or ''}: {target.date_from} – {target.date_to}"
            )

    @api.depends(
        "target_first_orders",
        "actual_first_orders",
        "target_sales",
        "actual_sales",
        "target_maintenance_sales",
        "actual_maintenance_sales",
    )
    def _compute_rates(self):
        def rate(actual, target):
            return actual * 100.0 / target if target else 0.0

        for target in self:
            target.first_order_rate = rate(
                target.actual_first_orders, target.target_first_orders
            )
            target.sales_rate = rate(target.actual_sales, target.target_sales)
            target.maintenance_sales_rate = rate(
                target.actual_maintenance_sales, target.target_maintenance_sales
            )

    @api.constrains("date_from", "date_to", "user_id", "company_id")
    def _check_period(self):
        for target in self:
            if target.date_to < target.date_from:
                raise ValidationError(
                    self.env._("A target period cannot end before it starts.")
                )
            if self.search_count(
                [
                    ("id", "!=", target.id),
                    ("user_id", "=", target.user_id.id),
                    ("company_id", "=", target.company_id.id),
                    ("date_from", "<=", target.date_to),
                    ("date_to", ">=", target.date_from),
                ],
                limit=1,
            ):
                raise ValidationError(
                    self.env._(
                        "%(manager)s already has targets overlapping this period.",
                        manager=target.user_id.name,
                    )
                )

    @api.constrains(*[target for _m, _k, target, _a in MEASURES])
    def _check_targets(self):
        for target in self:
            if any(target[fname] < 0 for _m, _k, fname, _a in MEASURES):
                raise ValidationError(self.env._("Targets cannot be negative."))

    @api.model_create_multi
    def create(self, vals_list):
        # wrong types get a clear error before anything reads them
        self._ka_check_input_list(vals_list)
        targets = super().create(vals_list)
        targets._ka_refresh_actuals()
        return targets

    def write(self, vals):
        result = super().write(vals)
        if {"user_id", "company_id", "date_from", "date_to"} & set(vals):
            self._ka_refresh_actuals()
        return result

    @api.model
    def _ka_guarded_fields(self):
        # the actuals are counted from the data, never typed in
        return super()._ka_guarded_fields() | {*ACTUAL_FIELDS, "actuals_date"}

    def action_refresh_actuals(self):
        self._ka_refresh_actuals()
        return True

    def _ka_refresh_actuals(self):
        """Count the actual figures of the targets ``self`` and store them
        with one statement, whatever the number of managers and periods
        (without JIT compilation, see ``execute_without_jit``)."""
        if not self:
            return
        flush_models(
            self.env,
            [
                self._name,
                "bigaccount.visit",
                "crm.lead",
                "bigaccount.contact.profile",
                "sale.order",
                "res.partner",
                "res.users",
            ],
        )
        columns = SQL(", ").join(
            SQL("%s = actual.%s", SQL.identifier(fname), SQL.identifier(fname))
            for fname in ACTUAL_FIELDS
        )
        # SQL: every target's actuals in one UPDATE (measured: docs/benchmarks.md)
        execute_without_jit(
            self.env.cr,
            SQL(
                """
                UPDATE bigaccount_target target
                   SET %(columns)s, actuals_date = NOW() AT TIME ZONE 'UTC'
                  FROM (%(query)s) AS actual(id, %(names)s)
                 WHERE target.id = actual.id
                """,
                columns=columns,
                query=self._ka_actuals_query(),
                names=SQL(", ").join(SQL.identifier(f) for f in ACTUAL_FIELDS),
            ),
        )
        self.invalidate_recordset([*ACTUAL_FIELDS, "actuals_date"])

    def _ka_actuals_query(self):
        """One row per target of ``self``: its id and the actual figures, in
        the order of ``ACTUAL_FIELDS``. Visits and orders count on the
        manager's days (their time zone): the period's bounds are turned
        into UTC once, so that the indexes on the visits serve."""
        return SQL(
            """
            WITH t AS (
                SELECT target.id, target.user_id, target.company_id,
                       target.date_from, target.date_to,
                       (target.date_from::timestamp AT TIME ZONE tz.name)
                           AT TIME ZONE 'UTC' AS utc_from,
                       ((target.date_to + 1)::timestamp AT TIME ZONE tz.name)
                           AT TIME ZONE 'UTC' AS utc_to
                  FROM bigaccount_target target
                  JOIN res_users u ON u.id = target.user_id
                  JOIN res_partner manager ON manager.id = u.partner_id
                 CROSS JOIN LATERAL (
                     SELECT COALESCE(NULLIF(manager.tz, ''), 'UTC') AS name
                 ) tz
                 WHERE target.id = ANY(%(ids)s)
            ), visits AS MATERIALIZED (
                -- the manager's visits done in the period
                SELECT t.id AS target_id, v.partner_id, v.kind,
                       EXISTS (
                           SELECT 1
                             FROM bigaccount_visit_contact_rel rel
                             JOIN bigaccount_contact_profile profile
                               ON profile.contact_id = rel.partner_id
                            WHERE rel.visit_id = v.id
                              AND profile.role = 'decision_maker'
                       ) AS met_decision_maker
                  FROM t
                  JOIN bigaccount_visit v
                    ON v.user_id = t.user_id
                   AND v.company_id = t.company_id
                   AND v.state IN ('done', 'reported')
                   AND v.date_start >= t.utc_from
                   AND v.date_start < t.utc_to
            ), visit_figures AS (
                SELECT visits.target_id,
                       COUNT(DISTINCT visits.partner_id)
                           FILTER (WHERE visits.met_decision_maker)
                           AS decision_makers,
                       COUNT(DISTINCT visits.partner_id)
                           FILTER (WHERE visits.kind = 'showroom') AS showroom,
                       COUNT(*) FILTER (WHERE account.ka_is_key_account) AS visits
                  FROM visits
                  JOIN res_partner account ON account.id = visits.partner_id
                 GROUP BY visits.target_id
            ), development_figures AS (
                -- the manager's key-account developments (CRM opportunities,
                -- lost ones included)
                SELECT t.id AS target_id,
                       COUNT(*) FILTER (
                           WHERE d.ka_date_identified BETWEEN t.date_from AND t.date_to
                       ) AS prospects,
                       COUNT(*) FILTER (
                           WHERE d.ka_date_won BETWEEN t.date_from AND t.date_to
                       ) AS first_orders
                  FROM t
                  JOIN crm_lead d
                    ON d.user_id = t.user_id
                   AND d.company_id = t.company_id
                   AND d.ka_is_development
                   AND (d.ka_date_identified BETWEEN t.date_from AND t.date_to
                        OR d.ka_date_won BETWEEN t.date_from AND t.date_to)
                 GROUP BY t.id
            ), development_sales AS (
                -- confirmed orders of the customers won, from the first on
                SELECT t.id AS target_id,
                       SUM(o.amount_untaxed
                           / COALESCE(NULLIF(o.currency_rate, 0), 1)) AS sales
                  FROM t
                  JOIN crm_lead d
                    ON d.user_id = t.user_id
                   AND d.company_id = t.company_id
                   AND d.ka_is_development
                  JOIN sale_order first_order ON first_order.id = d.ka_first_order_id
                  JOIN res_partner prospect ON prospect.id = d.partner_id
                  JOIN res_partner contact
                    ON contact.commercial_partner_id = prospect.commercial_partner_id
                  JOIN sale_order o
                    ON o.partner_id = contact.id
                   AND o.company_id = t.company_id
                   AND o.state = 'sale'
                   AND o.date_order >= first_order.date_order
                   AND o.date_order >= t.utc_from
                   AND o.date_order < t.utc_to
                 GROUP BY t.id
            ), maintenance_sales AS (
                -- invoices less credit notes of the key accounts looked after
                SELECT t.id AS target_id, SUM(m.amount_untaxed_signed) AS sales
                  FROM t
                  JOIN res_partner account
                    ON account.ka_manager_id = t.user_id
                   AND account.ka_is_key_account
                  %(invoices)s
                 GROUP BY t.id
            )
            SELECT t.id,
                   COALESCE(development_figures.prospects, 0),
                   COALESCE(visit_figures.decision_makers, 0),
                   COALESCE(visit_figures.showroom, 0),
                   COALESCE(development_figures.first_orders, 0),
                   COALESCE(development_sales.sales, 0),
                   COALESCE(visit_figures.visits, 0),
                   COALESCE(maintenance_sales.sales, 0)
              FROM t
              LEFT JOIN visit_figures ON visit_figures.target_id = t.id
              LEFT JOIN development_figures ON development_figures.target_id = t.id
              LEFT JOIN development_sales ON development_sales.target_id = t.id
              LEFT JOIN maintenance_sales ON maintenance_sales.target_id = t.id
            """,
            ids=self.ids,
            invoices=customer_invoices_join(
                SQL("account.id"),
                SQL("t.company_id"),
                SQL("t.date_from"),
                SQL("t.date_to"),
            ),
        )

    @api.model
    def _cron_refresh_actuals(self):
        """Nightly: count again the targets of the current and last periods."""
        since = fields.Date.context_today(self) - relativedelta(months=1)
        self.search([("date_to", ">=", since)])._ka_refresh_actuals()
