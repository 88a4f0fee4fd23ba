# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Excel report ``credit``: each key account's credit exposure and its open
receivables aged at the end of the period."""

from odoo import fields, models
from odoo.tools import SQL

from ..models.tools import open_receivable_lines
from .bigaccount_report_xlsx import ACCOUNT_NAMES_JOIN


class CreditReport(models.AbstractModel):
    """Each key account's credit today in the current company, from the
    credit service (limit, exposure, share of the limit used, overdue
    beyond grace), with its open receivables aged at the end of the
    period by the due date of each item (instalments each on their own)."""

    _name = "report.bigaccount_crm.credit"
    _inherit = "bigaccount.report.xlsx"
    _description = "Credit Exposure and Ageing"
    # what its queries read, flushed before them
    _ka_reads = (
        "res.partner",
        "res.users",
        "bigaccount.tier",
    )

    def _ka_columns(self):
        return [
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

    def _ka_table(self, filters):
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
        over = sum(1 for row in rows if row[5] is not None and row[5] > 100)
        notes = [
            (self.env._("Exposure and overdue on"), fields.Date.context_today(self)),
            (self.env._("Aged on"), as_of),
            (self.env._("Accounts over their limit"), over),
        ]
        return {"rows": [rows], "count": len(rows), "notes": notes}
