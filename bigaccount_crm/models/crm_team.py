# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class CrmTeam(models.Model):
    """A sales team whose opportunities are key-account developments."""

    _inherit = "crm.team"

    ka_key_accounts = fields.Boolean(
        string="Key-Account Development",
        help="The opportunities of this team are key-account developments: "
        "they go through the five development steps, under a development "
        "application approved by a director, are won by their first order and "
        "are seen by the key-account team of their prospect only.",
    )
