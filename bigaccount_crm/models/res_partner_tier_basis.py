# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The tier basis: every figure the tier job needs for a batch of commercial
partners in one SQL aggregate over their posted invoices and confirmed
orders (gross profit in and out of the window, invoiced total, largest
order, oldest overdue due date), and the customers who referred a buyer.
Override ``_ka_tier_basis_domain_sql`` to narrow the invoice lines."""

from odoo import api, models
from odoo.tools import SQL

from .tier_rules import TierFigures
from .tools import execute_without_jit


class ResPartner(models.Model):
    _inherit = "res.partner"

    def _ka_tier_basis_query(self, date_from, date_to, window_months, companies=None):
        """SQL giving, for the commercial partners ``self``, every figure the
        tier job needs, in one pass over their invoices and orders.

        Gross profit of an invoice line is its untaxed amount in company
        currency less its cost: the cost of the sale line it was invoiced
        from (``sale_margin``), otherwise the product's cost; refunds count
        negative.  A parent company is ranked on its own figures plus those
        of every company below it (its subsidiaries, at any depth).

        Override ``_ka_tier_basis_domain_sql`` to narrow the invoice lines;
        ``companies`` narrows them to those companies' (all by default).
        """
        target = self.env.company.currency_id
        if companies is None:
            companies = (
                self.env["res.company"]
                .sudo()
                .with_context(active_test=False)
                .search([("currency_id", "!=", False)])
            )
        rate_ids = companies.ids
        rates = [
            company.currency_id._get_conversion_rate(
                company.currency_id, target, company, date_to
            )
            for company in companies
        ]
        return SQL(
            """
            WITH RECURSIVE tree AS (
                -- each partner of the batch and every partner below it
                SELECT id AS root_id, id AS member_id
                  FROM res_partner
                 WHERE id = ANY(%(ids)s)
                UNION ALL
                -- (a lateral sub-select, so that the children are found
                -- through the index on parent_id rather than by sorting
                -- every partner for a merge join)
                SELECT tree.root_id, child.id
                  FROM tree
                 CROSS JOIN LATERAL (
                     SELECT id FROM res_partner
                      WHERE parent_id = tree.member_id OFFSET 0
                 ) child
            ), members AS MATERIALIZED (
                -- the commercial partners whose figures add up to each root
                -- (both conditions on the join, which PostgreSQL estimates
                -- well, rather than comparing two columns of one row)
                SELECT tree.root_id, tree.member_id
                  FROM tree
                  JOIN res_partner member
                    ON member.id = tree.member_id
                   AND member.commercial_partner_id = tree.member_id
            ), contacts AS MATERIALIZED (
                -- every partner invoiced or ordered on behalf of a member
                -- (indexed access to invoices and orders goes by partner_id)
                SELECT contact.id AS partner_id,
                       contact.commercial_partner_id AS member_id
                  FROM res_partner contact
                 WHERE contact.commercial_partner_id IN (
                     SELECT member_id FROM members
                 )
            ), rates AS (
                SELECT * FROM unnest(%(rate_ids)s::int[], %(rates)s::numeric[])
                    AS r(company_id, rate)
            ), moves AS MATERIALIZED (
                SELECT move.id, move.commercial_partner_id, move.move_type,
                       move.invoice_date
                  FROM account_move move
                 WHERE move.partner_id IN (SELECT partner_id FROM contacts)
                   AND move.state = 'posted'
                   AND move.move_type IN ('out_invoice', 'out_refund')
                   AND move.invoice_date <= %(date_to)s
            ), move_lines AS MATERIALIZED (
                SELECT line.id, line.company_id, line.balance, line.amount_currency,
                       line.quantity, line.product_id, line.product_uom_id,
                       moves.commercial_partner_id AS partner_id,
                       moves.invoice_date > %(date_from)s AS in_window,
                       CASE WHEN moves.move_type = 'out_refund' THEN -1 ELSE 1 END
                           AS sign
                  FROM moves
                  JOIN account_move_line line ON line.move_id = moves.id
                  JOIN account_move move ON move.id = moves.id
                 WHERE line.display_type = 'product'
                   AND %(extra)s
            ), sale_costs AS (
                -- the cost of the (first) sale line each invoice line comes from
                SELECT rel.invoice_line_id,
                       (ARRAY_AGG(order_line.purchase_price
                                  ORDER BY order_line.id))[1] AS purchase_price
                  FROM sale_order_line_invoice_rel rel
                  JOIN sale_order_line order_line
                    ON order_line.id = rel.order_line_id
                 WHERE rel.invoice_line_id IN (SELECT id FROM move_lines)
                 GROUP BY rel.invoice_line_id
            ), lines AS (
                SELECT line.partner_id,
                       line.in_window,
                       -line.balance * rates.rate AS revenue,
                       line.sign * line.quantity * rates.rate * COALESCE(
                           sale_costs.purchase_price * CASE
                               WHEN line.amount_currency <> 0
                               THEN ABS(line.balance / line.amount_currency)
                               ELSE 1 END,
                           COALESCE(
                               (product.standard_price
                                ->> line.company_id::text)::numeric, 0
                           ) * COALESCE(
                               product_uom.factor / NULLIF(line_uom.factor, 0), 1
                           )
                       ) AS cost
                  FROM move_lines line
                  JOIN rates ON rates.company_id = line.company_id
                  LEFT JOIN sale_costs ON sale_costs.invoice_line_id = line.id
                  LEFT JOIN product_product product ON product.id = line.product_id
                  LEFT JOIN product_template template
                    ON template.id = product.product_tmpl_id
                  LEFT JOIN uom_uom product_uom ON product_uom.id = template.uom_id
                  LEFT JOIN uom_uom line_uom ON line_uom.id = line.product_uom_id
            ), per_partner AS (
                SELECT partner_id,
                       SUM(revenue) FILTER (WHERE in_window) AS revenue,
                       SUM(revenue - cost) FILTER (WHERE in_window) AS profit,
                       SUM(revenue) AS invoiced
                  FROM lines
                 GROUP BY partner_id
            ), overdue AS (
                -- the oldest receivable item past its own due date (each
                -- instalment has its own), for members whose past-due items
                -- are not covered by their open credits (credit service)
                SELECT contacts.member_id AS partner_id,
                       MIN(line.date_maturity) FILTER (
                           WHERE line.amount_residual > 0
                             AND line.date_maturity < %(date_to)s
                       ) AS oldest_due
                  FROM account_move_line line
                  JOIN contacts ON contacts.partner_id = line.partner_id
                  JOIN account_account acc ON acc.id = line.account_id
                 WHERE contacts.member_id = ANY(%(ids)s)
                   AND line.parent_state = 'posted'
                   AND NOT line.reconciled
                   AND acc.account_type = 'asset_receivable'
                 GROUP BY contacts.member_id
                HAVING SUM(line.amount_residual) FILTER (
                           WHERE line.amount_residual > 0
                             AND line.date_maturity < %(date_to)s
                       ) + COALESCE(SUM(line.amount_residual) FILTER (
                           WHERE line.amount_residual < 0), 0) > 0
            ), orders AS (
                SELECT contacts.member_id AS partner_id,
                       MAX(sale.amount_untaxed / COALESCE(
                           NULLIF(sale.currency_rate, 0), 1) * rates.rate
                       ) AS largest
                  FROM sale_order sale
                  JOIN contacts ON contacts.partner_id = sale.partner_id
                  JOIN rates ON rates.company_id = sale.company_id
                 WHERE contacts.member_id = ANY(%(ids)s)
                   AND sale.state = 'sale'
                 GROUP BY contacts.member_id
            )
            -- amounts rounded to the currency, the margin to 2 decimals
            SELECT roots.id,
                   ROUND(COALESCE(own.profit, 0) / %(months)s / %(rounding)s)
                       * %(rounding)s AS basis_own,
                   ROUND(COALESCE(SUM(member.profit), 0) / %(months)s
                         / %(rounding)s) * %(rounding)s AS basis,
                   COALESCE(own.revenue, 0) AS revenue,
                   CASE WHEN own.revenue > 0
                        THEN ROUND(own.profit / own.revenue * 100, 2)
                        ELSE 0 END AS margin,
                   ROUND(COALESCE(own.invoiced, 0) / %(rounding)s)
                       * %(rounding)s AS invoiced,
                   own.partner_id IS NOT NULL AS has_bought,
                   overdue.oldest_due,
                   ROUND(COALESCE(orders.largest, 0) / %(rounding)s)
                       * %(rounding)s AS largest
              FROM unnest(%(ids)s::int[]) AS roots(id)
              LEFT JOIN per_partner own ON own.partner_id = roots.id
              LEFT JOIN members ON members.root_id = roots.id
              LEFT JOIN per_partner member ON member.partner_id = members.member_id
              LEFT JOIN overdue ON overdue.partner_id = roots.id
              LEFT JOIN orders ON orders.partner_id = roots.id
             GROUP BY roots.id, own.partner_id, own.profit, own.revenue,
                      own.invoiced, overdue.oldest_due, orders.largest
            """,
            ids=self.ids,
            rate_ids=rate_ids,
            rates=rates,
            date_from=date_from,
            date_to=date_to,
            months=window_months,
            rounding=target.rounding,
            extra=self._ka_tier_basis_domain_sql(),
        )

    def _ka_fetch_tier_figures(self, date_from, date_to, months, companies=None):
        """Run the tier aggregate for ``self``: ``{partner_id: TierFigures}``
        (without JIT compilation, see ``execute_without_jit``)."""
        rows = execute_without_jit(
            self.env.cr,
            self._ka_tier_basis_query(date_from, date_to, months, companies=companies),
        )
        return {row[0]: TierFigures(*row[1:]) for row in rows}

    def _ka_fetch_successful_referrers(self, figures):
        """The partners of ``self`` who referred a customer that then bought
        (介绍过其他客户并成交), in one query; a referred customer
        of the same batch counts with its fresh ``figures``."""
        # SQL: the successful referrals of a whole batch in one query
        self.env.cr.execute(
            SQL(
                """
                SELECT referrer.commercial_partner_id,
                       referred.commercial_partner_id,
                       referred_account.ka_has_bought
                  FROM res_partner referred
                  JOIN res_partner referred_account
                    ON referred_account.id = referred.commercial_partner_id
                  JOIN res_partner referrer ON referrer.id = referred.ka_referred_by_id
                 WHERE referrer.commercial_partner_id = ANY(%s)
                   AND referred.active
                   -- stated, so that the plan starts from the few referred
                   -- partners (partial index) rather than from the batch
                   AND referred.ka_referred_by_id IS NOT NULL
                """,
                self.ids,
            )
        )
        return {
            referrer
            for referrer, referred, has_bought in self.env.cr.fetchall()
            if (figures[referred].has_bought if referred in figures else has_bought)
        }

    @api.model
    def _ka_tier_basis_domain_sql(self):
        """Extra SQL condition on ``line`` and ``move`` of the tier basis."""
        return SQL("TRUE")
