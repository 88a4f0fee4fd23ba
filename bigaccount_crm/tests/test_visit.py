# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import base64
import io
import logging
from datetime import datetime, time, timedelta

import openpyxl

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from .common import BigaccountCase

_logger = logging.getLogger(__name__)

REPORT = {
    "report_place": "Customer head office",
    "report_key_points": "Happy with deliveries",
    "report_needs": "Wants Friday deliveries",
    "report_competitors": "None heard of",
    "report_next_steps": "Send a quotation",
}


class VisitCase(BigaccountCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer = cls._key_account("Visited customer", ka_tier_id=cls.diamond.id)
        cls.contact = cls.env["res.partner"].create(
            {"name": "Purchasing manager", "parent_id": cls.customer.id}
        )

    def _visit(self, user=None, days=1, **vals):
        start = datetime.combine(self.today + timedelta(days=days), time(9, 0))
        if days <= 0:
            # a visit of today or before has taken place at any hour of a run
            start = min(start, fields.Datetime.now() - timedelta(hours=3))
        return (
            self.env["bigaccount.visit"]
            .with_user(user or self.ka_user)
            .create(
                dict(
                    {
                        "partner_id": self.customer.id,
                        "kind": "onsite",
                        "date_start": start,
                        "date_end": start + timedelta(hours=2),
                        "expense_ids": [
                            Command.create(
                                {
                                    "category": "gift",
                                    "name": "Tea set",
                                    "contact_id": self.contact.id,
                                    "budget_amount": 500,
                                }
                            ),
                            Command.create(
                                {
                                    "category": "meal",
                                    "name": "Lunch",
                                    "budget_amount": 300,
                                }
                            ),
                        ],
                    },
                    **vals,
                )
            )
        )

    def _done(self, visit):
        """Through review and approval as the superuser (no checks); a
        visit planned later is moved to yesterday: it is done once it has
        taken place."""
        visit = visit.with_env(self.env)
        now = fields.Datetime.now()
        if visit.date_start > now:
            length = visit.date_end - visit.date_start
            start = now - timedelta(days=1)
            visit.write({"date_start": start, "date_end": start + length})
        if visit.state == "draft":
            visit.action_submit()
        if visit.state == "submitted":
            visit.action_review()
        if visit.state == "reviewed":
            visit.action_approve()
        visit.action_done()
        return visit


@tagged("post_install", "-at_install")
class TestVisitFlow(VisitCase):
    def test_review_approve_done_report_reimburse(self):
        visit = self._visit(days=-1)
        self.assertEqual(visit.budget_total, 800)
        self.assertTrue(visit.name.startswith("VIS/"))
        visit.action_submit()
        self.assertEqual(visit.state, "submitted")
        with self.assertRaises(AccessError):
            visit.action_review()  # a key-account user is no director
        visit.with_user(self.director).action_review()
        self.assertEqual(visit.state, "reviewed")
        self.assertEqual(visit.reviewer_id, self.director)
        with self.assertRaises(AccessError):
            visit.with_user(self.director).action_approve()
        with self.assertRaises(UserError):
            visit.action_done()  # not approved yet
        visit.with_user(self.general_manager).action_approve()
        self.assertEqual(visit.state, "approved")
        visit.action_done()
        self.assertEqual(visit.state, "done")
        followup = visit.activity_ids.filtered(
            lambda a: (
                a.activity_type_id
                == self.env.ref("bigaccount_crm.mail_activity_type_visit_followup")
            )
        )
        self.assertEqual(followup.user_id, self.ka_user)
        self.assertEqual(followup.date_deadline, self.today + timedelta(days=7))
        # no report, no closing
        with self.assertRaises(UserError):
            visit.action_report()
        self.assertEqual(visit.state, "done")
        visit.write(dict(REPORT, report_competitors=" "))
        with self.assertRaises(UserError):
            visit.action_report()
        visit.report_competitors = REPORT["report_competitors"]
        visit.action_report()
        self.assertEqual(visit.state, "reported")
        # no reimbursement before the three reviews, in their order
        with self.assertRaises(UserError):
            visit.with_user(self.finance).action_reimburse()
        with self.assertRaises(AccessError):
            visit.with_user(self.finance).action_review_report()
        with self.assertRaises(AccessError):
            visit.with_user(self.ka_user_other).action_review_report()
        visit.with_user(self.director).action_review_report()
        self.assertEqual(visit.report_review, "director")
        with self.assertRaises(AccessError):
            visit.with_user(self.finance).action_review_report()
        visit.with_user(self.general_manager).action_review_report()
        self.assertEqual(visit.report_review, "gm")
        with self.assertRaises(UserError):
            visit.with_user(self.finance).action_reimburse()
        visit.with_user(self.finance).action_review_report()
        self.assertEqual(visit.report_review, "finance")
        self.assertEqual(visit.report_finance_id, self.finance)
        with self.assertRaises(AccessError):
            visit.action_reimburse()  # the owner is not finance
        visit.with_user(self.finance).action_reimburse()
        self.assertTrue(visit.reimbursed)
        with self.assertRaises(UserError):
            visit.with_user(self.finance).action_reimburse()

    def test_nobody_reviews_or_approves_their_own(self):
        own = self._visit(user=self.director)
        own.action_submit()
        with self.assertRaises(AccessError):
            own.with_user(self.director).action_review()
        self.assertEqual(own.state, "submitted")
        gm_own = self._visit(user=self.general_manager)
        gm_own.action_submit()
        gm_own.with_user(self.director).action_review()
        with self.assertRaises(AccessError):
            gm_own.with_user(self.general_manager).action_approve()
        self.assertEqual(gm_own.state, "reviewed")
        self._done(gm_own)
        gm_own.write(REPORT)
        gm_own.action_report()
        gm_own.with_user(self.director).action_review_report()
        with self.assertRaises(AccessError):
            gm_own.with_user(self.general_manager).action_review_report()

    def test_cancel_and_back_to_draft(self):
        visit = self._visit()
        visit.action_submit()
        visit.action_cancel()
        self.assertEqual(visit.state, "cancelled")
        visit.action_draft()
        self.assertEqual(visit.state, "draft")
        done = self._done(self._visit())
        with self.assertRaises(UserError):
            done.with_user(self.ka_user).action_cancel()
        self.assertEqual(done.state, "done")
        other = self._visit()
        with self.assertRaises(AccessError):
            other.with_user(self.ka_user_other).action_cancel()

    def test_bad_input(self):
        start = datetime.combine(self.today, time(9, 0))
        with self.assertRaises(ValidationError):
            self._visit(date_start=start, date_end=start - timedelta(hours=1))
        with self.assertRaises(ValidationError):
            self._visit(advance_amount=-5)
        with self.assertRaises(ValidationError):
            self._visit(
                expense_ids=[
                    Command.create(
                        {"category": "gift", "name": "Watch", "budget_amount": 900}
                    )
                ]
            )
        visit = self._visit()
        with self.assertRaises(AccessError):
            visit.write({"state": "approved"})
        self.assertEqual(visit.state, "draft")
        visit.action_submit()
        visit.with_user(self.director).action_review()
        with self.assertRaises(UserError):
            visit.write({"date_start": visit.date_start + timedelta(days=1)})
        with self.assertRaises(UserError):
            visit.expense_ids[:1].budget_amount = 5000
        with self.assertRaises(UserError):
            visit.write(
                {
                    "expense_ids": [
                        Command.create({"category": "meal", "name": "Dinner"})
                    ]
                }
            )
        self.assertEqual(visit.budget_total, 800)
        visit.expense_ids[:1].actual_amount = 480  # actual costs are entered
        self.assertEqual(visit.cost_total, 480)

    def test_cash_advance_after_approval_by_finance(self):
        visit = self._visit(advance_amount=1000)
        visit.action_submit()
        with self.assertRaises(UserError):
            visit.with_user(self.finance).action_grant_advance()
        visit.with_user(self.director).action_review()
        visit.with_user(self.general_manager).action_approve()
        with self.assertRaises(AccessError):
            visit.action_grant_advance()
        visit.with_user(self.finance).action_grant_advance()
        self.assertTrue(visit.advance_granted)
        self.assertEqual(visit.advance_granted_by, self.finance)
        with self.assertRaises(UserError):
            visit.with_user(self.finance).action_grant_advance()

    def test_general_manager_step_waived_below_budget(self):
        cheap, costly = self._visit(), self._visit()
        costly.expense_ids[:1].budget_amount = 5000
        (cheap | costly).action_submit()
        cheap.with_user(self.director).action_review()
        self.assertEqual(cheap.state, "reviewed", "never waived by default")
        self._set_param("visit_gm_waiver_budget", 1000)
        costly.with_user(self.director).action_review()
        self.assertEqual(costly.state, "reviewed")
        again = self._visit()
        again.action_submit()
        again.with_user(self.director).action_review()
        self.assertEqual(again.state, "approved")

    def test_calls_without_costs_need_no_approval(self):
        call = self._visit(kind="phone", expense_ids=[])
        call.action_submit()
        self.assertEqual(call.state, "approved")
        paid_call = self._visit(kind="phone")
        paid_call.action_submit()
        self.assertEqual(paid_call.state, "submitted")

    def test_who_sees_visits(self):
        visit = self._visit()
        with self.assertRaises(AccessError):
            visit.with_user(self.ka_user_other).check_access("read")
        visit.participant_ids = self.ka_user_other
        visit.with_user(self.ka_user_other).check_access("read")
        for user in (self.director, self.general_manager, self.finance):
            self.assertIn(
                visit, self.env["bigaccount.visit"].with_user(user).search([])
            )
        with self.assertRaises(AccessError):
            visit.with_user(self.salesman).check_access("read")
        with self.assertRaises(AccessError):
            visit.with_user(self.finance).write({"objective": "changed"})
        self.assertEqual(self.customer.with_user(self.ka_user).ka_visit_count, 1)


@tagged("post_install", "-at_install")
class TestVisitCadence(VisitCase):
    def test_next_due_and_overdue_at_the_tier_boundary(self):
        Visit = self.env["bigaccount.visit"]
        Visit._ka_update_visit_cadence(self.customer)
        interval = self.diamond.visit_interval_days
        # never visited: due one interval after it became a key account
        self.assertFalse(self.customer.ka_visit_overdue, "never visited")
        self.assertEqual(
            self.customer.ka_next_visit_date,
            self.customer.create_date.date() + timedelta(days=interval),
        )
        visit = self._done(self._visit(days=-interval))
        self.assertEqual(
            self.customer.ka_last_visit_date, self.today - timedelta(days=interval)
        )
        self.assertEqual(self.customer.ka_next_visit_date, self.today)
        self.assertFalse(self.customer.ka_visit_overdue)
        visit.sudo().write({"date_start": visit.date_start - timedelta(days=1)})
        Visit._ka_update_visit_cadence(self.customer)
        self.assertTrue(self.customer.ka_visit_overdue)
        self.assertEqual(
            self.customer.ka_next_visit_date, self.today - timedelta(days=1)
        )
        # a letter does not count as a visit
        self._done(self._visit(kind="email", expense_ids=[], days=0))
        self.assertTrue(self.customer.ka_visit_overdue)
        # without a tier there is no cadence
        self.customer.sudo().ka_tier_id = False
        Visit._ka_update_visit_cadence(self.customer)
        self.assertFalse(self.customer.ka_visit_overdue)
        self.assertFalse(self.customer.ka_next_visit_date)
        with self.assertRaises(AccessError):
            self.customer.with_user(self.director).ka_visit_overdue = True

    def test_reminders_once_per_account(self):
        Visit = self.env["bigaccount.visit"]
        # a key account for longer than its tier's interval, never visited
        self.env.cr.execute(
            "UPDATE res_partner SET create_date = create_date - interval '1 year'"
            " WHERE id = %s",
            [self.customer.id],
        )
        self.customer.invalidate_recordset(["create_date"])
        Visit._ka_update_visit_cadence(self.customer)
        self.assertTrue(self.customer.ka_visit_overdue)
        activity_type = self.env.ref("bigaccount_crm.mail_activity_type_visit_due")

        def reminders():
            # on a visit to plan, not on the customer (which everyone reads)
            return Visit.search([("partner_id", "=", self.customer.id)]).activity_ids

        Visit._cron_visit_cadence()
        self.assertEqual(len(reminders()), 1)
        self.assertEqual(reminders().activity_type_id, activity_type)
        self.assertEqual(reminders().user_id, self.ka_user)
        self.assertFalse(self.customer.activity_ids)
        Visit._cron_visit_cadence()
        self.assertEqual(len(reminders()), 1)

    def test_callbacks_only_with_consent(self):
        with self.assertRaises(ValidationError):
            self._visit(kind="callback", purpose="callback", expense_ids=[])
        self.customer.with_user(self.ka_user).ka_callback_consent = True
        self.diamond.callback_interval_days = 30
        planned = self.env["bigaccount.visit"]._ka_plan_callbacks()
        self.assertGreaterEqual(planned, 1)
        callbacks = self.env["bigaccount.visit"].search(
            [("partner_id", "=", self.customer.id), ("kind", "=", "callback")]
        )
        self.assertEqual(len(callbacks), 1)
        self.assertEqual(callbacks.user_id, self.ka_user)
        self.env["bigaccount.visit"]._ka_plan_callbacks()
        self.assertEqual(
            self.env["bigaccount.visit"].search_count(
                [("partner_id", "=", self.customer.id), ("kind", "=", "callback")]
            ),
            1,
            "one planned callback at a time",
        )
        callbacks.action_submit()
        self.assertEqual(callbacks.state, "approved")
        with self.assertRaises(UserError):
            callbacks.action_done()  # planned ahead: not yet made
        callbacks.sudo().write(
            {
                "date_start": fields.Datetime.now() - timedelta(hours=2),
                "date_end": fields.Datetime.now() - timedelta(hours=1),
            }
        )
        callbacks.action_done()
        self.env["bigaccount.visit"]._ka_plan_callbacks()
        self.assertEqual(
            self.env["bigaccount.visit"].search_count(
                [("partner_id", "=", self.customer.id), ("kind", "=", "callback")]
            ),
            1,
            "the next callback waits for the tier's interval",
        )
        other = self._partner("No consent")
        other.sudo().write(
            {"ka_tier_id": self.diamond.id, "ka_manager_id": self.ka_user.id}
        )
        self.env["bigaccount.visit"]._ka_plan_callbacks()
        self.assertFalse(
            self.env["bigaccount.visit"].search([("partner_id", "=", other.id)])
        )

    def test_cadence_queries_do_not_grow_with_accounts(self):
        Partner = self.env["res.partner"]
        partners = Partner.create(
            [{"name": f"Cadence {i}", "is_company": True} for i in range(200)]
        )
        partners.sudo().write({"ka_is_key_account": True, "ka_tier_id": self.vip.id})
        visits = (
            self.env["bigaccount.visit"]
            .sudo()
            .create(
                [
                    {
                        "partner_id": partner.id,
                        "kind": "onsite",
                        "date_start": datetime.combine(self.today, time(9, 0)),
                        "state": "done",
                    }
                    for partner in partners
                ]
            )
        )
        self.assertEqual(len(visits), 200)
        counts = []
        update = self.env["bigaccount.visit"]._ka_update_visit_cadence
        for subset, expected in ((partners[:10], 10), (partners, 190)):
            count, changed = self._count_queries(lambda subset=subset: update(subset))
            counts.append(count)
            self.assertEqual(changed, expected)
        _logger.info("Visit cadence queries: %s (10 accounts) / %s (200)", *counts)
        self.assertEqual(counts[0], counts[1])
        self.assertEqual(partners[-1].ka_last_visit_date, self.today)


@tagged("post_install", "-at_install")
class TestReceptionsAndTours(VisitCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.service_manager = new_test_user(
            cls.env,
            login="ka_service_manager",
            groups="sales_team.group_sale_salesman,bigaccount_crm.group_ka_user",
        )
        cls.company.write(
            {
                "ka_service_manager_id": cls.service_manager.id,
                "ka_tour_notice_all_ids": [Command.set(cls.director.ids)],
                "ka_tour_notice_service_ids": [Command.set(cls.finance.ids)],
            }
        )
        cls.key_class = cls.env.ref("bigaccount_crm.visitor_class_key")

    def _tour(self, hours_ahead, tour_class="key", **vals):
        start = fields.Datetime.now() + timedelta(hours=hours_ahead)
        return self._visit(
            kind="showroom",
            tour_class=tour_class,
            visitor_class_id=self.key_class.id,
            visitor_count=4,
            date_start=start,
            date_end=start + timedelta(hours=2),
            expense_ids=[
                Command.create(
                    {"category": "meal", "name": "Coffee", "budget_amount": 200}
                )
            ],
            **vals,
        )

    def test_announced_in_time_told_and_approved_by_service_manager(self):
        tour = self._tour(4 * 24)
        tour.action_submit()
        self.assertEqual(tour.state, "submitted")
        self.assertFalse(tour.announced_late)
        notice = tour.message_ids.filtered(
            lambda m: self.director.partner_id in m.partner_ids
        )
        self.assertTrue(notice, "key tours are announced to all departments")
        self.assertIn(self.key_class.accompanied_by, notice.body)
        with self.assertRaises(UserError):
            tour.with_user(self.director).action_review()
        with self.assertRaises(AccessError):
            tour.with_user(self.general_manager).action_approve()
        tour.with_user(self.service_manager).action_approve()
        self.assertEqual(tour.state, "approved")
        self.assertEqual(tour.approver_id, self.service_manager)

    def test_late_announcement_needs_its_reason(self):
        late = self._tour(24)  # a key tour is announced 72 hours ahead
        with self.assertRaises(UserError):
            late.action_submit()
        self.assertEqual(late.state, "draft")
        self.assertFalse(late.date_announced)
        late.late_reason = "The customer's board decided yesterday"
        late.action_submit()
        self.assertTrue(late.announced_late)
        for vals in ({"announced_late": False}, {"date_announced": late.date_start}):
            with self.assertRaises(AccessError):
                late.write(vals)  # its submission said so
        self.assertTrue(late.announced_late)
        ordinary = self._tour(30, tour_class="ordinary")
        ordinary.action_submit()
        self.assertFalse(ordinary.announced_late)
        self.assertTrue(
            ordinary.message_ids.filtered(
                lambda m: self.finance.partner_id in m.partner_ids
            ),
            "ordinary tours are announced to the service department",
        )
        adhoc = self._tour(2, tour_class="adhoc")
        adhoc.action_submit()
        self.assertFalse(adhoc.announced_late)

    def test_hospitality_standard(self):
        self.key_class.cost_cap = 40
        tour = self._tour(100)  # 200 for 4 visitors: over 40 each
        with self.assertRaises(UserError):
            tour.action_submit()
        self.assertEqual(tour.state, "draft")
        self.key_class.cost_cap = 50
        tour.action_submit()
        self.assertEqual(tour.state, "submitted")
        with self.assertRaises(ValidationError):
            self.key_class.cost_cap = -1

    def test_general_manager_approves_without_service_manager(self):
        self.company.ka_service_manager_id = False
        tour = self._tour(100)
        tour.action_submit()
        with self.assertRaises(AccessError):
            tour.with_user(self.service_manager).action_approve()
        tour.with_user(self.general_manager).action_approve()
        self.assertEqual(tour.state, "approved")


@tagged("post_install", "-at_install")
class TestDailyVisitReports(VisitCase):
    def test_daily_rows_summary_and_access(self):
        for days in (-1, -1, -2):
            self._done(self._visit(days=days))
        self._visit(days=-1)  # planned, not done: not in the report
        Daily = self.env["bigaccount.visit.daily"]
        rows = Daily.with_user(self.ka_user).search([])
        self.assertEqual(rows.mapped("visit_count"), [2, 1])
        self.assertEqual(rows[0].onsite_count, 2)
        self.assertEqual(rows[0].account_count, 1)
        self.assertEqual(len(rows[0].visit_ids), 2)
        self.assertFalse(Daily.with_user(self.ka_user_other).search([]))
        self.assertEqual(
            len(
                Daily.with_user(self.director).search(
                    [("user_id", "=", self.ka_user.id)]
                )
            ),
            2,
        )
        wizard = (
            self.env["bigaccount.visit.summary"]
            .with_user(self.director)
            .create(
                {
                    "date_from": self.today - timedelta(days=7),
                    "date_to": self.today,
                    "user_ids": [Command.set(self.ka_user.ids)],
                }
            )
        )
        action = wizard.action_export()
        attachment = self.env["ir.attachment"].browse(
            int(action["params"]["url"].split("/")[3].split("?")[0])
        )
        book = openpyxl.load_workbook(io.BytesIO(base64.b64decode(attachment.datas)))
        summary = [
            cell
            for row in book.worksheets[0].iter_rows(values_only=True)
            for cell in row
        ]
        self.assertIn(self.ka_user.name, summary)
        self.assertIn(3, summary)  # total visits
        details = list(book.worksheets[1].iter_rows(values_only=True))
        self.assertEqual(len(details), 4)  # header and three visits
        wizard.date_from = self.today + timedelta(days=1)
        with self.assertRaises(UserError):
            wizard.action_export()
