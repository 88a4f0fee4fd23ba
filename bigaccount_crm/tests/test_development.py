# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import timedelta

from psycopg2 import IntegrityError

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from .common import BigaccountCase


@tagged("post_install", "-at_install")
class TestNominations(BigaccountCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.branch_manager = new_test_user(
            cls.env,
            login="ka_branch_manager",
            groups="sales_team.group_sale_salesman,bigaccount_crm.group_ka_branch_manager",
        )
        cls.prospect = cls._partner("Nominated company")
        cls.prospect.sudo().ka_manager_id = cls.ka_user

    def _nomination(self, user=None, **vals):
        return (
            self.env["bigaccount.nomination"]
            .with_user(user or self.ka_user)
            .create(
                dict(
                    {
                        "partner_id": self.prospect.id,
                        "manager_id": self.ka_user.id,
                        "recommending_unit": "East sales office",
                        "reason": "1,200 staff, buys office supplies centrally",
                    },
                    **vals,
                )
            )
        )

    def test_company_level_approved_by_a_director(self):
        nomination = self._nomination()
        self.assertTrue(nomination.name.startswith("NOM/"))
        nomination.action_submit()
        self.assertFalse(self.prospect.ka_is_key_account, "only on approval")
        with self.assertRaises(AccessError):
            nomination.action_approve()
        with self.assertRaises(AccessError):
            nomination.with_user(self.branch_manager).action_approve()
        nomination.with_user(self.director).action_approve()
        self.assertEqual(nomination.state, "approved")
        self.assertTrue(self.prospect.ka_is_key_account)
        self.assertEqual(self.prospect.ka_manager_id, self.ka_user)
        self.assertEqual(self.prospect.ka_level, "department")
        with self.assertRaises(UserError):
            nomination.with_user(self.director).action_approve()  # twice
        with self.assertRaises(UserError):
            self._nomination().action_submit()  # already a key account
        # withdrawn the same way
        withdrawal = self._nomination(kind="withdraw", reason="No orders in a year")
        withdrawal.action_submit()
        withdrawal.with_user(self.general_manager).action_approve()
        self.assertFalse(self.prospect.ka_is_key_account)
        self.assertEqual(
            self.prospect.ka_nomination_ids.mapped("state"), ["approved", "approved"]
        )
        with self.assertRaises(UserError):
            self._nomination(kind="withdraw", reason="again").action_submit()

    def test_branch_level_by_a_branch_manager(self):
        nomination = self._nomination(level="branch")
        nomination.action_submit()
        nomination.with_user(self.branch_manager).action_approve()
        self.assertTrue(self.prospect.ka_is_key_account)
        self.assertEqual(self.prospect.ka_level, "branch")

    def test_nobody_approves_their_own_and_bad_input(self):
        own = self._nomination(user=self.director)
        own.action_submit()
        with self.assertRaises(AccessError):
            own.with_user(self.director).action_approve()
        self.assertEqual(own.state, "submitted")
        own.with_user(self.director).action_withdraw()
        self.assertEqual(own.state, "withdrawn")
        no_manager = self._nomination(manager_id=False)
        with self.assertRaises(UserError):
            no_manager.action_submit()
        self.assertEqual(no_manager.state, "draft")
        with self.assertRaises(AccessError):
            no_manager.with_user(self.ka_user_other).action_withdraw()
        with self.assertRaises(AccessError):
            no_manager.write({"state": "approved"})
        refused = self._nomination()
        refused.action_submit()
        refused.with_user(self.director).action_refuse()
        self.assertEqual(refused.state, "refused")
        self.assertFalse(self.prospect.ka_is_key_account)

    def test_who_sees_nominations(self):
        nomination = self._nomination()
        with self.assertRaises(AccessError):
            nomination.with_user(self.ka_user_other).check_access("read")
        self.assertIn(
            nomination,
            self.env["bigaccount.nomination"].with_user(self.branch_manager).search([]),
        )
        with self.assertRaises(AccessError):
            nomination.with_user(self.salesman).check_access("read")


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


@tagged("post_install", "-at_install")
class TestCompetitorsAndBuyingRoles(BigaccountCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.account = cls._partner("Account with rivals")
        cls.account.sudo().write(
            {"ka_is_key_account": True, "ka_manager_id": cls.ka_user.id}
        )
        cls.buyer = cls.env["res.partner"].create(
            {"name": "Chief buyer", "parent_id": cls.account.id}
        )
        cls.rival, cls.rival_2, cls.rival_3 = cls.env["res.partner"].create(
            [{"name": f"Rival {i}", "is_company": True} for i in (1, 2, 3)]
        )

    def _competitor(self, rival, share, user=None):
        return (
            self.env["bigaccount.competitor"]
            .with_user(user or self.ka_user)
            .create(
                {
                    "partner_id": self.account.id,
                    "competitor_id": rival.id,
                    "share": share,
                    "strengths": "Cheaper",
                }
            )
        )

    def test_competitor_shares_at_most_100(self):
        first = self._competitor(self.rival, 60)
        self._competitor(self.rival_2, 30)
        with self.assertRaises(ValidationError):
            self._competitor(self.rival_3, 20)
        with self.assertRaises(ValidationError):
            first.share = 71
        self.assertEqual(first.share, 60)
        with self.assertRaises(ValidationError):
            self._competitor(self.rival_3, -1)
        self.assertEqual(len(self.account.ka_competitor_ids), 2)
        with self.assertRaises(AccessError):
            first.with_user(self.ka_user_other).check_access("read")
        first.with_user(self.director).check_access("read")

    def test_personal_part_only_for_the_team_and_directors(self):
        profile = (
            self.env["bigaccount.contact.profile"]
            .with_user(self.ka_user)
            .create(
                {
                    "contact_id": self.buyer.id,
                    "role": "decision_maker",
                    "closeness": "trusting",
                    "hobbies": "Go, hiking",
                    "birthday": "1975-05-04",
                }
            )
        )
        self.assertEqual(profile.account_id, self.account)
        self.assertEqual(profile.with_user(self.director).hobbies, "Go, hiking")
        for user in (self.ka_user_other, self.salesman):
            with self.assertRaises(AccessError):
                profile.with_user(user).check_access("read")
        self.assertFalse(
            self.account.with_user(self.ka_user_other).ka_profile_ids,
            "the account is visible, the profile is not",
        )
        self.account.sudo().ka_team_user_ids = self.ka_user_other
        profile.with_user(self.ka_user_other).check_access("read")
        with self.assertRaises(ValidationError):
            self.env["bigaccount.contact.profile"].create(
                {"contact_id": self.account.id, "role": "user"}
            )

    def test_greetings_once_per_occasion(self):
        in_two_days = self.today + timedelta(days=2)
        self.env["bigaccount.contact.profile"].create(
            {
                "contact_id": self.buyer.id,
                "role": "purchaser",
                "birthday": in_two_days.replace(year=1980),
            }
        )
        self.env["bigaccount.holiday"].create(
            {"name": "Company anniversary", "date": self.today + timedelta(days=1)}
        )
        far = self._partner("Far birthday account")
        Profile = self.env["bigaccount.contact.profile"]
        greeting = self.env.ref("bigaccount_crm.mail_activity_type_greeting")

        def greetings(record):
            return self.env["mail.activity"].search(
                [
                    ("res_model", "=", record._name),
                    ("res_id", "=", record.id),
                    ("activity_type_id", "=", greeting.id),
                ]
            )

        self.assertGreaterEqual(Profile._cron_greetings(), 2)
        # the birthday is on the profile, which only the account team reads,
        # not on the contact everybody reads
        self.assertFalse(greetings(self.buyer))
        profile = Profile.search([("contact_id", "=", self.buyer.id)])
        birthday = greetings(profile)
        self.assertEqual(len(birthday), 1)
        self.assertEqual(birthday.user_id, self.ka_user)
        self.assertEqual(birthday.date_deadline, in_two_days)
        with self.assertRaises(AccessError):
            birthday.with_user(self.salesman).read(["summary"])
        self.assertEqual(len(greetings(self.account)), 1, "holiday greeting")
        self.assertFalse(greetings(far))
        self.assertEqual(Profile._cron_greetings(), 0)
        self.assertEqual(len(greetings(profile)), 1)

    def test_account_team_roles_give_access(self):
        Member = self.env["bigaccount.account.team.member"]
        with self.assertRaises(AccessError):
            Member.with_user(self.ka_user).create(
                {
                    "partner_id": self.account.id,
                    "user_id": self.ka_user_other.id,
                    "role": "delivery",
                }
            )
        member = Member.with_user(self.director).create(
            {
                "partner_id": self.account.id,
                "user_id": self.ka_user_other.id,
                "role": "delivery",
            }
        )
        self.assertIn(self.ka_user_other, self.account.ka_team_user_ids)
        competitor = self._competitor(self.rival, 10)
        competitor.with_user(self.ka_user_other).check_access("read")
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"):
            with self.env.cr.savepoint():
                Member.create(
                    {
                        "partner_id": self.account.id,
                        "user_id": self.director.id,
                        "role": "delivery",
                    }
                )
        member.with_user(self.director).unlink()
        self.assertNotIn(self.ka_user_other, self.account.ka_team_user_ids)
        with self.assertRaises(AccessError):
            competitor.with_user(self.ka_user_other).check_access("read")


@tagged("post_install", "-at_install")
class TestAccountManagers(BigaccountCase):
    def test_assignment_history_ratings_and_grade(self):
        account = self._partner("Managed account")
        # a change of manager on the form needs its reason
        with self.assertRaises(UserError):
            account.with_user(self.director).ka_manager_id = self.ka_user
        self.assertFalse(account.ka_manager_id)
        account.with_user(self.director).write(
            {
                "ka_manager_id": self.ka_user.id,
                "ka_manager_change_reason": "First manager of the account",
            }
        )
        account.with_user(self.director).with_context(
            ka_assignment_reason="Moved to the north region"
        ).ka_manager_id = self.ka_user_other
        history = account.ka_assignment_ids.sorted("id")
        self.assertEqual(len(history), 2)
        self.assertEqual(history[0].reason, "First manager of the account")
        self.assertEqual(history[1].old_manager_id, self.ka_user)
        self.assertEqual(history[1].new_manager_id, self.ka_user_other)
        self.assertEqual(history[1].reason, "Moved to the north region")
        account.with_user(self.director).ka_employee_count = 10
        self.assertEqual(len(account.ka_assignment_ids), 2, "only manager changes")
        Rating = self.env["bigaccount.manager.rating"].with_user(self.ka_user_other)
        Rating.create({"partner_id": account.id, "score": 4})
        rating = Rating.create({"partner_id": account.id, "score": 5})
        self.assertEqual(rating.manager_id, self.ka_user_other)
        self.assertEqual(self.ka_user_other.ka_rating_average, 4.5)
        self.assertEqual(self.ka_user_other.ka_account_count, 1)
        for score in (0, 6):
            with self.assertRaises(ValidationError):
                Rating.create({"partner_id": account.id, "score": score})
        with self.assertRaises(AccessError):
            rating.with_user(self.ka_user).check_access("read")
        with self.assertRaises(AccessError):
            history.with_user(self.ka_user_other).write({"reason": "edited"})
        self.ka_user_other.ka_manager_grade = "senior"
        self.assertEqual(self.ka_user_other.ka_manager_grade, "senior")

    def test_nomination_approval_is_recorded_as_assignment(self):
        prospect = self._partner("Nominated for history")
        nomination = self.env["bigaccount.nomination"].create(
            {
                "partner_id": prospect.id,
                "manager_id": self.ka_user.id,
                "reason": "Big buyer",
            }
        )
        nomination.action_submit()
        nomination.with_user(self.director).action_approve()
        self.assertIn(nomination.name, prospect.ka_assignment_ids.reason)


@tagged("post_install", "-at_install")
class TestArchiveCards(BigaccountCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.account = cls._partner("Archived account")
        cls.account.sudo().write(
            {"ka_is_key_account": True, "ka_manager_id": cls.ka_user.id}
        )

    def _archive(self, user=None, **vals):
        return (
            self.env["bigaccount.archive"]
            .with_user(user or self.ka_user)
            .create(
                dict({"partner_id": self.account.id, "ownership": "private"}, **vals)
            )
        )

    def test_opened_after_the_first_transaction(self):
        with self.assertRaises(UserError):
            self._archive()
        self.assertFalse(
            self.env["bigaccount.archive"].search(
                [("partner_id", "=", self.account.id)]
            )
        )
        self._invoice(self.account, 100)
        archive = self._archive()
        self.assertTrue(archive.name.startswith("DA/"))
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"):
            with self.env.cr.savepoint():
                self._archive()
        with self.assertRaises(ValidationError):
            archive.market_share = 120

    def test_signed_by_manager_director_and_general_manager(self):
        self._invoice(self.account, 100)
        archive = self._archive()
        with self.assertRaises(AccessError):
            archive.with_user(self.director).action_sign()  # the manager first
        archive.action_sign()
        self.assertEqual(archive.state, "manager")
        with self.assertRaises(AccessError):
            archive.action_sign()  # a key-account user is no director
        archive.with_user(self.director).action_sign()
        self.assertEqual(archive.state, "director")
        with self.assertRaises(AccessError):
            archive.with_user(self.director).action_sign()
        archive.with_user(self.general_manager).action_sign()
        self.assertEqual(archive.state, "done")
        self.assertEqual(archive.gm_signed_by, self.general_manager)
        with self.assertRaises(UserError):
            archive.with_user(self.general_manager).action_sign()
        with self.assertRaises(AccessError):
            archive.write({"state": "draft"})
        # spot checks by directors; the account's team reads them
        audit = (
            self.env["bigaccount.archive.audit"]
            .with_user(self.director)
            .create({"archive_id": archive.id, "findings": "Bank account verified"})
        )
        audit.with_user(self.ka_user).check_access("read")
        with self.assertRaises(AccessError):
            self.env["bigaccount.archive.audit"].with_user(self.ka_user).create(
                {"archive_id": archive.id, "findings": "Self-audit"}
            )
        with self.assertRaises(AccessError):
            archive.with_user(self.ka_user_other).check_access("read")


@tagged("post_install", "-at_install")
class TestConfigurationRights(BigaccountCase):
    def test_directors_configure_key_account_users_read(self):
        for model, vals in (
            ("bigaccount.assessment.criterion", {"name": "Ties", "weight": 0}),
            ("bigaccount.visitor.class", {"name": "Press", "cost_cap": 10}),
            ("bigaccount.holiday", {"name": "Day", "date": self.today}),
        ):
            record = self.env[model].with_user(self.director).create(vals)
            record.with_user(self.ka_user).check_access("read")
            with self.assertRaises(AccessError):
                self.env[model].with_user(self.ka_user).create(vals)
            with self.assertRaises(AccessError):
                record.with_user(self.ka_user).write({"name": "Changed"})
