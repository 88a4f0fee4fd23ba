# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class BigaccountHoliday(models.Model):
    """A holiday on which key accounts are greeted."""

    _name = "bigaccount.holiday"
    _description = "Greeting Holiday"
    _order = "date"

    name = fields.Char(required=True, translate=True)
    date = fields.Date(required=True)
