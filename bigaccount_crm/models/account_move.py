# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class AccountMove(models.Model):
    _inherit = "account.move"

    ka_complaint_id = fields.Many2one(
        "bigaccount.complaint",
        string="Complaint",
        index="btree_not_null",
        copy=False,
        help="The customer complaint this credit note settles.",
    )
