# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import BigaccountCase


@tagged("post_install", "-at_install")
class TestAccess(BigaccountCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.own = cls._partner("Own account")
        cls.own.sudo().write(
            {
                "ka_manager_id": cls.ka_user.id,
                "ka_team_user_ids": [cls.ka_user_other.id],
            }
        )
        cls.others = cls._partner("Someone else's account")
        cls.others.sudo().ka_manager_id = cls.director
        cls._invoice(cls.own, 6000, months_ago=1)
        cls._invoice(cls.others, 6000, months_ago=1)
        (cls.own | cls.others)._ka_recompute_tier_batch()

    def test_tier_configuration(self):
        tier = self.vip.with_user(self.ka_user)
        self.assertEqual(tier.name, "VIP")
        with self.assertRaises(AccessError):
            tier.min_monthly_profit = 600
        self.vip.with_user(self.director).min_monthly_profit = 600
        self.assertEqual(self.vip.min_monthly_profit, 600)

    def test_key_account_flag_and_manager(self):
        own = self.own.with_user(self.ka_user)
        with self.assertRaises(AccessError):
            own.ka_is_key_account = True
        with self.assertRaises(AccessError):
            own.ka_manager_id = self.ka_user_other
        with self.assertRaises(AccessError):
            self.env["res.partner"].with_user(self.ka_user).create(
                {"name": "Self-made key account", "ka_is_key_account": True}
            )
        self.own.with_user(self.director).write(
            {
                "ka_is_key_account": True,
                "ka_manager_id": self.ka_user_other.id,
                "ka_manager_change_reason": "Handover",
            }
        )
        self.assertTrue(self.own.ka_is_key_account)
        self.assertEqual(self.own.ka_manager_id, self.ka_user_other)

    def test_anybody_who_may_duplicate_a_customer_still_can(self):
        """Odoo's Duplicate of a customer, by a salesperson without the
        add-on's groups, its manager, a director and finance: the copy is a
        new customer, without the original's key-account data (status,
        tier, figures, credit decisions, size), which only some may read."""
        self.own.sudo().write(
            {
                "ka_is_key_account": True,
                "ka_tier_id": self.vip.id,
                "ka_is_strategic": True,
                "ka_employee_count": 300,
                "ka_credit_mode": "warn",
                "ka_grade": "a",
            }
        )
        self.assertTrue(self.own.ka_tier_basis)
        for user in (self.salesman, self.ka_user, self.director, self.finance):
            with self.subTest(user=user.login):
                copy = self.own.with_user(user).copy().sudo()
                for fname in (
                    "ka_employee_count",
                    "ka_is_key_account",
                    "ka_manager_id",
                    "ka_team_user_ids",
                    "ka_tier_id",
                    "ka_is_strategic",
                    "ka_credit_mode",
                    "ka_grade",
                    "ka_tier_basis",
                    "ka_has_bought",
                    "ka_health_date",
                ):
                    self.assertFalse(copy[fname], fname)

    def test_user_edits_qualification_inputs(self):
        self.own.with_user(self.ka_user).ka_employee_count = 300
        self.assertTrue(self.own.ka_qualifies)

    def test_job_figures_read_only_for_everyone(self):
        for user in (self.ka_user, self.director, self.general_manager):
            with self.assertRaises(AccessError):
                self.own.with_user(user).ka_tier_basis = 99999
        self.assertEqual(self.own.ka_tier_basis, 500)

    def test_recompute_button(self):
        with self.assertRaises(AccessError):
            self.env["res.partner"].with_user(self.ka_user).action_ka_recompute_tiers()
        with self.assertRaises(AccessError):
            self.own.with_user(self.ka_user).action_ka_recompute_tier()
        cron = self.env.ref("bigaccount_crm.ir_cron_recompute_tiers")
        triggers = self.env["ir.cron.trigger"].search_count([("cron_id", "=", cron.id)])
        action = (
            self.env["res.partner"].with_user(self.director).action_ka_recompute_tiers()
        )
        self.assertEqual(action["tag"], "display_notification")
        self.assertEqual(
            self.env["ir.cron.trigger"].search_count([("cron_id", "=", cron.id)]),
            triggers + 1,
        )
        self.own.with_user(self.general_manager).action_ka_recompute_tier()

    def test_pin_wizard(self):
        with self.assertRaises(AccessError):
            self.env["bigaccount.tier.pin.wizard"].with_user(self.ka_user).create(
                {
                    "partner_id": self.own.id,
                    "tier_id": self.diamond.id,
                    "date_until": self.today,
                    "reason": "Because",
                }
            )
        with self.assertRaises(AccessError):
            self.own.with_user(self.ka_user).action_ka_pin_tier()
        action = self.own.with_user(self.director).action_ka_pin_tier()
        self.assertEqual(action["context"]["default_partner_id"], self.own.id)

    def test_history_own_accounts(self):
        History = self.env["bigaccount.tier.history"]
        for user in (self.ka_user, self.ka_user_other):
            visible = History.with_user(user).search([])
            self.assertEqual(visible.partner_id, self.own, user.login)
        other_row = self.others.ka_tier_history_ids
        self.assertTrue(other_row)
        with self.assertRaises(AccessError):
            other_row.with_user(self.ka_user).read(["basis"])
        seen = History.with_user(self.director).search([])
        self.assertIn(other_row, seen)
        self.assertIn(self.own.ka_tier_history_ids, seen)
        with self.assertRaises(AccessError):
            self.own.ka_tier_history_ids.with_user(self.director).write({"basis": 1})

    def test_confidential_fields_hidden_from_other_users(self):
        partner = self.own.with_user(self.salesman)
        self.assertEqual(partner.name, "Own account")
        with self.assertRaises(AccessError):
            partner.read(["ka_tier_basis"])
        with self.assertRaises(AccessError):
            self.env["bigaccount.tier.history"].with_user(self.salesman).search([])
        with self.assertRaises(AccessError):
            self.env["bigaccount.tier.run"].with_user(self.ka_user).search([])
        self.assertTrue(
            self.env["bigaccount.tier.run"].with_user(self.director).search([])
        )


@tagged("post_install", "-at_install")
class TestMultiCompany(BigaccountCase):
    def test_history_isolated_by_company(self):
        company_b = self.env["res.company"].create({"name": "KA Branch B"})
        director_a = new_test_user(
            self.env,
            login="ka_director_a",
            groups="bigaccount_crm.group_ka_director",
            company_id=self.company.id,
            company_ids=[self.company.id],
        )
        director_b = new_test_user(
            self.env,
            login="ka_director_b",
            groups="bigaccount_crm.group_ka_director",
            company_id=company_b.id,
            company_ids=[company_b.id],
        )
        partner_a = self._partner("Customer of A", company_id=self.company.id)
        partner_b = self._partner("Customer of B", company_id=company_b.id)
        self._invoice(partner_a, 6000, months_ago=1)
        (partner_a | partner_b)._ka_recompute_tier_batch()
        pinned = self.env["bigaccount.tier.pin.wizard"].create(
            {
                "partner_id": partner_b.id,
                "tier_id": self.vip.id,
                "date_until": self.today,
                "reason": "Branch B launch",
            }
        )
        pinned.action_pin()
        History = self.env["bigaccount.tier.history"]
        self.assertEqual(
            History.with_user(director_a)
            .search([("partner_id", "in", (partner_a | partner_b).ids)])
            .partner_id,
            partner_a,
        )
        self.assertEqual(
            History.with_user(director_b)
            .search([("partner_id", "in", (partner_a | partner_b).ids)])
            .partner_id,
            partner_b,
        )
        with self.assertRaises(AccessError):
            partner_b.ka_tier_history_ids.with_user(director_a).read(["basis"])
        with self.assertRaises(AccessError):
            partner_b.with_user(director_a).read(["ka_tier_id"])
