# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Excel report ``pacing``: monthly sales pacing of each account manager
against the month's share of the target."""

import calendar
from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from ..models.tools import flush_models

# Months a pacing report may span.
PACING_MAX_MONTHS = 24


class PacingReport(models.AbstractModel):
    """Per month and account manager: target, actual to date, expected to
    date, pace and projected month end."""

    _name = "report.bigaccount_crm.pacing"
    _inherit = "bigaccount.report.xlsx"
    _description = "Monthly Sales Pacing"
    # what its queries read, flushed before them
    _ka_reads = (
        "bigaccount.target",
        "res.partner",
        "res.users",
        "account.move",
    )

    def _ka_columns(self):
        return [
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

    @api.model
    def _ka_pacing_figures(self, filters, today=None):
        """Per month of the period and account manager: the month's share of
        the manager's key-account sales target, the untaxed invoices less
        credit notes of the key accounts the manager looks after up to
        today, the share of the month elapsed and the pace."""
        flush_models(self.env, self._ka_reads)
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

    def _ka_table(self, filters):
        rows = self._ka_pacing_figures(filters)
        return {"rows": [rows], "count": len(rows)}
