# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The parts of a customer's credit exposure, each a small method returning
its SQL (``_ka_credit_part_list`` names them, ``_ka_credit_part_<key>``
gives one: open receivables, confirmed orders not invoiced, paid online and
not yet booked, draft invoices), the overdue amount, and the one query that
sums them for any set of customers (``_ka_credit_query``). A module adds a
part by extending the list and adding its method.

The credit decision of one order reads that query for one customer: it is
kept in a PL/pgSQL function (``bigaccount_credit_parts_<hash of its
text>``, made at each registry load when missing) so that PostgreSQL plans
it once per connection instead of at every call (planning took 4-6 ms of
its 7-9, ``docs/benchmarks.md``); larger sets of customers run the same
query inline, planned for their own size."""

import hashlib
import logging

from odoo import api, models
from odoo.tools import SQL

_logger = logging.getLogger(__name__)

# the prefix of the function holding the query (hooks.py drops them all)
CREDIT_FUNCTION_PREFIX = "bigaccount_credit_parts_"
# up to this many credit accounts, the function (one generic plan, made for
# a few customers); more go inline (a plan made for their number)
CREDIT_FUNCTION_MAX_ACCOUNTS = 20


class ResPartner(models.Model):
    _inherit = "res.partner"

    @api.model
    def _ka_credit_part_list(self):
        """The parts of the credit exposure: ``[(key, label)]``.

        Each key has a method ``_ka_credit_part_<key>(params)`` returning an
        ``SQL`` select of rows ``(account, company_id, amount)`` in company
        currency, which may read the CTEs ``contacts(account, partner)``,
        ``receivable_lines`` and ``open_orders`` of :meth:`_ka_credit_query`.
        A module adds a part by extending this list and writing its method.
        """
        return [
            ("receivable", self.env._("Open receivables")),
            ("uninvoiced", self.env._("Confirmed orders not invoiced")),
            ("paid_online", self.env._("Paid online, not yet booked")),
            ("draft", self.env._("Draft invoices")),
        ]

    @api.model
    def _ka_credit_part_receivable(self, params):
        return SQL(
            "SELECT account, company_id, SUM(residual) FROM receivable_lines"
            " GROUP BY account, company_id"
        )

    @api.model
    def _ka_credit_part_uninvoiced(self, params):
        return SQL(
            "SELECT account, company_id, SUM(to_invoice / rate) FROM open_orders"
            " GROUP BY account, company_id"
        )

    @api.model
    def _ka_credit_part_paid_online(self, params):
        # what the transactions cover of the order's part not invoiced
        return SQL(
            "SELECT account, company_id, -SUM(LEAST(paid, to_invoice) / rate)"
            "  FROM open_orders WHERE paid > 0 GROUP BY account, company_id"
        )

    @api.model
    def _ka_credit_part_draft(self, params):
        # lines of draft invoices that no confirmed order counts already
        return SQL(
            """
            SELECT contacts.account, move.company_id,
                   SUM(line.price_total
                       * CASE WHEN move.move_type = 'out_refund' THEN -1 ELSE 1 END
                       / COALESCE(NULLIF(move.invoice_currency_rate, 0), 1))
              FROM account_move move
              JOIN contacts ON contacts.partner = move.partner_id
              JOIN account_move_line line
                ON line.move_id = move.id AND line.display_type = 'product'
             WHERE move.state = 'draft'
               AND move.move_type IN ('out_invoice', 'out_refund')
               AND move.company_id = ANY(%(companies)s)
               AND NOT EXISTS (
                   SELECT 1
                     FROM sale_order_line_invoice_rel rel
                     JOIN sale_order_line sol ON sol.id = rel.order_line_id
                     JOIN sale_order so ON so.id = sol.order_id
                    WHERE rel.invoice_line_id = line.id AND so.state = 'sale')
             GROUP BY contacts.account, move.company_id
            """,
            companies=params["companies"],
        )

    @api.model
    def _ka_credit_overdue_sql(self):
        """Net overdue per ``(account, company_id)`` from ``receivable_lines``:
        what is past its own due date before ``cutoff``, less the open
        credits (applied to the oldest debts first), never below zero."""
        return SQL(
            """
            SELECT account, company_id,
                   GREATEST(0, LEAST(past_due, past_due + credits)) AS amount,
                   oldest_due, move_count
              FROM (
                SELECT account, company_id,
                       COALESCE(SUM(residual) FILTER (
                           WHERE residual > 0 AND date_maturity < cutoff), 0)
                           AS past_due,
                       COALESCE(SUM(residual) FILTER (WHERE residual < 0), 0)
                           AS credits,
                       MIN(date_maturity) FILTER (
                           WHERE residual > 0 AND date_maturity < cutoff)
                           AS oldest_due,
                       COUNT(DISTINCT move_id) FILTER (
                           WHERE residual > 0 AND date_maturity < cutoff)
                           AS move_count
                  FROM receivable_lines
                 GROUP BY account, company_id
              ) figures
            """
        )

    @api.model
    def _ka_credit_ctes(self, contacts, companies, cutoff, exclude_order_id=0):
        """The CTEs every part reads, as one ``SQL`` (without ``WITH``):

        - ``contacts(account, partner)``: ``contacts`` as given;
        - ``receivable_lines(account, company_id, move_id, residual,
          date_maturity, cutoff)``: open receivable journal items;
        - ``open_orders(account, company_id, order_id, to_invoice, paid,
          rate)``: confirmed orders in order currency (``rate`` converts to
          company currency), without ``exclude_order_id``.

        ``companies`` is an SQL expression of an int array, ``cutoff`` of a
        date (the overdue cut-off).
        """
        return SQL(
            """
            contacts AS MATERIALIZED (%(contacts)s),
            receivable_lines AS MATERIALIZED (
                SELECT contacts.account, line.company_id, line.move_id,
                       line.amount_residual AS residual,
                       COALESCE(line.date_maturity, line.date) AS date_maturity,
                       %(cutoff)s::date AS cutoff
                  FROM account_move_line line
                  JOIN contacts ON contacts.partner = line.partner_id
                  JOIN account_account acc ON acc.id = line.account_id
                 WHERE line.parent_state = 'posted'
                   AND NOT line.reconciled
                   AND acc.account_type = 'asset_receivable'
                   AND line.company_id = ANY(%(companies)s)
            ),
            open_sales AS MATERIALIZED (
                SELECT contacts.account, sale.company_id, sale.id,
                       sale.amount_total,
                       COALESCE(NULLIF(sale.currency_rate, 0), 1) AS rate
                  FROM sale_order sale
                  JOIN contacts ON contacts.partner = sale.partner_invoice_id
                 WHERE sale.state = 'sale'
                   AND sale.company_id = ANY(%(companies)s)
                   AND sale.id != %(exclude)s
            ),
            -- the invoice lines of those orders, found from the orders (a
            -- CTE boundary: the plan starts from them even on statistics
            -- that do not know the rows yet)
            sale_invoice_lines AS MATERIALIZED (
                SELECT sol.order_id, rel.invoice_line_id
                  FROM open_sales
                  JOIN sale_order_line sol ON sol.order_id = open_sales.id
                  JOIN sale_order_line_invoice_rel rel ON rel.order_line_id = sol.id
            ),
            -- what posted invoices and credit notes took from each order, and
            -- what its draft invoices ask
            sale_invoiced AS MATERIALIZED (
                SELECT links.order_id,
                       SUM(aml.price_total * CASE
                           WHEN move.move_type = 'out_refund' THEN -1 ELSE 1 END)
                           FILTER (WHERE aml.parent_state = 'posted') AS posted,
                       SUM(aml.price_total * CASE
                           WHEN move.move_type = 'out_refund' THEN -1 ELSE 1 END)
                           FILTER (WHERE aml.parent_state = 'draft') AS drafted
                  FROM sale_invoice_lines links
                  JOIN account_move_line aml ON aml.id = links.invoice_line_id
                  JOIN account_move move ON move.id = aml.move_id
                 WHERE aml.parent_state IN ('posted', 'draft')
                 GROUP BY links.order_id
            ),
            -- paid online and not yet booked as a payment
            sale_paid AS MATERIALIZED (
                SELECT rel.sale_order_id AS order_id, SUM(tx.amount) AS amount
                  FROM open_sales
                  JOIN sale_order_transaction_rel rel
                    ON rel.sale_order_id = open_sales.id
                  JOIN payment_transaction tx ON tx.id = rel.transaction_id
                 WHERE tx.state = 'authorized'
                    OR (tx.state = 'done' AND tx.payment_id IS NULL)
                 GROUP BY rel.sale_order_id
            ),
            open_orders AS MATERIALIZED (
                SELECT sale.account, sale.company_id, sale.id AS order_id,
                       GREATEST(0, sale.amount_total - COALESCE(inv.posted, 0),
                                COALESCE(inv.drafted, 0)) AS to_invoice,
                       COALESCE(paid.amount, 0) AS paid,
                       sale.rate
                  FROM open_sales sale
                  LEFT JOIN sale_invoiced inv ON inv.order_id = sale.id
                  LEFT JOIN sale_paid paid ON paid.order_id = sale.id
            )
            """,
            contacts=contacts,
            companies=companies,
            cutoff=cutoff,
            exclude=exclude_order_id or 0,
        )

    @api.model
    def _ka_credit_contacts(self, roots, pooled):
        """The ``contacts(account, partner)`` select of the credit accounts
        ``roots`` (an SQL expression of an int array): every contact of each
        account, and of its subsidiaries for those in ``pooled`` (the
        accounts with a group credit pool)."""
        return SQL(
            """
            WITH RECURSIVE tree(account, id) AS (
                SELECT root, root FROM unnest(%(roots)s::int[]) AS root
                UNION ALL
                SELECT tree.account, child.id
                  FROM tree
                  JOIN res_partner child ON child.parent_id = tree.id
                 WHERE tree.account = ANY(%(pooled)s::int[])
            )
            SELECT tree.account, contact.id AS partner
              FROM tree
              JOIN res_partner contact ON contact.commercial_partner_id = tree.id
            """,
            roots=roots,
            pooled=pooled,
        )

    @api.model
    def _ka_credit_function(self, create=False):
        """The name of the function holding :meth:`_ka_credit_query` as
        the installed modules make it, or ``None`` when it does not exist
        (it is made by ``_register_hook``, or here with ``create``).

        The function takes ``(roots int[], pooled int[], companies int[],
        cutoff date, exclude_order int)`` and returns the query's rows; it
        plans its statement once per connection, for a few customers
        (``plan_cache_mode = force_generic_plan``)."""
        query = self._ka_credit_query(
            self._ka_credit_contacts(SQL("p_roots"), SQL("p_pooled")),
            SQL("p_companies"),
            SQL("p_cutoff"),
            SQL("p_exclude_order"),
        )
        cr = self.env.cr
        text = cr.mogrify(query.code, query.params).decode()
        name = CREDIT_FUNCTION_PREFIX + hashlib.sha256(text.encode()).hexdigest()[:12]
        cr.execute(SQL("SELECT 1 FROM pg_proc WHERE proname = %s", name))
        if cr.rowcount:
            return name
        if not create:
            return None
        # one registry load at a time makes it (workers start together)
        cr.execute(SQL("SELECT pg_advisory_xact_lock(hashtext(%s))", name))
        cr.execute(
            SQL(
                "SELECT proname FROM pg_proc WHERE proname LIKE %s",
                CREDIT_FUNCTION_PREFIX + "%",
            )
        )
        for (stale,) in cr.fetchall():
            if stale != name:
                cr.execute(SQL("DROP FUNCTION IF EXISTS %s", SQL.identifier(stale)))
        cr.execute(
            SQL(
                """
                CREATE OR REPLACE FUNCTION %(name)s(
                    p_roots int[], p_pooled int[], p_companies int[],
                    p_cutoff date, p_exclude_order int)
                RETURNS TABLE(part text, account int, company_id int,
                              amount numeric, oldest_due date, move_count bigint)
                LANGUAGE plpgsql STABLE
                SET plan_cache_mode = force_generic_plan
                AS %(body)s
                """,
                name=SQL.identifier(name),
                body="#variable_conflict use_column\nBEGIN RETURN QUERY "
                "SELECT q.part::text, q.account::int, q.company_id::int, "
                "q.amount::numeric, q.oldest_due::date, q.move_count::bigint "
                f"FROM ({text}) AS q(part, account, company_id, amount, "
                "oldest_due, move_count); END",
            )
        )
        _logger.info("Credit exposure query stored as function %s", name)
        return name

    def _register_hook(self):
        res = super()._register_hook()
        self.pool.bigaccount_credit_function = self._ka_credit_function(create=True)
        return res

    @api.model
    def _ka_credit_rows(self, roots, pooled, companies, cutoff, exclude_order_id=0):
        """The rows of :meth:`_ka_credit_query` for the credit accounts
        ``roots`` (ids; ``pooled`` those with a group pool) in
        ``companies`` (ids), overdue before ``cutoff`` (a date), without
        the order ``exclude_order_id``: ``[(part, account, company_id,
        amount, oldest_due, move_count)]``. Through the stored function for
        a few accounts, inline otherwise; the same rows either way."""
        name = getattr(self.pool, "bigaccount_credit_function", None)
        cr = self.env.cr
        if name and len(roots) <= CREDIT_FUNCTION_MAX_ACCOUNTS:
            cr.execute(
                SQL(
                    "SELECT * FROM %s(%s::int[], %s::int[], %s::int[], %s::date, %s)",
                    SQL.identifier(name),
                    list(roots),
                    list(pooled),
                    list(companies),
                    cutoff,
                    exclude_order_id or 0,
                )
            )
        else:
            cr.execute(
                self._ka_credit_query(
                    self._ka_credit_contacts(list(roots), list(pooled)),
                    SQL("%s::int[]", list(companies)),
                    cutoff,
                    exclude_order_id or 0,
                )
            )
        return cr.fetchall()

    @api.model
    def _ka_credit_query(self, contacts, companies, cutoff, exclude_order_id=0):
        """One query giving, per ``(account, company_id)``, every part's
        amount (``part`` rows) and the net overdue (an ``overdue`` row, with
        the oldest due date and the number of overdue documents)."""
        params = {"companies": companies, "cutoff": cutoff}
        parts = [
            SQL(
                "SELECT %s AS part, rows.* FROM (%s) AS rows(account, company_id,"
                " amount)",
                key,
                getattr(self, f"_ka_credit_part_{key}")(params),
            )
            for key, _label in self._ka_credit_part_list()
        ]
        return SQL(
            """
            WITH %(ctes)s
            SELECT part, account, company_id, amount, NULL::date, NULL::int
              FROM (%(parts)s) parts
            UNION ALL
            SELECT 'overdue', account, company_id, amount, oldest_due, move_count
              FROM (%(overdue)s) overdue
             WHERE amount > 0
            """,
            ctes=self._ka_credit_ctes(contacts, companies, cutoff, exclude_order_id),
            parts=SQL(" UNION ALL ").join(parts),
            overdue=self._ka_credit_overdue_sql(),
        )
