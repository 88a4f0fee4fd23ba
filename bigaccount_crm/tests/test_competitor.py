# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import timedelta

from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import BigaccountCase


@tagged("post_install", "-at_install")
class TestCompetitorsAndBuyingRoles(BigaccountCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.account = cls._key_account("Account with rivals")
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
