# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""One approval mechanism (bigaccount.workflow.mixin): nobody decides their
own document, reassigning the owner opens no way around it, one person does
not hold every step, decided documents stay decided, roles resolve to the
right people, and dates mean what they say."""

import itertools
from datetime import datetime, time, timedelta

from odoo import Command, fields
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


def _branch_nomination(case):
    """The prospect nominated at branch level by its manager to be."""
    return (
        case.env["bigaccount.nomination"]
        .with_user(case.ka_user)
        .create(
            {
                "partner_id": case.prospect.id,
                "manager_id": case.ka_user.id,
                "level": "branch",
                "reason": "Large insurer",
            }
        )
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
        nomination = _branch_nomination(self)
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


@tagged("post_install", "-at_install")
class TestDocumentsStartAtTheirFirstStep(PipelineCase):
    """A document made or copied by a user does not arrive decided: every
    model of the registry with the approval mechanism, every field only its
    buttons write."""

    def _guarded_models(self):
        """Every model of the registry with fields only buttons write."""
        return sorted(
            name
            for name in self.env.registry
            if not self.env[name]._abstract and self.env[name]._ka_guarded_fields()
        )

    def _other_value(self, field, start):
        """A value of ``field`` other than where it starts (``start``)."""
        if field.type == "selection":
            choices = [key for key, _label in field._description_selection(self.env)]
            return next(key for key in choices if key != start)
        if field.type in ("one2many", "many2many"):
            return [Command.set([self.director.id])]
        if field.type == "many2one":
            return self.director.id if start != self.director else self.ka_user.id
        if field.type in ("date", "datetime"):
            return "2026-01-05"
        if field.type == "boolean":
            return not start
        return 5

    def test_every_field_its_buttons_write_starts_at_its_start(self):
        """For every role, a second user of the same role and a user holding
        all of them: none of them may decide while creating."""
        several_roles = new_test_user(
            self.env,
            login="ka_creator_several_roles",
            groups="sales_team.group_sale_manager,bigaccount_crm.group_ka_user,"
            "bigaccount_crm.group_ka_director,bigaccount_crm.group_ka_general_manager,"
            "account.group_account_manager,stock.group_stock_manager",
        )
        users = (
            self.ka_user
            | self.ka_user_other
            | self.director
            | self.general_manager
            | self.finance
            | self.warehouse
            | several_roles
        )
        models = self._guarded_models()
        workflow = self.env.registry["bigaccount.workflow.mixin"]._inherit_children
        self.assertLessEqual(set(workflow) | {"sale.order"}, set(models))
        for name, user in itertools.product(models, users):
            Document = self.env[name].with_user(user)
            guarded = Document._ka_guarded_fields()
            for fname in sorted(guarded):
                field = Document._fields[fname]
                start = field.default(Document) if field.default else False
                with self.subTest(document=name, field=fname, user=user.login):
                    Document._ka_check_new_records(
                        [{fname: start.id if hasattr(start, "_name") else start}],
                        guarded,
                    )
                    with self.assertRaises(AccessError):
                        Document._ka_check_new_records(
                            [{fname: self._other_value(field, start)}], guarded
                        )

    def test_a_guaranteed_delivery_is_not_created_approved(self):
        self.prospect.sudo().ka_manager_id = self.ka_user
        order = self._order(self.prospect, 500.0, user=self.ka_user)
        Request = self.env["bigaccount.credit.request"].with_user(self.ka_user)
        vals = {
            "order_id": order.id,
            "amount": 500,
            "date_expiry": self.today + timedelta(days=7),
            "reason": "Urgent delivery",
            "guarantor_id": self.director.id,
        }
        before = Request.sudo().search_count([])
        for decided in (
            {"state": "approved"},
            {"approver_id": self.ka_user.id},
            {"ka_decider_ids": [Command.set([self.director.id])]},
        ):
            with self.subTest(decided=decided):
                with self.assertRaises(AccessError):
                    Request.create(dict(vals, **decided))
        self.assertEqual(Request.sudo().search_count([]), before)
        # the web client's values of a new form (the state's default) pass;
        # an action's or a kanban column's default decides nothing
        request = Request.with_context(default_state="approved").create(
            dict(vals, state="draft")
        )
        self.assertEqual(request.state, "draft")
        request = Request.with_context(default_state="approved").create(vals)
        self.assertEqual(request.state, "draft")
        self.assertFalse(request.approver_id)

    def test_a_copy_of_a_decided_document_starts_anew(self):
        nomination = _branch_nomination(self)
        nomination.action_submit()
        nomination.with_user(self.director).action_approve()
        self.assertEqual(nomination.approver_id, self.director)
        copy = nomination.with_user(self.ka_user).copy()
        self.assertEqual(copy.state, "draft")
        self.assertFalse(copy.approver_id)
        self.assertFalse(copy.date_decision)
        self.assertFalse(copy.ka_decider_ids)
        self.assertFalse(copy.ka_submitted_by_id)
        with self.assertRaises(AccessError):
            nomination.with_user(self.ka_user).copy({"state": "approved"})
