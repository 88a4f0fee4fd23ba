# Benchmark of the target actuals (开发指标), run by scripts/bench inside
# `odoo-bin shell`: the actuals of every manager's targets counted and stored
# in one statement, on BENCH_MANAGERS managers with BENCH_VISITS visits and
# BENCH_DEVELOPMENTS developments inserted in SQL. Nothing is committed.
# ruff: noqa: F821  (`env` is given by odoo-bin shell)
import os
import time

from odoo import Command, fields

MANAGERS = int(os.environ.get("BENCH_MANAGERS", "200"))
VISITS = int(os.environ.get("BENCH_VISITS", "100000"))
DEVELOPMENTS = int(os.environ.get("BENCH_DEVELOPMENTS", "20000"))
ACCOUNTS = 5000
env = env(context=dict(env.context, tracking_disable=True, tz="UTC"))
cr = env.cr
company = env.company
today = fields.Date.context_today(env.user)
group = env.ref("bigaccount_crm.group_ka_user")
users = env["res.users"].create(
    [
        {
            "name": f"Bench manager {n}",
            "login": f"bench_target_manager_{n}",
            "groups_id": [Command.link(group.id)],
        }
        for n in range(MANAGERS)
    ]
)
env.flush_all()
cr.execute(
    """
    INSERT INTO res_partner (name, is_company, active, type, autopost_bills,
                             ka_is_key_account, ka_manager_id, create_date,
                             write_date)
    SELECT 'Bench account ' || n, TRUE, TRUE, 'contact', 'ask', n %% 2 = 0,
           (%(users)s::int[])[1 + n %% %(count)s], NOW(), NOW()
      FROM generate_series(1, %(accounts)s) n
    RETURNING id
    """,
    {"users": users.ids, "count": MANAGERS, "accounts": ACCOUNTS},
)
accounts = [row[0] for row in cr.fetchall()]
cr.execute(
    "UPDATE res_partner SET commercial_partner_id = id WHERE id = ANY(%s)",
    [accounts],
)
cr.execute(
    """
    INSERT INTO bigaccount_development (name, partner_id, company_id, user_id,
                                        channel, stage, application_state,
                                        date_start, probability)
    SELECT 'BENCH/' || n, (%(accounts)s::int[])[1 + n %% %(naccounts)s],
           %(company)s, (%(users)s::int[])[1 + n %% %(count)s], 'cold_call',
           CASE WHEN n %% 10 = 0 THEN 'dropped' ELSE 'information' END,
           'draft', %(today)s::date - (n %% 90), 20
      FROM generate_series(1, %(developments)s) n
    """,
    {
        "accounts": accounts,
        "naccounts": ACCOUNTS,
        "company": company.id,
        "users": users.ids,
        "count": MANAGERS,
        "today": today,
        "developments": DEVELOPMENTS,
    },
)
cr.execute(
    """
    INSERT INTO bigaccount_visit (name, partner_id, company_id, user_id, kind,
                                  purpose, state, report_review, date_start,
                                  date_end)
    SELECT 'BENCH/' || n, (%(accounts)s::int[])[1 + n %% %(naccounts)s],
           %(company)s, (%(users)s::int[])[1 + n %% %(count)s],
           CASE WHEN n %% 7 = 0 THEN 'showroom' ELSE 'onsite' END,
           'maintenance', 'done', 'none',
           NOW() - make_interval(days => n %% 120),
           NOW() - make_interval(days => n %% 120) + INTERVAL '1 hour'
      FROM generate_series(1, %(visits)s) n
    """,
    {
        "accounts": accounts,
        "naccounts": ACCOUNTS,
        "company": company.id,
        "users": users.ids,
        "count": MANAGERS,
        "visits": VISITS,
    },
)
cr.execute("ANALYZE bigaccount_visit")
cr.execute("ANALYZE bigaccount_development")
targets = env["bigaccount.target"].create(
    [
        {
            "user_id": user.id,
            "date_from": today.replace(day=1),
            "date_to": today,
        }
        for user in users
    ]
)
env.invalidate_all()
timings = []
for _run in range(3):
    start = time.perf_counter()
    before = cr.sql_log_count
    targets._ka_refresh_actuals()
    queries = cr.sql_log_count - before
    timings.append(time.perf_counter() - start)
few = targets[:5]
before = cr.sql_log_count
few._ka_refresh_actuals()
few_queries = cr.sql_log_count - before
print()
print(
    f"target actuals benchmark: {MANAGERS} managers, {VISITS} visits, "
    f"{DEVELOPMENTS} developments"
)
print("| measure | value |")
print("|---|---|")
runs = ", ".join(f"{t * 1000:.0f}" for t in timings)
print(f"| actuals of {MANAGERS} targets (3 runs) | {runs} ms |")
print(f"| queries for {MANAGERS} targets / for 5 | {queries} / {few_queries} |")
print(f"| visits counted (all managers) | {sum(targets.mapped('actual_visits'))} |")
cr.rollback()
