# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).

# 18.0.1.4.0: complaint deadlines become working hours. The upgrade
# recomputes every stored deadline; a complaint already resolved, closed or
# cancelled keeps the deadline it was judged against: kept aside here,
# written back by the post-migration.
#
# The Director group gets the XML id of a director (group_ka_director, was
# group_ka_manager) and its access rights the suffix _director (was
# _manager); the two rights of every employee the suffix _employee (was
# _user, the key-account users' suffix). The records are renamed, not
# replaced: users keep their group.


def _rename_xmlids(cr):
    cr.execute(
        """
        UPDATE ir_model_data
           SET name = 'group_ka_director'
         WHERE module = 'bigaccount_crm' AND model = 'res.groups'
           AND name = 'group_ka_manager'
           AND NOT EXISTS (SELECT 1 FROM ir_model_data
                            WHERE module = 'bigaccount_crm'
                              AND name = 'group_ka_director')
        """
    )
    for group_xmlid, old, new in (
        ("bigaccount_crm.group_ka_director", "_manager", "_director"),
        ("base.group_user", "_user", "_employee"),
    ):
        module, name = group_xmlid.split(".")
        cr.execute(
            """
            UPDATE ir_model_data d
               SET name = left(d.name, -length(%(old)s)) || %(new)s
              FROM ir_model_access a, ir_model_data g
             WHERE d.module = 'bigaccount_crm' AND d.model = 'ir.model.access'
               AND d.res_id = a.id AND right(d.name, length(%(old)s)) = %(old)s
               AND g.module = %(module)s AND g.name = %(name)s
               AND g.model = 'res.groups' AND a.group_id = g.res_id
            """,
            {"old": old, "new": new, "module": module, "name": name},
        )

    # views name groups by XML id in their arch: the add-on's views get the
    # new one before they are loaded again (no view refers to a missing group)
    cr.execute(
        """
        UPDATE ir_ui_view
           SET arch_db = replace(arch_db::text, 'bigaccount_crm.group_ka_manager',
                                 'bigaccount_crm.group_ka_director')::jsonb
         WHERE arch_db::text LIKE '%bigaccount_crm.group_ka_manager%'
        """
    )


def migrate(cr, version):
    _rename_xmlids(cr)
    cr.execute("DROP TABLE IF EXISTS bigaccount_complaint_old_deadline")
    cr.execute(
        """
        CREATE TABLE bigaccount_complaint_old_deadline AS
        SELECT id, date_deadline
          FROM bigaccount_complaint
         WHERE state IN ('resolved', 'closed', 'cancelled')
        """
    )
