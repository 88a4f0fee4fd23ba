# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).

# 18.0.1.4.0: complaint deadlines become working hours. The upgrade
# recomputes every stored deadline; a complaint already resolved, closed or
# cancelled keeps the deadline it was judged against: kept aside here,
# written back by the post-migration.


def migrate(cr, version):
    cr.execute("DROP TABLE IF EXISTS bigaccount_complaint_old_deadline")
    cr.execute(
        """
        CREATE TABLE bigaccount_complaint_old_deadline AS
        SELECT id, date_deadline
          FROM bigaccount_complaint
         WHERE state IN ('resolved', 'closed', 'cancelled')
        """
    )
