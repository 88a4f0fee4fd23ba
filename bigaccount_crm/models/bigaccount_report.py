# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import calendar
import io
import threading
from contextlib import contextmanager
from datetime import date, timedelta

import xlsxwriter
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

from .bigaccount_complaint import UNRESOLVED_STATES as UNRESOLVED_COMPLAINT_STATES
from .bigaccount_development import OPEN_STAGES
from .bigaccount_visit import DIRECTOR_GROUP
from .tools import open_receivable_lines

REPORTS = [
    ("roster", "Key-Account Roster"),
    ("credit", "Credit Exposure and Ageing"),
    ("visits", "Visit Compliance per Manager"),
    ("complaints", "Complaint Statistics and SLA"),
    ("development", "Development Funnel against Targets"),
    ("agreements", "Agreement Achievement"),
    ("churn", "Churn Rate"),
    ("pareto", "Profit Concentration (80/20)"),
    ("pacing", "Monthly Sales Pacing"),
]
# Rows read from the database at a time: the roster's one sorted query is
# fetched from an SQL cursor chunk by chunk, so that memory does not grow
# with the number of rows.
CHUNK_SIZE = 5000
XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Share of the profit that defines the "vital few" of the Pareto analysis.
PARETO_SHARE = 80.0
# Months a pacing report may span.
PACING_MAX_MONTHS = 24
# The tier (``tier``) and the manager's name (``manager``) of an account ``p``
ACCOUNT_NAMES_JOIN = SQL(
    """
    LEFT JOIN bigaccount_tier tier ON tier.id = p.ka_tier_id
    LEFT JOIN res_users u ON u.id = p.ka_manager_id
    LEFT JOIN res_partner manager ON manager.id = u.partner_id
    """
)
# The tier an account ``p`` had before %(until)s, from its tier history: the
# latest change before it, else the tier the first change after it left,
# else today's (``tier_then.tier_id``)
TIER_THEN_JOIN = """
    LEFT JOIN LATERAL (
        SELECT CASE WHEN before.id IS NOT NULL THEN before.new_tier_id
                    WHEN after.id IS NOT NULL THEN after.old_tier_id
                    ELSE p.ka_tier_id END AS tier_id
          FROM (SELECT 1) one
          LEFT JOIN LATERAL (
              SELECT h.id, h.new_tier_id FROM bigaccount_tier_history h
               WHERE h.partner_id = p.id AND h.date < %(until)s
               ORDER BY h.date DESC, h.id DESC LIMIT 1
          ) before ON TRUE
          LEFT JOIN LATERAL (
              SELECT h.id, h.old_tier_id FROM bigaccount_tier_history h
               WHERE h.partner_id = p.id AND h.date >= %(until)s
               ORDER BY h.date, h.id LIMIT 1
          ) after ON TRUE
    ) tier_then ON TRUE
    LEFT JOIN bigaccount_tier tier ON tier.id = tier_then.tier_id
    LEFT JOIN res_users u ON u.id = p.ka_manager_id
    LEFT JOIN res_partner manager ON manager.id = u.partner_id
"""


class BigaccountReport(models.AbstractModel):
    """The key-account Excel reports.

    Each report is a method ``_ka_report_<key>(filters)`` returning a dict:
    ``columns`` (label, kind, width), ``rows`` (an iterable of chunks, each a
    list of value tuples in column order), ``count`` (the number of rows when
    known beforehand, for the progress shown), ``notes`` (label, value lines
    shown above the table) and optionally ``chart``. The figures are
    aggregated in SQL over the records the user may read (record rules apply
    through ``_search``); ``_ka_write_xlsx`` writes any of them with
    xlsxwriter in ``constant_memory`` mode.

    ``filters`` is a dict with ``date_from``, ``date_to`` (dates) and
    ``user_ids``, ``tier_ids``, ``company_ids`` (lists of ids, empty for all).
    """

    _name = "bigaccount.report"
    _description = "Key-Account Reports"

    # ------------------------------------------------------------------
    # Filters and rights
    # ------------------------------------------------------------------
    @api.model
    def _ka_check_export_rights(self):
        if not self.env.user.has_group(DIRECTOR_GROUP):
            raise AccessError(
                self.env._(
                    "Key-account data leaves the system only with a key-account "
                    "director's rights (customer information is confidential)."
                )
            )

    @api.model
    def _ka_check_filters(self, filters):
        if filters["date_from"] > filters["date_to"]:
            raise UserError(self.env._("The period cannot end before it starts."))
        if filters["date_to"] - filters["date_from"] > timedelta(days=3660):
            raise UserError(self.env._("A report covers ten years at most."))

    @api.model
    def _ka_companies(self, filters):
        allowed = self.env.companies
        if filters["company_ids"]:
            allowed = allowed.filtered(lambda c: c.id in filters["company_ids"])
        return tuple(allowed.ids) or (0,)

    @api.model
    def _ka_account_domain(self, filters, include_ids=None):
        """Domain of the key accounts the filters select."""
        domain = [("ka_is_key_account", "=", True)]
        if include_ids:
            domain = ["|", ("id", "in", include_ids)] + domain
        if filters["user_ids"]:
            domain.append(("ka_manager_id", "in", filters["user_ids"]))
        if filters["tier_ids"]:
            domain.append(("ka_tier_id", "in", filters["tier_ids"]))
        if filters["company_ids"]:
            domain.append(("company_id", "in", filters["company_ids"] + [False]))
        return domain

    @api.model
    def _ka_accounts_sql(self, filters, include_ids=None):
        """Sub-select of the ids of the accounts the filters select, with the
        record rules of the user."""
        partners = self.env["res.partner"]
        return partners._search(
            self._ka_account_domain(filters, include_ids)
        ).subselect()

    @api.model
    def _ka_tier_name_sql(self, alias="tier"):
        lang = self.env.lang or "en_US"
        return SQL(
            "COALESCE(%s->>%s, %s->>'en_US')",
            SQL.identifier(alias, "name"),
            lang,
            SQL.identifier(alias, "name"),
        )

    @api.model
    def _ka_selection_labels(self, model, fname):
        field = self.env[model]._fields[fname]
        return dict(field._description_selection(self.env))

    @api.model
    def _ka_rate(self, part, whole):
        return round(100.0 * part / whole, 1) if whole else 0.0

    # ------------------------------------------------------------------
    # Reports
    # ------------------------------------------------------------------
    @api.model
    def _ka_report(self, key, filters):
        if key not in dict(REPORTS):
            raise UserError(self.env._("Unknown report: %(key)s", key=key))
        self._ka_check_filters(filters)
        self.env.flush_all()
        report = getattr(self, f"_ka_report_{key}")(filters)
        report.setdefault("notes", [])
        report.setdefault("chart", None)
        report.setdefault("count", None)
        return report

    def _ka_report_roster(self, filters):
        """The key accounts the filters select, with, over the period and the
        selected companies: *Sales* = untaxed posted customer invoices less
        credit notes, in company currency; *Gross Profit* = sales less cost,
        by the tier's rule (the sale line's cost, else the product's);
        *Margin* = gross profit / sales. *Tier*: the account's tier at the
        end of the period (tier history). *Company*: the account's company,
        or for a customer shared by the companies, those the figures cover."""
        columns = [
            (self.env._("Customer"), "text", 36),
            (self.env._("Tier"), "text", 14),
            (self.env._("Account Manager"), "text", 20),
            (self.env._("Company"), "text", 20),
            (self.env._("City"), "text", 14),
            (self.env._("Phone"), "text", 16),
            (self.env._("Tier Since"), "date", 12),
            (self.env._("Sales"), "money", 16),
            (self.env._("Gross Profit"), "money", 16),
            (self.env._("Margin (%)"), "percent", 11),
            (self.env._("Health Score"), "int", 12),
            (self.env._("Last Visit"), "date", 12),
            (self.env._("Next Visit Due"), "date", 14),
        ]
        companies = self.env["res.company"].browse(self._ka_companies(filters))
        shared = ", ".join(companies.mapped("name"))
        cr = self.env.cr
        query = SQL(
            """
            SELECT p.id, p.name, %(tier_name)s, manager.name,
                   COALESCE(company.name, %(shared)s), p.city, p.phone,
                   p.ka_tier_date, p.ka_health_score, p.ka_last_visit_date,
                   p.ka_next_visit_date
              FROM res_partner p
              %(names)s
              LEFT JOIN res_company company ON company.id = p.company_id
             WHERE p.id IN %(accounts)s
             ORDER BY p.name, p.id
            """,
            tier_name=self._ka_tier_name_sql(),
            # the tier at the end of the period
            names=SQL(TIER_THEN_JOIN, until=filters["date_to"] + timedelta(days=1)),
            shared=shared,
            accounts=self._ka_accounts_sql(filters),
        )
        Partner = self.env["res.partner"]
        # the period as the tier aggregate's window: after the day before
        # the start, up to the end, as one "month" (the total)
        window = (filters["date_from"] - timedelta(days=1), filters["date_to"], 1)

        def chunks():
            # One sorted query, fetched a chunk at a time from a cursor; the
            # period's figures of each chunk by one aggregate
            cr.execute(SQL("DECLARE bigaccount_roster NO SCROLL CURSOR FOR %s", query))
            try:
                while True:
                    cr.execute(
                        SQL("FETCH FORWARD %s FROM bigaccount_roster", CHUNK_SIZE)
                    )
                    rows = cr.fetchall()
                    if not rows:
                        return
                    figures = Partner.browse(
                        [row[0] for row in rows]
                    )._ka_fetch_tier_figures(*window, companies=companies)
                    yield [
                        self._ka_roster_row(row, figures.get(row[0])) for row in rows
                    ]
            finally:
                cr.execute(SQL("CLOSE bigaccount_roster"))

        count = Partner.search_count(self._ka_account_domain(filters))
        return {"columns": columns, "rows": chunks(), "count": count}

    def _ka_roster_row(self, row, figures):
        """A roster row from the account's row and its period's figures
        (``_ka_fetch_tier_figures``: own profit, group profit, sales…)."""
        _id, name, tier, manager, company, city, phone, since, *visits = row
        health, last_visit, next_visit = visits
        profit, _group, sales = (
            float(value or 0) for value in (figures or (0,) * 3)[:3]
        )
        margin = self._ka_rate(profit, sales) if sales else None
        return (
            name,
            tier,
            manager,
            company,
            city,
            phone,
            since,
            sales,
            profit,
            margin,
            health,
            last_visit,
            next_visit,
        )

    def _ka_report_credit(self, filters):
        """Each key account's credit today in the current company, from the
        credit service (limit, exposure, share of the limit used, overdue
        beyond grace), with its open receivables aged at the end of the
        period by the due date of each item (instalments each on their own)."""
        as_of = filters["date_to"]
        company = self.env.company
        self.env.cr.execute(
            SQL(
                """
                WITH open_items AS (
                    SELECT contact.commercial_partner_id AS account,
                           line.amount_residual AS residual,
                           %(as_of)s - COALESCE(line.date_maturity, line.date) AS late
                    %(lines)s
                       AND line.date <= %(as_of)s
                )
                SELECT p.id, p.name, %(tier_name)s, manager.name,
                       COALESCE(SUM(o.residual) FILTER (WHERE o.late <= 0), 0),
                       COALESCE(SUM(o.residual)
                                FILTER (WHERE o.late BETWEEN 1 AND 30), 0),
                       COALESCE(SUM(o.residual)
                                FILTER (WHERE o.late BETWEEN 31 AND 60), 0),
                       COALESCE(SUM(o.residual)
                                FILTER (WHERE o.late BETWEEN 61 AND 90), 0),
                       COALESCE(SUM(o.residual) FILTER (WHERE o.late > 90), 0)
                  FROM res_partner p
                  LEFT JOIN open_items o ON o.account = p.id
                  %(names)s
                 WHERE p.id IN %(accounts)s
                 GROUP BY p.id, tier.name, manager.name
                """,
                as_of=as_of,
                lines=open_receivable_lines(
                    self._ka_companies(filters), self._ka_accounts_sql(filters)
                ),
                accounts=self._ka_accounts_sql(filters),
                tier_name=self._ka_tier_name_sql(),
                names=ACCOUNT_NAMES_JOIN,
            )
        )
        fetched = self.env.cr.fetchall()
        partners = self.env["res.partner"].browse([row[0] for row in fetched])
        figures = partners._ka_credit_figures(company) if partners else {}
        rows = []
        for partner_id, name, tier, manager, *buckets in fetched:
            figure = figures[partner_id]
            if not (figure["exposure"] or figure["limit"] or any(buckets)):
                continue
            limit, exposure = figure["limit"], figure["exposure"]
            used = self._ka_rate(exposure, limit) if limit else None
            rows.append(
                (
                    name,
                    tier,
                    manager,
                    limit,
                    exposure,
                    used,
                    figure["overdue"],
                    *buckets,
                )
            )
        rows.sort(key=lambda row: (-row[4], row[0]))
        columns = [
            (self.env._("Customer"), "text", 36),
            (self.env._("Tier"), "text", 14),
            (self.env._("Account Manager"), "text", 20),
            (self.env._("Credit Limit"), "money", 15),
            (self.env._("Credit Exposure"), "money", 16),
            (self.env._("Limit Used (%)"), "percent", 13),
            (self.env._("Overdue Beyond Grace"), "money", 16),
            (self.env._("Not Due"), "money", 14),
            (self.env._("1-30 Days"), "money", 14),
            (self.env._("31-60 Days"), "money", 14),
            (self.env._("61-90 Days"), "money", 14),
            (self.env._("Over 90 Days"), "money", 14),
        ]
        over = sum(1 for row in rows if row[5] is not None and row[5] > 100)
        notes = [
            (self.env._("Exposure and overdue on"), fields.Date.context_today(self)),
            (self.env._("Aged on"), as_of),
            (self.env._("Accounts over their limit"), over),
        ]
        return {"columns": columns, "rows": [rows], "count": len(rows), "notes": notes}

    def _ka_report_visits(self, filters):
        """Per account manager: accounts, visits done in the period, accounts
        visited, accounts overdue today and the share kept to the cadence."""
        date_from, date_to = filters["date_from"], filters["date_to"]
        visits = self.env["bigaccount.visit"]._search(
            [
                ("state", "in", ("done", "reported")),
                ("date_start", ">=", date_from),
                ("date_start", "<", date_to + timedelta(days=1)),
                ("company_id", "in", self._ka_companies(filters)),
            ]
        )
        self.env.cr.execute(
            SQL(
                """
                WITH done AS (
                    SELECT v.user_id, COUNT(*) AS visits,
                           COUNT(DISTINCT v.partner_id) AS visited
                      FROM bigaccount_visit v
                     WHERE v.id IN %(visits)s
                       AND v.partner_id IN %(accounts)s
                     GROUP BY v.user_id
                )
                SELECT manager.name, COUNT(p.id),
                       COUNT(p.id) FILTER (WHERE p.ka_next_visit_date
                                           BETWEEN %(date_from)s AND %(date_to)s),
                       COALESCE(MAX(done.visits), 0),
                       COALESCE(MAX(done.visited), 0),
                       COUNT(p.id) FILTER (WHERE p.ka_visit_overdue)
                  FROM res_partner p
                  JOIN res_users u ON u.id = p.ka_manager_id
                  JOIN res_partner manager ON manager.id = u.partner_id
                  LEFT JOIN done ON done.user_id = u.id
                 WHERE p.id IN %(accounts)s
                 GROUP BY u.id, manager.name
                 ORDER BY manager.name
                """,
                visits=visits.subselect(),
                accounts=self._ka_accounts_sql(filters),
                date_from=date_from,
                date_to=date_to,
            )
        )
        rows = [
            (*row, self._ka_rate(row[1] - row[5], row[1]))
            for row in self.env.cr.fetchall()
        ]
        columns = [
            (self.env._("Account Manager"), "text", 24),
            (self.env._("Key Accounts"), "int", 13),
            (self.env._("Visits Due in Period"), "int", 16),
            (self.env._("Visits Done"), "int", 12),
            (self.env._("Accounts Visited"), "int", 15),
            (self.env._("Overdue Today"), "int", 14),
            (self.env._("Compliance (%)"), "percent", 14),
        ]
        accounts = sum(row[1] for row in rows)
        overdue = sum(row[5] for row in rows)
        notes = [
            (
                self.env._("Compliance of all managers (%)"),
                self._ka_rate(accounts - overdue, accounts),
            )
        ]
        return {"columns": columns, "rows": [rows], "count": len(rows), "notes": notes}

    def _ka_report_complaints(self, filters):
        """Complaints received in the period by category, severity, tier and
        handler: the share resolved within the deadline (SLA, counted in
        working hours on each complaint's working time), those open at risk
        or past their deadline, and the average working hours allowed and
        taken to resolve (time waiting for the customer excluded)."""
        domain = [
            ("date_received", ">=", filters["date_from"]),
            ("date_received", "<", filters["date_to"] + timedelta(days=1)),
            ("company_id", "in", self._ka_companies(filters)),
        ]
        if filters["user_ids"]:
            domain.append(("user_id", "in", filters["user_ids"]))
        if filters["tier_ids"]:
            domain.append(("tier_id", "in", filters["tier_ids"]))
        Complaint = self.env["bigaccount.complaint"]
        complaints = Complaint._search(domain)
        Complaint.flush_model()
        self.env.cr.execute(
            SQL(
                """
                SELECT c.category, c.severity, c.tier_id, c.user_id, COUNT(*),
                       COUNT(*) FILTER (WHERE c.state IN ('resolved', 'closed')),
                       COUNT(*) FILTER (WHERE c.sla_met),
                       COUNT(*) FILTER (WHERE c.sla_status = 'at_risk'
                                        AND c.state IN %(unresolved)s),
                       COUNT(*) FILTER (WHERE c.is_overdue
                                        AND c.state IN %(unresolved)s),
                       ROUND(AVG(c.sla_hours)::numeric, 1),
                       ROUND(AVG(c.resolution_hours) FILTER (
                           WHERE c.state IN ('resolved', 'closed'))::numeric, 1),
                       ROUND(AVG(NULLIF(c.satisfaction, 0)), 1),
                       COALESCE(SUM(c.settlement_amount), 0)
                  FROM bigaccount_complaint c
                 WHERE c.id IN %(complaints)s
                 GROUP BY c.category, c.severity, c.tier_id, c.user_id
                 ORDER BY c.category, c.severity, c.tier_id, c.user_id
                """,
                complaints=complaints.subselect(),
                unresolved=UNRESOLVED_COMPLAINT_STATES,
            )
        )
        figures = self.env.cr.fetchall()
        categories = self._ka_selection_labels("bigaccount.complaint", "category")
        severities = self._ka_selection_labels("bigaccount.complaint", "severity")
        tiers = {
            tier.id: tier.name
            for tier in self.env["bigaccount.tier"]
            .sudo()
            .with_context(active_test=False)
            .browse({row[2] for row in figures if row[2]})
        }
        handlers = {
            user.id: user.name
            for user in self.env["res.users"]
            .sudo()
            .browse({row[3] for row in figures if row[3]})
        }
        rows = []
        for (
            category,
            severity,
            tier,
            handler,
            received,
            resolved,
            in_time,
            at_risk,
            late,
            allowed,
            taken,
            sat,
            paid,
        ) in figures:
            rows.append(
                (
                    categories.get(category, category),
                    severities.get(severity, severity),
                    tiers.get(tier, ""),
                    handlers.get(handler, ""),
                    received,
                    resolved,
                    in_time,
                    self._ka_rate(in_time, resolved),
                    at_risk,
                    late,
                    float(allowed) if allowed is not None else None,
                    float(taken) if taken is not None else None,
                    float(sat) if sat is not None else None,
                    float(paid),
                )
            )
        columns = [
            (self.env._("Category"), "text", 20),
            (self.env._("Severity"), "text", 12),
            (self.env._("Tier"), "text", 12),
            (self.env._("Handler"), "text", 20),
            (self.env._("Received"), "int", 11),
            (self.env._("Resolved"), "int", 11),
            (self.env._("Resolved in Time"), "int", 15),
            (self.env._("SLA Compliance (%)"), "percent", 16),
            (self.env._("Open at Risk"), "int", 12),
            (self.env._("Open Past Deadline"), "int", 16),
            (self.env._("Allowed (working hours)"), "float", 16),
            (self.env._("To Resolve (working hours)"), "float", 18),
            (self.env._("Satisfaction (1-5)"), "float", 15),
            (self.env._("Settlements"), "money", 14),
        ]
        resolved = sum(row[5] for row in rows)
        notes = [
            (self.env._("Complaints received"), sum(row[4] for row in rows)),
            (
                self.env._("SLA compliance (%)"),
                self._ka_rate(sum(row[6] for row in rows), resolved),
            ),
        ]
        return {"columns": columns, "rows": [rows], "count": len(rows), "notes": notes}

    def _ka_report_development(self, filters):
        """The targets of the managers for periods overlapping the report's,
        against their actual figures, with the prospects open in the funnel."""
        domain = [
            ("date_from", "<=", filters["date_to"]),
            ("date_to", ">=", filters["date_from"]),
            ("company_id", "in", self._ka_companies(filters)),
        ]
        if filters["user_ids"]:
            domain.append(("user_id", "in", filters["user_ids"]))
        targets = self.env["bigaccount.target"].search(
            domain, order="user_id, date_from"
        )
        funnel = {
            user.id: count
            for user, count in self.env["bigaccount.development"]._read_group(
                [("stage", "in", OPEN_STAGES), ("user_id", "in", targets.user_id.ids)],
                ["user_id"],
                ["__count"],
            )
        }
        rows = []
        for target in targets:
            rows.append(
                (
                    target.user_id.name,
                    target.date_from,
                    target.date_to,
                    funnel.get(target.user_id.id, 0),
                    target.target_prospects,
                    target.actual_prospects,
                    target.target_decision_makers,
                    target.actual_decision_makers,
                    target.target_showroom,
                    target.actual_showroom,
                    target.target_first_orders,
                    target.actual_first_orders,
                    target.target_sales,
                    target.actual_sales,
                    self._ka_rate(target.actual_sales, target.target_sales),
                )
            )
        columns = [
            (self.env._("Account Manager"), "text", 22),
            (self.env._("From"), "date", 12),
            (self.env._("To"), "date", 12),
            (self.env._("Open Prospects"), "int", 13),
            (self.env._("Targets Identified: Target"), "int", 14),
            (self.env._("Targets Identified: Actual"), "int", 14),
            (self.env._("Decision Makers: Target"), "int", 14),
            (self.env._("Decision Makers: Actual"), "int", 14),
            (self.env._("Showroom: Target"), "int", 12),
            (self.env._("Showroom: Actual"), "int", 12),
            (self.env._("First Orders: Target"), "int", 12),
            (self.env._("First Orders: Actual"), "int", 12),
            (self.env._("Sales: Target"), "money", 14),
            (self.env._("Sales: Actual"), "money", 14),
            (self.env._("Sales (%)"), "percent", 10),
        ]
        return {"columns": columns, "rows": [rows], "count": len(rows)}

    def _ka_report_agreements(self, filters):
        domain = [
            ("date_start", "<=", filters["date_to"]),
            ("date_end", ">=", filters["date_from"]),
            ("company_id", "in", self._ka_companies(filters)),
        ]
        if filters["user_ids"]:
            domain.append(("user_id", "in", filters["user_ids"]))
        if filters["tier_ids"]:
            domain.append(("partner_id.ka_tier_id", "in", filters["tier_ids"]))
        agreements = self.env["bigaccount.agreement"].search(
            domain, order="date_end, name"
        )
        kinds = self._ka_selection_labels("bigaccount.agreement", "kind")
        states = self._ka_selection_labels("bigaccount.agreement", "state")
        rows = [
            (
                agreement.name,
                agreement.partner_id.name,
                agreement.user_id.name,
                kinds.get(agreement.kind),
                agreement.date_start,
                agreement.date_end,
                states.get(agreement.state),
                agreement.target_amount,
                agreement.invoiced_amount,
                agreement.achievement,
            )
            for agreement in agreements
        ]
        columns = [
            (self.env._("Agreement"), "text", 16),
            (self.env._("Customer"), "text", 32),
            (self.env._("Account Manager"), "text", 20),
            (self.env._("Kind"), "text", 14),
            (self.env._("Start"), "date", 12),
            (self.env._("End"), "date", 12),
            (self.env._("Status"), "text", 12),
            (self.env._("Annual Target"), "money", 15),
            (self.env._("Invoiced in Period"), "money", 16),
            (self.env._("Achievement (%)"), "percent", 14),
        ]
        return {"columns": columns, "rows": [rows], "count": len(rows)}

    @api.model
    def _ka_churn_figures(self, filters):
        """Key accounts at the start of the period and those lost in it.

        Status on a date comes from the nomination history: the latest
        approved nomination or withdrawal decided before it; without one,
        the first decided after it (a withdrawal means it was a key account,
        a nomination that it was not); without any, the current status. At
        the start: the accounts that were
        key accounts on its first day and bought (a posted customer invoice)
        in the twelve months before. Lost: those whose status was withdrawn
        in the period or that bought nothing in it. Returns ``(at_start,
        lost)`` with ``lost`` a list of (name, tier, manager, sales before,
        last invoice, withdrawn) rows.
        """
        self.env.flush_all()
        date_from, date_to = filters["date_from"], filters["date_to"]
        Nomination = self.env["bigaccount.nomination"]
        decided = Nomination.sudo().search([("state", "=", "approved")]).partner_id
        withdrawn = Nomination.search(
            [
                ("kind", "=", "withdraw"),
                ("state", "=", "approved"),
                ("date_decision", ">=", date_from),
                ("date_decision", "<", date_to + timedelta(days=1)),
            ]
        ).partner_id.ids
        # every account that is or was a key account, as the filters select
        candidates = self._ka_accounts_sql(filters, include_ids=decided.ids)
        self.env.cr.execute(
            SQL(
                """
                WITH sales AS (
                    SELECT contact.commercial_partner_id AS account,
                           SUM(m.amount_untaxed_signed)
                               FILTER (WHERE m.invoice_date < %(date_from)s) AS before,
                           COUNT(*) FILTER (WHERE m.invoice_date >= %(date_from)s)
                               AS in_period,
                           MAX(m.invoice_date) AS last_invoice
                      FROM account_move m
                      JOIN res_partner contact ON contact.id = m.partner_id
                     WHERE m.state = 'posted'
                       AND m.move_type = 'out_invoice'
                       AND m.company_id IN %(companies)s
                       AND m.invoice_date >= %(year_before)s
                       AND m.invoice_date <= %(date_to)s
                       AND contact.commercial_partner_id IN %(accounts)s
                     GROUP BY contact.commercial_partner_id
                )
                SELECT p.name, %(tier_name)s, manager.name, s.before,
                       s.last_invoice, p.id = ANY(%(withdrawn)s), s.in_period
                  FROM sales s
                  JOIN res_partner p ON p.id = s.account
                  %(names)s
                 WHERE s.before IS NOT NULL
                   AND COALESCE(
                       (SELECT n.kind = 'nominate' FROM bigaccount_nomination n
                         WHERE n.partner_id = p.id AND n.state = 'approved'
                           AND n.date_decision < %(date_from)s
                         ORDER BY n.date_decision DESC, n.id DESC LIMIT 1),
                       (SELECT n.kind = 'withdraw' FROM bigaccount_nomination n
                         WHERE n.partner_id = p.id AND n.state = 'approved'
                           AND n.date_decision >= %(date_from)s
                         ORDER BY n.date_decision, n.id LIMIT 1),
                       p.ka_is_key_account
                   )
                 ORDER BY s.before DESC, p.name
                """,
                date_from=date_from,
                date_to=date_to,
                year_before=date_from - relativedelta(years=1),
                companies=self._ka_companies(filters),
                accounts=candidates,
                tier_name=self._ka_tier_name_sql(),
                names=ACCOUNT_NAMES_JOIN,
                withdrawn=withdrawn,
            )
        )
        rows = self.env.cr.fetchall()
        lost = [row[:6] for row in rows if row[5] or not row[6]]
        return len(rows), lost

    def _ka_report_churn(self, filters):
        at_start, lost = self._ka_churn_figures(filters)
        rows = [
            (
                name,
                tier,
                manager,
                float(before),
                last_invoice,
                self.env._("Status withdrawn")
                if withdrawn
                else self.env._("No purchase in the period"),
            )
            for name, tier, manager, before, last_invoice, withdrawn in lost
        ]
        columns = [
            (self.env._("Customer"), "text", 36),
            (self.env._("Tier"), "text", 14),
            (self.env._("Account Manager"), "text", 20),
            (self.env._("Sales in the Year Before"), "money", 18),
            (self.env._("Last Invoice"), "date", 13),
            (self.env._("Lost Because"), "text", 26),
        ]
        notes = [
            (self.env._("Key accounts at the start"), at_start),
            (self.env._("Key accounts lost"), len(lost)),
            (self.env._("Churn rate (%)"), self._ka_rate(len(lost), at_start)),
        ]
        return {"columns": columns, "rows": [rows], "count": len(rows), "notes": notes}

    @api.model
    def _ka_pareto_figures(self, filters):
        """Profit (sale margin of confirmed orders dated in the period, in
        company currency) per customer, highest first, with the share and
        the cumulative share of the total; customers with no profit are left
        out. Without manager or tier filter every customer is ranked, so that
        the key accounts' share shows."""
        self.env.flush_all()
        accounts = SQL("")
        if filters["user_ids"] or filters["tier_ids"]:
            accounts = SQL("AND p.id IN %s", self._ka_accounts_sql(filters))
        self.env.cr.execute(
            SQL(
                """
                WITH profit AS (
                    SELECT contact.commercial_partner_id AS account,
                           SUM(line.price_subtotal
                               / COALESCE(NULLIF(sale.currency_rate, 0), 1)) AS sales,
                           SUM(line.margin
                               / COALESCE(NULLIF(sale.currency_rate, 0), 1)) AS profit
                      FROM sale_order_line line
                      JOIN sale_order sale ON sale.id = line.order_id
                      JOIN res_partner contact ON contact.id = sale.partner_id
                     WHERE sale.state = 'sale'
                       AND sale.company_id IN %(companies)s
                       AND sale.date_order >= %(date_from)s
                       AND sale.date_order < %(date_end)s
                     GROUP BY contact.commercial_partner_id
                    HAVING SUM(line.margin) > 0
                )
                SELECT p.name, COALESCE(p.ka_is_key_account, FALSE),
                       %(tier_name)s, pr.sales, pr.profit,
                       100 * pr.profit / SUM(pr.profit) OVER (),
                       100 * SUM(pr.profit) OVER (ORDER BY pr.profit DESC, p.id)
                           / SUM(pr.profit) OVER ()
                  FROM profit pr
                  JOIN res_partner p ON p.id = pr.account
                  LEFT JOIN bigaccount_tier tier ON tier.id = p.ka_tier_id
                 WHERE TRUE %(accounts)s
                 ORDER BY pr.profit DESC, p.id
                """,
                companies=self._ka_companies(filters),
                date_from=filters["date_from"],
                date_end=filters["date_to"] + timedelta(days=1),
                tier_name=self._ka_tier_name_sql(),
                accounts=accounts,
            )
        )
        rows = []
        previous = 0.0
        for rank, (name, key, tier, sales, profit, share, cumulative) in enumerate(
            self.env.cr.fetchall(), start=1
        ):
            # the customer that crosses the line belongs to the vital few
            vital = previous < PARETO_SHARE
            previous = float(cumulative)
            rows.append(
                (
                    rank,
                    name,
                    key,
                    tier,
                    float(sales),
                    float(profit),
                    round(float(share), 2),
                    round(float(cumulative), 2),
                    vital,
                )
            )
        return rows

    def _ka_report_pareto(self, filters):
        figures = self._ka_pareto_figures(filters)
        yes, no = self.env._("Yes"), self.env._("No")
        rows = [
            (
                rank,
                name,
                yes if key else no,
                tier,
                sales,
                profit,
                share,
                cumulative,
                self.env._("A: brings 80% of profit")
                if vital
                else self.env._("B: the rest"),
            )
            for rank, name, key, tier, sales, profit, share, cumulative, vital in (
                figures
            )
        ]
        vital = [row for row in figures if row[-1]]
        total_profit = sum(row[5] for row in figures)
        keys = [row for row in figures if row[2]]
        columns = [
            (self.env._("Rank"), "int", 7),
            (self.env._("Customer"), "text", 36),
            (self.env._("Key Account"), "text", 12),
            (self.env._("Tier"), "text", 14),
            (self.env._("Sales"), "money", 16),
            (self.env._("Profit"), "money", 16),
            (self.env._("Share (%)"), "percent", 10),
            (self.env._("Cumulative (%)"), "percent", 14),
            (self.env._("Class"), "text", 24),
        ]
        notes = [
            (self.env._("Customers with profit"), len(figures)),
            (self.env._("Customers bringing 80% of profit"), len(vital)),
            (
                self.env._("Their share of the customers (%)"),
                self._ka_rate(len(vital), len(figures)),
            ),
            (
                self.env._("Key accounts' share of the profit (%)"),
                self._ka_rate(sum(row[5] for row in keys), total_profit),
            ),
        ]
        chart = {
            "title": self.env._("Profit concentration"),
            "categories": 1,
            "columns": 5,
            "line": 7,
            "rows": min(len(rows), 50),
        }
        return {
            "columns": columns,
            "rows": [rows],
            "count": len(rows),
            "notes": notes,
            "chart": chart,
        }

    @api.model
    def _ka_pacing_figures(self, filters, today=None):
        """Per month of the period and account manager: the month's share of
        the manager's key-account sales target, the untaxed invoices less
        credit notes of the key accounts the manager looks after up to
        today, the share of the month elapsed and the pace."""
        self.env.flush_all()
        today = today or fields.Date.context_today(self)
        first = filters["date_from"].replace(day=1)
        last = filters["date_to"].replace(day=1)
        months = []
        month = first
        while month <= last:
            months.append(month)
            month += relativedelta(months=1)
        if len(months) > PACING_MAX_MONTHS:
            raise UserError(
                self.env._(
                    "Sales pacing covers %(months)s months at most.",
                    months=PACING_MAX_MONTHS,
                )
            )
        period_end = min(last + relativedelta(months=1, days=-1), today)
        domain = [
            ("date_from", "<=", last + relativedelta(months=1, days=-1)),
            ("date_to", ">=", first),
            ("company_id", "in", self._ka_companies(filters)),
        ]
        if filters["user_ids"]:
            domain.append(("user_id", "in", filters["user_ids"]))
        targets = self.env["bigaccount.target"].search(domain)
        self.env.cr.execute(
            SQL(
                """
                SELECT p.ka_manager_id, date_trunc('month', m.invoice_date)::date,
                       SUM(m.amount_untaxed_signed)
                  FROM account_move m
                  JOIN res_partner contact ON contact.id = m.partner_id
                  JOIN res_partner p ON p.id = contact.commercial_partner_id
                 WHERE m.state = 'posted'
                   AND m.move_type IN ('out_invoice', 'out_refund')
                   AND m.company_id IN %(companies)s
                   AND m.invoice_date BETWEEN %(first)s AND %(period_end)s
                   AND p.id IN %(accounts)s
                 GROUP BY 1, 2
                """,
                companies=self._ka_companies(filters),
                first=first,
                period_end=period_end,
                accounts=self._ka_accounts_sql(filters),
            )
        )
        actuals = {
            (user, month): float(amount)
            for user, month, amount in self.env.cr.fetchall()
        }
        users = self.env["res.users"].browse(
            {user for user, _month in actuals} | set(targets.user_id.ids)
        )
        rows = []
        for month in months:
            days = calendar.monthrange(month.year, month.month)[1]
            month_end = month + timedelta(days=days - 1)
            if today >= month_end:
                elapsed = days
            elif today < month:
                elapsed = 0
            else:
                elapsed = today.day
            for user in users.sorted("name"):
                target = 0.0
                for line in targets.filtered(lambda t, u=user: t.user_id == u):
                    overlap = (
                        min(month_end, line.date_to) - max(month, line.date_from)
                    ).days + 1
                    span = (line.date_to - line.date_from).days + 1
                    if overlap > 0:
                        target += line.target_maintenance_sales * overlap / span
                actual = actuals.get((user.id, month), 0.0)
                if not target and not actual:
                    continue
                expected = target * elapsed / days
                projected = actual * days / elapsed if elapsed else 0.0
                rows.append(
                    (
                        month,
                        user.name,
                        round(target, 2),
                        actual,
                        elapsed,
                        days,
                        round(expected, 2),
                        self._ka_rate(actual, expected) if expected else None,
                        round(projected, 2),
                    )
                )
        return rows

    def _ka_report_pacing(self, filters):
        rows = self._ka_pacing_figures(filters)
        columns = [
            (self.env._("Month"), "month", 10),
            (self.env._("Account Manager"), "text", 22),
            (self.env._("Month Target"), "money", 15),
            (self.env._("Actual to Date"), "money", 15),
            (self.env._("Days Elapsed"), "int", 12),
            (self.env._("Days in Month"), "int", 12),
            (self.env._("Expected to Date"), "money", 15),
            (self.env._("Pace (%)"), "percent", 10),
            (self.env._("Projected Month End"), "money", 17),
        ]
        return {"columns": columns, "rows": [rows], "count": len(rows)}

    # ------------------------------------------------------------------
    # Workbook
    # ------------------------------------------------------------------
    @api.model
    def _ka_filters_text(self, filters):
        """The filters in words, for the workbook and the export log."""
        parts = [
            self.env._(
                "Period: %(start)s to %(end)s",
                start=filters["date_from"],
                end=filters["date_to"],
            )
        ]
        for key, model, label in (
            ("user_ids", "res.users", self.env._("Managers")),
            ("tier_ids", "bigaccount.tier", self.env._("Tiers")),
            ("company_ids", "res.company", self.env._("Companies")),
        ):
            if filters[key]:
                names = self.env[model].browse(filters[key]).mapped("display_name")
                parts.append(f"{label}: {', '.join(names)}")
        return "; ".join(parts)

    @api.model
    def _ka_write_xlsx(self, key, filters, output, valid_until, progress=None):
        """Write report ``key`` to ``output`` (a path or file object) in
        constant-memory mode; returns the number of rows written.
        ``progress(done, total)`` is called after every chunk."""
        report = self._ka_report(key, filters)
        columns = report["columns"]
        book = xlsxwriter.Workbook(output, {"constant_memory": True})
        formats = {
            "title": book.add_format({"bold": True, "font_size": 14}),
            "controlled": book.add_format({"bold": True, "font_color": "#C00000"}),
            "head": book.add_format(
                {"bold": True, "bg_color": "#D9E1F2", "border": 1, "text_wrap": True}
            ),
            "text": None,
            "int": book.add_format({"num_format": "#,##0"}),
            "float": book.add_format({"num_format": "0.0"}),
            "money": book.add_format({"num_format": "#,##0.00"}),
            "percent": book.add_format({"num_format": "0.0"}),
            "date": book.add_format({"num_format": "yyyy-mm-dd"}),
            "month": book.add_format({"num_format": "yyyy-mm"}),
            "note": book.add_format({"bold": True}),
        }
        title = self._ka_report_labels()[key]
        sheet = book.add_worksheet(title[:31])
        for col, (_label, _kind, width) in enumerate(columns):
            sheet.set_column(col, col, width)
        sheet.write(0, 0, title, formats["title"])
        sheet.write(
            1,
            0,
            self.env._(
                "Controlled document (受控文件) - valid until %(date)s; "
                "do not copy or pass on.",
                date=valid_until,
            ),
            formats["controlled"],
        )
        sheet.write(2, 0, self._ka_filters_text(filters))
        sheet.write(
            3,
            0,
            self.env._(
                "Exported by %(user)s on %(date)s",
                user=self.env.user.name,
                date=fields.Datetime.context_timestamp(
                    self, fields.Datetime.now()
                ).strftime("%Y-%m-%d %H:%M"),
            ),
        )
        row = 5
        for label, value in report["notes"]:
            sheet.write(row, 0, label, formats["note"])
            if isinstance(value, date):
                sheet.write_datetime(row, 1, value, formats["date"])
            else:
                sheet.write(row, 1, value)
            row += 1
        if report["notes"]:
            row += 1
        head = row
        for col, (label, _kind, _width) in enumerate(columns):
            sheet.write_string(head, col, label, formats["head"])
        sheet.freeze_panes(head + 1, 0)
        cell_formats = [formats[kind] for _label, kind, _width in columns]
        write = sheet.write
        total = report["count"]
        done = 0
        row = head + 1
        for chunk in report["rows"]:
            for values in chunk:
                for col, value in enumerate(values):
                    if value is not None and value is not False:
                        write(row, col, value, cell_formats[col])
                row += 1
            done += len(chunk)
            if progress:
                progress(done, total or done)
        if report["chart"] and report["chart"]["rows"]:
            self._ka_add_chart(book, sheet, report["chart"], head, len(columns))
        if not done:
            sheet.write(head + 1, 0, self.env._("No data for these filters."))
        book.close()
        return done

    @api.model
    def _ka_log_params(self, filters, allowed_company_ids):
        """The filters as the export log keeps them (``params``), from which
        ``bigaccount.export.log._ka_filters`` reads them back."""
        return {
            "date_from": fields.Date.to_string(filters["date_from"]),
            "date_to": fields.Date.to_string(filters["date_to"]),
            "user_ids": filters["user_ids"],
            "tier_ids": filters["tier_ids"],
            "company_ids": filters["company_ids"],
            "allowed_company_ids": allowed_company_ids,
        }

    @api.model
    def _ka_url_params(self, filters):
        """The query parameters of the report URL for ``filters`` (the
        reverse of ``_ka_url_filters``), with the companies the user has
        selected in the company switcher."""
        return {
            "date_from": fields.Date.to_string(filters["date_from"]),
            "date_to": fields.Date.to_string(filters["date_to"]),
            **{
                key: ",".join(str(record_id) for record_id in filters[key])
                for key in ("user_ids", "tier_ids", "company_ids")
                if filters[key]
            },
            "allowed_company_ids": ",".join(str(i) for i in self.env.companies.ids),
        }

    @api.model
    def _ka_url_filters(self, params):
        """The filters of a report URL's query parameters; a clear error
        for anything else."""

        def ids(key):
            return [int(value) for value in (params.get(key) or "").split(",") if value]

        try:
            return {
                "date_from": fields.Date.to_date(params["date_from"]),
                "date_to": fields.Date.to_date(params["date_to"]),
                "user_ids": ids("user_ids"),
                "tier_ids": ids("tier_ids"),
                "company_ids": ids("company_ids"),
            }, ids("allowed_company_ids")
        except (KeyError, TypeError, ValueError) as error:
            raise UserError(
                self.env._("The period or the filters of the report are not valid.")
            ) from error

    @contextmanager
    def _ka_read_only(self):
        """``self`` on a read-only cursor of its own, which Odoo takes from
        the read replica when it has one (``--db_replica_host``); in the
        tests without Odoo's test registry, the current cursor."""
        testing = getattr(threading.current_thread(), "testing", False)
        if testing and not self.env.registry.in_test_mode():
            yield self
            return
        self.env.flush_all()
        with self.env.registry.cursor(readonly=True) as cr:
            yield self.with_env(self.env(cr=cr))

    @api.model
    def _ka_export_now(self, report, params):
        """Write ``report`` for the query parameters ``params`` of its URL:
        the data is read on a read-only cursor (the replica when Odoo has
        one), then the export is logged with its file in the request's own
        transaction on the primary. Returns the log's name and the file."""
        labels = self._ka_report_labels()
        if report not in labels:
            raise UserError(self.env._("There is no report %(report)s.", report=report))
        self._ka_check_export_rights()
        filters, allowed = self._ka_url_filters(params)
        user_companies = self.env.user.company_ids.ids
        allowed = [cid for cid in allowed if cid in user_companies]
        reports = self.with_context(allowed_company_ids=allowed or self.env.company.ids)
        reports._ka_check_filters(filters)
        valid_until = fields.Date.context_today(self) + timedelta(
            days=self.env["res.partner"]._ka_settings()["ka_export_validity_days"]
        )
        output = io.BytesIO()
        with reports._ka_read_only() as reader:
            rows = reader._ka_write_xlsx(report, filters, output, valid_until)
        content = output.getvalue()
        log = reports.env["bigaccount.export.log"]._ka_log(
            "report",
            labels[report],
            rows,
            filters=reports._ka_filters_text(filters),
            report=report,
            params=reports._ka_log_params(filters, reports.env.companies.ids),
            state="done",
            progress=100.0,
            valid_until=valid_until,
        )
        log.attachment_id = (
            self.env["ir.attachment"]
            .sudo()
            .create(
                {
                    "name": f"{log.name}.xlsx",
                    "raw": content,
                    "res_model": log._name,
                    "res_id": log.id,
                    "mimetype": XLSX_MIMETYPE,
                }
            )
        )
        return log.name, content

    @api.model
    def _ka_report_labels(self):
        """The reports' names in the user's language."""
        wizard = self.env["bigaccount.report.wizard"]
        return dict(wizard._fields["report"]._description_selection(self.env))

    @api.model
    def _ka_add_chart(self, book, sheet, spec, head, width):
        """Pareto chart: profit per customer as columns, the cumulative share
        as a line on the secondary axis."""
        name = sheet.get_name()
        first, last = head + 1, head + spec["rows"]
        columns = book.add_chart({"type": "column"})
        columns.add_series(
            {
                "name": [name, head, spec["columns"]],
                "categories": [
                    name,
                    first,
                    spec["categories"],
                    last,
                    spec["categories"],
                ],
                "values": [name, first, spec["columns"], last, spec["columns"]],
            }
        )
        line = book.add_chart({"type": "line"})
        line.add_series(
            {
                "name": [name, head, spec["line"]],
                "categories": [
                    name,
                    first,
                    spec["categories"],
                    last,
                    spec["categories"],
                ],
                "values": [name, first, spec["line"], last, spec["line"]],
                "y2_axis": True,
            }
        )
        columns.combine(line)
        columns.set_title({"name": spec["title"]})
        columns.set_legend({"position": "bottom"})
        columns.set_size({"width": 720, "height": 360})
        sheet.insert_chart(0, width + 1, columns)
