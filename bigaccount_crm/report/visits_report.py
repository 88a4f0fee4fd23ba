# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Excel report ``visits``: visit compliance per account manager."""

from datetime import timedelta

from odoo import models
from odoo.tools import SQL


class VisitsReport(models.AbstractModel):
    """Per account manager: accounts, visits done in the period, accounts
    visited, accounts overdue today and the share kept to the cadence."""

    _name = "report.bigaccount_crm.visits"
    _inherit = "bigaccount.report.xlsx"
    _description = "Visit Compliance per Manager"
    # what its queries read, flushed before them
    _ka_reads = (
        "bigaccount.visit",
        "res.partner",
        "res.users",
    )

    def _ka_columns(self):
        return [
            (self.env._("Account Manager"), "text", 24),
            (self.env._("Key Accounts"), "int", 13),
            (self.env._("Visits Due in Period"), "int", 16),
            (self.env._("Visits Done"), "int", 12),
            (self.env._("Accounts Visited"), "int", 15),
            (self.env._("Overdue Today"), "int", 14),
            (self.env._("Compliance (%)"), "percent", 14),
        ]

    def _ka_table(self, filters):
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
        accounts = sum(row[1] for row in rows)
        overdue = sum(row[5] for row in rows)
        notes = [
            (
                self.env._("Compliance of all managers (%)"),
                self._ka_rate(accounts - overdue, accounts),
            )
        ]
        return {"rows": [rows], "count": len(rows), "notes": notes}
