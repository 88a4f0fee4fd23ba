# Benchmark of the credit check at order confirmation, run by scripts/bench
# inside `odoo-bin shell`: action_confirm with the check on and off on the
# same data, side by side. Nothing is committed.
# ruff: noqa: F821  (`env` is given by odoo-bin shell)
import os
import random
import statistics
import time

from odoo import Command, fields

ORDERS = int(os.environ.get("BENCH_ORDERS", "40"))
INVOICES = int(os.environ.get("BENCH_INVOICES", "200"))
random.seed(20261123)
env = env(context=dict(env.context, tracking_disable=True))
company = env.company
company.account_use_credit_limit = True
partner = env["res.partner"].create(
    {"name": "Bench credit customer", "is_company": True}
)
partner.with_company(company).credit_limit = 10**12
product = env["product.product"].create({"name": "Bench goods", "type": "consu"})
today = fields.Date.context_today(partner)
moves = env["account.move"].create(
    [
        {
            "move_type": "out_invoice",
            "partner_id": partner.id,
            "invoice_date": today,
            "invoice_date_due": today,
            "invoice_line_ids": [
                Command.create(
                    {
                        "product_id": product.id,
                        "price_unit": random.randint(100, 1000),
                        "tax_ids": [Command.clear()],
                    }
                )
            ],
        }
        for _i in range(INVOICES)
    ]
)
moves.action_post()


def new_orders(count):
    return env["sale.order"].create(
        [
            {
                "partner_id": partner.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": product.id,
                            "price_unit": random.randint(10, 100),
                            "tax_id": [Command.clear()],
                        }
                    )
                ],
            }
            for _i in range(count)
        ]
    )


new_orders(50).action_confirm()  # history: 50 confirmed orders
on_orders, off_orders = new_orders(ORDERS), new_orders(ORDERS)
env.flush_all()
timings = {"on": [], "off": []}
for on, off in zip(on_orders, off_orders, strict=True):
    for label, order in (("on", on), ("off", off)):
        env.invalidate_all()
        start = time.perf_counter()
        if label == "on":
            order.action_confirm()
        else:
            order.with_context(bigaccount_skip_credit_check=True).action_confirm()
        env.flush_all()
        timings[label].append(time.perf_counter() - start)
env.invalidate_all()
before = env.cr.sql_log_count
partner._ka_credit_status(amount=10)
queries = env.cr.sql_log_count - before
on_ms = statistics.median(timings["on"]) * 1000
off_ms = statistics.median(timings["off"]) * 1000
print()
print(
    f"credit check benchmark: {INVOICES} open invoices, 50 confirmed orders, "
    f"{ORDERS} confirmations each way"
)
print("| measure | value |")
print("|---|---|")
print(f"| action_confirm, check on (median) | {on_ms:.1f} ms |")
print(f"| action_confirm, check off (median) | {off_ms:.1f} ms |")
print(f"| ratio on / off (goal <= 1.15) | {on_ms / off_ms:.2f} |")
print(f"| credit check queries (cold cache, goal <= 12) | {queries} |")
env.cr.rollback()
