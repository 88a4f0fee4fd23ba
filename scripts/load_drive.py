"""Drive the load test of scripts/load: concurrent users of a running Odoo
over JSON-RPC (the web client's routes) on loopback, for a bounded time.

- 20 salespeople create orders for 5 customers close to their credit
  limits and confirm them, with a pause of 0.2 to 0.8 s between orders (a
  credit refusal is an expected answer); half of the confirmed orders are
  cancelled again, so that the customers stay at their limits;
- key-account users open the dashboard and the key-account list;
- directors open the dashboard and export the roster workbook;
- a director starts the tier job every 15 s (it runs on the cron worker).

It then prints, per kind of request: requests, refusals, server errors and
p50/p95 latency; the credit over-spend of the customers; the share of the
dashboard and export reads that the replica ran (from its
pg_stat_statements); the read-only requests Odoo had to retry on the
primary; the ERROR lines of Odoo's log. Exits 1 when a goal is missed.
Runs with Odoo's Python (requests and psycopg2), without importing Odoo.
"""

import argparse
import collections
import random
import re
import statistics
import sys
import threading
import time

import psycopg2
import requests

SALESPEOPLE = 20
KEY_ACCOUNT_USERS = 4
DIRECTORS = 2
TIER_JOB_EVERY = 15
# a salesperson's pause between two orders (seconds, drawn uniformly)
THINK_TIME = (0.2, 0.8)
EXPECTED = ("odoo.exceptions.UserError", "odoo.exceptions.ValidationError")
# Requests in flight at once, as a reverse proxy in front of Odoo would
# queue them: the listen backlog of Odoo's HTTP workers is 8 per worker;
# past it the kernel drops connections being set up, and a request whose
# data is retransmitted late makes the worker time out. Waiting for a slot
# counts in the request's latency.
IN_FLIGHT = threading.BoundedSemaphore(16)
# statements that only the dashboard and the roster export run
DASHBOARD_SQL = "%WITH open_items AS%ARRAY_AGG(id) FILTER%"
EXPORT_SQL = "%DECLARE bigaccount_roster%"


class Refused(Exception):
    """An answer of the business rules (credit refusal)."""


class ServerError(Exception):
    """Anything else: a failure of the server."""


class Client:
    def __init__(self, url, db, login):
        self.url = url
        self.session = requests.Session()
        # as a reverse proxy does: Odoo's HTTP workers hold a kept-alive
        # connection idle for 2 s, then close it under the client's feet
        self.session.headers["Connection"] = "close"
        self.uid = self._json(
            "/web/session/authenticate",
            {"db": db, "login": login, "password": login},
        )["uid"]

    def _json(self, path, params):
        with IN_FLIGHT:
            response = self.session.post(
                self.url + path,
                json={"jsonrpc": "2.0", "method": "call", "params": params},
                timeout=300,
            )
        if response.status_code >= 500:
            raise ServerError(f"HTTP {response.status_code} on {path}")
        data = response.json()
        if "error" in data:
            error = data["error"].get("data", {})
            message = f"{error.get('name')}: {error.get('message')}"
            if error.get("name") in EXPECTED:
                raise Refused(message)
            raise ServerError(message)
        return data["result"]

    def call(self, model, method, *args, context=None, **kwargs):
        if context:
            kwargs["context"] = context
        return self._json(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
        )

    def get(self, path, **params):
        with IN_FLIGHT:
            response = self.session.get(self.url + path, params=params, timeout=300)
        if response.status_code >= 500:
            raise ServerError(f"HTTP {response.status_code} on {path}")
        if response.status_code != 200:
            raise Refused(f"HTTP {response.status_code} on {path}")
        return response


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.timings = collections.defaultdict(list)
        self.outcomes = collections.defaultdict(collections.Counter)
        self.errors = []

    def measure(self, kind, func, *args, **kwargs):
        start = time.perf_counter()
        outcome, result = "ok", None
        try:
            result = func(*args, **kwargs)
        except Refused:
            outcome = "refused"
        except (ServerError, requests.RequestException, ValueError) as error:
            outcome = "error"
            with self.lock:
                self.errors.append(f"{kind}: {error}")
        elapsed = time.perf_counter() - start
        with self.lock:
            self.timings[kind].append(elapsed)
            self.outcomes[kind][outcome] += 1
        return outcome, result


def order_cycle(client, rng, customers, product, stats, price=None):
    """One order of a salesperson: created for one of ``customers``,
    confirmed and, one time in two, cancelled again."""
    line = {"product_id": product, "product_uom_qty": 1}
    if price:
        line["price_unit"] = price
    outcome, order = stats.measure(
        "order create",
        client.call,
        "sale.order",
        "create",
        {"partner_id": rng.choice(customers), "order_line": [(0, 0, line)]},
    )
    if outcome != "ok":
        return
    outcome, _result = stats.measure(
        "order confirm", client.call, "sale.order", "action_confirm", [order]
    )
    if outcome == "ok" and rng.random() < 0.5:
        stats.measure(
            "order cancel",
            client.call,
            "sale.order",
            "action_cancel",
            [order],
            context={"disable_cancel_warning": True},
        )


def salesperson(args, index, customers, product, stats, deadline):
    client = Client(args.url, args.db, f"load_sales_{index:02d}")
    rng = random.Random(index)
    while time.monotonic() < deadline:
        price = rng.choice([1000, 2000, 3000])
        order_cycle(client, rng, customers, product, stats, price=price)
        time.sleep(rng.uniform(*THINK_TIME))


def dashboard(client, stats):
    stats.measure(
        "dashboard", client.call, "bigaccount.dashboard", "get_dashboard_data"
    )


def key_account_user(args, index, stats, deadline):
    client = Client(args.url, args.db, f"load_ka_{index}")
    while time.monotonic() < deadline:
        dashboard(client, stats)
        stats.measure(
            "key-account list",
            client.call,
            "res.partner",
            "web_search_read",
            domain=[("ka_is_key_account", "=", True)],
            specification={
                "display_name": {},
                "ka_tier_id": {"fields": {"display_name": {}}},
                "ka_manager_id": {"fields": {"display_name": {}}},
                "ka_health_score": {},
            },
            limit=80,
        )
        time.sleep(0.2)


def director(args, index, stats, deadline, today):
    client = Client(args.url, args.db, f"load_director_{index}")
    while time.monotonic() < deadline:
        dashboard(client, stats)
        stats.measure(
            "roster export",
            client.get,
            "/bigaccount/report/roster",
            date_from=f"{today[:4]}-01-01",
            date_to=today,
        )
        time.sleep(0.5)


def tier_job(args, stats, deadline):
    client = Client(args.url, args.db, "load_director_1")
    while time.monotonic() < deadline:
        stats.measure(
            "tier job start",
            client.call,
            "res.partner",
            "action_ka_recompute_tiers",
            [],
        )
        time.sleep(TIER_JOB_EVERY)


def statement_calls(cursor):
    cursor.execute(
        """
        SELECT COALESCE(SUM(calls) FILTER (WHERE query LIKE %s), 0),
               COALESCE(SUM(calls) FILTER (WHERE query LIKE %s), 0)
          FROM pg_stat_statements
        """,
        [DASHBOARD_SQL, EXPORT_SQL],
    )
    return cursor.fetchone()


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("--db", required=True)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--replica-port", type=int, required=True)
    parser.add_argument("--odoo-log", required=True)
    args = parser.parse_args()

    primary = psycopg2.connect(dbname=args.db)
    primary.autocommit = True
    replica = psycopg2.connect(dbname=args.db, host="127.0.0.1", port=args.replica_port)
    replica.autocommit = True
    with primary.cursor() as cr:
        cr.execute("SELECT id FROM res_partner WHERE ref LIKE 'LOAD-C%%' ORDER BY ref")
        customers = [row[0] for row in cr.fetchall()]
        cr.execute("SELECT id FROM product_product WHERE default_code = 'LOAD-SERVICE'")
        product = cr.fetchone()[0]
        cr.execute("SELECT CURRENT_DATE::text, NOW() AT TIME ZONE 'UTC'")
        today, started = cr.fetchone()
    with replica.cursor() as cr:
        before = statement_calls(cr)

    stats = Stats()
    deadline = time.monotonic() + args.seconds

    def user_thread(target, *target_args):
        def run():
            try:
                target(*target_args)
            except Exception as error:  # a user who stops is a failure too
                with stats.lock:
                    stats.errors.append(f"{target.__name__}: {error!r}")
                    stats.outcomes["user stopped"]["error"] += 1
                    stats.timings["user stopped"].append(0.0)

        return threading.Thread(target=run)

    threads = [
        user_thread(salesperson, args, index, customers, product, stats, deadline)
        for index in range(1, SALESPEOPLE + 1)
    ]
    threads += [
        user_thread(key_account_user, args, index, stats, deadline)
        for index in range(1, KEY_ACCOUNT_USERS + 1)
    ]
    threads += [
        user_thread(director, args, index, stats, deadline, today)
        for index in range(1, DIRECTORS + 1)
    ]
    threads.append(user_thread(tier_job, args, stats, deadline))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # let the cron worker finish the tier run it is in
    time.sleep(2)

    with replica.cursor() as cr:
        after = statement_calls(cr)
    replica_dashboard = after[0] - before[0]
    replica_export = after[1] - before[1]
    director_client = Client(args.url, args.db, "load_director_1")
    accounts = director_client.call(
        "res.partner",
        "read",
        customers,
        ["name", "ka_credit_exposure", "ka_credit_limit"],
    )
    approved = director_client.call(
        "bigaccount.credit.request",
        "search_count",
        [("partner_id", "in", customers), ("state", "=", "approved")],
    )
    overspend = max(
        (
            account["ka_credit_exposure"] - account["ka_credit_limit"]
            for account in accounts
        ),
        default=0,
    )
    with primary.cursor() as cr:
        cr.execute(
            "SELECT COUNT(*) FILTER (WHERE state = 'done'), COUNT(*) "
            "FROM bigaccount_tier_run WHERE date_start >= %s",
            [started],
        )
        tier_done, tier_runs = cr.fetchone()
    with open(args.odoo_log, encoding="utf-8", errors="replace") as log:
        text = log.read()
    log_errors = len(re.findall(r"^\S+ \S+ \d+ ERROR ", text, re.MULTILINE))
    retried = text.count("retrying with a read/write cursor")

    print()
    print(
        f"load test: {args.seconds} s, {SALESPEOPLE} salespeople, "
        f"{KEY_ACCOUNT_USERS} key-account users, {DIRECTORS} directors, tier job "
        f"every {TIER_JOB_EVERY} s; Odoo --workers=2 --max-cron-threads=1 with a "
        "streaming replica"
    )
    print("| kind | requests | ok | refused | server errors | p50 | p95 |")
    print("|---|---|---|---|---|---|---|")
    total = errors = 0
    for kind in sorted(stats.timings):
        timings = stats.timings[kind]
        outcomes = stats.outcomes[kind]
        total += len(timings)
        errors += outcomes["error"]
        print(
            f"| {kind} | {len(timings)} | {outcomes['ok']} | {outcomes['refused']} | "
            f"{outcomes['error']} | {statistics.median(timings) * 1000:.0f} ms | "
            f"{percentile(timings, 0.95) * 1000:.0f} ms |"
        )
    dashboards = stats.outcomes["dashboard"]["ok"]
    exports = stats.outcomes["roster export"]["ok"]
    dashboard_share = replica_dashboard / dashboards if dashboards else 0
    export_share = replica_export / exports if exports else 0
    goals = [
        ("server errors (goal 0)", errors, errors == 0),
        (
            "largest credit exposure above the limit, no approved request (goal <= 0)",
            f"{overspend:,.2f} ({approved} approved requests)",
            overspend <= 0.005 or approved,
        ),
        (
            "dashboard reads run by the replica (goal all)",
            f"{replica_dashboard} of {dashboards} ({dashboard_share:.0%})",
            dashboards and replica_dashboard >= dashboards,
        ),
        (
            "roster exports read on the replica (goal all)",
            f"{replica_export} of {exports} ({export_share:.0%})",
            exports and replica_export >= exports,
        ),
        ("read-only requests retried on the primary", retried, retried == 0),
        ("ERROR lines in Odoo's log (goal 0)", log_errors, log_errors == 0),
        ("tier job runs finished / started", f"{tier_done} / {tier_runs}", tier_done),
    ]
    print()
    print("| measure | value | goal met |")
    print("|---|---|---|")
    print(f"| requests | {total} | |")
    for label, value, met in goals:
        print(f"| {label} | {value} | {'yes' if met else 'NO'} |")
    for error in stats.errors[:10]:
        print("error:", error)
    sys.exit(0 if all(met for _label, _value, met in goals) else 1)


if __name__ == "__main__":
    main()
