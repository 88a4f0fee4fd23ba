# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

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
