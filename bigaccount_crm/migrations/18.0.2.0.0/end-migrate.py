# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""18.0.2.0.0: the tables of the development and survey models, migrated
to CRM and Odoo Survey by the pre- and post-migration scripts, are dropped
(Odoo removes the models' records but leaves the tables of models whose code
is gone)."""

from odoo.tools import SQL

TABLES = (
    "bigaccount_development_task_res_users_rel",
    "bigaccount_development_task",
    "bigaccount_development_criterion",
    "bigaccount_development_res_users_rel",
    "bigaccount_development_drop",
    "bigaccount_development",
    "bigaccount_development_drop_reason",
    "bigaccount_survey_res_users_rel",
    "bigaccount_survey_line",
    "bigaccount_survey",
    "bigaccount_survey_dimension",
)


def migrate(cr, version):
    for table in TABLES:
        cr.execute(SQL("DROP TABLE IF EXISTS %s CASCADE", SQL.identifier(table)))
    for prefix in (
        "bigaccount\\_development%",
        "bigaccount\\_survey\\_line%",
        "bigaccount\\_survey\\_dimension%",
        "bigaccount\\_survey\\_res\\_users%",
    ):
        cr.execute("DELETE FROM ir_model_relation WHERE name LIKE %s", (prefix,))
        cr.execute("DELETE FROM ir_model_constraint WHERE name LIKE %s", (prefix,))
