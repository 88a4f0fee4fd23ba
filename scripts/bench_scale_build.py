# Reference data of the scale benchmark (SPEC 5), run by scripts/bench
# inside `odoo-bin shell` on its own database and committed once:
# BENCH_PARTNERS customer companies (100,000), 4 invoice lines per posted
# invoice for BENCH_INVOICE_LINES lines (500,000) with their receivable
# lines, and BENCH_ORDER_LINES confirmed sale-order lines (100,000), inserted
# in SQL with PostgreSQL's random() seeded, so that two builds are the same.
# ruff: noqa: F821  (`env` is given by odoo-bin shell)
import os
import sys
import time

from odoo import Command, fields

# the SQL shared with the other builder (scripts/bench_data.py), found
# through BENCH_SCRIPTS: this file is read by `odoo-bin shell` from stdin
sys.path.insert(0, os.environ["BENCH_SCRIPTS"])
import bench_data

PARTNERS = int(os.environ.get("BENCH_PARTNERS", "100000"))
INVOICE_LINES = int(os.environ.get("BENCH_INVOICE_LINES", "500000"))
ORDER_LINES = int(os.environ.get("BENCH_ORDER_LINES", "100000"))
MANAGERS = 50
MARKER = "bigaccount_bench.scale_data"
signature = f"{PARTNERS}/{INVOICE_LINES}/{ORDER_LINES}"
params = env["ir.config_parameter"].sudo()
if params.get_param(MARKER) == signature:
    print(f"reference data present: {signature}")
else:
    start = time.perf_counter()
    env = env(context=dict(env.context, tracking_disable=True))
    cr = env.cr
    company = env.company
    today = fields.Date.context_today(env.user)
    group = env.ref("bigaccount_crm.group_ka_user")
    managers = env["res.users"].create(
        [
            {
                "name": f"Scale manager {n}",
                "login": f"scale_manager_{n}",
                "groups_id": [Command.link(group.id)],
            }
            for n in range(MANAGERS)
        ]
    )
    product = env["product.product"].create(
        {"name": "Scale goods", "type": "consu", "standard_price": 60.0}
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
    cr.execute("SELECT setseed(0.20261127)")
    cr.execute(
        """
        INSERT INTO res_partner (name, complete_name, is_company, active, type,
                                 autopost_bills, ka_manager_id, create_date,
                                 write_date)
        SELECT 'Scale customer ' || lpad(n::text, 6, '0'),
               'Scale customer ' || lpad(n::text, 6, '0'), TRUE, TRUE,
               'contact', 'ask', (%(managers)s::int[])[1 + n %% %(nmanagers)s],
               NOW(), NOW()
          FROM generate_series(1, %(partners)s) n
        """,
        {"managers": managers.ids, "nmanagers": MANAGERS, "partners": PARTNERS},
    )
    # Statistics first: PostgreSQL plans the foreign-key checks of the next
    # statements from them, and a plan made for a small table scans it
    # whole for every row.
    cr.execute("ANALYZE res_partner")
    cr.execute(
        """
        UPDATE res_partner SET commercial_partner_id = id
         WHERE name LIKE 'Scale customer %%' AND commercial_partner_id IS NULL
        """
    )
    # the partners were inserted in one statement: their ids follow each other
    cr.execute(
        "SELECT MIN(id), MAX(id) FROM res_partner WHERE name LIKE 'Scale customer %%'"
    )
    first, last = cr.fetchone()
    assert last - first + 1 == PARTNERS, (first, last)
    moves = INVOICE_LINES // 4
    # Invoices over the last 15 months, 5 % refunds, 20 % still open
    cr.execute(
        """
        CREATE TEMP TABLE scale_move AS
        SELECT n,
               %(first)s + floor(random() * %(partners)s)::int AS partner_id,
               %(today)s::date - floor(random() * 450)::int AS invoice_date,
               CASE WHEN random() < 0.05 THEN 'out_refund' ELSE 'out_invoice' END
                   AS move_type,
               random() < 0.2 AS open,
               round((50 + random() * 950)::numeric, 2) AS price
          FROM generate_series(1, %(moves)s) g(n)
        """,
        {"partners": PARTNERS, "today": today, "moves": moves, "first": first},
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
        SELECT 'SCALE/' || m.n, m.move_type, 'posted', m.invoice_date,
               m.invoice_date, m.invoice_date + 30, %(journal)s, %(company)s,
               %(currency)s, m.partner_id, m.partner_id, 'no',
               4 * m.price, 0, 4 * m.price,
               CASE WHEN m.open THEN 4 * m.price ELSE 0 END,
               s.sign * 4 * m.price, s.sign * 4 * m.price, s.sign * 4 * m.price,
               CASE WHEN m.open THEN s.sign * 4 * m.price ELSE 0 END,
               CASE WHEN m.open THEN 'not_paid' ELSE 'paid' END, NOW(), NOW()
          FROM scale_move m,
               LATERAL (SELECT CASE WHEN m.move_type = 'out_refund'
                                    THEN -1 ELSE 1 END AS sign) s
         ORDER BY m.n
        """,
        {
            "journal": journal.id,
            "company": company.id,
            "currency": company.currency_id.id,
        },
    )
    cr.execute("ANALYZE account_move")
    cr.execute(
        """
        CREATE TEMP TABLE scale_move_id AS
        SELECT move.id, m.* FROM account_move move
          JOIN scale_move m ON move.name = 'SCALE/' || m.n
        """
    )
    common = {
        "journal": journal.id,
        "company": company.id,
        "currency": company.currency_id.id,
    }
    bench_data.insert_invoice_lines(
        cr,
        "scale_move_id",
        "SCALE/",
        "Scale goods",
        dict(
            common,
            income=income.id,
            product=product.id,
            uom=product.uom_id.id,
            receivable=receivable.id,
        ),
    )
    # confirmed orders, four lines each
    orders = ORDER_LINES // 4
    cr.execute(
        """
        CREATE TEMP TABLE scale_order AS
        SELECT n,
               %(first)s + floor(random() * %(partners)s)::int AS partner_id,
               NOW() - make_interval(days => floor(random() * 450)::int)
                   AS date_order,
               round((50 + random() * 950)::numeric, 2) AS price
          FROM generate_series(1, %(orders)s) g(n)
        """,
        {"partners": PARTNERS, "orders": orders, "first": first},
    )
    cr.execute(
        """
        INSERT INTO sale_order (name, company_id, partner_id, partner_invoice_id,
                                partner_shipping_id, date_order, state,
                                picking_policy, currency_id, currency_rate,
                                amount_untaxed, amount_tax, amount_total,
                                ka_price_approval_state, invoice_status,
                                create_date, write_date)
        SELECT 'SCALE/S' || o.n, %(company)s, o.partner_id, o.partner_id,
               o.partner_id, o.date_order, 'sale', 'direct', %(currency)s, 1,
               4 * o.price, 0, 4 * o.price, 'none', 'invoiced', NOW(), NOW()
          FROM scale_order o
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
                                     purchase_price, margin, customer_lead,
                                     qty_invoiced, untaxed_amount_to_invoice,
                                     currency_id, company_id, order_partner_id,
                                     state, invoice_status, create_date,
                                     write_date)
        SELECT sale.id, 'Scale goods', %(product)s, %(uom)s, 1, o.price, o.price,
               o.price, o.price, 0, 60, o.price - 60, 0, 1, 0, %(currency)s,
               %(company)s, o.partner_id, 'sale', 'invoiced', NOW(), NOW()
          FROM scale_order o
          JOIN sale_order sale ON sale.name = 'SCALE/S' || o.n,
               generate_series(1, 4) line
        """,
        dict(common, product=product.id, uom=product.uom_id.id),
    )
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
    print(f"reference data built in {time.perf_counter() - start:.0f} s: {signature}")
