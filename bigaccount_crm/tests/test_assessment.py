# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import timedelta

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import BigaccountCase


@tagged("post_install", "-at_install")
class TestValueAssessment(BigaccountCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.prospect = cls._partner("Assessed prospect")
        cls.prospect.sudo().ka_manager_id = cls.ka_user
        cls.criterion = cls.env["bigaccount.assessment.criterion"].create(
            {"name": "Everything", "weight": 100}
        )

    def _assessment(self, score, days_ago=0, **vals):
        return (
            self.env["bigaccount.assessment"]
            .with_user(self.ka_user)
            .create(
                dict(
                    {
                        "partner_id": self.prospect.id,
                        "date": self.today - timedelta(days=days_ago),
                        "line_ids": [
                            Command.create(
                                {
                                    "criterion_id": self.criterion.id,
                                    "weight": 100,
                                    "score": score,
                                }
                            )
                        ],
                    },
                    **vals,
                )
            )
        )

    def test_default_criteria_total_100(self):
        assessment = self.env["bigaccount.assessment"].new(
            {"partner_id": self.prospect.id}
        )
        weights = assessment.line_ids.mapped("weight")
        self.assertEqual(len(weights), 8)  # the seven and ours
        shipped = self.env["bigaccount.assessment.criterion"].search(
            [("id", "!=", self.criterion.id)]
        )
        self.assertEqual(sum(shipped.mapped("weight")), 100)

    def test_grade_bands_at_their_boundaries(self):
        # one criterion weighing 100 %: score 4 → 80, 3 → 60, 2 → 40, 1 → 20
        for score, total, grade in (
            (4, 80, "a"),
            (3, 60, "b"),
            (2, 40, "c"),
            (1, 20, "d"),
        ):
            assessment = self._assessment(score)
            self.assertEqual((assessment.total, assessment.grade), (total, grade))
        self._set_param("grade_a_min", 80.5)
        self.assertEqual(self._assessment(4).grade, "b")

    def test_latest_done_assessment_grades_the_partner(self):
        latest = self._assessment(5, incomplete=True)
        latest.action_done()
        self.assertEqual(self.prospect.ka_grade, "a")
        self.assertTrue(self.prospect.ka_grade_incomplete)
        older = self._assessment(1, days_ago=30)
        older.action_done()
        self.assertEqual(self.prospect.ka_grade, "a", "an older one does not count")
        newer = self._assessment(1)
        newer.action_done()
        self.assertEqual(self.prospect.ka_grade, "d")
        self.assertFalse(self.prospect.ka_grade_incomplete)
        with self.assertRaises(UserError):
            newer.line_ids.score = 5
        with self.assertRaises(AccessError):
            self.prospect.with_user(self.director).ka_grade = "a"

    def test_bad_input(self):
        assessment = self._assessment(3)
        assessment.line_ids.weight = 90
        with self.assertRaises(UserError):
            assessment.action_done()
        self.assertEqual(assessment.state, "draft")
        self.assertFalse(self.prospect.ka_grade)
        for score in (6, -1):
            with self.assertRaises(ValidationError):
                assessment.line_ids.score = score
        unscored = self._assessment(0)
        with self.assertRaises(UserError):
            unscored.action_done()
        with self.assertRaises(ValidationError):
            self.criterion.weight = 120
        with self.assertRaises(ValidationError):
            self.env["res.config.settings"].create(
                {"ka_grade_a_min": 50, "ka_grade_b_min": 60}
            )
        with self.assertRaises(AccessError):
            assessment.with_user(self.ka_user_other).check_access("read")
