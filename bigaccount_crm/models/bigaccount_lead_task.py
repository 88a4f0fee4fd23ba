# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models

from .crm_stage import DEVELOPMENT_STEPS


class BigaccountLeadTask(models.Model):
    """A step of a development's plan: what, in which development step,
    who, with what support from the company, by when. The plan is part of
    the development application: once submitted its tasks are neither
    changed, added nor removed, only marked done."""

    _name = "bigaccount.lead.task"
    _inherit = ["bigaccount.locked.line.mixin"]
    _description = "Development Plan Task"
    _order = "lead_id, date_deadline, sequence, id"
    _ka_document_field = "lead_id"
    _ka_locked_states = ("submitted", "approved")
    _ka_open_fields = frozenset({"done"})

    lead_id = fields.Many2one(
        "crm.lead",
        string="Opportunity",
        required=True,
        index=True,
        ondelete="cascade",
    )
    sequence = fields.Integer(default=10)
    name = fields.Char(string="Task", required=True)
    step = fields.Selection(
        DEVELOPMENT_STEPS, string="Development Step", required=True, default="identify"
    )
    user_ids = fields.Many2many("res.users", string="People")
    support = fields.Char(string="Company Support")
    date_deadline = fields.Date(string="Planned By")
    done = fields.Boolean()
