# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The complaint clock: working time (Odoo's resource calendars), the
resolution deadline, waiting for the customer, the SLA status refreshed by
the hourly job, the investigation report's due date and the escalation of
overdue complaints (逾期反应)."""

from datetime import datetime, time, timedelta

import pytz

from odoo import api, fields, models
from odoo.tools import SQL, format_datetime, formatLang

from .bigaccount_complaint import (
    RUNNING_STATES,
    SEVERITY_FACTORS,
    SLA_RISK_SHARE,
    UNRESOLVED_STATES,
)
from .tools import schedule_activities
from .working_time import plan_hours, service_calendar, working_hours


class BigaccountComplaint(models.Model):
    _inherit = "bigaccount.complaint"

    calendar_id = fields.Many2one(
        "resource.calendar",
        string="Working Time",
        compute="_compute_calendar_id",
        store=True,
        check_company=True,
        help="The deadlines count the working hours of this calendar, in its "
        "time zone, and skip its public holidays: the tier's complaint "
        "working time, else the company's.",
    )

    sla_hours = fields.Float(
        string="Allowed Working Hours",
        compute="_compute_date_deadline",
        store=True,
        aggregator="avg",
        help="The tier's complaint resolution time (the settings' default "
        "without a tier), halved for high and quartered for critical severity.",
    )

    date_deadline = fields.Datetime(
        string="Resolve By",
        compute="_compute_date_deadline",
        store=True,
        help="The allowed working hours, plus the working hours spent waiting "
        "for the customer, planned on the working time from the reception.",
    )

    date_sla_risk = fields.Datetime(
        string="At Risk From",
        compute="_compute_date_deadline",
        store=True,
        help="When 80 % of the allowed working time is used.",
    )

    sla_status = fields.Selection(
        [("in_time", "In Time"), ("at_risk", "At Risk"), ("breached", "Breached")],
        string="SLA Status",
        default="in_time",
        required=True,
        readonly=True,
        copy=False,
        index=True,
        help="In time; at risk once 80 % of the allowed working time is used; "
        "breached past the deadline. Frozen while waiting for the customer "
        "and once resolved.",
    )

    sla_risk_notified = fields.Boolean(readonly=True, copy=False)

    date_paused = fields.Datetime(string="Waiting Since", readonly=True, copy=False)

    paused_state = fields.Selection(
        [("investigating", "Investigating"), ("resolving", "Resolving")],
        readonly=True,
        copy=False,
        help="The stage the complaint goes back to when the customer answers.",
    )

    paused_hours = fields.Float(
        string="Working Hours Waiting",
        readonly=True,
        copy=False,
        help="Working hours spent waiting for the customer: the deadline moves "
        "by as much.",
    )

    resolution_hours = fields.Float(
        string="Working Hours to Resolve",
        readonly=True,
        copy=False,
        aggregator="avg",
        help="Working hours from the reception to the resolution, less the "
        "time waiting for the customer.",
    )

    date_escalate_gm = fields.Datetime(
        string="Escalate to the GM On",
        compute="_compute_date_escalate_gm",
        store=True,
        help="The settings' escalation delay in working hours after the "
        "escalation to the director.",
    )

    is_overdue = fields.Boolean(
        string="Past Deadline", readonly=True, copy=False, index=True
    )

    escalation = fields.Selection(
        [("none", "None"), ("director", "Director"), ("gm", "General manager")],
        default="none",
        required=True,
        readonly=True,
        copy=False,
        tracking=True,
    )

    date_escalated = fields.Datetime(readonly=True, copy=False)

    @api.depends("tier_id", "company_id")
    def _compute_calendar_id(self):
        # the tier at reception, not the customer's current one
        for complaint in self:
            complaint.calendar_id = service_calendar(
                complaint.tier_id, complaint.company_id
            )

    @api.depends("date_received", "severity", "tier_id", "calendar_id", "paused_hours")
    def _compute_date_deadline(self):
        default_hours = self.env["res.partner"]._ka_settings()[
            "ka_complaint_default_hours"
        ]
        for complaint in self:
            hours = complaint.tier_id.complaint_resolution_hours or default_hours
            hours *= SEVERITY_FACTORS[complaint.severity or "normal"]
            complaint.sla_hours = hours
            complaint.date_deadline = complaint._ka_plan_hours(
                hours + complaint.paused_hours
            )
            complaint.date_sla_risk = complaint._ka_plan_hours(
                hours * SLA_RISK_SHARE + complaint.paused_hours
            )

    @api.depends("date_escalated", "calendar_id")
    def _compute_date_escalate_gm(self):
        delay = self.env["res.partner"]._ka_settings()["ka_complaint_escalate_hours"]
        for complaint in self:
            complaint.date_escalate_gm = complaint.date_escalated and (
                complaint._ka_plan_hours(delay, complaint.date_escalated)
            )

    def _ka_plan_hours(self, hours, start=None):
        """The moment ``hours`` working hours after ``start`` (the reception
        by default) on the complaint's working time: see
        ``working_time.plan_hours``."""
        self.ensure_one()
        return plan_hours(self.calendar_id, hours, start or self.date_received)

    def _ka_working_hours(self, start, end):
        """Working hours between two moments on the complaint's working
        time: see ``working_time.working_hours``."""
        self.ensure_one()
        return working_hours(self.calendar_id, start, end)

    def _ka_local_date(self, moment):
        """The date of a naive UTC datetime in the working time's zone."""
        tz = pytz.timezone(self.calendar_id.sudo().tz or self.env.user.tz or "UTC")
        return pytz.UTC.localize(moment).astimezone(tz).date()

    def _ka_report_due(self, now):
        """The investigation report's due day: the last of the settings'
        report days (3) counted in working days from the day after ``now``,
        and at the latest the working day before the one of the resolution
        deadline, which leaves a day for the general manager's instruction
        and the resolution (never before today). Dates in the working
        time's zone; without a working time, calendar days."""
        self.ensure_one()
        days = self.env["res.partner"]._ka_settings()["ka_complaint_report_days"]
        today = self._ka_local_date(now)
        calendar = self.calendar_id.sudo()
        tz = pytz.timezone(calendar.tz or "UTC")

        def midnight(day):
            return tz.localize(datetime.combine(day, time.min))

        due = today + timedelta(days=days)
        if calendar and days > 0:
            end = calendar.plan_days(
                days, midnight(today + timedelta(days=1)), compute_leaves=True
            )
            # the end of the last working day (minus a second: a day that
            # ends at midnight is still that day)
            due = end and (end - timedelta(seconds=1)).astimezone(tz).date() or due
        if self.date_deadline:
            deadline = self._ka_local_date(self.date_deadline)
            before = deadline - timedelta(days=1)
            if calendar:
                start = calendar.plan_days(-1, midnight(deadline), compute_leaves=True)
                before = start and start.astimezone(tz).date() or before
            due = min(due, max(today, before))
        return due

    def _ka_refresh_sla(self, now=None):
        """Bring the SLA status and the overdue flag of the complaints whose
        clock runs (all of them on an empty recordset) up to ``now``, in one
        statement; then give the handler of each complaint newly at risk an
        activity, once per complaint. Returns the ids that changed."""
        now = now or fields.Datetime.now()
        self.flush_model(
            ["state", "date_deadline", "date_sla_risk", "sla_status", "is_overdue"]
        )
        only = SQL("AND id IN %s", tuple(self.ids)) if self else SQL()
        # SQL: every open complaint's status in one UPDATE (hourly, any count)
        self.env.cr.execute(
            SQL(
                """
                UPDATE bigaccount_complaint c
                   SET sla_status = s.status,
                       is_overdue = (s.status = 'breached')
                  FROM (SELECT id,
                               CASE WHEN date_deadline < %(now)s THEN 'breached'
                                    WHEN date_sla_risk <= %(now)s THEN 'at_risk'
                                    ELSE 'in_time' END AS status
                          FROM bigaccount_complaint
                         WHERE state IN %(running)s %(only)s) s
                 WHERE c.id = s.id
                   AND (c.sla_status IS DISTINCT FROM s.status
                        OR c.is_overdue IS DISTINCT FROM (s.status = 'breached'))
                RETURNING c.id
                """,
                now=now,
                running=RUNNING_STATES,
                only=only,
            )
        )
        changed = [row[0] for row in self.env.cr.fetchall()]
        self.invalidate_model(["sla_status", "is_overdue"])
        at_risk = self.browse(changed).filtered(
            lambda c: c.sla_status == "at_risk" and not c.sla_risk_notified
        )
        if at_risk:
            at_risk._ka_notify_at_risk()
        return changed

    def _ka_notify_at_risk(self):
        """One activity per complaint for its handler, due at the deadline."""
        schedule_activities(
            self,
            "bigaccount_crm.mail_activity_type_complaint_at_risk",
            lambda complaint: complaint.user_id,
            date_of=lambda complaint: complaint._ka_local_date(complaint.date_deadline),
        )
        self._ka_workflow_write({"sla_risk_notified": True})

    def action_wait_customer(self):
        """Stop the resolution clock until the customer answers."""
        self._check_state({"investigating", "resolving"})
        now = fields.Datetime.now()
        for complaint in self:
            complaint._ka_workflow_write(
                {
                    "state": "waiting",
                    "paused_state": complaint.state,
                    "date_paused": now,
                }
            )
            complaint.message_post(
                body=self.env._(
                    "Waiting for the customer: the resolution clock is stopped."
                ),
                subtype_xmlid="mail.mt_note",
            )
        return True

    def action_resume(self):
        """The customer answered: the clock runs again and the deadline
        moves by the working hours spent waiting."""
        self._check_state({"waiting"})
        now = fields.Datetime.now()
        for complaint in self:
            waited = complaint._ka_working_hours(complaint.date_paused, now)
            complaint._ka_workflow_write(
                {
                    "state": complaint.paused_state or "investigating",
                    "paused_hours": complaint.paused_hours + waited,
                    "date_paused": False,
                    "paused_state": False,
                }
            )
            deadline = format_datetime(
                self.env,
                complaint.date_deadline,
                tz=complaint.calendar_id.sudo().tz,
                dt_format="short",
            )
            waited_text = formatLang(self.env, waited, digits=2)
            complaint.message_post(
                body=self.env._(
                    "The customer answered: the clock runs again after "
                    "%(hours)s working hours of waiting; resolve by %(deadline)s.",
                    hours=waited_text,
                    deadline=deadline,
                ),
                subtype_xmlid="mail.mt_note",
            )
        self._ka_refresh_sla(now)
        return True

    @api.model
    def _cron_escalate(self):
        """Bring the SLA status of the complaints whose clock runs up to now
        (warning the handler of those newly at risk), flag overdue
        investigation reports, tell the director of each newly overdue
        complaint, and the general manager when it is still open the
        settings' working hours later; each level once."""
        now = fields.Datetime.now()
        self._ka_refresh_sla(now)
        self._ka_flag_overdue_reports(now)
        to_director = self.search(
            [
                ("is_overdue", "=", True),
                ("escalation", "=", "none"),
                ("state", "in", RUNNING_STATES),
            ]
        )
        to_gm = self.search(
            [
                ("is_overdue", "=", True),
                ("state", "in", RUNNING_STATES),
                ("escalation", "=", "director"),
                ("date_escalate_gm", "<=", now),
            ]
        )
        for complaints, level in ((to_director, "director"), (to_gm, "gm")):
            if not complaints:
                continue
            complaints._ka_workflow_write({"escalation": level, "date_escalated": now})
            complaints._ka_escalation_notice(level)
        return len(to_director), len(to_gm)

    @api.model
    def _ka_flag_overdue_reports(self, now):
        """Flag the investigations whose required report is not submitted
        after its due day (in the working time's zone)."""
        investigating = self.search(
            [
                ("state", "in", UNRESOLVED_STATES),
                ("report_required", "=", True),
                ("date_report", "=", False),
                ("report_due", "!=", False),
                ("report_overdue", "=", False),
            ]
        )
        late = investigating.filtered(lambda c: c.report_due < c._ka_local_date(now))
        if late:
            late._ka_workflow_write({"report_overdue": True})
        return late

    def _ka_escalation_notice(self, level):
        """One activity per complaint for the accountable person (the
        account's director at the first level, never a general manager
        while a director exists; the general manager at the second) and one
        message, created in batches."""
        Users = self.env["res.users"]
        labels = {
            "director": self.env._("Overdue complaint: escalated to the director"),
            "gm": self.env._("Overdue complaint: escalated to the general manager"),
        }

        def accountable(complaint):
            if level == "director":
                return Users._ka_director_for(
                    complaint.partner_id, complaint.company_id
                )
            return Users._ka_general_manager(complaint.company_id)

        schedule_activities(
            self,
            "mail.mail_activity_data_todo",
            accountable,
            summary_of=lambda _complaint: labels[level],
            once=False,
        )
        self.env["mail.message"].sudo().create(
            [
                {
                    "model": self._name,
                    "res_id": complaint.id,
                    "body": labels[level],
                    "message_type": "notification",
                    "subtype_id": self.env.ref("mail.mt_note").id,
                }
                for complaint in self
            ]
        )
