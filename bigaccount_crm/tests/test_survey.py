# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from dateutil.relativedelta import relativedelta

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import BigaccountCase


@tagged("post_install", "-at_install")
class TestSurveys(BigaccountCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.diamond.survey_interval_months = 6
        cls.vip.survey_interval_months = 0
        cls.account = cls._partner("Surveyed account")
        cls.unsurveyed = cls._partner("Account without surveys")
        cls.account.sudo().write(
            {
                "ka_is_key_account": True,
                "ka_tier_id": cls.diamond.id,
                "ka_manager_id": cls.ka_user.id,
            }
        )
        cls.unsurveyed.sudo().write(
            {
                "ka_is_key_account": True,
                "ka_tier_id": cls.vip.id,
                "ka_manager_id": cls.ka_user.id,
            }
        )
        cls.Survey = cls.env["bigaccount.survey"]

    def _surveys(self, partner):
        return self.Survey.search([("partner_id", "=", partner.id)])

    def _answer(self, survey, score):
        survey = survey.with_user(self.ka_user)
        for line in survey.line_ids:
            line.score = score
        survey.action_done()
        return survey

    def test_planned_per_tier_once_then_after_the_interval(self):
        self.Survey._cron_plan_surveys()
        self.Survey._cron_plan_surveys()
        survey = self._surveys(self.account)
        self.assertEqual(len(survey), 1, "never two open")
        self.assertFalse(self._surveys(self.unsurveyed), "its tier asks for none")
        self.assertEqual(survey.user_id, self.ka_user)
        self.assertEqual(
            survey.activity_ids.activity_type_id,
            self.env.ref("bigaccount_crm.mail_activity_type_survey"),
        )
        self.assertEqual(len(survey.line_ids), 5, "the shipped dimensions")
        self._answer(survey, 4)
        self.assertEqual(survey.average, 4)
        self.assertFalse(survey.activity_ids, "the reminder is done")
        self.Survey._cron_plan_surveys()
        self.assertEqual(len(self._surveys(self.account)), 1, "not yet: 6 months")
        survey.sudo().date = self.today - relativedelta(months=6)
        self.Survey._cron_plan_surveys()
        self.assertEqual(len(self._surveys(self.account)), 2)

    def test_scores_in_range_and_frozen(self):
        survey = self.Survey.with_user(self.ka_user).create(
            {"partner_id": self.account.id}
        )
        with self.assertRaises(UserError):
            survey.action_done()  # unscored
        for bad in (6, -1):
            with self.assertRaises(ValidationError):
                survey.line_ids[0].score = bad
        self._answer(survey, 2)
        with self.assertRaises(UserError):
            survey.line_ids[0].with_user(self.ka_user).score = 5
        with self.assertRaises(AccessError):
            survey.with_user(self.ka_user).state = "draft"
        with self.assertRaises(UserError):
            survey.with_user(self.ka_user).comment = "changed afterwards"
        with self.assertRaises(ValidationError):
            self.diamond.survey_interval_months = -1
        self.assertEqual(self.diamond.survey_interval_months, 6)

    def test_latest_survey_feeds_the_health_score(self):
        survey = self.Survey.with_user(self.ka_user).create(
            {"partner_id": self.account.id}
        )
        self._answer(survey, 2)
        self.account._ka_compute_health_batch()
        self.assertEqual(self.account.ka_health_satisfaction, 25)
        self.assertIn("Latest satisfaction 2.0 of 5", self.account.ka_health_reasons)

    def test_confidential_to_the_account_team(self):
        survey = self.Survey.with_user(self.ka_user).create(
            {"partner_id": self.account.id}
        )
        with self.assertRaises(AccessError):
            survey.with_user(self.ka_user_other).read(["average"])
        self.assertEqual(survey.with_user(self.director).partner_id, self.account)
