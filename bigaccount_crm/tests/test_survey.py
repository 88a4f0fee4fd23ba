# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import re

from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, HttpCase, new_test_user, tagged

from .common import BigaccountCase


class SurveyCase(BigaccountCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.diamond.survey_interval_months = 6
        cls.vip.survey_interval_months = 0
        cls.account = cls._partner("Surveyed account", email="office@surveyed.example")
        cls.unsurveyed = cls._partner("Account without surveys")
        for account, tier in ((cls.account, cls.diamond), (cls.unsurveyed, cls.vip)):
            account.sudo().write(
                {
                    "ka_is_key_account": True,
                    "ka_tier_id": tier.id,
                    "ka_manager_id": cls.ka_user.id,
                }
            )
        cls.decision_maker = cls.env["res.partner"].create(
            {
                "name": "Chief buyer",
                "parent_id": cls.account.id,
                "email": "buyer@surveyed.example",
            }
        )
        cls.env["bigaccount.contact.profile"].create(
            {"contact_id": cls.decision_maker.id, "role": "decision_maker"}
        )
        cls.survey = cls.env.ref("bigaccount_crm.survey_satisfaction")
        cls.scale_questions = cls.survey.question_ids.filtered(
            lambda q: q.question_type == "scale"
        )
        cls.Answer = cls.env["survey.user_input"]

    def _answers(self, account, **domain):
        return self.Answer.search(
            [("ka_account_id", "=", account.id)]
            + [(name, "=", value) for name, value in domain.items()]
        )

    def _enter(self, score, user=None, account=None, **vals):
        account = account or self.account
        entry = Form(
            self.env["bigaccount.survey.entry"]
            .with_user(user or self.ka_user)
            .with_context(default_account_id=account.id)
        )
        for vals_name, value in vals.items():
            setattr(entry, vals_name, value)
        for index in range(len(entry.line_ids)):
            with entry.line_ids.edit(index) as line:
                line.score = score
        return entry.save().action_save()


@tagged("post_install", "-at_install")
class TestSurveys(SurveyCase):
    def test_shipped_survey_is_odoo_survey_scored_1_to_5(self):
        self.assertTrue(self.survey.ka_satisfaction)
        self.assertEqual(self.survey.access_mode, "token")
        self.assertEqual(len(self.scale_questions), 5, "the five dimensions")
        self.assertEqual(
            set(self.scale_questions.mapped(lambda q: (q.scale_min, q.scale_max))),
            {(1, 5)},
        )

    def test_invited_per_tier_once_then_after_the_interval(self):
        """The daily job invites the decision contacts of an account whose
        tier asks for surveys (Odoo's invitation by email, one token link
        each), never twice while one is pending, again after the interval."""
        self.Answer._cron_ka_plan_surveys()
        self.Answer._cron_ka_plan_surveys()
        invitation = self._answers(self.account)
        self.assertEqual(len(invitation), 1, "never two pending")
        self.assertEqual(invitation.partner_id, self.decision_maker)
        self.assertEqual(invitation.state, "new")
        self.assertTrue(invitation.access_token)
        self.assertFalse(self._answers(self.unsurveyed), "its tier asks for none")
        mail = self.env["mail.mail"].search(
            [("recipient_ids", "in", self.decision_maker.ids)]
        )
        self.assertEqual(len(mail), 1)
        self.assertIn(invitation.access_token, mail.body_html)
        self.assertEqual(
            self.account.activity_ids.activity_type_id,
            self.env.ref("bigaccount_crm.mail_activity_type_survey"),
        )
        self.assertEqual(self.account.activity_ids.user_id, self.ka_user)
        # answered: not again before 6 months
        invitation._save_lines(self.scale_questions[0], 4)
        invitation._mark_done()
        self.Answer._cron_ka_plan_surveys()
        self.assertEqual(len(self._answers(self.account)), 1, "not yet: 6 months")
        invitation.end_datetime = fields.Datetime.now() - relativedelta(months=6)
        self.Answer._cron_ka_plan_surveys()
        self.assertEqual(len(self._answers(self.account)), 2)
        # an invitation past its deadline does not block the next one
        expired = self._answers(self.account, state="new")
        expired.deadline = fields.Datetime.now() - relativedelta(days=1)
        new = self.Answer._cron_ka_plan_surveys()
        self.assertEqual(len(self._answers(self.account)), 3)
        self.assertEqual(
            new, self._answers(self.account, state="new") - expired, "the new one only"
        )

    def test_internal_entry_by_the_manager(self):
        """Answers given by phone are entered by the manager: they complete
        the respondent's pending invitation; every score from 1 to 5."""
        self.Answer._cron_ka_plan_surveys()
        invitation = self._answers(self.account)
        with self.assertRaises(UserError):
            self._enter(6, respondent_id=self.decision_maker)
        with self.assertRaises(UserError):
            self._enter(0, respondent_id=self.decision_maker)
        self.assertEqual(invitation.state, "new", "nothing stored")
        self._enter(4, respondent_id=self.decision_maker, comment="Faster quotes")
        self.assertEqual(self._answers(self.account), invitation)
        self.assertEqual(invitation.state, "done")
        self.assertEqual(invitation.ka_satisfaction, 4)
        self.assertIn(
            "Faster quotes", invitation.user_input_line_ids.mapped("value_text_box")
        )
        self.assertFalse(self.account.activity_ids, "the reminder is done")
        self.assertEqual(self.account.with_user(self.ka_user).ka_satisfaction_count, 1)
        # another manager's account: refused, nothing stored
        other = self._key_account(
            "Another manager's account", manager=self.ka_user_other
        )
        with self.assertRaises(AccessError):
            self._enter(3, account=other)
        self.assertFalse(self._answers(other))

    def test_latest_answer_feeds_the_health_score(self):
        self._enter(5)
        answer = self._answers(self.account)
        answer.end_datetime = fields.Datetime.now() - relativedelta(days=3)
        self._enter(2)
        self.account._ka_compute_health_batch()
        self.assertEqual(self.account.ka_health_satisfaction, 25)
        self.assertIn("Latest satisfaction 2.0 of 5", self.account.ka_health_reasons)

    def test_a_company_edits_the_survey(self):
        """A question added to the survey is asked and entered too."""
        question = self.env["survey.question"].create(
            {
                "survey_id": self.survey.id,
                "title": "Packaging",
                "question_type": "scale",
                "scale_min": 1,
                "scale_max": 5,
            }
        )
        entry = self.env["bigaccount.survey.entry"].with_user(self.ka_user).new({})
        self.assertIn(question, entry.line_ids.question_id)
        self._enter(5)
        self.assertIn(
            question, self._answers(self.account).user_input_line_ids.question_id
        )

    def test_confidential_to_the_account_team(self):
        """The account's manager and the directors read its answers; another
        manager, a survey officer and a salesperson do not; the answers of
        other surveys stay as Survey makes them."""
        self._enter(3)
        answer = self._answers(self.account)
        officer = new_test_user(
            self.env, login="ka_survey_officer", groups="survey.group_survey_user"
        )
        for user in (self.ka_user, self.director):
            answer.with_user(user).check_access("read")
            answer.user_input_line_ids.with_user(user).check_access("read")
        for user in (self.ka_user_other, officer, self.salesman):
            with self.assertRaises(AccessError):
                answer.with_user(user).check_access("read")
            with self.assertRaises(AccessError):
                answer.user_input_line_ids[:1].with_user(user).check_access("read")
        other_survey = self.env["survey.survey"].create({"title": "Event feedback"})
        feedback = other_survey._create_answer(
            partner=self.decision_maker, check_attempts=False
        )
        feedback.with_user(officer).check_access("read")


@tagged("post_install", "-at_install")
class TestSurveyAnsweredOnline(SurveyCase, HttpCase):
    def test_the_customer_answers_through_the_public_link(self):
        """The invited decision maker opens the link of the invitation, not
        logged in, and answers 3, 2, 3, 2, 3: the answer is done, its
        satisfaction (3+2+3+2+3)/5 = 2.6 feeds the account's health score."""
        self.Answer._cron_ka_plan_surveys()
        invitation = self._answers(self.account)
        response = self.url_open(invitation.get_start_url())
        self.assertEqual(response.status_code, 200)
        page = self.url_open(
            f"/survey/{self.survey.access_token}/{invitation.access_token}"
        )
        csrf = re.search(r'csrf_token.+?value="([a-f0-9]{40}o[0-9]*)"', page.text)
        self.assertTrue(csrf, "the survey page")
        self.opener.post(
            self.base_url()
            + f"/survey/begin/{self.survey.access_token}/{invitation.access_token}",
            json={},
        ).raise_for_status()
        answers = {
            str(q.id): str(score)
            for q, score in zip(self.scale_questions, (3, 2, 3, 2, 3), strict=True)
        }
        response = self.opener.post(
            self.base_url()
            + f"/survey/submit/{self.survey.access_token}/{invitation.access_token}",
            json={
                "params": dict(
                    answers,
                    csrf_token=csrf.group(1),
                    token=invitation.access_token,
                    button_submit="next",
                )
            },
        )
        response.raise_for_status()
        self.assertNotIn("error", response.json().get("result", {}))
        invitation.invalidate_recordset()
        self.assertEqual(invitation.state, "done")
        self.assertAlmostEqual(invitation.ka_satisfaction, 2.6)
        self.account._ka_compute_health_batch()
        self.assertIn("Latest satisfaction 2.6 of 5", self.account.ka_health_reasons)
