# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import SUPERUSER_ID, api

# 18.0.1.3.0: reminders leave the customer, which every user reads. Visit
# due, account at risk and overdue receivables are reminded on a visit to
# plan, a credit review due on a draft review for finance. Their activity
# types are "noupdate" data: they are rebound here, the open reminders on
# customers are removed, and the daily jobs make them again on the new
# records. Health reasons are stored as codes and figures and written out
# in the reader's language: the old English text column goes (the daily
# job writes the reasons again).

REMINDER_TYPES = {
    "mail_activity_type_visit_due": "bigaccount.visit",
    "mail_activity_type_at_risk": "bigaccount.visit",
    "mail_activity_type_overdue": "bigaccount.visit",
    "mail_activity_type_credit_review": "bigaccount.credit.review",
}


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    for xml_id, model in REMINDER_TYPES.items():
        activity_type = env.ref(f"bigaccount_crm.{xml_id}", raise_if_not_found=False)
        if not activity_type:
            continue
        env["mail.activity"].search(
            [
                ("res_model", "=", "res.partner"),
                ("activity_type_id", "=", activity_type.id),
            ]
        ).unlink()
        activity_type.res_model = model
    cr.execute("ALTER TABLE res_partner DROP COLUMN IF EXISTS ka_health_reasons")
