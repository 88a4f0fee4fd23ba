# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tools import SQL

from .models.res_partner_credit_parts import CREDIT_FUNCTION_PREFIX

# Records the add-on created in Odoo's own models (demo customers, products,
# invoices and orders) that other records may use: they stay, as ordinary
# records, when the add-on is removed.
# The add-on's tables and relation tables
TABLES = "bigaccount\\_%"
KEPT_MODELS = (
    # the Key Accounts sales team, its stages, the lost reasons and the
    # opportunities stay in CRM, as the company's pipeline
    "crm.team",
    "crm.stage",
    "crm.lost.reason",
    "crm.lead",
    # the satisfaction survey and its questions stay in Survey, with the
    # customers' answers
    "survey.survey",
    "survey.question",
    "res.partner",
    "product.template",
    "product.product",
    "account.move",
    "sale.order",
)


def uninstall_hook(env):
    """Prepare the removal so that Odoo deletes the add-on's records and
    tables without a failing statement: the foreign keys of Odoo's tables to
    the add-on's tables go (their columns are dropped next), the add-on's
    tables are emptied (with the external ids of their records), the
    add-on's activities are deleted, the records in ``KEPT_MODELS`` lose
    their external id so that they stay, and the add-on's SQL functions
    (the credit exposure query) are dropped."""
    cr = env.cr
    cr.execute(
        SQL(
            "SELECT proname FROM pg_proc WHERE proname LIKE %s",
            CREDIT_FUNCTION_PREFIX + "%",
        )
    )
    for (function,) in cr.fetchall():
        cr.execute(SQL("DROP FUNCTION IF EXISTS %s", SQL.identifier(function)))
    cr.execute(
        SQL(
            """
            SELECT src.relname, con.conname
              FROM pg_constraint con
              JOIN pg_class src ON src.oid = con.conrelid
              JOIN pg_class dst ON dst.oid = con.confrelid
             WHERE con.contype = 'f'
               AND dst.relname LIKE %(tables)s
               AND src.relname NOT LIKE %(tables)s
            """,
            tables=TABLES,
        )
    )
    for table, constraint in cr.fetchall():
        cr.execute(
            SQL(
                "ALTER TABLE %s DROP CONSTRAINT %s",
                SQL.identifier(table),
                SQL.identifier(constraint),
            )
        )
    cr.execute(
        SQL(
            """
            SELECT tablename FROM pg_tables
             WHERE schemaname = current_schema()
               AND tablename LIKE %s
            """,
            TABLES,
        )
    )
    tables = [row[0] for row in cr.fetchall()]
    if tables:
        cr.execute(
            SQL(
                "TRUNCATE %s",
                SQL(", ").join(SQL.identifier(table) for table in tables),
            )
        )
    cr.execute(
        SQL(
            """
            DELETE FROM mail_activity
             WHERE activity_type_id IN (
                   SELECT res_id FROM ir_model_data
                    WHERE module = 'bigaccount_crm'
                      AND model = 'mail.activity.type')
            """
        )
    )
    # a kept record keeps its parent records too (the mail alias of the
    # Key Accounts sales team), whose XML ids Odoo made from the record's
    for model_name in KEPT_MODELS:
        for parent in env[model_name]._inherits:
            cr.execute(
                SQL(
                    """
                    DELETE FROM ir_model_data parent
                     USING ir_model_data child
                     WHERE parent.module = 'bigaccount_crm'
                       AND parent.model = %(parent)s
                       AND child.module = 'bigaccount_crm'
                       AND child.model = %(model)s
                       AND parent.name = child.name || %(suffix)s
                    """,
                    parent=parent,
                    model=model_name,
                    suffix="_" + parent.replace(".", "_"),
                )
            )
    # the add-on's own records are gone with their tables' rows
    cr.execute(
        SQL(
            """
            DELETE FROM ir_model_data
             WHERE module = 'bigaccount_crm'
               AND (model LIKE %s OR model IN %s)
            """,
            "bigaccount.%",
            KEPT_MODELS,
        )
    )
    env.invalidate_all()
