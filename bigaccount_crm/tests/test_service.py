# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import BigaccountCase


@tagged("post_install", "-at_install")
class TestServices(BigaccountCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Service = cls.env["bigaccount.service"]
        Service.search([]).active = False  # only this test's catalogue
        cls.for_all = Service.create({"name": "Welcome pack", "interval_months": 0})
        cls.diamond_only = Service.create(
            {
                "name": "Quarterly review",
                "interval_months": 3,
                "tier_ids": [Command.link(cls.diamond.id)],
            }
        )
        cls.strategic_only = Service.create(
            {"name": "Executive meeting", "for_strategic": True}
        )
        cls.diamond_account = cls._key_account(
            "Diamond account", ka_tier_id=cls.diamond.id
        )
        cls.vip_account = cls._key_account(
            "VIP account",
            manager=cls.ka_user_other,
            ka_tier_id=cls.vip.id,
            ka_is_strategic=True,
        )
        cls.Delivery = cls.env["bigaccount.service.delivery"]

    def _deliveries(self, partner):
        return self.Delivery.search([("partner_id", "=", partner.id)])

    def test_entitled_services_planned_once(self):
        self.Delivery._cron_plan_services()
        self.Delivery._cron_plan_services()
        self.assertEqual(
            set(self._deliveries(self.diamond_account).mapped("service_id.name")),
            {"Welcome pack", "Quarterly review"},
        )
        self.assertEqual(
            set(self._deliveries(self.vip_account).mapped("service_id.name")),
            {"Welcome pack", "Executive meeting"},
        )
        review = self._deliveries(self.diamond_account).filtered(
            lambda d: d.service_id == self.diamond_only
        )
        self.assertEqual(
            (review.date_planned, review.user_id), (self.today, self.ka_user)
        )
        self.assertTrue(review.is_due)
        self.assertIn(review, self.Delivery.search([("is_due", "=", True)]))

    def test_delivered_then_next_by_interval_once_only_once(self):
        self.Delivery._cron_plan_services()
        deliveries = self._deliveries(self.diamond_account)
        deliveries.with_user(self.ka_user).action_deliver()
        self.assertEqual(set(deliveries.mapped("state")), {"delivered"})
        with self.assertRaises(UserError):
            deliveries.with_user(self.ka_user).action_deliver()  # twice
        self.Delivery._cron_plan_services()
        planned = self._deliveries(self.diamond_account).filtered(
            lambda d: d.state == "planned"
        )
        self.assertEqual(planned.service_id, self.diamond_only, "welcome pack: once")
        self.assertEqual(planned.date_planned, self.today + relativedelta(months=3))

    def test_missed_a_month_after_its_date(self):
        self.Delivery._cron_plan_services()
        review = self._deliveries(self.diamond_account).filtered(
            lambda d: d.service_id == self.diamond_only
        )
        review.sudo().date_planned = self.today - timedelta(days=30)
        self.Delivery._cron_plan_services()
        self.assertEqual(review.state, "planned", "not yet: 30 days")
        review.sudo().date_planned = self.today - timedelta(days=31)
        self.Delivery._cron_plan_services()
        self.assertEqual(review.state, "missed")
        again = self._deliveries(self.diamond_account).filtered(
            lambda d: d.service_id == self.diamond_only and d.state == "planned"
        )
        self.assertEqual(again.date_planned, self.today, "planned again")

    def test_rights_and_bad_inputs(self):
        self.Delivery._cron_plan_services()
        theirs = self._deliveries(self.vip_account)
        with self.assertRaises(AccessError):
            theirs.with_user(self.ka_user).read(["state"])
        self.assertEqual(
            self.Delivery.with_user(self.ka_user).search([]).partner_id,
            self.diamond_account,
        )
        with self.assertRaises(AccessError):
            self._deliveries(self.diamond_account).with_user(self.ka_user).write(
                {"state": "delivered"}
            )
        with self.assertRaises(AccessError):
            self.env["bigaccount.service"].with_user(self.ka_user).create(
                {"name": "Free lunch"}
            )
        with self.assertRaises(ValidationError):
            self.for_all.interval_months = -1
        self.assertEqual(self.for_all.interval_months, 0)
