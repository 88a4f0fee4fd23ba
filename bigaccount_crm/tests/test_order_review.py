# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import BigaccountCase


@tagged("post_install", "-at_install")
class TestOrderReviews(BigaccountCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer = cls._key_account("Reviewed customer")
        cls.Review = cls.env["bigaccount.order.review"]

    def _delivered(self, days_ago, partner=None):
        goods = self.env["product.product"].create(
            {"name": "Reviewed goods", "is_storable": True, "list_price": 10}
        )
        stock = self.env.ref("stock.stock_location_stock")
        self.env["stock.quant"]._update_available_quantity(goods, stock, 5)
        order = self._order(partner or self.customer, 10, product=goods, quantity=5)
        order.action_confirm()
        picking = order.picking_ids
        picking.move_ids.quantity = 5
        picking.button_validate()
        picking.date_done = fields.Datetime.now() - relativedelta(days=days_ago)
        return order

    def test_reviewed_once_a_month_after_delivery(self):
        due = self._delivered(30)
        early = self._delivered(29)
        other = self._partner("Not a key account")
        ordinary = self._delivered(40, partner=other)
        self.Review._cron_plan_reviews()
        self.Review._cron_plan_reviews()
        reviews = self.Review.search([("order_id", "in", (due | early | ordinary).ids)])
        self.assertEqual(reviews.order_id, due)
        self.assertEqual(reviews.user_id, self.ka_user)
        self.assertEqual(
            reviews.activity_ids.activity_type_id,
            self.env.ref("bigaccount_crm.mail_activity_type_order_review"),
        )
        review = reviews.with_user(self.ka_user)
        with self.assertRaises(UserError):
            review.action_done()  # not scored yet
        with self.assertRaises(ValidationError):
            review.fulfilment = 6
        review.write(
            {
                "fulfilment": 4,
                "usage": "Used across 12 offices",
                "production_feedback": "Boxes arrive dented",
            }
        )
        review.action_done()
        self.assertEqual(review.state, "done")
        self.assertFalse(review.activity_ids)
        with self.assertRaises(UserError):
            review.usage = "changed"
        with self.assertRaises(AccessError):
            review.with_user(self.ka_user_other).read(["usage"])
