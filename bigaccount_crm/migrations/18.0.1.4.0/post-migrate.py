# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import SUPERUSER_ID, api

# 18.0.1.4.0: complaint deadlines count working hours on a resource
# calendar instead of wall-clock hours. The new working-time fields are
# computed by the upgrade; the deadlines of complaints still to be resolved
# are planned again on their working time (resolved ones keep the deadline
# they were judged against), then their SLA status is brought up to date.


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    Complaint = env["bigaccount.complaint"]
    unresolved = Complaint.search(
        [("state", "in", ("new", "investigating", "resolving"))]
    )
    if not unresolved:
        return
    env.add_to_compute(Complaint._fields["date_deadline"], unresolved)
    unresolved.flush_recordset()
    Complaint._ka_refresh_sla()
