# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""One approval mechanism (bigaccount.workflow.mixin): nobody decides their
own document, reassigning the owner opens no way around it, one person does
not hold every step, decided documents stay decided, roles resolve to the
right people, and dates mean what they say."""

from datetime import datetime, time, timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .test_complaint import ComplaintCase
from .test_development import PipelineCase
from .test_visit import REPORT, VisitCase


@tagged("post_install", "-at_install")
class TestDevelopmentApplication(PipelineCase):
    def test_reassigning_the_owner_opens_no_way_around(self):
        development = self._development(user=self.director)
        development.with_user(self.director).write(
            {"ka_forecast_sales": 600000, "ka_involvement": "high"}
        )
        development.with_user(self.director).action_ka_submit_application()
        development.sudo().user_id = self.ka_user_other
        with self.assertRaises(AccessError):
            development.with_user(self.director).action_ka_approve_application()
        self.assertEqual(development.ka_application_state, "submitted")
        self.assertEqual(development.ka_submitted_by_id, self.director)
        self.assertEqual(development.ka_owner_at_submission_id, self.director)
        development.with_user(self.general_manager).action_ka_approve_application()
        self.assertEqual(development.ka_application_state, "approved")
        self.assertEqual(development.ka_decider_ids, self.general_manager)


@tagged("post_install", "-at_install")
class TestSettlementApproval(ComplaintCase):
    def test_the_handler_does_not_approve_a_settlement_above_own_authority(self):
        complaint = self._complaint(user=self.director)
        complaint.with_user(self.director).settlement_amount = 5000
        with self.assertRaises(AccessError):
            complaint.with_user(self.director).action_approve_settlement()
        self.assertFalse(complaint.settlement_approved_by)
        director_2 = new_test_user(
            self.env,
            login="ka_director_2",
            groups="sales_team.group_sale_manager,bigaccount_crm.group_ka_director",
        )
        complaint.with_user(director_2).action_approve_settlement()
        self.assertEqual(complaint.settlement_approved_by, director_2)
        # within the handler's own authority the handler settles
        small = self._complaint()
        small.settlement_amount = 300
        small.action_approve_settlement()
        self.assertEqual(small.settlement_approved_by, self.ka_user)

    def test_report_required_is_not_waived_by_the_handler(self):
        complaint = self._complaint(category="quality", description="Torn paper")
        self.assertTrue(complaint.report_required)
        with self.assertRaises(AccessError):
            complaint.report_required = False
        with self.assertRaises(AccessError):
            self._complaint(category="quality", report_required=False)
        handled = self._complaint(
            user=self.director, category="quality", description="Wet boxes"
        )
        with self.assertRaises(AccessError):
            handled.with_user(self.director).report_required = False
        # a director who does not handle it may waive it
        complaint.with_user(self.director).report_required = False
        self.assertFalse(complaint.report_required)
        # no rule, nothing to guard
        delivery = self._complaint()
        delivery.report_required = True
        delivery.report_required = False

    def test_escalation_first_to_a_director_not_a_general_manager(self):
        self.customer.sudo().ka_manager_id = self.ka_user  # not a director
        complaint = self._complaint()
        complaint.sudo().date_deadline = fields.Datetime.now() - timedelta(hours=1)
        director_users = self.env["res.users"]._ka_directors()
        self.assertTrue(director_users)
        self.assertFalse(
            director_users
            & self.env.ref("bigaccount_crm.group_ka_general_manager").users
        )
        self.env["bigaccount.complaint"]._cron_escalate()
        activity = complaint.activity_ids.filtered(
            lambda a: "director" in (a.summary or "")
        )
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, director_users[:1])
        self.assertNotIn(
            activity.user_id,
            self.env.ref("bigaccount_crm.group_ka_general_manager").users,
        )


@tagged("post_install", "-at_install")
class TestNominationDecision(PipelineCase):
    def test_rule_level_decides_who_approves_and_decided_is_final(self):
        self.prospect.sudo().write({"ka_employee_count": 600})
        self.assertEqual(self.prospect.ka_level, "department")
        branch_manager = new_test_user(
            self.env,
            login="ka_branch_manager_2",
            groups="sales_team.group_sale_salesman,bigaccount_crm.group_ka_branch_manager",
        )
        nomination = (
            self.env["bigaccount.nomination"]
            .with_user(self.ka_user)
            .create(
                {
                    "partner_id": self.prospect.id,
                    "manager_id": self.ka_user.id,
                    "level": "branch",
                    "reason": "Large insurer",
                }
            )
        )
        nomination.action_submit()
        with self.assertRaises(UserError):
            nomination.write({"reason": "changed after submission"})
        with self.assertRaises(AccessError):
            nomination.with_user(branch_manager).action_approve()
        nomination.with_user(self.director).action_approve()
        self.assertEqual(nomination.state, "approved")
        with self.assertRaises(UserError):
            nomination.write({"partner_id": self.buyer.id})
        with self.assertRaises(UserError):
            nomination.write({"manager_id": self.ka_user_other.id})
        self.assertEqual(nomination.partner_id, self.prospect)
        # the decision is on the nomination, not in the customer's chatter,
        # which every user reads
        self.assertIn("approved by", " ".join(nomination.message_ids.mapped("body")))
        self.assertNotIn(
            nomination.name, " ".join(self.prospect.message_ids.mapped("body"))
        )


@tagged("post_install", "-at_install")
class TestVisitSteps(VisitCase):
    def _past_visit(self, user=None):
        start = datetime.combine(self.today - timedelta(days=1), time(9, 0))
        return self._visit(
            user=user, date_start=start, date_end=start + timedelta(hours=2)
        )

    def test_one_person_does_not_hold_every_step(self):
        boss = new_test_user(
            self.env,
            login="ka_boss",
            groups="sales_team.group_sale_manager,"
            "bigaccount_crm.group_ka_general_manager,account.group_account_manager",
        )
        visit = self._past_visit()
        visit.action_submit()
        visit.with_user(boss).action_review()
        with self.assertRaises(AccessError):
            visit.with_user(boss).action_approve()
        self.assertEqual(visit.state, "reviewed")
        visit.with_user(self.general_manager).action_approve()
        visit.action_done()
        visit.write(REPORT)
        visit.action_report()
        visit.with_user(boss).action_review_report()
        with self.assertRaises(AccessError):
            visit.with_user(boss).action_review_report()
        visit.with_user(self.general_manager).action_review_report()
        visit.with_user(self.finance).action_review_report()
        # finance's review and its reimbursement are one step
        visit.with_user(self.finance).action_reimburse()
        self.assertTrue(visit.reimbursed)

    def test_small_companies_may_let_one_person_hold_several_steps(self):
        self._set_param("allow_several_steps", True)
        boss = new_test_user(
            self.env,
            login="ka_boss_small",
            groups="sales_team.group_sale_manager,bigaccount_crm.group_ka_general_manager",
        )
        visit = self._past_visit()
        visit.action_submit()
        visit.with_user(boss).action_review()
        visit.with_user(boss).action_approve()
        self.assertEqual(visit.state, "approved")
        self.assertTrue(
            visit.message_ids.filtered(lambda m: "several steps" in (m.body or ""))
        )
        # the owner still never decides
        own = self._past_visit(user=boss)
        own.action_submit()
        with self.assertRaises(AccessError):
            own.with_user(boss).action_review()

    def test_a_visit_is_done_once_its_time_has_come(self):
        visit = self._visit(days=7)
        self._done_until_approved(visit)
        with self.assertRaises(UserError):
            visit.action_done()
        self.assertEqual(visit.state, "approved")
        self.assertFalse(self.customer.ka_last_visit_date)
        past = self._past_visit()
        self._done_until_approved(past)
        past.action_done()
        self.assertEqual(
            self.customer.ka_last_visit_date, self.today - timedelta(days=1)
        )

    def test_a_key_account_never_visited_is_due_from_its_nomination(self):
        self.env["bigaccount.visit"]._ka_update_visit_cadence(self.customer)
        self.assertEqual(
            self.customer.ka_next_visit_date,
            self.customer.create_date.date()
            + timedelta(days=self.diamond.visit_interval_days),
        )

    def _done_until_approved(self, visit):
        visit = visit.with_env(self.env)
        visit.action_submit()
        if visit.state == "submitted":
            visit.action_review()
        if visit.state == "reviewed":
            visit.action_approve()
