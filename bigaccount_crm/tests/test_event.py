# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from .common import BigaccountCase


@tagged("post_install", "-at_install")
class TestTrialsAndEvents(BigaccountCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.accounts = cls._partner("Invited A") | cls._partner("Invited B")
        # the accounts of the manager who records the trials and attendance
        cls.accounts.sudo().write(
            {"ka_is_key_account": True, "ka_manager_id": cls.ka_user.id}
        )

    def test_trial_feedback(self):
        trial = (
            self.env["bigaccount.trial"]
            .with_user(self.ka_user)
            .create(
                {
                    "name": "Recycled paper",
                    "product_id": self.product.id,
                    "date_start": self.today,
                    "date_end": self.today + timedelta(days=30),
                    "line_ids": [
                        Command.create(
                            {"partner_id": self.accounts[0].id, "rating": 4}
                        ),
                        Command.create(
                            {"partner_id": self.accounts[1].id, "rating": 2}
                        ),
                    ],
                }
            )
        )
        self.assertEqual(trial.average_rating, 3)
        with self.assertRaises(ValidationError):
            trial.line_ids[0].rating = 6
        with self.assertRaises(ValidationError):
            trial.date_end = self.today - timedelta(days=1)
        self.assertEqual(trial.date_end, self.today + timedelta(days=30))
        with self.assertRaises(AccessError):
            trial.with_user(self.salesman).read(["name"])

    def test_conference_invitations_and_attendance(self):
        with self.assertRaises(AccessError):
            self.env["bigaccount.event"].with_user(self.ka_user).create(
                {"name": "Conference", "date": fields.Datetime.now()}
            )
        event = (
            self.env["bigaccount.event"]
            .with_user(self.director)
            .create(
                {"name": "Annual key-account conference", "date": fields.Datetime.now()}
            )
        )
        event.action_invite_key_accounts()
        event.action_invite_key_accounts()  # nobody twice
        invited = event.attendee_ids.filtered(lambda a: a.partner_id in self.accounts)
        self.assertEqual(len(invited), 2)
        self.assertEqual(len(event.attendee_ids), len(event.attendee_ids.partner_id))
        # the managers record who came
        invited[0].with_user(self.ka_user).state = "attended"
        self.assertEqual(event.attended_count, 1)
        self.assertAlmostEqual(
            event.attendance_rate, 100.0 / event.invited_count, places=2
        )
