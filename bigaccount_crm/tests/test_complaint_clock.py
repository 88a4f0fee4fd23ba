# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The complaint clock (README, "The complaint clock"): deadlines in working
hours of a resource calendar and its public holidays, in the calendar's time
zone; stopped while waiting for the customer; at risk at 80 %; escalation
delays in working hours; the customer's rating on closing.

Every expected moment below is worked out by hand from the README's rule on
a Monday-to-Friday calendar, 9:00-12:00 and 13:00-18:00 (8 working hours a
day), with 8 allowed working hours from Friday 27 November 2026, 17:00."""

import re
from datetime import datetime

from odoo.exceptions import UserError
from odoo.tests import HttpCase, freeze_time, tagged

from .common import BigaccountCase, utc


class ClockCase(BigaccountCase):
    tz = "Asia/Shanghai"  # UTC+8

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.calendar = cls._working_week(cls.tz)
        cls.tier = cls.env["bigaccount.tier"].create(
            {
                "name": "Clock tier",
                "min_monthly_profit": 10**9,
                "complaint_resolution_hours": 8,
                "service_calendar_id": cls.calendar.id,
            }
        )
        cls.customer = cls._key_account(
            "Clock customer", email="buyer@clock.example", ka_tier_id=cls.tier.id
        )
        cls.received = cls.at(2026, 11, 27, 17)  # Friday 17:00

    @classmethod
    def at(cls, *args):
        return utc(cls.tz, *args)

    def _complaint(self, **vals):
        """A complaint recorded when it is received (the clock's figures do
        not depend on the day the test runs)."""
        vals = dict(
            {
                "partner_id": self.customer.id,
                "category": "delivery",
                "severity": "normal",
                "description": "Late delivery",
                "date_received": self.received,
            },
            **vals,
        )
        with freeze_time(vals["date_received"]):
            return self.env["bigaccount.complaint"].with_user(self.ka_user).create(vals)

    def _resolved(self, satisfaction):
        """A low-severity complaint resolved and called back."""
        complaint = self._complaint(severity="low")
        complaint.action_investigate()
        complaint.action_resolve_start()
        complaint.action_resolved()
        complaint.write({"callback_date": self.today, "satisfaction": satisfaction})
        return complaint

    def _ratings(self, complaint):
        """The rating requests Odoo made for ``complaint``."""
        return (
            self.env["rating.rating"]
            .sudo()
            .search(
                [("res_model", "=", complaint._name), ("res_id", "=", complaint.id)]
            )
        )

    def _holiday(self, *day):
        """A public holiday (a leave without resource) on the calendar."""
        self.env["resource.calendar.leaves"].create(
            {
                "name": "Public holiday",
                "calendar_id": self.calendar.id,
                "date_from": self.at(*day, 0, 0),
                "date_to": self.at(*day, 23, 59, 59),
            }
        )


@tagged("post_install", "-at_install")
class TestComplaintClock(ClockCase):
    def test_friday_evening_is_due_monday(self):
        """Friday 17:00 + 8 working hours: 1 on Friday, then Monday 9-12
        and 13-17: Monday 30 November, 17:00; at risk after 6.4 hours:
        Monday 15:24. The weekend does not count."""
        complaint = self._complaint()
        self.assertEqual(complaint.calendar_id, self.calendar)
        self.assertEqual(complaint.sla_hours, 8)
        self.assertEqual(complaint.date_deadline, self.at(2026, 11, 30, 17))
        self.assertEqual(complaint.date_sla_risk, self.at(2026, 11, 30, 15, 24))

    def test_public_holiday_moves_it_one_more_day(self):
        self._holiday(2026, 11, 30)
        complaint = self._complaint()
        self.assertEqual(complaint.date_deadline, self.at(2026, 12, 1, 17))

    def test_severity_shortens_working_hours(self):
        """High: 4 working hours (Friday 17-18, Monday 9-12): Monday 12:00;
        critical: 2 (Friday 17-18, Monday 9-10): Monday 10:00."""
        high = self._complaint(severity="high")
        critical = self._complaint(severity="critical")
        self.assertEqual(high.date_deadline, self.at(2026, 11, 30, 12))
        self.assertEqual(critical.date_deadline, self.at(2026, 11, 30, 10))

    def test_company_working_time_without_tier_calendar(self):
        """Without the tier's working time, the company's counts."""
        self.tier.service_calendar_id = False
        self.env.company.resource_calendar_id = self.calendar
        complaint = self._complaint()
        self.assertEqual(complaint.calendar_id, self.calendar)
        self.assertEqual(complaint.date_deadline, self.at(2026, 11, 30, 17))

    def test_around_the_clock_for_a_green_channel(self):
        """The shipped 24/7 working time: 8 hours from Friday 17:00 are
        Saturday 01:00, weekend included."""
        self.tier.service_calendar_id = self.env.ref(
            "bigaccount_crm.resource_calendar_around_the_clock"
        )
        complaint = self._complaint()
        self.assertEqual(complaint.date_deadline, self.at(2026, 11, 28, 1))

    def test_pause_moves_the_deadline_by_the_working_time_waited(self):
        """Waiting Monday 10:00-12:00 (2 working hours): due Tuesday 10:00
        (Monday 17-18 and Tuesday 9-10). A wait over lunch, 11:00-14:00,
        counts 2 working hours too."""
        complaint = self._complaint()
        with freeze_time(self.at(2026, 11, 30, 9, 30)):
            complaint.action_investigate()
        with freeze_time(self.at(2026, 11, 30, 10)):
            complaint.action_wait_customer()
        self.assertEqual(complaint.state, "waiting")
        with freeze_time(self.at(2026, 11, 30, 17, 30)):
            # the clock is stopped: nothing becomes overdue while waiting
            self.env["bigaccount.complaint"]._cron_escalate()
            self.assertFalse(complaint.is_overdue)
            self.assertEqual(complaint.escalation, "none")
        with freeze_time(self.at(2026, 11, 30, 12)):
            complaint.action_resume()
        self.assertEqual(complaint.state, "investigating")
        self.assertAlmostEqual(complaint.paused_hours, 2.0, places=4)
        self.assertEqual(complaint.date_deadline, self.at(2026, 12, 1, 10))
        notes = complaint.message_ids.mapped("body")
        self.assertTrue(any("clock is stopped" in body for body in notes))
        self.assertTrue(any("clock runs again" in body for body in notes))
        # a second wait, over the lunch break: two more working hours
        with freeze_time(self.at(2026, 11, 30, 13)):
            complaint.action_resolve_start()
        with freeze_time(self.at(2026, 12, 1, 9)):
            complaint.action_wait_customer()
        with freeze_time(self.at(2026, 12, 1, 14)):
            complaint.action_resume()
        self.assertEqual(complaint.state, "resolving")
        self.assertAlmostEqual(complaint.paused_hours, 6.0, places=4)
        # 8 + 6 working hours from Friday 17:00: Friday 1, Monday 8, Tuesday
        # 9-12 and 13-15: Tuesday 15:00
        self.assertEqual(complaint.date_deadline, self.at(2026, 12, 1, 15))
        with freeze_time(self.at(2026, 12, 1, 14, 30)):
            complaint.action_resolved()
        self.assertTrue(complaint.sla_met)
        self.assertEqual(complaint.sla_status, "in_time")
        # worked: Friday 1 + Monday 8 + Tuesday 9-12 and 13-14:30 (4.5) = 13.5,
        # less 6 waited: 7.5 working hours to resolve
        self.assertAlmostEqual(complaint.resolution_hours, 7.5, places=4)

    def test_waiting_only_from_investigation_or_resolution(self):
        complaint = self._complaint()
        with self.assertRaises(UserError):
            complaint.action_wait_customer()
        with self.assertRaises(UserError):
            complaint.action_resume()
        self.assertEqual(complaint.state, "new")

    def test_at_risk_at_80_percent_then_breached(self):
        complaint = self._complaint()
        Complaint = self.env["bigaccount.complaint"]
        handler_activities = [
            ("res_model", "=", complaint._name),
            ("res_id", "=", complaint.id),
            ("user_id", "=", self.ka_user.id),
            (
                "activity_type_id",
                "=",
                self.env.ref("bigaccount_crm.mail_activity_type_complaint_at_risk").id,
            ),
        ]
        with freeze_time(self.at(2026, 11, 30, 15, 23)):
            Complaint._cron_escalate()
        self.assertEqual(complaint.sla_status, "in_time")
        with freeze_time(self.at(2026, 11, 30, 15, 25)):
            Complaint._cron_escalate()
            Complaint._cron_escalate()
        self.assertEqual(complaint.sla_status, "at_risk")
        self.assertFalse(complaint.is_overdue)
        self.assertEqual(self.env["mail.activity"].search_count(handler_activities), 1)
        self.assertIn(
            complaint,
            Complaint.search(
                [("sla_status", "=", "at_risk"), ("user_id", "=", self.ka_user.id)]
            ),
        )
        with freeze_time(self.at(2026, 11, 30, 17, 1)):
            Complaint._cron_escalate()
        self.assertEqual(complaint.sla_status, "breached")
        self.assertTrue(complaint.is_overdue)
        self.assertEqual(complaint.escalation, "director")
        self.assertEqual(
            self.env["mail.activity"].search_count(handler_activities),
            1,
            "warned once",
        )

    def test_escalation_to_the_gm_waits_working_hours(self):
        """Director at Monday 17:01; 4 working hours later (Monday 17:01-18,
        Tuesday 9-12, 13:00-13:01) is Tuesday 13:01."""
        self.env["ir.config_parameter"].sudo().set_param(
            "bigaccount_crm.complaint_escalate_hours", "4"
        )
        complaint = self._complaint()
        Complaint = self.env["bigaccount.complaint"]
        with freeze_time(self.at(2026, 11, 30, 17, 1)):
            Complaint._cron_escalate()
        self.assertEqual(complaint.escalation, "director")
        self.assertEqual(complaint.date_escalate_gm, self.at(2026, 12, 1, 13, 1))
        with freeze_time(self.at(2026, 12, 1, 12, 30)):
            Complaint._cron_escalate()
        self.assertEqual(complaint.escalation, "director", "lunch is not working time")
        with freeze_time(self.at(2026, 12, 1, 13, 2)):
            Complaint._cron_escalate()
        self.assertEqual(complaint.escalation, "gm")

    def test_investigation_report_in_working_days(self):
        """40 working hours from Friday 17:00 end Friday 4 December 17:00;
        investigated on Friday, the report is due after 3 working days:
        Monday, Tuesday, Wednesday 2 December. A holiday on Monday moves both.
        The handler has a reminder due that day; the report is flagged
        overdue on Thursday, and the reminder is done once it is sent."""
        self.tier.complaint_resolution_hours = 40
        complaint = self._complaint(category="quality")
        self.assertEqual(complaint.date_deadline, self.at(2026, 12, 4, 17))
        with freeze_time(self.at(2026, 11, 27, 17, 30)):
            complaint.action_investigate()
        self.assertEqual(str(complaint.report_due), "2026-12-02")
        reminder = complaint.activity_ids.filtered(
            lambda a: (
                a.activity_type_id
                == self.env.ref("bigaccount_crm.mail_activity_type_complaint_report")
            )
        )
        self.assertEqual(reminder.user_id, self.ka_user)
        self.assertEqual(str(reminder.date_deadline), "2026-12-02")
        Complaint = self.env["bigaccount.complaint"]
        with freeze_time(self.at(2026, 12, 2, 17)):
            Complaint._cron_escalate()
        self.assertFalse(complaint.report_overdue)
        with freeze_time(self.at(2026, 12, 3, 9)):
            Complaint._cron_escalate()
        self.assertTrue(complaint.report_overdue)
        complaint.investigation_report = "Truck broke down"
        complaint.action_submit_report()
        self.assertFalse(complaint.report_overdue)
        self.assertFalse(reminder.exists(), "done, hence off the open activities")
        # with a public holiday on Monday: Tuesday, Wednesday, Thursday
        self._holiday(2026, 11, 30)
        later = self._complaint(category="quality")
        self.assertEqual(later.date_deadline, self.at(2026, 12, 7, 17))
        with freeze_time(self.at(2026, 11, 27, 17, 30)):
            later.action_investigate()
        self.assertEqual(str(later.report_due), "2026-12-03")

    def test_report_due_leaves_the_last_working_day(self):
        """8 working hours end Monday 17:00: the report is due on the working
        day before, Friday (today), not on Sunday."""
        complaint = self._complaint(category="quality")
        with freeze_time(self.at(2026, 11, 27, 17, 30)):
            complaint.action_investigate()
        self.assertEqual(str(complaint.report_due), "2026-11-27")

    def test_customer_rating_on_closing(self):
        """Closing sends the contact Odoo's rating request; the answer is
        the satisfaction; a later callback replaces it."""
        complaint = self._resolved(4)
        self.assertEqual(complaint.satisfaction_source, "callback")
        complaint.action_close()
        rating = self._ratings(complaint)
        self.assertEqual(len(rating), 1, "the rating request is sent")
        self.assertEqual(rating.partner_id, self.customer)
        self.assertFalse(rating.consumed)
        request = complaint.message_ids.filtered(
            lambda message: rating.access_token in (message.body or "")
        )
        self.assertEqual(len(request), 1, "the mail with the faces' links")
        self.assertIn(complaint.name, request.subject)
        self.assertIn(f"/rate/{rating.access_token}/5", request.body)
        # the health score reads the callback's 4: (4 - 1) x 25 = 75
        self.customer.sudo()._ka_compute_health_batch()
        self.assertEqual(self.customer.sudo().ka_health_satisfaction, 75)
        # the customer answers through the public page (sudo, as Odoo's
        # rating controller does)
        complaint.sudo().rating_apply(1, token=rating.access_token, feedback="Slow")
        self.assertEqual(complaint.satisfaction, 1)
        self.assertEqual(complaint.satisfaction_source, "rating")
        self.assertEqual(complaint.state, "closed")
        # then the customer's 1, given last: (1 - 1) x 25 = 0
        self.customer.sudo()._ka_compute_health_batch()
        self.assertEqual(self.customer.sudo().ka_health_satisfaction, 0)

    def test_no_rating_request_when_the_setting_is_off(self):
        self.env["ir.config_parameter"].sudo().set_param(
            "bigaccount_crm.complaint_rating", False
        )
        complaint = self._resolved(5)
        complaint.action_close()
        self.assertFalse(self._ratings(complaint))

    def test_sla_report_in_working_hours(self):
        """Two complaints of the tier: one resolved Monday 16:00 within its
        8 hours (7 working hours taken), one still open and breached."""
        resolved = self._complaint()
        late = self._complaint(user_id=self.ka_user.id)
        with freeze_time(self.at(2026, 11, 30, 9)):
            (resolved | late).action_investigate()
            resolved.action_resolve_start()
        with freeze_time(self.at(2026, 11, 30, 16)):
            resolved.action_resolved()
        with freeze_time(self.at(2026, 11, 30, 18)):
            self.env["bigaccount.complaint"]._cron_escalate()
        self.assertAlmostEqual(resolved.resolution_hours, 7.0, places=4)
        result = self.env["report.bigaccount_crm.complaints"]._ka_report(
            {
                "date_from": datetime(2026, 11, 1).date(),
                "date_to": datetime(2026, 11, 30).date(),
                "company_ids": self.env.company.ids,
                "user_ids": [],
                "tier_ids": self.tier.ids,
            }
        )
        header = [column[0] for column in result["columns"]]
        (row,) = result["rows"][0]
        figures = dict(zip(header, row, strict=True))
        self.assertEqual(figures["Tier"], "Clock tier")
        self.assertEqual(figures["Received"], 2)
        self.assertEqual(figures["Resolved in Time"], 1)
        self.assertEqual(figures["SLA Compliance (%)"], 100)
        self.assertEqual(figures["Open Past Deadline"], 1)
        self.assertEqual(figures["Allowed (working hours)"], 8.0)
        self.assertEqual(figures["To Resolve (working hours)"], 7.0)


@tagged("post_install", "-at_install")
class TestComplaintClockWestOfUtc(ClockCase):
    """The same rule west of UTC: New York is UTC-5 in November."""

    tz = "America/New_York"

    def test_friday_evening_is_due_monday(self):
        complaint = self._complaint()
        self.assertEqual(complaint.date_received, datetime(2026, 11, 27, 22))
        self.assertEqual(complaint.date_deadline, datetime(2026, 11, 30, 22))

    def test_east_of_utc_in_utc(self):
        """And Shanghai's Monday 17:00 is 09:00 UTC."""
        self.calendar.tz = "Asia/Shanghai"
        complaint = self._complaint(date_received=datetime(2026, 11, 27, 9))
        self.assertEqual(complaint.date_deadline, datetime(2026, 11, 30, 9))


@tagged("post_install", "-at_install")
class TestComplaintRatingPage(ClockCase, HttpCase):
    """The customer answers the rating request through Odoo's public page,
    as from the mail's link, without logging in."""

    def test_customer_rates_through_the_public_link(self):
        complaint = self._resolved(4)
        complaint.action_close()
        rating = self._ratings(complaint)
        page = self.url_open(f"/rate/{rating.access_token}/3")
        self.assertEqual(page.status_code, 200)
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
        self.assertTrue(csrf, "the rating page's form")
        answer = self.url_open(
            f"/rate/{rating.access_token}/submit_feedback",
            data={
                "rate": "3",
                "feedback": "Solved, but slowly",
                "csrf_token": csrf.group(1),
            },
        )
        self.assertEqual(answer.status_code, 200)
        complaint.invalidate_recordset()
        rating.invalidate_recordset()
        self.assertEqual(complaint.satisfaction, 3)
        self.assertEqual(complaint.satisfaction_source, "rating")
        self.assertTrue(rating.consumed)
        self.assertEqual(rating.feedback, "Solved, but slowly")
