# Helpers of the benchmark drivers (scripts/bench_peers.py,
# scripts/load_compare.py), run with Odoo's Python outside Odoo.
import shutil
import subprocess


def run(cmd, **kwargs):
    """Run ``cmd`` (printed first); fail on a non-zero exit."""
    print("+", " ".join(str(part) for part in cmd), flush=True)
    return subprocess.run([str(part) for part in cmd], check=True, **kwargs)


def psql(db, sql):
    """The output of ``sql`` on ``db`` (unaligned), or None when it fails
    (no such database)."""
    out = subprocess.run(
        ["psql", "-d", db, "-Atc", sql], capture_output=True, text=True
    )
    return out.stdout.strip() if out.returncode == 0 else None


def copy_database(base, db, data_dir):
    """``db`` as a fresh copy of ``base``, with its filestore (``createdb
    -T`` copies the tables only)."""
    run(["dropdb", "--if-exists", db])
    run(["createdb", "-T", base, db])
    store = data_dir / "filestore"
    shutil.rmtree(store / db, ignore_errors=True)
    if (store / base).is_dir():
        shutil.copytree(store / base, store / db)


def drop_database(db, data_dir):
    """Drop ``db`` and its filestore."""
    run(["dropdb", "--if-exists", db])
    shutil.rmtree(data_dir / "filestore" / db, ignore_errors=True)


def print_goals(goals):
    """The goals table, ``goals`` as ``[(label, met)]``; returns the exit
    status: 0 when every goal is met, else 1."""
    print()
    print("| goal | met |")
    print("|---|---|")
    for label, met in goals:
        print(f"| {label} | {'yes' if met else 'NO'} |")
    return 0 if all(met for _label, met in goals) else 1
