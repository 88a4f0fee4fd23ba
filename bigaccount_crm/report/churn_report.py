# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Excel report ``churn``: the key accounts lost in the period and the
churn rate."""

from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, models
from odoo.tools import SQL

from ..models.tools import flush_models
from .bigaccount_report_xlsx import ACCOUNT_NAMES_JOIN


class ChurnReport(models.AbstractModel):
    """The key accounts lost in the period (status withdrawn, or no
    purchase), against those at its start."""

    _name = "report.bigaccount_crm.churn"
    _inherit = "bigaccount.report.xlsx"
    _description = "Churn Rate"
    # what its queries read, flushed before them
    _ka_reads = (
        "bigaccount.nomination",
        "res.partner",
        "res.users",
        "bigaccount.tier",
        "account.move",
    )

    def _ka_columns(self):
        return [
            (self.env._("Customer"), "text", 36),
            (self.env._("Tier"), "text", 14),
            (self.env._("Account Manager"), "text", 20),
            (self.env._("Sales in the Year Before"), "money", 18),
            (self.env._("Last Invoice"), "date", 13),
            (self.env._("Lost Because"), "text", 26),
        ]

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
        flush_models(self.env, self._ka_reads)
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

    def _ka_table(self, filters):
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
        notes = [
            (self.env._("Key accounts at the start"), at_start),
            (self.env._("Key accounts lost"), len(lost)),
            (self.env._("Churn rate (%)"), self._ka_rate(len(lost), at_start)),
        ]
        return {"rows": [rows], "count": len(rows), "notes": notes}
