# Scale benchmark (SPEC 5), run by scripts/bench inside `odoo-bin shell` on
# the reference database of bench_scale_build.py; every figure is taken in
# this one run and nothing is committed:
# - the tier job over every partner against the physical limit: one raw SQL
#   aggregate of the same figures and one bulk UPDATE writing the same
#   values into the same changed rows (first run; goal 1.5x), the aggregate
#   alone (second run, nothing to change; goal 1.2x); its queries per
#   batch, its memory growth, and what an immediate second run writes;
# - the key-account list page (80 rows) for 100 and for 10,000 key accounts.
# ruff: noqa: F821  (`env` is given by odoo-bin shell)
import os
import statistics
import threading
import time

from dateutil.relativedelta import relativedelta
from lxml import etree

from odoo import Command, fields

from odoo.addons.bigaccount_crm.models.res_partner_tier import TIER_COLUMNS
from odoo.addons.bigaccount_crm.models.tools import execute_without_jit, update_rows

env = env(context=dict(env.context, tracking_disable=True, tz="UTC", lang="en_US"))
cr = env.cr
Partner = env["res.partner"].sudo().with_context(active_test=False)
rows = []


def rss_mb():
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def table_writes():
    cr.execute(
        """
        SELECT relname, n_tup_ins + n_tup_upd FROM pg_stat_xact_user_tables
         WHERE relname IN ('res_partner', 'bigaccount_tier_history', 'mail_message',
                           'mail_tracking_value')
        """
    )
    return dict(cr.fetchall())


# --- tier job -------------------------------------------------------------
ids = Partner.search(Partner._ka_tier_job_domain(), order="id").ids
cfg = Partner._ka_settings()
months = cfg["ka_tier_window_months"]
today = fields.Date.context_today(Partner)
raw_timings = []
for _run in range(3):
    start = time.perf_counter()
    execute_without_jit(
        cr,
        Partner.browse(ids)._ka_tier_basis_query(
            today - relativedelta(months=months), today, months
        ),
    )
    raw_timings.append(time.perf_counter() - start)
raw = statistics.median(raw_timings)
env["bigaccount.tier.run"].sudo().search([("state", "=", "running")]).state = "done"
env.invalidate_all()
tier_columns = [fname for fname, _sql_type in TIER_COLUMNS]
snapshot_query = "SELECT id, {} FROM res_partner WHERE id = ANY(%s) ORDER BY id".format(
    ", ".join(tier_columns)
)
cr.execute(snapshot_query, [ids])
stored_before = cr.fetchall()
cr.execute("SAVEPOINT bench_tier_reference")
start_rss = rss_mb()
peak = [start_rss]
done = threading.Event()


def sample():
    while not done.wait(0.05):
        peak[0] = max(peak[0], rss_mb())


sampler = threading.Thread(target=sample)
sampler.start()
queries = cr.sql_log_count
start = time.perf_counter()
env["bigaccount.tier.run"]._ka_run_all()
wall = time.perf_counter() - start
done.set()
sampler.join()
queries = cr.sql_log_count - queries
run = env["bigaccount.tier.run"].sudo().search([], order="id desc", limit=1)
run_batches, run_changed = run.batch_count, run.changed_count
cr.execute(snapshot_query, [ids])
written = [
    after_row
    for before_row, after_row in zip(stored_before, cr.fetchall(), strict=True)
    if before_row != after_row
]
before = table_writes()
env.invalidate_all()
start = time.perf_counter()
env["bigaccount.tier.run"]._ka_run_all()
steady = time.perf_counter() - start
after = table_writes()
second = {name: after.get(name, 0) - before.get(name, 0) for name in after}
# the physical limit of the first run's writes: the same values into the same
# rows, from the state before the run, with one UPDATE ... FROM unnest(...)
# (the statement the job uses; values passed as one array literal each)
update_timings = []
for _run in range(3):
    cr.execute("ROLLBACK TO SAVEPOINT bench_tier_reference")
    env.invalidate_all()
    changed_rows = Partner.browse([row[0] for row in written])
    values = [dict(zip(tier_columns, row[1:], strict=True)) for row in written]
    start = time.perf_counter()
    update_rows(changed_rows, TIER_COLUMNS, values)
    update_timings.append(time.perf_counter() - start)
cr.execute("ROLLBACK TO SAVEPOINT bench_tier_reference")
env.invalidate_all()
update = statistics.median(update_timings)
goals = []
first_ratio = wall / (raw + update)
second_ratio = steady / raw
goals.append(("first run <= 1.5x aggregate + UPDATE", first_ratio <= 1.5))
goals.append(("second run <= 1.2x aggregate", second_ratio <= 1.2))
rows += [
    (
        f"tier job, {len(ids):,} partners ({run_batches} batches), first run",
        f"{wall:.1f} s",
    ),
    ("one raw SQL aggregate of the same figures (median of 3)", f"{raw:.1f} s"),
    (
        f"one bulk UPDATE of the {len(written):,} rows the first run changed, "
        "same values (median of 3)",
        f"{update:.1f} s",
    ),
    (
        "first run / (aggregate + UPDATE) (goal <= 1.5)",
        f"{first_ratio:.2f}" + ("" if first_ratio <= 1.5 else " (missed)"),
    ),
    ("first run / aggregate alone (earlier goal <= 3)", f"{wall / raw:.2f}"),
    ("second run at once, nothing to change", f"{steady:.1f} s"),
    (
        "second run / aggregate (goal <= 1.2)",
        f"{second_ratio:.2f}" + ("" if second_ratio <= 1.2 else " (missed)"),
    ),
    ("queries per batch", f"{queries / max(run_batches, 1):.1f}"),
    ("memory growth (goal <= 300 MB)", f"{max(peak[0], rss_mb()) - start_rss:.0f} MB"),
    ("partners changed by the first run", f"{run_changed:,}"),
    (
        "rows written by a second run (goal 0)",
        ", ".join(f"{name} {count}" for name, count in sorted(second.items())),
    ),
]

# --- key-account list page ---------------------------------------------
director = env["res.users"].create(
    {
        "name": "Scale director",
        "login": "scale_bench_director",
        "groups_id": [
            Command.link(env.ref("bigaccount_crm.group_ka_director").id),
            Command.link(env.ref("sales_team.group_sale_manager").id),
        ],
    }
)
view = env.ref("bigaccount_crm.view_partner_list_key_account")
arch = etree.fromstring(view.arch)
specification = {}
for node in arch.iter("field"):
    field = Partner._fields[node.get("name")]
    specification[field.name] = (
        {"fields": {"display_name": {}}} if field.relational else {}
    )
domain = [("ka_is_key_account", "=", True)]
for count in (100, 10000):
    cr.execute(
        "UPDATE res_partner SET ka_is_key_account = (id = ANY(%s)) WHERE id = ANY(%s)",
        [ids[:: len(ids) // count][:count], ids],
    )
    cr.execute("ANALYZE res_partner")
    listing = env["res.partner"].with_user(director).with_context(active_test=True)
    listing.web_search_read(domain, specification, limit=80)  # warm
    timings, counts = [], []
    for _run in range(3):
        env.invalidate_all()
        before_queries = cr.sql_log_count
        start = time.perf_counter()
        result = listing.web_search_read(domain, specification, limit=80, order="name")
        timings.append(time.perf_counter() - start)
        counts.append(cr.sql_log_count - before_queries)
    rows.append(
        (
            f"key-account list page (80 of {result['length']:,} key accounts)",
            f"{counts[-1]} queries, {statistics.median(timings) * 1000:.0f} ms",
        )
    )

print()
print(f"scale benchmark: {len(ids):,} partners")
print("| measure | value |")
print("|---|---|")
for label, value in rows:
    print(f"| {label} | {value} |")
cr.rollback()
missed = [label for label, met in goals if not met]
if missed:
    print("goals missed: " + "; ".join(missed))
