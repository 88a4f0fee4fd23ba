# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tools import SQL


def execute_without_jit(cr, query):
    """Execute ``query`` with PostgreSQL's JIT compiler switched off.

    The add-on's one-off aggregates (tier figures, target actuals) cross
    ``jit_above_cost`` on large databases, and compiling them costs far more
    than running them (seconds against tens of milliseconds). The setting
    is local to the transaction and restored after the query; a failing
    query aborts the transaction, which resets it as well.
    """
    cr.execute(SQL("SELECT current_setting('jit'), set_config('jit', 'off', true)"))
    jit = cr.fetchone()[0]
    cr.execute(query)
    rows = cr.fetchall() if cr.description else None
    cr.execute(SQL("SELECT set_config('jit', %s, true)", jit))
    return rows
