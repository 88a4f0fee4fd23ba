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


def customer_invoices_join(account, company, date_from, date_to):
    """SQL joining the posted customer invoices and credit notes of the
    commercial partner ``account`` in ``company`` dated from ``date_from``
    to ``date_to`` (all SQL expressions), as ``m``. Invoices are reached
    through the account's contacts by ``partner_id``, which is indexed."""
    return SQL(
        """
        JOIN res_partner contact ON contact.commercial_partner_id = %(account)s
        JOIN account_move m
          ON m.partner_id = contact.id
         AND m.company_id = %(company)s
         AND m.state = 'posted'
         AND m.move_type IN ('out_invoice', 'out_refund')
         AND m.invoice_date BETWEEN %(date_from)s AND %(date_to)s
        """,
        account=account,
        company=company,
        date_from=date_from,
        date_to=date_to,
    )


def open_receivable_lines(companies, accounts):
    """SQL ``FROM ... WHERE`` of the posted, unreconciled receivable journal
    items in ``companies`` (a tuple of ids) of the commercial partners
    ``accounts`` (a sub-select of ids), as ``line``; the account is
    ``contact.commercial_partner_id``."""
    return SQL(
        """
          FROM account_move_line line
          JOIN account_account acc ON acc.id = line.account_id
          JOIN res_partner contact ON contact.id = line.partner_id
         WHERE line.parent_state = 'posted'
           AND NOT line.reconciled
           AND acc.account_type = 'asset_receivable'
           AND line.company_id IN %(companies)s
           AND contact.commercial_partner_id IN %(accounts)s
        """,
        companies=companies,
        accounts=accounts,
    )


def array_literal(values):
    """The text of a PostgreSQL array of ``values`` (numbers, booleans,
    dates, strings or None), to be cast to the array's type. psycopg2 adapts
    a list element by element, which for the thousands of rows of a batch
    costs a third of the time PostgreSQL takes to write them."""
    items = []
    for value in values:
        if value is None:
            items.append("NULL")
        elif value is True or value is False:
            items.append("t" if value else "f")
        elif isinstance(value, str):
            escaped = value.replace("\\", "\\\\").replace('"', '\\"')
            items.append(f'"{escaped}"')
        else:
            items.append(str(value))
    return "{" + ",".join(items) + "}"


def update_rows(records, columns, rows):
    """Store ``rows`` (one dict of values per record of ``records``, in
    order) in the columns ``[(field name, SQL type)]`` of their table with
    one ``UPDATE ... FROM unnest(...)``, whatever their number (the ORM sends
    one statement per 100 rows and per set of values). The caller marks the
    fields modified; the cache of the fields is invalidated here."""
    if not records:
        return
    names = [fname for fname, _sql_type in columns]
    records.env.cr.execute(
        SQL(
            """
            UPDATE %(table)s target
               SET %(assignments)s, write_uid = %(uid)s,
                   write_date = NOW() AT TIME ZONE 'UTC'
              FROM unnest(%(ids)s::int[], %(arrays)s) AS data(id, %(names)s)
             WHERE target.id = data.id
            """,
            table=SQL.identifier(records._table),
            assignments=SQL(", ").join(
                SQL("%s = data.%s", SQL.identifier(name), SQL.identifier(name))
                for name in names
            ),
            uid=records.env.uid,
            ids=records.ids,
            arrays=SQL(", ").join(
                SQL("%s::" + sql_type + "[]", array_literal(row[fname] for row in rows))
                for fname, sql_type in columns
            ),
            names=SQL(", ").join(SQL.identifier(name) for name in names),
        ),
        # a row changed by a concurrent transaction is an answer the jobs
        # handle (res.partner._ka_cron_step), not an error to log here
        log_exceptions=False,
    )
    records.invalidate_recordset(names)


def insert_rows(env, model, columns, rows):
    """Insert ``rows`` (one tuple of values per row, in the order of
    ``columns``: ``[(column, SQL type)]``) into the table of ``model`` with
    one ``INSERT ... SELECT FROM unnest(...)``, whatever their number (the
    ORM sends one statement per 100 rows and computes defaults row by row),
    with the creating user and date the ORM would set. Returns the new ids
    in the order of ``rows``: the sequence numbers them in the order of the
    sorted select. The caller gives every value (no defaults, no computed
    fields) and invalidates what it has read of them."""
    if not rows:
        return []
    names = SQL(", ").join(SQL.identifier(column) for column, _sql_type in columns)
    arrays = SQL(", ").join(
        SQL("%s::" + sql_type + "[]", array_literal(row[index] for row in rows))
        for index, (_column, sql_type) in enumerate(columns)
    )
    env.cr.execute(
        SQL(
            """
            INSERT INTO %(table)s (%(names)s, create_uid, create_date,
                                   write_uid, write_date)
            SELECT %(names)s, %(uid)s, NOW() AT TIME ZONE 'UTC',
                   %(uid)s, NOW() AT TIME ZONE 'UTC'
              FROM unnest(%(arrays)s) WITH ORDINALITY AS data(%(names)s, seq)
             ORDER BY seq
            RETURNING id
            """,
            table=SQL.identifier(env[model]._table),
            names=names,
            uid=env.uid,
            arrays=arrays,
        )
    )
    return sorted(row[0] for row in env.cr.fetchall())
