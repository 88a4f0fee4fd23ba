# Benchmark of the key-account reports, run by scripts/bench inside
# `odoo-bin shell`: the dashboard's queries and time for 100 and for 10,000
# key accounts, then the roster workbook of BENCH_ROSTER key accounts (12
# columns) against xlsxwriter alone writing the same rows with the same
# formats in constant-memory mode, side by side, with the memory growth of
# the export. Partners are inserted in SQL; nothing is committed.
# ruff: noqa: F821  (`env` is given by odoo-bin shell)
import os
import statistics
import tempfile
import threading
import time

import xlsxwriter

from odoo import Command, fields

ROSTER = int(os.environ.get("BENCH_ROSTER", "100000"))
MANAGERS = 50
env = env(context=dict(env.context, tracking_disable=True, tz="UTC", lang="en_US"))
cr = env.cr
today = fields.Date.context_today(env.user)
director = env["res.users"].create(
    {
        "name": "Bench director",
        "login": "bench_report_director",
        "groups_id": [Command.link(env.ref("bigaccount_crm.group_ka_director").id)],
    }
)
managers = env["res.users"].create(
    [
        {
            "name": f"Bench report manager {n}",
            "login": f"bench_report_manager_{n}",
            "groups_id": [Command.link(env.ref("bigaccount_crm.group_ka_user").id)],
        }
        for n in range(MANAGERS)
    ]
)
tiers = env["bigaccount.tier"].search([]).ids
env.flush_all()
cr.execute(
    """
    INSERT INTO res_partner (name, is_company, active, type, autopost_bills,
                             ka_is_key_account, ka_manager_id, ka_tier_id, city,
                             phone, ka_tier_date, ka_tier_basis,
                             ka_margin_percent, ka_health_score,
                             ka_last_visit_date, ka_next_visit_date,
                             ka_visit_overdue, create_date, write_date)
    SELECT 'Bench roster account ' || lpad(n::text, 6, '0'), TRUE, TRUE,
           'contact', 'ask', FALSE,
           (%(managers)s::int[])[1 + n %% %(nmanagers)s],
           (%(tiers)s::int[])[1 + n %% %(ntiers)s],
           'City ' || (n %% 300), '+86 27 ' || (80000000 + n),
           %(today)s::date - (n %% 365), 1000 + (n %% 5000) * 37.5,
           5 + (n %% 40), n %% 101, %(today)s::date - (n %% 60),
           %(today)s::date - (n %% 60) + 30, n %% 3 = 0, NOW(), NOW()
      FROM generate_series(1, %(count)s) n
    RETURNING id
    """,
    {
        "managers": managers.ids,
        "nmanagers": MANAGERS,
        "tiers": tiers,
        "ntiers": len(tiers),
        "today": today,
        "count": ROSTER,
    },
)
ids = [row[0] for row in cr.fetchall()]
cr.execute(
    "UPDATE res_partner SET commercial_partner_id = id WHERE id = ANY(%s)", [ids]
)


def key_accounts(count):
    cr.execute(
        "UPDATE res_partner SET ka_is_key_account = (id = ANY(%s)) WHERE id = ANY(%s)",
        [ids[:count], ids],
    )
    cr.execute("ANALYZE res_partner")
    env.invalidate_all()


dashboard = env["bigaccount.dashboard"].with_user(director)
rows = []
for count in (100, 10000):
    key_accounts(count)
    dashboard.get_dashboard_data()  # warm the caches
    queries, timings = [], []
    for _run in range(3):
        env.invalidate_all()
        before = cr.sql_log_count
        start = time.perf_counter()
        dashboard.get_dashboard_data()
        timings.append(time.perf_counter() - start)
        queries.append(cr.sql_log_count - before)
    rows.append(
        (
            f"dashboard, {count:,} key accounts",
            f"{queries[-1]} queries, {statistics.median(timings) * 1000:.0f} ms",
        )
    )

key_accounts(ROSTER)
roster = env["report.bigaccount_crm.roster"].with_user(director)
filters = {
    "date_from": today.replace(month=1, day=1),
    "date_to": today,
    "user_ids": [],
    "tier_ids": [],
    "company_ids": [],
}


def rss_mb():
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def export_once():
    """Our roster export; returns (seconds, peak memory growth in MB)."""
    path = tempfile.mktemp(suffix=".xlsx")
    start_rss = rss_mb()
    peak = [start_rss]
    done = threading.Event()

    def sample():
        while not done.wait(0.01):
            peak[0] = max(peak[0], rss_mb())

    sampler = threading.Thread(target=sample)
    sampler.start()
    start = time.perf_counter()
    written = roster._ka_write_xlsx(filters, path, today)
    elapsed = time.perf_counter() - start
    done.set()
    sampler.join()
    os.unlink(path)
    assert written == ROSTER, written
    return elapsed, max(peak[0], rss_mb()) - start_rss


# The same rows, read once beforehand, for xlsxwriter alone
report = roster._ka_report(filters)
columns = report["columns"]
same_rows = [row for chunk in report["rows"] for row in chunk]


def raw_once():
    path = tempfile.mktemp(suffix=".xlsx")
    start = time.perf_counter()
    book = xlsxwriter.Workbook(path, {"constant_memory": True})
    kinds = {
        "text": None,
        "int": book.add_format({"num_format": "#,##0"}),
        "money": book.add_format({"num_format": "#,##0.00"}),
        "percent": book.add_format({"num_format": "0.0"}),
        "date": book.add_format({"num_format": "yyyy-mm-dd"}),
    }
    formats = [kinds[kind] for _label, kind, _width in columns]
    sheet = book.add_worksheet("Roster")
    for col, (label, _kind, width) in enumerate(columns):
        sheet.set_column(col, col, width)
        sheet.write_string(0, col, label)
    write = sheet.write
    for index, values in enumerate(same_rows, start=1):
        for col, value in enumerate(values):
            if value is not None and value is not False:
                write(index, col, value, formats[col])
    book.close()
    elapsed = time.perf_counter() - start
    os.unlink(path)
    return elapsed


start = time.perf_counter()
for _chunk in roster._ka_report(filters)["rows"]:
    pass
reading = time.perf_counter() - start

ours, raw, memory = [], [], []
for _run in range(3):
    seconds, growth = export_once()
    ours.append(seconds)
    memory.append(growth)
    raw.append(raw_once())
ratio = statistics.median(ours) / statistics.median(raw)
rows += [
    (
        f"roster workbook, {ROSTER:,} rows x 12 columns",
        f"{statistics.median(ours):.2f} s",
    ),
    ("xlsxwriter alone, same rows, constant memory", f"{statistics.median(raw):.2f} s"),
    ("ratio (goal <= 1.5)", f"{ratio:.2f}"),
    ("of which reading the rows from the database", f"{reading:.2f} s"),
    ("memory growth of the export (goal <= 150 MB)", f"{max(memory):.0f} MB"),
]
print()
print(f"reports benchmark: {ROSTER:,} key accounts, median of 3 runs")
print("| measure | value |")
print("|---|---|")
for label, value in rows:
    print(f"| {label} | {value} |")
cr.rollback()
