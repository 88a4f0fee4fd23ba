# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models
from odoo.exceptions import UserError


class BigaccountAnomaly(models.Model):
    """Anomaly record (异常处理单): a small issue without loss, handled on
    the spot; promoted to a complaint when it turns out to be one."""

    _name = "bigaccount.anomaly"
    _check_company_auto = True
    _description = "Anomaly Record"
    _inherit = [
        "bigaccount.document.mixin",
        "mail.thread",
        "bigaccount.workflow.mixin",
        "bigaccount.numbered.mixin",
    ]
    _order = "date desc, id desc"
    _ka_sequence_code = "bigaccount.anomaly"
    _ka_workflow_fields = frozenset({"state", "complaint_id"})

    date = fields.Datetime(required=True, default=fields.Datetime.now)
    partner_id = fields.Many2one(required=False)
    user_id = fields.Many2one(
        "res.users",
        string="Recorded By",
        required=True,
        index=True,
        default=lambda self: self.env.user,
    )
    what = fields.Text(string="What Happened", required=True)
    where = fields.Char(string="Where")
    action_taken = fields.Text(string="Action Taken")
    state = fields.Selection(
        [("open", "Open"), ("done", "Handled"), ("promoted", "Made a Complaint")],
        default="open",
        required=True,
        tracking=True,
        readonly=True,
        copy=False,
    )
    complaint_id = fields.Many2one(
        "bigaccount.complaint",
        string="Complaint",
        readonly=True,
        copy=False,
        check_company=True,
    )

    def action_done(self):
        self._check_state({"open"})
        for anomaly in self:
            if not (anomaly.action_taken or "").strip():
                raise UserError(
                    self.env._(
                        "Record the action taken on %(name)s first.", name=anomaly.name
                    )
                )
        self._ka_workflow_write({"state": "done"})
        return True

    def action_promote(self):
        """Make a complaint of it, linked both ways."""
        self.ensure_one()
        self._check_state({"open"})
        if not self.partner_id:
            raise UserError(
                self.env._("Name the customer before making a complaint of it.")
            )
        description = self.what
        if self.where:
            description += "\n" + self.env._("Where: %(where)s", where=self.where)
        if self.action_taken:
            description += "\n" + self.env._(
                "Action taken: %(action)s", action=self.action_taken
            )
        complaint = self.env["bigaccount.complaint"].create(
            {
                "partner_id": self.partner_id.id,
                "company_id": self.company_id.id,
                "category": "other",
                "description": description,
                "date_received": self.date,
            }
        )
        self._ka_workflow_write({"state": "promoted", "complaint_id": complaint.id})
        complaint.message_post(
            body=self.env._("Made from anomaly %(name)s.", name=self.name)
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "bigaccount.complaint",
            "res_id": complaint.id,
            "views": [(False, "form")],
        }
