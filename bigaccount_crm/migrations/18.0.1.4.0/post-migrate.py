# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import SUPERUSER_ID, api

# 18.0.1.4.0: complaint deadlines count working hours on a resource
# calendar instead of wall-clock hours. The upgrade computes the new
# working-time fields and plans the deadlines again on the working time;
# complaints already resolved, closed or cancelled get back the deadline
# they were judged against (kept by the pre-migration) and an SLA status
# from their stored result; the others' status is brought up to date.


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    Complaint = env["bigaccount.complaint"]
    Complaint.flush_model()
    cr.execute(
        """
        UPDATE bigaccount_complaint c
           SET date_deadline = o.date_deadline,
               sla_status = CASE WHEN c.state = 'cancelled' OR c.sla_met
                                 THEN 'in_time' ELSE 'breached' END
          FROM bigaccount_complaint_old_deadline o
         WHERE o.id = c.id
        """
    )
    cr.execute("DROP TABLE bigaccount_complaint_old_deadline")
    Complaint.invalidate_model(["date_deadline", "sla_status"])
    Complaint._ka_refresh_sla()
