# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""18.0.2.0.0: key-account developments move to CRM (step 1 of 2).

Before the add-on's data is loaded again, every ``bigaccount.development``
becomes a ``crm.lead`` opportunity (CRM is installed by then, as a new
dependency), so that the XML ids, the chatter, the followers, the activities
and the attachments of a development point at its opportunity. The add-on's
own fields are filled by ``post-migrate.py``, once they exist; the mapping
between the two is kept in ``bigaccount_development_migration`` until then.
"""

import logging

from odoo import SUPERUSER_ID, api
from odoo.tools import SQL

_logger = logging.getLogger(__name__)

# (table, its model column, more to set) of what points at a record
REFERENCES = (
    ("ir_model_data", "model", SQL()),
    ("mail_message", "model", SQL()),
    ("ir_attachment", "res_model", SQL()),
    (
        "mail_activity",
        "res_model",
        SQL(", res_model_id = (SELECT id FROM ir_model WHERE model = 'crm.lead')"),
    ),
)
CONTEXT = {
    "tracking_disable": True,
    "mail_create_nolog": True,
    "mail_create_nosubscribe": True,
    "mail_notrack": True,
}


def migrate(cr, version):
    _prepare_surveys(cr)
    cr.execute("SELECT to_regclass('bigaccount_development')")
    if not cr.fetchone()[0]:
        return
    env = api.Environment(cr, SUPERUSER_ID, CONTEXT)
    cr.execute(
        """
        CREATE TABLE IF NOT EXISTS bigaccount_development_migration (
            development_id integer PRIMARY KEY,
            lead_id integer NOT NULL
        )
        """
    )
    cr.execute(
        """
        SELECT d.id, d.name, d.partner_id, d.user_id, d.company_id, d.stage,
               d.expected_amount, d.expected_date, d.probability, d.note,
               partner.name AS partner_name
          FROM bigaccount_development d
          LEFT JOIN res_partner partner ON partner.id = d.partner_id
         WHERE NOT EXISTS (
                   SELECT 1 FROM bigaccount_development_migration m
                    WHERE m.development_id = d.id
               )
         ORDER BY d.id
        """
    )
    rows = cr.dictfetchall()
    for row in rows:
        lead = env["crm.lead"].create(
            {
                "name": row["partner_name"] or row["name"],
                "type": "opportunity",
                "partner_id": row["partner_id"],
                "user_id": row["user_id"],
                "company_id": row["company_id"],
                "expected_revenue": row["expected_amount"] or 0.0,
                "date_deadline": row["expected_date"],
                "description": row["note"],
                "active": row["stage"] != "dropped",
            }
        )
        cr.execute(
            "INSERT INTO bigaccount_development_migration VALUES (%s, %s)",
            (row["id"], lead.id),
        )
    # what pointed at a development points at its opportunity: its XML id,
    # chatter, followers (unless already following), activities, attachments
    for table, model_column, extra in REFERENCES:
        cr.execute(
            SQL(
                """
                UPDATE %(table)s reference
                   SET %(model)s = 'crm.lead', res_id = m.lead_id %(extra)s
                  FROM bigaccount_development_migration m
                 WHERE reference.%(model)s = 'bigaccount.development'
                   AND reference.res_id = m.development_id
                """,
                table=SQL.identifier(table),
                model=SQL.identifier(model_column),
                extra=extra,
            )
        )
    cr.execute(
        """
        UPDATE mail_followers follower
           SET res_model = 'crm.lead', res_id = m.lead_id
          FROM bigaccount_development_migration m
         WHERE follower.res_model = 'bigaccount.development'
           AND follower.res_id = m.development_id
           AND NOT EXISTS (
                   SELECT 1 FROM mail_followers other
                    WHERE other.res_model = 'crm.lead'
                      AND other.res_id = m.lead_id
                      AND other.partner_id = follower.partner_id
               )
        """
    )
    # the drop wizard of the demo data is gone (CRM's lost wizard replaces it)
    cr.execute(
        "DELETE FROM ir_model_data"
        " WHERE module = 'bigaccount_crm' AND model = 'bigaccount.development.drop'"
    )
    _logger.info("%s key-account developments made CRM opportunities", len(rows))


def _prepare_surveys(cr):
    """Satisfaction surveys move to Odoo Survey (their answers are made by
    ``post-migrate.py``): the planning job and the reminder's activity type
    keep their records and XML ids, for their new models; the reminders of
    surveys to answer go to their account."""
    cr.execute("SELECT to_regclass('bigaccount_survey')")
    if not cr.fetchone()[0]:
        return
    cr.execute(
        """
        UPDATE ir_act_server action
           SET model_id = model.id, model_name = model.model,
               code = 'model._cron_ka_plan_surveys()'
          FROM ir_cron cron, ir_model_data imd, ir_model model
         WHERE imd.module = 'bigaccount_crm' AND imd.name = 'ir_cron_plan_surveys'
           AND cron.id = imd.res_id AND action.id = cron.ir_actions_server_id
           AND model.model = 'survey.user_input'
        """
    )
    cr.execute(
        """
        UPDATE mail_activity_type activity_type
           SET res_model = 'res.partner'
          FROM ir_model_data imd
         WHERE imd.module = 'bigaccount_crm'
           AND imd.name = 'mail_activity_type_survey'
           AND activity_type.id = imd.res_id
        """
    )
    cr.execute(
        """
        UPDATE mail_activity activity
           SET res_model = 'res.partner', res_id = survey.partner_id,
               res_model_id = (SELECT id FROM ir_model WHERE model = 'res.partner')
          FROM bigaccount_survey survey
         WHERE activity.res_model = 'bigaccount.survey'
           AND activity.res_id = survey.id
        """
    )
