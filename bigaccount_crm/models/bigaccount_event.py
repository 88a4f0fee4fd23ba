# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import Command, api, fields, models


class BigaccountEvent(models.Model):
    """An event for key accounts — the annual key-account conference
    (年度重点客户会议) and others — with invitations, attendance
    and minutes."""

    _name = "bigaccount.event"
    _check_company_auto = True
    _description = "Key-Account Event"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date desc, id desc"

    name = fields.Char(required=True)
    kind = fields.Selection(
        [
            ("conference", "Annual key-account conference"),
            ("seminar", "Seminar or training"),
            ("tour", "Company tour"),
            ("other", "Other"),
        ],
        required=True,
        default="conference",
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    user_id = fields.Many2one(
        "res.users", string="Organiser", default=lambda self: self.env.user
    )
    date = fields.Datetime(required=True)
    location = fields.Char()
    attendee_ids = fields.One2many(
        "bigaccount.event.attendee", "event_id", string="Invitations"
    )
    invited_count = fields.Integer(compute="_compute_attendance", store=True)
    attended_count = fields.Integer(compute="_compute_attendance", store=True)
    attendance_rate = fields.Float(
        string="Attendance (%)", compute="_compute_attendance", store=True
    )
    minutes = fields.Html()

    @api.depends("attendee_ids.state")
    def _compute_attendance(self):
        for event in self:
            invited = len(event.attendee_ids)
            attended = len(event.attendee_ids.filtered(lambda a: a.state == "attended"))
            event.invited_count = invited
            event.attended_count = attended
            event.attendance_rate = attended * 100.0 / invited if invited else 0.0

    def action_invite_key_accounts(self):
        """Invite every key account not invited yet (one per account)."""
        for event in self:
            invited = event.attendee_ids.partner_id
            accounts = self.env["res.partner"].search(
                [("ka_is_key_account", "=", True), ("id", "not in", invited.ids)]
            )
            event.attendee_ids = [
                Command.create({"partner_id": account.id}) for account in accounts
            ]
        return True
