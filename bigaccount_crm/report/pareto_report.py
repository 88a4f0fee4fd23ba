# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Excel report ``pareto``: profit concentration (80/20) per customer, with
its chart."""

from datetime import timedelta

from odoo import api, models
from odoo.tools import SQL

from ..models.tools import flush_models

# Share of the profit that defines the "vital few" of the Pareto analysis.
PARETO_SHARE = 80.0


class ParetoReport(models.AbstractModel):
    """The customers ranked by profit, the few that bring 80% of it and the
    key accounts' share."""

    _name = "report.bigaccount_crm.pareto"
    _inherit = "bigaccount.report.xlsx"
    _description = "Profit Concentration (80/20)"
    # what its queries read, flushed before them
    _ka_reads = (
        "sale.order",
        "sale.order.line",
        "res.partner",
        "bigaccount.tier",
    )

    def _ka_columns(self):
        return [
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

    @api.model
    def _ka_pareto_figures(self, filters):
        """Profit (sale margin of confirmed orders dated in the period, in
        company currency) per customer, highest first, with the share and
        the cumulative share of the total; customers with no profit are left
        out. Without manager or tier filter every customer is ranked, so that
        the key accounts' share shows."""
        flush_models(self.env, self._ka_reads)
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

    def _ka_table(self, filters):
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
        # profit per customer as columns, the cumulative share as a line
        chart = {
            "title": self.env._("Profit concentration"),
            "categories": 1,
            "columns": 5,
            "line": 7,
            "rows": min(len(rows), 50),
        }
        return {"rows": [rows], "count": len(rows), "notes": notes, "chart": chart}
