# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Helpers shared by the add-on's jobs: the savepoint-and-retry step of a
job that runs while users work, and the SQL the measured hot paths use
(bulk UPDATE and INSERT, JIT off, shared joins)."""

import logging
from datetime import timedelta

from odoo import fields
from odoo.service.model import PG_CONCURRENCY_EXCEPTIONS_TO_RETRY
from odoo.tools import SQL, sql

_logger = logging.getLogger(__name__)

# A job that met a user's concurrent change goes on after this delay.
CRON_RETRY_SECONDS = 10


def new_name(model):
    """Default reference of a numbered document before it is saved: "New"
    in the user's language, as Odoo's sales orders show it; ``create``
    replaces it with the next number of the document's sequence."""
    return model.env._("New")


def is_unnamed(env, name):
    """Whether ``name`` still asks for a number: empty, the "New" default in
    the user's language or "/" (the placeholder of older versions)."""
    return not name or name in ("/", "New", env._("New"))


def plural(count, one, other):
    """``one`` when ``count`` is 1, else ``other``: both are whole sentences
    already translated (``env._("1 open complaint")``,
    ``env._("%(count)s open complaints", count=count)``), so that every
    language gets its own forms of the count (Odoo has no ``ngettext``)."""
    return one if count == 1 else other


def download_and_close(url):
    """The action that downloads ``url`` (a file route of this database) and
    closes the dialog that asked for it; a refusal of the route opens Odoo's
    error dialog and leaves the dialog open (``bigaccount_crm.download``)."""
    return {
        "type": "ir.actions.client",
        "tag": "bigaccount_crm.download",
        "params": {"url": url},
    }


def cron_step(env, cron_xmlid, step):
    """``step()`` of a job that runs on the cron worker while users work,
    in a savepoint. When a user's transaction changed a row the step
    writes (a confirmation locking its customer's credit, say), the step
    is undone and the job ``cron_xmlid`` triggered again in
    ``CRON_RETRY_SECONDS``, on a fresh snapshot; returns None then, else
    what ``step`` returns."""
    try:
        with env.cr.savepoint():
            return step()
    except PG_CONCURRENCY_EXCEPTIONS_TO_RETRY as error:
        _logger.info(
            "%s: %s rows changed by a concurrent transaction, going on in %s s",
            cron_xmlid,
            type(error).__name__,
            CRON_RETRY_SECONDS,
        )
        env.ref(cron_xmlid).sudo()._trigger(
            fields.Datetime.now() + timedelta(seconds=CRON_RETRY_SECONDS)
        )
        return None


def flush_models(env, model_names):
    """Write the pending changes of the models an SQL query reads, rather
    than of every model (``env.flush_all``)."""
    for name in model_names:
        env[name].flush_model()


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


def create_install_columns(model, fills):
    """At installation into a database with rows: create the columns of
    ``model``'s new stored fields named in ``fills`` before Odoo does, and
    set them in SQL, so that Odoo neither computes them record by record
    (it computes a new stored computed column for every existing row: 42 s
    of the install into 20,000 partners and orders, ``docs/benchmarks.md``)
    nor gives them their default.

    :param fills: ``{field name: SQL}``: for each field, the expression of
        its value on the rows that exist before the add-on (in which every
        column of the add-on is empty) — for a boolean, the condition of the
        rows where it is true — or ``None`` to leave it empty (NULL:
        ``False`` for a boolean, no value otherwise).
    :return: the names of the columns created (none on an upgrade, when
        the columns exist).
    """
    cr = model.env.cr
    if not sql.table_exists(cr, model._table):
        return []
    created = [
        fname for fname in fills if not sql.column_exists(cr, model._table, fname)
    ]
    for fname in created:
        field = model._fields[fname]
        sql.create_column(cr, model._table, fname, field.column_type[1], field.string)
    table = SQL.identifier(model._table)
    filled = [fname for fname in created if fills[fname] is not None]
    # a boolean's expression is the condition of the rows set to TRUE (the
    # others stay NULL, which is False): only those rows are written
    for fname in filled:
        if model._fields[fname].type == "boolean":
            cr.execute(
                SQL(
                    "UPDATE %s SET %s = TRUE WHERE %s",
                    table,
                    SQL.identifier(fname),
                    fills[fname],
                )
            )
    assignments = [
        SQL("%s = %s", SQL.identifier(fname), fills[fname])
        for fname in filled
        if model._fields[fname].type != "boolean"
    ]
    if assignments:
        cr.execute(SQL("UPDATE %s SET %s", table, SQL(", ").join(assignments)))
    return created


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
        # handle (cron_step), not an error to log here
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


def schedule_activities(
    records,
    activity_type,
    user_of,
    date_of=None,
    summary_of=None,
    note_of=None,
    once=True,
):
    """One activity of ``activity_type`` (a record or an XML id) on each of
    ``records`` (a model with activities), for the user ``user_of(record)``
    (records without one are skipped), in one ``create`` whatever their
    number — what the reminder jobs share.

    ``date_of(record)``: the deadline (a date; default today, as
    ``activity_schedule``); ``summary_of(record)``, ``note_of(record)``:
    texts (default the type's summary and note). ``once``: skip a record
    that already has an open activity of the type (``"date"``: of the type
    and deadline).
    Returns the records that got one."""
    env = records.env
    if env.context.get("mail_activity_automation_skip"):
        return records.browse()
    if isinstance(activity_type, str):
        activity_type = env.ref(activity_type)
    Activity = env["mail.activity"].sudo()
    existing = set()
    if once and records:
        for activity in Activity.search(
            [
                ("res_model", "=", records._name),
                ("res_id", "in", records.ids),
                ("activity_type_id", "=", activity_type.id),
            ]
        ):
            existing.add(
                (activity.res_id, activity.date_deadline)
                if once == "date"
                else activity.res_id
            )
    model_id = env["ir.model"]._get_id(records._name)
    default_date = fields.Date.context_today(records)
    vals_list, scheduled = [], []
    for record in records:
        user = user_of(record)
        deadline = date_of(record) if date_of else default_date
        key = (record.id, deadline) if once == "date" else record.id
        if not user or key in existing:
            continue
        existing.add(key)
        scheduled.append(record.id)
        vals_list.append(
            {
                "res_model_id": model_id,
                "res_id": record.id,
                "activity_type_id": activity_type.id,
                "summary": summary_of(record) if summary_of else activity_type.summary,
                "note": note_of(record) if note_of else activity_type.default_note,
                "user_id": user.id,
                "date_deadline": deadline,
                "automated": True,
            }
        )
    Activity.create(vals_list)
    return records.browse(scheduled)
