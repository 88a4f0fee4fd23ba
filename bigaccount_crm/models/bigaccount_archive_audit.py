# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class BigaccountArchiveAudit(models.Model):
    """A spot check of an archive card (抽查)."""

    _name = "bigaccount.archive.audit"
    _description = "Archive Card Audit"
    _order = "date desc, id desc"

    archive_id = fields.Many2one(
        "bigaccount.archive", required=True, index=True, ondelete="cascade"
    )
    date = fields.Date(required=True, default=fields.Date.context_today)
    auditor_id = fields.Many2one(
        "res.users", string="Auditor", required=True, default=lambda self: self.env.user
    )
    findings = fields.Text(required=True)
