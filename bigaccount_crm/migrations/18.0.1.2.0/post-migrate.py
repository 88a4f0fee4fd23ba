# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import SUPERUSER_ID, api

# 18.0.1.2.0 writes every record rule from one pattern
# (models/bigaccount_security.py, XML ids "ka_rule_…"). The hand-written
# rules of earlier versions were "noupdate" data, which an upgrade keeps:
# they are removed here, after the new rules are in place. Birthday greeting
# activities move from the contact (which every user reads) to its profile.


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    old = env["ir.model.data"].search(
        [
            ("module", "=", "bigaccount_crm"),
            ("model", "=", "ir.rule"),
            ("name", "not like", "ka\\_rule\\_%"),
        ]
    )
    env["ir.rule"].browse(old.mapped("res_id")).exists().unlink()
    old.unlink()
    # birthday greetings live on the contact's profile: the greeting type
    # is no longer bound to res.partner (its data is "noupdate")
    greeting = env.ref(
        "bigaccount_crm.mail_activity_type_greeting", raise_if_not_found=False
    )
    if greeting:
        greeting.res_model = False
        profiles = env["bigaccount.contact.profile"].search([])
        profile_of = {profile.contact_id.id: profile for profile in profiles}
        model_id = env["ir.model"]._get_id("bigaccount.contact.profile")
        for activity in env["mail.activity"].search(
            [
                ("res_model", "=", "res.partner"),
                ("activity_type_id", "=", greeting.id),
                ("res_id", "in", list(profile_of)),
            ]
        ):
            activity.write(
                {"res_model_id": model_id, "res_id": profile_of[activity.res_id].id}
            )
