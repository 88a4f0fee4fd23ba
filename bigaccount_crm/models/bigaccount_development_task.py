# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models

from .bigaccount_development import (
    STAGES,
)


class BigaccountDevelopmentTask(models.Model):
    """A step of the development plan: what, in which stage, who, with what
    support from the company, by when."""

    _name = "bigaccount.development.task"
    _description = "Development Plan Task"
    _order = "development_id, date_deadline, sequence, id"

    development_id = fields.Many2one(
        "bigaccount.development", required=True, index=True, ondelete="cascade"
    )
    sequence = fields.Integer(default=10)
    name = fields.Char(string="Task", required=True)
    stage = fields.Selection(STAGES[:5], required=True, default="identify")
    user_ids = fields.Many2many("res.users", string="People")
    support = fields.Char(string="Company Support")
    date_deadline = fields.Date(string="Planned By")
    done = fields.Boolean()
