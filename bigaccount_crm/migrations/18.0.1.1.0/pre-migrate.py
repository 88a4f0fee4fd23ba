# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tools import sql

# 18.0.1.1.0 indexes fewer rows of res_partner, whose every index the
# nightly jobs pay for on each row they write:
# - flags and grades lost their index (they select too many rows for an
#   index to help); Odoo keeps an index that is no longer declared;
# - the manager, the tier and the next visit are indexed where set only,
#   and key accounts by a partial index (res.partner.init): the old indexes
#   are dropped here, before the module loads and creates the new ones.
DROPPED = [
    "ka_qualifies",
    "ka_level",
    "ka_is_potential",
    "ka_is_quality",
    "ka_is_high_value",
    "ka_is_group",
    "ka_is_strategic",
    "ka_is_bone",
    "ka_grade",
    "ka_visit_overdue",
    "ka_health_score",
    "ka_at_risk",
    "ka_is_key_account",
    "ka_manager_id",
    "ka_tier_id",
    "ka_next_visit_date",
]


def migrate(cr, version):
    for fname in DROPPED:
        sql.drop_index(cr, sql.make_index_name("res_partner", fname), "res_partner")
