# The add-on's overhead under load (scripts/load compare): the same driver
# against Odoo without and with bigaccount_crm, on two copies of one
# database, in one run. Ordinary sales operations only, by salespeople who
# are not key-account users: the customer list (the fields of the list view
# each database shows), an order created, confirmed within its credit limit
# and, one order in two, cancelled. Prints p50 / p95 per kind and over all
# requests, the throughput, the ratios, and exits 1 when a goal is missed
# (p95 at most 1.10x, throughput at least 0.90x of plain Odoo).
#
# Two uses of this one file:
# - run with Odoo's Python and the arguments of scripts/load: the driver
#   (builds the databases once, starts Odoo on each in turn with the same
#   options, runs the users, prints the report);
# - piped into `odoo-bin shell` (`env` given): the data of the base (users,
#   customers, product), idempotent.
# ruff: noqa: F821  (`env` is given by odoo-bin shell)
import os
import random
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

SALESPEOPLE = 8
CUSTOMERS = 2000
THINK_TIME = (0.05, 0.2)
P95_GOAL = 1.10
THROUGHPUT_GOAL = 0.90
SYSTEMS = ("plain", "ours")
TITLES = {"plain": "plain Odoo 18", "ours": "with bigaccount_crm"}
BASE_MODULES = "sale_management,sale_stock,account"


def setup(env):
    """Salespeople, customers with a credit limit far above what the run
    orders, and a service product: the same in both databases."""
    from odoo import Command

    env = env(context=dict(env.context, tracking_disable=True, no_reset_password=True))
    company = env.company
    company.account_use_credit_limit = True
    Users = env["res.users"].with_context(active_test=False)
    groups = [
        env.ref("base.group_user").id,
        env.ref("sales_team.group_sale_salesman").id,
    ]
    for index in range(1, SALESPEOPLE + 1):
        login = f"compare_sales_{index:02d}"
        if not Users.search([("login", "=", login)]):
            Users.create(
                {
                    "name": f"Compare salesperson {index:02d}",
                    "login": login,
                    "password": login,
                    "groups_id": [Command.set(groups)],
                }
            )
    Partner = env["res.partner"]
    have = Partner.search_count([("ref", "=like", "CMP-C%")])
    customers = Partner.create(
        [
            {
                "name": f"Compare customer {index:04d}",
                "ref": f"CMP-C{index:04d}",
                "is_company": True,
                "email": f"customer{index}@example.com",
                "customer_rank": 1,
            }
            for index in range(have + 1, CUSTOMERS + 1)
        ]
    )
    for customer in customers:
        customer.with_company(company).credit_limit = 10**9
    if not env["product.product"].search([("default_code", "=", "CMP-SERVICE")]):
        env["product.product"].create(
            {
                "name": "Compare service",
                "default_code": "CMP-SERVICE",
                "type": "service",
                "list_price": 100,
                "taxes_id": [Command.clear()],
            }
        )
    env.cr.commit()
    print("compare data ready")


# ----------------------------------------------------------------------
# Driver, with Odoo's Python
# ----------------------------------------------------------------------
def _list_specification(client):
    """The fields of the customer list as the web client asks them: the
    list view of res.partner in this database."""
    from lxml import etree

    views = client.call("res.partner", "get_views", [[False, "list"]])
    arch = etree.fromstring(views["views"]["list"]["arch"])
    fields = views["models"]["res.partner"]["fields"]
    spec = {}
    for node in arch.iter("field"):
        name = node.get("name")
        if name not in fields:
            continue
        if fields[name]["type"] in ("many2one", "many2many", "one2many"):
            spec[name] = {"fields": {"display_name": {}}}
        else:
            spec[name] = {}
    return spec


def salesperson(load_drive, url, db, index, customers, product, stats, deadline):
    client = load_drive.Client(url, db, f"compare_sales_{index:02d}")
    spec = _list_specification(client)
    rng = random.Random(index)
    while time.monotonic() < deadline:
        stats.measure(
            "customer list",
            client.call,
            "res.partner",
            "web_search_read",
            domain=[("customer_rank", ">", 0)],
            specification=spec,
            offset=80 * rng.randrange(10),
            limit=80,
        )
        load_drive.order_cycle(client, rng, customers, product, stats)
        time.sleep(rng.uniform(*THINK_TIME))


def drive(load_drive, url, db, seconds):
    """One measured period on the Odoo at ``url``: ``Stats`` and the
    requests per second."""
    import psycopg2

    with psycopg2.connect(dbname=db) as connection, connection.cursor() as cr:
        cr.execute("SELECT id FROM res_partner WHERE ref LIKE 'CMP-C%%' ORDER BY ref")
        customers = [row[0] for row in cr.fetchall()]
        cr.execute("SELECT id FROM product_product WHERE default_code = 'CMP-SERVICE'")
        product = cr.fetchone()[0]
    # a warm-up of the workers (registry, caches), not measured
    warm = load_drive.Stats()
    end = time.monotonic() + 10
    salesperson(load_drive, url, db, 1, customers, product, warm, end)
    stats = load_drive.Stats()
    deadline = time.monotonic() + seconds
    threads = [
        threading.Thread(
            target=salesperson,
            args=(load_drive, url, db, index, customers, product, stats, deadline),
        )
        for index in range(1, SALESPEOPLE + 1)
    ]
    start = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - start
    done = sum(stats.outcomes[kind]["ok"] for kind in stats.outcomes)
    return stats, done / elapsed


def main(argv):
    if len(argv) != 4:
        print(
            "usage: load_compare.py ODOO_PYTHON ODOO_BIN ADDONS_PATH SECONDS",
            file=sys.stderr,
        )
        return 2
    odoo_python, odoo_bin, addons_path, seconds = argv
    seconds = int(seconds)

    odoo = [odoo_python, odoo_bin]
    base = os.environ.get("LOAD_COMPARE_DB", "bigaccount_compare")
    port = os.environ.get("LOAD_PORT", "18069")
    rounds = int(os.environ.get("LOAD_COMPARE_ROUNDS", "2"))
    data_dir = Path(os.environ.get("LOAD_DATA_DIR", Path.home() / ".local/share/Odoo"))
    common = [f"--data-dir={data_dir}", f"--addons-path={addons_path}"]
    dbs = {"plain": f"{base}_plain", "ours": f"{base}_ours"}
    # the base: plain Odoo and the data, built once (kept for the next run);
    # each run measures two fresh copies of it, the add-on installed into one
    state = psql(base, "SELECT state FROM ir_module_module WHERE name = 'sale_stock'")
    if state != "installed":
        run(["dropdb", "--if-exists", base])
        run(["createdb", base])
        run(
            [*odoo, "-d", base, *common, "-i", BASE_MODULES]
            + ["--without-demo=all", "--stop-after-init", "--log-level=warn"]
        )
        with open(__file__) as script:
            run([*odoo, "shell", "-d", base, *common, "--log-level=warn"], stdin=script)
    for system in SYSTEMS:
        copy_database(base, dbs[system], data_dir)
    run(
        [*odoo, "-d", dbs["ours"], *common, "-i", "bigaccount_crm"]
        + ["--stop-after-init", "--log-level=warn"]
    )
    url = f"http://127.0.0.1:{port}"
    results = {system: [] for system in SYSTEMS}
    # the systems in turn, round after round: a load that comes and goes on
    # the machine weighs on both alike
    for _round in range(rounds):
        for system in SYSTEMS:
            psql(dbs[system], "VACUUM ANALYZE")
            log = Path(f"/tmp/bigaccount_compare_{system}.log")
            log.unlink(missing_ok=True)
            server = subprocess.Popen(
                [*odoo, "-d", dbs[system], f"--db-filter=^{dbs[system]}$", *common]
                + ["--workers=2", "--max-cron-threads=0", "--http-interface=127.0.0.1"]
                + [f"--http-port={port}", "--limit-time-real=600", "--log-level=warn"]
                + [f"--logfile={log}"],
                start_new_session=True,
                env=dict(os.environ, ODOO_HTTP_SOCKET_TIMEOUT="10"),
            )
            try:
                for _i in range(60):
                    try:
                        load_drive.requests.get(url + "/web/login", timeout=2)
                        break
                    except load_drive.requests.RequestException:
                        time.sleep(1)
                print(f"{system}: {seconds} s of load", flush=True)
                results[system].append(drive(load_drive, url, dbs[system], seconds))
            finally:
                os.killpg(server.pid, 15)
                server.wait(timeout=60)
            logged = [
                line
                for line in log.read_text(errors="replace").splitlines()
                if " ERROR " in line or " CRITICAL " in line
            ]
            if logged:
                print("\n".join(logged[:10]))
                return 1
    return report(load_drive, results, seconds, rounds)


def report(load_drive, results, seconds, rounds):
    def figures(runs):
        timings, kinds, errors = [], {}, 0
        for stats, _rate in runs:
            for kind, values in stats.timings.items():
                kinds.setdefault(kind, []).extend(values)
                timings.extend(values)
                errors += stats.outcomes[kind]["error"]
        return {
            "kinds": kinds,
            "all": timings,
            "errors": errors,
            "rate": statistics.mean(rate for _stats, rate in runs),
        }

    table = {system: figures(results[system]) for system in SYSTEMS}
    print()
    print(
        f"overhead under load: {SALESPEOPLE} salespeople (not key-account users), "
        f"{seconds} s per system and round, {rounds} rounds in turn; Odoo "
        "--workers=2 --max-cron-threads=0 on each database in turn"
    )
    print()
    print(
        "| kind | requests plain / with | p50 plain / with (ratio) "
        "| p95 plain / with (ratio) |"
    )
    print("|---|---|---|---|")
    plain, ours = table["plain"], table["ours"]
    ratios = {}
    for kind in sorted(plain["kinds"]) + ["all requests"]:
        a = plain["all"] if kind == "all requests" else plain["kinds"][kind]
        b = ours["all"] if kind == "all requests" else ours["kinds"].get(kind, [0])
        p50 = [statistics.median(a) * 1000, statistics.median(b) * 1000]
        p95 = [
            load_drive.percentile(a, 0.95) * 1000,
            load_drive.percentile(b, 0.95) * 1000,
        ]
        ratios[kind] = (p50[1] / p50[0], p95[1] / p95[0])
        print(
            f"| {kind} | {len(a)} / {len(b)} | {p50[0]:.0f} / {p50[1]:.0f} ms "
            f"({ratios[kind][0]:.2f}) | {p95[0]:.0f} / {p95[1]:.0f} ms "
            f"({ratios[kind][1]:.2f}) |"
        )
    throughput = ours["rate"] / plain["rate"]
    goals = [
        (
            f"p95 of all requests, with / plain = {ratios['all requests'][1]:.2f} "
            f"(<= {P95_GOAL})",
            ratios["all requests"][1] <= P95_GOAL,
        ),
        (
            f"throughput, with / plain = {ours['rate']:.1f} / {plain['rate']:.1f} "
            f"requests/s = {throughput:.2f} (>= {THROUGHPUT_GOAL})",
            throughput >= THROUGHPUT_GOAL,
        ),
        (
            f"server errors (goal 0): {plain['errors']} / {ours['errors']}",
            plain["errors"] == 0 and ours["errors"] == 0,
        ),
    ]
    return print_goals(goals)


if "env" in globals():
    setup(env)
else:
    # scripts beside this one (not importable in `odoo-bin shell`)
    import load_drive
    from bench_tools import copy_database, print_goals, psql, run

    sys.exit(main(sys.argv[1:]))
