# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Receptions at our office and showroom tours (参观接待): the tour class and
the visitors' class with their hospitality standard, the resources asked
for, and the notice the departments get the hours the settings ask ahead
(a late notice needs its reason)."""

from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError

from .bigaccount_visit import (
    TOUR_KINDS,
    TOUR_LEAD_SETTINGS,
    TOUR_NOTICE_FIELDS,
)


class BigaccountVisit(models.Model):
    _inherit = "bigaccount.visit"

    # Receptions and tours
    is_tour = fields.Boolean(compute="_compute_is_tour")

    tour_class = fields.Selection(
        [
            ("key", "Key or group tour"),
            ("ordinary", "Ordinary tour"),
            ("adhoc", "Ad-hoc visit"),
        ],
        default="ordinary",
        help="Key and group tours are announced to all departments 3 days "
        "ahead, ordinary ones to the service department a day ahead, ad-hoc "
        "visits to reception an hour ahead (settings).",
    )

    visitor_class_id = fields.Many2one(
        "bigaccount.visitor.class",
        string="Visitor Class",
        help="Gives the hospitality standard and who accompanies the visitors.",
        check_company=True,
    )

    visitor_count = fields.Integer(string="Visitors", default=1)

    accompanied_by = fields.Char(related="visitor_class_id.accompanied_by")

    date_announced = fields.Datetime(string="Announced On", readonly=True, copy=False)

    announced_late = fields.Boolean(
        string="Announced Late", readonly=True, copy=False, tracking=True
    )

    late_reason = fields.Text(
        string="Why Announced Late",
        help="Required when a tour is announced later than the settings ask.",
    )

    need_materials = fields.Boolean(string="Materials")

    need_vehicle = fields.Boolean(string="Vehicle")

    need_gifts = fields.Boolean(string="Gifts")

    resource_note = fields.Text(string="Resource Details")

    @api.depends("kind")
    def _compute_is_tour(self):
        for visit in self:
            visit.is_tour = visit.kind in TOUR_KINDS

    @api.model
    def _ka_guarded_fields(self):
        # when and how late the tour was announced: its submission says so
        return super()._ka_guarded_fields() | {"date_announced", "announced_late"}

    def _ka_announce_tour(self):
        """Submit a reception or tour: check the hospitality standard and the
        notice period of its class, flag a late announcement (its reason is
        required: a customer who comes at short notice is still received)
        and tell the recipients the settings name for its class."""
        self.ensure_one()
        cap = self.visitor_class_id.cost_cap
        if cap and self.budget_total > cap * max(self.visitor_count, 1):
            raise UserError(
                self.env._(
                    "The budget of %(name)s, %(budget)s, exceeds the hospitality "
                    "standard of %(cls)s: %(cap)s per visitor.",
                    name=self.name,
                    budget=self.currency_id.format(self.budget_total),
                    cls=self.visitor_class_id.name,
                    cap=self.currency_id.format(cap),
                )
            )
        settings = self.env["res.partner"]._ka_settings()
        tour_class = self.tour_class or "ordinary"
        lead = settings[TOUR_LEAD_SETTINGS[tour_class]]
        now = fields.Datetime.now()
        late = self.date_start - now < timedelta(hours=lead)
        if late and not (self.late_reason or "").strip():
            raise UserError(
                self.env._(
                    "%(name)s is announced less than %(hours)s hours ahead: give "
                    "the reason it is late.",
                    name=self.name,
                    hours=lead,
                )
            )
        self._ka_workflow_write(
            {"state": "submitted", "date_announced": now, "announced_late": late}
        )
        recipients = self.company_id[TOUR_NOTICE_FIELDS[tour_class]]
        labels = dict(self._fields["tour_class"]._description_selection(self.env))
        kinds = dict(self._fields["kind"]._description_selection(self.env))
        self.message_post(
            body=self.env._(
                "%(what)s (%(cls)s) of %(customer)s on %(when)s, visitors: "
                "%(count)s, accompanied by %(who)s.",
                what=kinds[self.kind],
                cls=labels[tour_class],
                customer=self.partner_id.display_name,
                when=fields.Datetime.to_string(
                    fields.Datetime.context_timestamp(self, self.date_start)
                )[:16],
                count=self.visitor_count,
                who=self.accompanied_by or self.user_id.name,
            ),
            subject=self.env._("Tour notice"),
            partner_ids=recipients.partner_id.ids,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        approver = self.company_id.ka_service_manager_id or self.env[
            "res.users"
        ]._ka_general_manager(self.company_id, exclude=self.user_id)
        if approver:
            self.activity_schedule(
                "mail.mail_activity_data_todo",
                summary=self.env._("Tour to approve"),
                user_id=approver.id,
            )
