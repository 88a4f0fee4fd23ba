# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The visits of a key account on the partner: its visits, the cadence kept
by the visits done (last visit, next visit due, overdue; written by
``bigaccount.visit._ka_update_visit_cadence``) and its consent to service
callbacks (回访)."""

from odoo import fields, models

from .res_partner_tier import KA_GROUP

# Visit cadence, kept by the visits done (bigaccount.visit).
CADENCE_FIELDS = {"ka_last_visit_date", "ka_next_visit_date", "ka_visit_overdue"}


class ResPartner(models.Model):
    _inherit = "res.partner"

    ka_visit_ids = fields.One2many(
        "bigaccount.visit", "partner_id", string="Visits", groups=KA_GROUP, copy=False
    )

    ka_last_visit_date = fields.Date(
        string="Last Visit",
        readonly=True,
        copy=False,
        groups="bigaccount_crm.group_ka_user",
        help="The latest visit, call, reception or tour done with this account.",
    )

    ka_next_visit_date = fields.Date(
        string="Next Visit Due",
        readonly=True,
        copy=False,
        index="btree_not_null",
        groups="bigaccount_crm.group_ka_user",
        help="Last visit plus the visit interval of the account's tier.",
    )

    ka_visit_overdue = fields.Boolean(
        string="Visit Overdue",
        readonly=True,
        copy=False,
        groups="bigaccount_crm.group_ka_user",
        help="A key account with a tier that was never visited, or not within "
        "its tier's interval.",
    )

    ka_callback_consent = fields.Boolean(
        string="Agrees to Service Callbacks",
        tracking=True,
        groups="bigaccount_crm.group_ka_user",
        help="Service callbacks (回访) are scheduled and made only for customers "
        "who agreed to them.",
        copy=False,
    )
