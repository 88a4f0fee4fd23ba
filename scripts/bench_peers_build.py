# Base data of the peers benchmark (scripts/bench peers), run inside
# `odoo-bin shell` on a database with plain Odoo only (sale_management,
# stock, account; neither OCA's credit modules nor bigaccount_crm) and
# committed once: BENCH_PARTNERS customer companies (SPEC 5: 100,000),
# 4 invoice lines per posted invoice for BENCH_INVOICE_LINES lines (500,000)
# with their receivable lines, BENCH_ORDER_LINES confirmed, invoiced
# sale-order lines (100,000), inserted in SQL with PostgreSQL's random()
# seeded; then, through the ORM, the two measured customers: one with 1 and
# one with 200 open (posted, unpaid, not yet due) invoices, each with 50
# confirmed orders not invoiced.
# ruff: noqa: F821  (`env` is given by odoo-bin shell)
import os
import sys
import time

from dateutil.relativedelta import relativedelta

from odoo import Command, fields

# the SQL shared with the other builder (scripts/bench_data.py), found
# through BENCH_SCRIPTS: this file is read by `odoo-bin shell` from stdin
sys.path.insert(0, os.environ["BENCH_SCRIPTS"])
import bench_data

PARTNERS = int(os.environ.get("BENCH_PARTNERS", "100000"))
INVOICE_LINES = int(os.environ.get("BENCH_INVOICE_LINES", "500000"))
ORDER_LINES = int(os.environ.get("BENCH_ORDER_LINES", "100000"))
SHAPES = (1, 200)  # open invoices of the measured customers
HISTORY_ORDERS = 50
MARKER = "bigaccount_bench.peers_data"
signature = f"{PARTNERS}/{INVOICE_LINES}/{ORDER_LINES}"
params = env["ir.config_parameter"].sudo()
if params.get_param(MARKER) == signature:
    print(f"peers base data present: {signature}")
else:
    start = time.perf_counter()
    env = env(context=dict(env.context, tracking_disable=True))
    cr = env.cr
    company = env.company
    today = fields.Date.context_today(env.user)
    product = env["product.product"].create(
        {
            "name": "Peers goods",
            "type": "consu",
            "list_price": 100.0,
            "standard_price": 60.0,
            "invoice_policy": "order",
        }
    )
    journal = env["account.journal"].search(
        [("type", "=", "sale"), ("company_id", "=", company.id)], limit=1
    )
    receivable = env["account.account"].search(
        [
            ("account_type", "=", "asset_receivable"),
            ("company_ids", "in", company.id),
        ],
        limit=1,
    )
    income = journal.default_account_id
    env.flush_all()
    common = {
        "journal": journal.id,
        "company": company.id,
        "currency": company.currency_id.id,
    }
    cr.execute("SELECT setseed(0.20261130)")
    cr.execute(
        """
        INSERT INTO res_partner (name, complete_name, is_company, active, type,
                                 autopost_bills, customer_rank, create_date,
                                 write_date)
        SELECT 'Peers customer ' || lpad(n::text, 6, '0'),
               'Peers customer ' || lpad(n::text, 6, '0'), TRUE, TRUE,
               'contact', 'ask', 1, NOW(), NOW()
          FROM generate_series(1, %(partners)s) n
        """,
        {"partners": PARTNERS},
    )
    cr.execute("ANALYZE res_partner")
    cr.execute(
        """
        UPDATE res_partner SET commercial_partner_id = id
         WHERE name LIKE 'Peers customer %%' AND commercial_partner_id IS NULL
        """
    )
    cr.execute(
        "SELECT MIN(id), MAX(id) FROM res_partner WHERE name LIKE 'Peers customer %%'"
    )
    first, last = cr.fetchone()
    assert last - first + 1 == PARTNERS, (first, last)
    # invoices over the last 15 months, 5 % refunds, 20 % still open
    cr.execute(
        """
        CREATE TEMP TABLE peers_move AS
        SELECT n,
               %(first)s + floor(random() * %(partners)s)::int AS partner_id,
               %(today)s::date - floor(random() * 450)::int AS invoice_date,
               CASE WHEN random() < 0.05 THEN 'out_refund' ELSE 'out_invoice' END
                   AS move_type,
               random() < 0.2 AS open,
               round((50 + random() * 950)::numeric, 2) AS price
          FROM generate_series(1, %(moves)s) g(n)
        """,
        {
            "partners": PARTNERS,
            "today": today,
            "moves": INVOICE_LINES // 4,
            "first": first,
        },
    )
    cr.execute(
        """
        INSERT INTO account_move (name, move_type, state, date, invoice_date,
                                  invoice_date_due, journal_id, company_id,
                                  currency_id, partner_id,
                                  commercial_partner_id, auto_post,
                                  amount_untaxed, amount_tax, amount_total,
                                  amount_residual, amount_untaxed_signed,
                                  amount_total_signed,
                                  amount_total_in_currency_signed,
                                  amount_residual_signed, payment_state,
                                  create_date, write_date)
        SELECT 'PEERS/' || m.n, m.move_type, 'posted', m.invoice_date,
               m.invoice_date, m.invoice_date + 30, %(journal)s, %(company)s,
               %(currency)s, m.partner_id, m.partner_id, 'no',
               4 * m.price, 0, 4 * m.price,
               CASE WHEN m.open THEN 4 * m.price ELSE 0 END,
               s.sign * 4 * m.price, s.sign * 4 * m.price, s.sign * 4 * m.price,
               CASE WHEN m.open THEN s.sign * 4 * m.price ELSE 0 END,
               CASE WHEN m.open THEN 'not_paid' ELSE 'paid' END, NOW(), NOW()
          FROM peers_move m,
               LATERAL (SELECT CASE WHEN m.move_type = 'out_refund'
                                    THEN -1 ELSE 1 END AS sign) s
         ORDER BY m.n
        """,
        common,
    )
    cr.execute("ANALYZE account_move")
    cr.execute(
        """
        CREATE TEMP TABLE peers_move_id AS
        SELECT move.id, m.* FROM account_move move
          JOIN peers_move m ON move.name = 'PEERS/' || m.n
        """
    )
    bench_data.insert_invoice_lines(
        cr,
        "peers_move_id",
        "PEERS/",
        "Peers goods",
        dict(
            common,
            income=income.id,
            product=product.id,
            uom=product.uom_id.id,
            receivable=receivable.id,
        ),
    )
    # confirmed and invoiced orders, four lines each
    cr.execute(
        """
        CREATE TEMP TABLE peers_order AS
        SELECT n,
               %(first)s + floor(random() * %(partners)s)::int AS partner_id,
               NOW() - make_interval(days => floor(random() * 450)::int)
                   AS date_order,
               round((50 + random() * 950)::numeric, 2) AS price
          FROM generate_series(1, %(orders)s) g(n)
        """,
        {"partners": PARTNERS, "orders": ORDER_LINES // 4, "first": first},
    )
    cr.execute(
        """
        INSERT INTO sale_order (name, company_id, partner_id, partner_invoice_id,
                                partner_shipping_id, date_order, state,
                                picking_policy, currency_id, currency_rate,
                                amount_untaxed, amount_tax, amount_total,
                                invoice_status, create_date, write_date)
        SELECT 'PEERS/S' || o.n, %(company)s, o.partner_id, o.partner_id,
               o.partner_id, o.date_order, 'sale', 'direct', %(currency)s, 1,
               4 * o.price, 0, 4 * o.price, 'invoiced', NOW(), NOW()
          FROM peers_order o
        """,
        common,
    )
    cr.execute("ANALYZE sale_order")
    cr.execute(
        """
        INSERT INTO sale_order_line (order_id, name, product_id, product_uom,
                                     product_uom_qty, price_unit,
                                     price_subtotal, price_total,
                                     price_reduce_taxexcl, price_tax,
                                     customer_lead, qty_invoiced,
                                     untaxed_amount_to_invoice, currency_id,
                                     company_id, order_partner_id, state,
                                     invoice_status, create_date, write_date)
        SELECT sale.id, 'Peers goods', %(product)s, %(uom)s, 1, o.price, o.price,
               o.price, o.price, 0, 0, 1, 0, %(currency)s, %(company)s,
               o.partner_id, 'sale', 'invoiced', NOW(), NOW()
          FROM peers_order o
          JOIN sale_order sale ON sale.name = 'PEERS/S' || o.n,
               generate_series(1, 4) line
        """,
        dict(common, product=product.id, uom=product.uom_id.id),
    )
    # the measured customers, through the ORM: posted invoices not yet due
    # and confirmed orders not invoiced
    due = today + relativedelta(days=30)
    for count in SHAPES:
        partner = env["res.partner"].create(
            {"name": f"Peers measured {count} invoices", "is_company": True}
        )
        moves = env["account.move"].create(
            [
                {
                    "move_type": "out_invoice",
                    "partner_id": partner.id,
                    "invoice_date": today,
                    "invoice_date_due": due,
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "product_id": product.id,
                                "price_unit": 100.0 + n,
                                "tax_ids": [Command.clear()],
                            }
                        )
                    ],
                }
                for n in range(count)
            ]
        )
        moves.action_post()
        orders = env["sale.order"].create(
            [
                {
                    "partner_id": partner.id,
                    "order_line": [
                        Command.create(
                            {
                                "product_id": product.id,
                                "price_unit": 50.0 + n,
                                "tax_id": [Command.clear()],
                            }
                        )
                    ],
                }
                for n in range(HISTORY_ORDERS)
            ]
        )
        orders.action_confirm()
    env.flush_all()
    for table in (
        "res_partner",
        "account_move",
        "account_move_line",
        "sale_order",
        "sale_order_line",
    ):
        cr.execute(f"ANALYZE {table}")
    params.set_param(MARKER, signature)
    cr.commit()
    print(f"peers base data built in {time.perf_counter() - start:.0f} s: {signature}")
