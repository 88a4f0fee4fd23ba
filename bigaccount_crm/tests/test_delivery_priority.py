# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from dateutil.relativedelta import relativedelta

from odoo.tests import tagged

from .common import BigaccountCase


@tagged("post_install", "-at_install")
class TestGreenChannel(BigaccountCase):
    def test_green_channel_orders_are_fast_tracked(self):
        goods = self.env["product.product"].create(
            {"name": "Fast-track goods", "is_storable": True}
        )
        green = self._partner("Diamond customer")
        green.sudo().ka_tier_id = self.diamond
        plain = self._partner("VIP customer")
        plain.sudo().ka_tier_id = self.vip
        self.assertTrue(self.diamond.green_channel)
        self.assertFalse(self.vip.green_channel)
        green_order = self._order(green, 10, product=goods, user=self.salesman)
        plain_order = self._order(plain, 10, product=goods, user=self.salesman)
        self.assertTrue(green_order.ka_green_channel)
        self.assertFalse(plain_order.ka_green_channel)
        self.assertEqual(
            self.env["sale.order"].search(
                [
                    ("ka_green_channel", "=", True),
                    ("partner_id", "in", [green.id, plain.id]),
                ]
            ),
            green_order,
        )
        (green_order | plain_order).action_confirm()
        self.assertEqual(green_order.picking_ids.priority, "1")
        self.assertEqual(plain_order.picking_ids.priority, "0")


@tagged("post_install", "-at_install")
class TestDeliveryPriority(BigaccountCase):
    def test_key_account_deliveries_first_and_late_alerts(self):
        goods = self.env["product.product"].create(
            {"name": "Priority goods", "is_storable": True}
        )
        key = self._key_account("Priority key account")
        other = self._partner("Ordinary customer")
        key_order = self._order(key, 10, product=goods)
        other_order = self._order(other, 10, product=goods)
        (key_order | other_order).action_confirm()
        self.assertEqual(key_order.picking_ids.priority, "1")
        self.assertEqual(other_order.picking_ids.priority, "0")
        pickings = (key_order | other_order).picking_ids
        pickings.scheduled_date = self.today - relativedelta(days=2)
        Picking = self.env["stock.picking"]
        self.assertGreaterEqual(Picking._cron_ka_late_delivery_alerts(), 1)
        activity = key_order.picking_ids.activity_ids
        self.assertEqual(activity.user_id, self.ka_user)
        self.assertFalse(other_order.picking_ids.activity_ids)
        self.assertEqual(Picking._cron_ka_late_delivery_alerts(), 0)
