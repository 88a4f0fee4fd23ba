# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Excel report ``roster``: the key-account roster with each account's
sales, profit and margin over the period and its tier at the end of it."""

from datetime import timedelta

from odoo import models
from odoo.tools import SQL

# Rows read from the database at a time: the roster's one sorted query is
# fetched from an SQL cursor chunk by chunk, so that memory does not grow
# with the number of rows.
CHUNK_SIZE = 5000
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


class RosterReport(models.AbstractModel):
    """The key accounts the filters select, with, over the period and the
    selected companies: *Sales* = untaxed posted customer invoices less
    credit notes, in company currency; *Gross Profit* = sales less cost,
    by the tier's rule (the sale line's cost, else the product's);
    *Margin* = gross profit / sales. *Tier*: the account's tier at the
    end of the period (tier history). *Company*: the account's company,
    or for a customer shared by the companies, those the figures cover."""

    _name = "report.bigaccount_crm.roster"
    _inherit = "bigaccount.report.xlsx"
    _description = "Key-Account Roster"
    # what its queries read, flushed before them
    _ka_reads = (
        "res.partner",
        "res.users",
        "res.company",
        "bigaccount.tier",
        "bigaccount.tier.history",
        "account.move",
        "account.move.line",
        "sale.order",
        "sale.order.line",
        "product.product",
    )

    def _ka_columns(self):
        return [
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

    def _ka_expected_rows(self, filters):
        return self.env["res.partner"].search_count(self._ka_account_domain(filters))

    def _ka_table(self, filters):
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

        return {"rows": chunks(), "count": self._ka_expected_rows(filters)}

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
