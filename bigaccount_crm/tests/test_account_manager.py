# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import BigaccountCase


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
