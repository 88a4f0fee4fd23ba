# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class BigaccountEventAttendee(models.Model):
    _name = "bigaccount.event.attendee"
    _description = "Key-Account Event Invitation"
    _order = "event_id, partner_id"

    event_id = fields.Many2one(
        "bigaccount.event", required=True, index=True, ondelete="cascade"
    )
    partner_id = fields.Many2one("res.partner", string="Account", required=True)
    contact_id = fields.Many2one(
        "res.partner",
        string="Guest",
        domain="[('commercial_partner_id', '=', partner_id)]",
    )
    state = fields.Selection(
        [
            ("invited", "Invited"),
            ("confirmed", "Confirmed"),
            ("attended", "Attended"),
            ("absent", "Absent"),
        ],
        default="invited",
        required=True,
    )

    _sql_constraints = [
        (
            "partner_unique",
            "UNIQUE(event_id, partner_id)",
            "An account is invited once per event.",
        )
    ]
