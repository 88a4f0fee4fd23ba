# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Health score of key accounts and churn warning (防止大客户流失): the
score's components and reasons, the daily job computing them in batches."""

import json

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.tools import SQL

from .bigaccount_complaint import OPEN_STATES as OPEN_COMPLAINT_STATES
from .tools import cron_step, plural, update_rows

KA_GROUP = "bigaccount_crm.group_ka_user"
# component field: weight setting
HEALTH_COMPONENTS = {
    "ka_health_revenue": "ka_health_weight_revenue",
    "ka_health_visits": "ka_health_weight_visits",
    "ka_health_complaints": "ka_health_weight_complaints",
    "ka_health_receivables": "ka_health_weight_receivables",
    "ka_health_satisfaction": "ka_health_weight_satisfaction",
    "ka_health_services": "ka_health_weight_services",
}
HEALTH_FIELDS = {
    *HEALTH_COMPONENTS,
    "ka_health_score",
    "ka_at_risk",
    "ka_health_reason_data",
    "ka_health_date",
}
# Days past the due visit, or overdue receivables, that bring a component to 0.
VISIT_ZERO_DAYS = 30
RECEIVABLE_ZERO_DAYS = 90
# Accounts per batch of the daily job: Odoo's prefetch size, so that a batch
# reads and writes with a fixed number of queries.
HEALTH_BATCH = 1000


def _clamp(value):
    return int(round(max(0.0, min(100.0, value))))


class ResPartner(models.Model):
    _inherit = "res.partner"

    ka_health_score = fields.Integer(
        string="Health Score",
        readonly=True,
        groups=KA_GROUP,
        help="0 to 100, recomputed daily from the components below and their "
        "weights in the settings.",
        copy=False,
    )
    ka_at_risk = fields.Boolean(
        string="At Risk",
        readonly=True,
        groups=KA_GROUP,
        help="The health score is below the settings' threshold: the account "
        "may be lost.",
        copy=False,
    )
    # the job stores the reasons as codes and figures (JSON); they are
    # written out in the reader's language
    ka_health_reason_data = fields.Text(
        string="Health Reason Codes", readonly=True, groups=KA_GROUP, copy=False
    )
    ka_health_reasons = fields.Text(
        string="Health Reasons",
        compute="_compute_ka_health_reasons",
        groups=KA_GROUP,
    )
    ka_health_date = fields.Date(
        string="Health Computed On", readonly=True, groups=KA_GROUP, copy=False
    )
    ka_health_revenue = fields.Integer(
        string="Revenue Trend", readonly=True, groups=KA_GROUP, copy=False
    )
    ka_health_visits = fields.Integer(
        string="Visit Recency", readonly=True, groups=KA_GROUP, copy=False
    )
    ka_health_complaints = fields.Integer(
        string="Complaints", readonly=True, groups=KA_GROUP, copy=False
    )
    ka_health_receivables = fields.Integer(
        string="Receivables", readonly=True, groups=KA_GROUP, copy=False
    )
    ka_health_satisfaction = fields.Integer(
        string="Satisfaction", readonly=True, groups=KA_GROUP, copy=False
    )
    ka_health_services = fields.Integer(
        string="Entitled Services", readonly=True, groups=KA_GROUP, copy=False
    )

    @api.model
    def _cron_health(self):
        """Recompute the health of every key account, in batches (again a
        little later when a user's change met it, see ``cron_step``)."""
        cron_step(
            self.env,
            "bigaccount_crm.ir_cron_health",
            lambda: (
                self.sudo()
                .search([("ka_is_key_account", "=", True)])
                ._ka_compute_health_batches()
            ),
        )

    def _ka_compute_health_batches(self, batch_size=HEALTH_BATCH):
        for start in range(0, len(self), batch_size):
            self[start : start + batch_size]._ka_compute_health_batch()

    def _ka_fetch_health_figures(self, today, months):
        """Grouped reads of the batch ``self``: revenue this period and the
        same period last year, open and overdue complaints, the latest
        satisfaction given, missed services. The same number of queries
        whatever the batch size."""
        Move = self.env["account.move"].sudo()
        base = [
            ("commercial_partner_id", "in", self.ids),
            ("state", "=", "posted"),
            ("move_type", "in", ("out_invoice", "out_refund")),
        ]
        start = today - relativedelta(months=months)
        year_ago = today - relativedelta(years=1)

        def revenue(date_from, date_to):
            return dict(
                Move._read_group(
                    [
                        *base,
                        ("invoice_date", ">", date_from),
                        ("invoice_date", "<=", date_to),
                    ],
                    ["commercial_partner_id"],
                    ["amount_untaxed_signed:sum"],
                )
            )

        complaints = {}
        for partner, overdue, count in (
            self.env["bigaccount.complaint"]
            .sudo()
            ._read_group(
                [
                    ("partner_id", "in", self.ids),
                    ("state", "in", OPEN_COMPLAINT_STATES),
                ],
                ["partner_id", "is_overdue"],
                ["__count"],
            )
        ):
            open_count, overdue_count = complaints.get(partner, (0, 0))
            complaints[partner] = (
                open_count + count,
                overdue_count + (count if overdue else 0),
            )
        # the latest satisfaction given: a survey's average or a complaint's
        # score (its callback or the customer's rating), whichever is newer
        self.env["bigaccount.complaint"].flush_model(
            ["partner_id", "state", "satisfaction", "date_closed", "date_satisfaction"]
        )
        self.env["survey.user_input"].flush_model(
            ["ka_account_id", "survey_id", "state", "ka_satisfaction", "end_datetime"]
        )
        self.env["survey.survey"].flush_model(["ka_satisfaction"])
        # SQL: the latest satisfaction of every account in one query
        self.env.cr.execute(
            SQL(
                """
                SELECT DISTINCT ON (partner_id) partner_id, score
                  FROM (
                      SELECT partner_id, satisfaction::float AS score,
                             COALESCE(date_satisfaction, date_closed)::date AS day
                        FROM bigaccount_complaint
                       WHERE partner_id = ANY(%(ids)s) AND state = 'closed'
                         AND satisfaction > 0
                      UNION ALL
                      SELECT answer.ka_account_id, answer.ka_satisfaction,
                             COALESCE(answer.end_datetime, answer.create_date)::date
                        FROM survey_user_input answer
                        JOIN survey_survey survey
                          ON survey.id = answer.survey_id AND survey.ka_satisfaction
                       WHERE answer.ka_account_id = ANY(%(ids)s)
                         AND answer.state = 'done' AND answer.ka_satisfaction > 0
                  ) given
                 ORDER BY partner_id, day DESC NULLS LAST
                """,
                ids=self.ids,
            )
        )
        satisfaction = dict(self.env.cr.fetchall())
        missed = dict(
            self.env["bigaccount.service.delivery"]
            .sudo()
            ._read_group(
                [
                    ("partner_id", "in", self.ids),
                    ("state", "=", "missed"),
                    ("date_planned", ">", year_ago),
                ],
                ["partner_id"],
                ["__count"],
            )
        )
        return {
            "now": revenue(start, today),
            "before": revenue(
                start - relativedelta(years=1), today - relativedelta(years=1)
            ),
            "complaints": complaints,
            "satisfaction": satisfaction,
            "missed": missed,
        }

    @api.depends_context("lang")
    @api.depends("ka_health_reason_data")
    def _compute_ka_health_reasons(self):
        for partner in self:
            data = json.loads(partner.ka_health_reason_data or "[]")
            partner.ka_health_reasons = (
                "\n".join(partner._ka_health_reason(*reason) for reason in data)
                or False
            )

    def _ka_health_reason(self, code, params):
        """The reason ``code`` with its ``params`` in the user's language."""
        fmt = self.ka_currency_id.format
        texts = {
            "revenue": lambda: self.env._(
                "Revenue %(now)s against %(before)s a year ago.",
                now=fmt(params["now"]),
                before=fmt(params["before"]),
            ),
            "no_revenue": lambda: self.env._("No revenue this period nor a year ago."),
            "never_visited": lambda: self.env._("Never visited."),
            "visit_overdue": lambda: plural(
                params["days"],
                self.env._("Visit overdue by 1 day."),
                self.env._("Visit overdue by %(days)s days.", days=params["days"]),
            ),
            "complaints": lambda: " ".join(
                (
                    plural(
                        params["open"],
                        self.env._("1 open complaint;"),
                        self.env._("%(count)s open complaints;", count=params["open"]),
                    ),
                    plural(
                        params["overdue"],
                        self.env._("1 past its deadline."),
                        self.env._(
                            "%(count)s past their deadline.", count=params["overdue"]
                        ),
                    ),
                )
            ),
            "receivables": lambda: plural(
                params["days"],
                self.env._("Invoices overdue for 1 day."),
                self.env._("Invoices overdue for %(days)s days.", days=params["days"]),
            ),
            "satisfaction": lambda: self.env._(
                "Latest satisfaction %(score)s of 5.", score=params["score"]
            ),
            "services": lambda: plural(
                params["count"],
                self.env._("1 entitled service missed this year."),
                self.env._(
                    "%(count)s entitled services missed this year.",
                    count=params["count"],
                ),
            ),
        }
        return texts[code]() if code in texts else code

    def _ka_health_components(self, figures, today):
        """``{component: (score or None, reason or None)}`` of one account;
        a reason is ``[code, {parameter: value}]`` (``_ka_health_reason``)."""
        self.ensure_one()
        components = {}
        now = figures["now"].get(self, 0.0)
        before = figures["before"].get(self, 0.0)
        if before > 0:
            ratio = now / before
            components["ka_health_revenue"] = (
                _clamp(ratio * 100),
                ratio < 1 and ["revenue", {"now": float(now), "before": float(before)}],
            )
        elif now > 0:
            components["ka_health_revenue"] = (100, False)
        else:
            components["ka_health_revenue"] = (0, ["no_revenue", {}])
        due = self.ka_next_visit_date
        if not self.ka_last_visit_date:
            components["ka_health_visits"] = (0, ["never_visited", {}])
        elif due and due < today:
            late = (today - due).days
            components["ka_health_visits"] = (
                _clamp(100 - late * 100 / VISIT_ZERO_DAYS),
                ["visit_overdue", {"days": late}],
            )
        else:
            components["ka_health_visits"] = (100, False)
        open_count, overdue_count = figures["complaints"].get(self, (0, 0))
        components["ka_health_complaints"] = (
            _clamp(100 - 20 * open_count - 30 * overdue_count),
            open_count
            and ["complaints", {"open": open_count, "overdue": overdue_count}],
        )
        oldest = self.ka_oldest_overdue_date
        late = (today - oldest).days if oldest else 0
        components["ka_health_receivables"] = (
            _clamp(100 - late * 100 / RECEIVABLE_ZERO_DAYS),
            late > 0 and ["receivables", {"days": late}],
        )
        score = figures["satisfaction"].get(self.id)
        components["ka_health_satisfaction"] = (
            (None, False)
            if not score
            else (
                _clamp((score - 1) * 25),
                score < 4 and ["satisfaction", {"score": round(float(score), 1)}],
            )
        )
        missed = figures["missed"].get(self, 0)
        components["ka_health_services"] = (
            _clamp(100 - 25 * missed),
            missed and ["services", {"count": missed}],
        )
        return components

    def _ka_write_health(self, updates):
        """Store the health of ``[(partner, vals)]`` with one UPDATE, whatever
        their number (the ORM would send one per 100 rows)."""
        columns = [
            ("ka_health_revenue", "int"),
            ("ka_health_visits", "int"),
            ("ka_health_complaints", "int"),
            ("ka_health_receivables", "int"),
            ("ka_health_satisfaction", "int"),
            ("ka_health_services", "int"),
            ("ka_health_score", "int"),
            ("ka_at_risk", "bool"),
            ("ka_health_reason_data", "text"),
            ("ka_health_date", "date"),
        ]
        update_rows(
            self.browse([partner.id for partner, _vals in updates]),
            columns,
            [
                {
                    fname: vals[fname]
                    if ctype in ("bool", "int")
                    else (vals[fname] or None)
                    for fname, ctype in columns
                }
                for _partner, vals in updates
            ],
        )

    def _ka_compute_health_batch(self):
        partners = self.sudo().with_context(active_test=False, tracking_disable=True)
        if not partners:
            return
        cfg = self._ka_settings()
        today = fields.Date.context_today(self)
        # the figures are read by grouped reads (which flush what they
        # read) and SQL on complaints and surveys (flushed before it)
        partners.flush_model()
        figures = partners._ka_fetch_health_figures(
            today, cfg["ka_health_period_months"]
        )
        partners.fetch(
            [
                "ka_next_visit_date",
                "ka_last_visit_date",
                "ka_oldest_overdue_date",
                "ka_at_risk",
                "ka_manager_id",
                *HEALTH_FIELDS,
            ]
        )
        updates = []
        now_at_risk = []
        for partner in partners:
            components = partner._ka_health_components(figures, today)
            total = weights = 0.0
            vals = {}
            reasons = []
            for fname, (score, reason) in components.items():
                vals[fname] = score or 0
                if score is None:
                    continue
                weight = cfg[HEALTH_COMPONENTS[fname]]
                total += score * weight
                weights += weight
                if reason:
                    reasons.append(reason)
            health = _clamp(total / weights) if weights else 0
            at_risk = health < cfg["ka_health_risk_below"]
            vals.update(
                ka_health_score=health,
                ka_at_risk=at_risk,
                ka_health_reason_data=json.dumps(reasons) if reasons else False,
                ka_health_date=today,
            )
            if at_risk and not partner.ka_at_risk:
                now_at_risk.append(partner)
            changed = {
                fname: value for fname, value in vals.items() if partner[fname] != value
            }
            if changed:
                updates.append((partner, vals))
        if updates:
            partners._ka_write_health(updates)
        # one reminder when an account falls at risk, on a visit to plan
        # (never on the customer, which every user reads)
        self.env["bigaccount.visit"]._ka_plan_reminder_visits(
            self.browse([partner.id for partner in now_at_risk]),
            "bigaccount_crm.mail_activity_type_at_risk",
            "maintenance",
            "onsite",
            lambda partner: partner.env._(
                "Account at risk of being lost: see its health score on the Key "
                "Account tab."
            ),
        )
        partners.flush_recordset()
