# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import logging

from dateutil.relativedelta import relativedelta

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import BigaccountCase

_logger = logging.getLogger(__name__)


@tagged("post_install", "-at_install")
class TestCreditControl(BigaccountCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.account_use_credit_limit = True
        cls.customer = cls._partner("Credit customer")
        cls.customer.sudo().with_company(cls.company).credit_limit = 1000
        cls.goods = cls.env["product.product"].create(
            {"name": "Stocked goods", "is_storable": True, "list_price": 10}
        )
        cls.env["stock.quant"]._update_available_quantity(
            cls.goods,
            cls.env.ref("stock.warehouse0").lot_stock_id,
            1000,
        )

    def _sales_order(self, amount, user=None, partner=None, product=None):
        return self._order(partner or self.customer, amount, product=product, user=user)

    def _exposure_900(self):
        # open receivable 600 + confirmed order 200 + draft invoice 100
        self._invoice(self.customer, 600, due=self.today + relativedelta(days=30))
        self.env["account.move"].create(self._invoice_vals(self.customer, 100))
        self._sales_order(200).action_confirm()

    def test_over_limit_blocks_with_figures(self):
        self._exposure_900()
        status = self.customer._ka_credit_status(amount=150)
        self.assertEqual(status["receivable"], 600)
        self.assertEqual(status["uninvoiced"], 200)
        self.assertEqual(status["draft"], 100)
        self.assertEqual(status["exposure"], 900)
        order = self._sales_order(150)
        with self.assertRaisesRegex(UserError, r"1,000\.00[\s\S]*900\.00"):
            order.action_confirm()
        self.assertEqual(order.state, "draft")
        small = self._sales_order(100)
        small.action_confirm()
        self.assertEqual(small.state, "sale")

    def test_salesman_without_accounting_rights_gets_the_same_decision(self):
        self._exposure_900()
        self.assertFalse(self.ka_user.has_group("account.group_account_invoice"))
        order = self._sales_order(150, user=self.ka_user)
        with self.assertRaisesRegex(UserError, "credit limit"):
            order.action_confirm()
        self._sales_order(50, user=self.ka_user).action_confirm()

    def test_no_limit_when_the_company_does_not_use_limits(self):
        self._exposure_900()
        self.company.account_use_credit_limit = False
        order = self._sales_order(5000)
        order.action_confirm()
        self.assertEqual(order.state, "sale")

    def test_overdue_beyond_grace_blocks(self):
        late = self._partner("Late payer")
        # overdue stops customers under credit control (with a limit)
        late.sudo().with_company(self.company).credit_limit = 10**6
        self._invoice(late, 100, months_ago=2, due=self.today - relativedelta(days=31))
        order = self._sales_order(10, partner=late)
        with self.assertRaisesRegex(
            UserError, "overdue beyond the 30-day grace period"
        ):
            order.action_confirm()
        self._set_param("credit_grace_days", 45)
        order.action_confirm()
        self.assertEqual(order.state, "sale")

    def test_hold_blocks_orders_and_deliveries(self):
        order = self._sales_order(50, product=self.goods)
        order.action_confirm()
        picking = order.picking_ids
        with self.assertRaises(AccessError):
            self.customer.with_user(self.ka_user).ka_credit_hold = True
        self.customer.with_user(self.finance).write(
            {"ka_credit_hold": True, "ka_credit_hold_reason": "Cheque bounced"}
        )
        with self.assertRaisesRegex(UserError, "Cheque bounced"):
            self._sales_order(10).action_confirm()
        picking = picking.with_user(self.warehouse)
        self.assertIn("Cheque bounced", picking.ka_credit_hold_message)
        with self.assertRaisesRegex(UserError, "credit hold"):
            picking.button_validate()
        self.assertNotEqual(picking.state, "done")
        with self.assertRaises(AccessError):
            self.customer.with_user(self.warehouse).ka_credit_hold = False
        self.customer.with_user(self.finance).ka_credit_hold = False
        picking.button_validate()
        self.assertEqual(picking.state, "done")

    def test_warn_and_no_check_modes(self):
        self._exposure_900()
        self.customer.with_user(self.finance).ka_credit_mode = "warn"
        order = self._sales_order(500)
        order.action_confirm()
        self.assertEqual(order.state, "sale")
        warning = order.message_ids.filtered(lambda m: "credit limit" in (m.body or ""))
        self.assertTrue(warning)
        # whoever reads the order reads its chatter: no limit, no amount
        self.assertNotIn("1,000", warning.body)
        self.assertNotIn("500", warning.body)
        self.customer.with_user(self.finance).ka_credit_mode = "none"
        quiet = self._sales_order(500)
        quiet.action_confirm()
        self.assertEqual(quiet.state, "sale")
        self.assertFalse(
            quiet.message_ids.filtered(lambda m: "credit limit" in (m.body or ""))
        )

    def test_mode_defaults_from_tier(self):
        self._exposure_900()
        self.vip.credit_mode = "warn"
        self.customer.sudo().ka_tier_id = self.vip
        order = self._sales_order(500)
        order.action_confirm()
        self.assertEqual(order.state, "sale")

    def test_group_credit_pool(self):
        head = self._partner("Pool head office")
        head.sudo().write({"ka_credit_pool": True})
        head.sudo().with_company(self.company).credit_limit = 1000
        branch_a = self._partner("Pool branch A", parent_id=head.id)
        branch_b = self._partner("Pool branch B", parent_id=head.id)
        self._invoice(branch_a, 800, due=self.today + relativedelta(days=30))
        order = self._sales_order(300, partner=branch_b)
        with self.assertRaisesRegex(UserError, "group credit pool of Pool head office"):
            order.action_confirm()
        self._sales_order(150, partner=branch_b).action_confirm()
        with self.assertRaises(AccessError):
            head.with_user(self.director).ka_credit_pool = False

    def test_guaranteed_delivery_request(self):
        self._exposure_900()
        order = self._sales_order(300, user=self.ka_user)
        with self.assertRaises(UserError):
            order.action_confirm()
        Request = self.env["bigaccount.credit.request"].with_user(self.ka_user)
        request = Request.create(
            {
                "order_id": order.id,
                "reason": "Key project, payment guaranteed by the director",
                "guarantor_id": self.director.id,
                "amount": 300,
                "date_expiry": self.today + relativedelta(days=7),
            }
        )
        self.assertTrue(request.name.startswith("GD/"))
        request.action_submit()
        with self.assertRaises(AccessError):
            request.action_approve()
        with self.assertRaises(AccessError):
            request.write({"state": "approved"})
        request.with_user(self.finance).action_approve()
        self.assertEqual(request.state, "approved")
        self.assertEqual(request.approver_id, self.finance)
        with self.assertRaises(UserError):
            request.with_user(self.finance).action_approve()
        with self.assertRaises(UserError):
            request.write({"amount": 5000})
        order.action_confirm()
        self.assertEqual(order.state, "sale")
        self.assertTrue(request.date_used)
        # exactly that order: another one is still stopped
        with self.assertRaises(UserError):
            self._sales_order(300, user=self.ka_user).action_confirm()

    def test_request_rules(self):
        order = self._sales_order(300)
        Request = self.env["bigaccount.credit.request"]
        vals = {
            "order_id": order.id,
            "reason": "Because",
            "guarantor_id": self.director.id,
            "amount": 100,
            "date_expiry": self.today,
        }
        with self.assertRaises(ValidationError):
            Request.create(dict(vals, reason=" "))
        with self.assertRaises(ValidationError):
            Request.create(dict(vals, amount=0))
        self.assertFalse(Request.search([("order_id", "=", order.id)]))
        own = Request.with_user(self.finance).create(vals)
        own.action_submit()
        with self.assertRaises(AccessError):
            own.with_user(self.finance).action_approve()
        own.with_user(self.finance_2).action_refuse()
        self.assertEqual(own.state, "refused")
        # too small a request does not cover the order
        small = Request.with_user(self.ka_user).create(vals)
        small.action_submit()
        small.with_user(self.finance).action_approve()
        self.company.account_use_credit_limit = True
        self.customer.sudo().with_company(self.company).credit_limit = 100
        with self.assertRaises(UserError):
            order.action_confirm()

    def test_expired_request(self):
        order = self._sales_order(300)
        request = self.env["bigaccount.credit.request"].create(
            {
                "order_id": order.id,
                "reason": "Waiting for a bank guarantee",
                "guarantor_id": self.director.id,
                "amount": 300,
                "date_expiry": self.today - relativedelta(days=1),
            }
        )
        request.action_submit()
        with self.assertRaises(UserError):
            request.with_user(self.finance).action_approve()
        self.assertEqual(request.env["bigaccount.credit.request"]._cron_expire(), 1)
        self.assertEqual(request.state, "expired")
        self.assertEqual(request.env["bigaccount.credit.request"]._cron_expire(), 0)

    def test_delivery_of_blocked_customer_released_by_request(self):
        self._set_param("credit_block_deliveries", True)
        order = self._sales_order(50, product=self.goods)
        order.action_confirm()
        self.customer.sudo().with_company(self.company).credit_limit = 10
        picking = order.picking_ids.with_user(self.warehouse)
        with self.assertRaisesRegex(UserError, "credit limit"):
            picking.button_validate()
        request = self.env["bigaccount.credit.request"].create(
            {
                "order_id": order.id,
                "reason": "Delivery promised to the customer",
                "guarantor_id": self.director.id,
                "amount": 50,
                "date_expiry": self.today,
            }
        )
        request.action_submit()
        request.with_user(self.finance).action_approve()
        self.assertFalse(picking.ka_credit_hold_message)
        picking.button_validate()
        self.assertEqual(picking.state, "done")

    def test_credit_check_queries_do_not_grow_with_history(self):
        small = self._partner("One invoice")
        big = self._partner("Many invoices")
        for partner in (small, big):
            partner.sudo().with_company(self.company).credit_limit = 10**9
        self._post_invoices(
            [self._invoice_vals(small, 100)]
            + [self._invoice_vals(big, 100) for _i in range(200)]
        )
        orders = self.env["sale.order"].create(
            [
                {
                    "partner_id": big.id,
                    "order_line": [
                        Command.create(
                            {
                                "product_id": self.product.id,
                                "price_unit": 10,
                                "tax_id": [Command.clear()],
                            }
                        )
                    ],
                }
                for _i in range(50)
            ]
        )
        orders.action_confirm()
        counts = []
        for partner in (small, big):
            partner._ka_credit_status(amount=10)  # warm
            count, status = self._count_queries(
                lambda partner=partner: partner._ka_credit_status(amount=10)
            )
            counts.append(count)
            self.assertFalse(status["blocked"] and "limit" in status["reasons"])
        _logger.info(
            "Credit check queries: %s (1 open invoice) / %s (200 open invoices, "
            "50 orders)",
            *counts,
        )
        self.assertEqual(counts[0], counts[1])
        self.assertLessEqual(counts[1], 12)
        self.assertEqual(big._ka_credit_status()["uninvoiced"], 500)


@tagged("post_install", "-at_install")
class TestOverdueReceivables(BigaccountCase):
    def test_daily_list_and_activities(self):
        mine = self._partner("Overdue mine")
        mine.sudo().ka_manager_id = self.ka_user
        theirs = self._partner("Overdue theirs")
        theirs.sudo().ka_manager_id = self.ka_user_other
        self._invoice(mine, 300, months_ago=2, due=self.today - relativedelta(days=40))
        self._invoice(mine, 200, months_ago=1, due=self.today - relativedelta(days=10))
        self._invoice(mine, 999, due=self.today + relativedelta(days=10))
        self._invoice(theirs, 100, months_ago=1, due=self.today - relativedelta(days=5))
        self.env.flush_all()
        Report = self.env["bigaccount.overdue.report"]
        row = Report.search([("partner_id", "=", mine.id)])
        self.assertEqual(row.amount_overdue, 500)
        self.assertEqual(row.invoice_count, 2)
        self.assertEqual(row.days_overdue, 40)
        self.assertEqual(row.manager_id, self.ka_user)
        # a key-account user sees their own accounts, a director all
        visible = Report.with_user(self.ka_user).search(
            [("partner_id", "in", (mine | theirs).ids)]
        )
        self.assertEqual(visible.partner_id, mine)
        self.assertEqual(
            Report.with_user(self.director)
            .search([("partner_id", "in", (mine | theirs).ids)])
            .partner_id,
            mine | theirs,
        )
        with self.assertRaises(AccessError):
            Report.with_user(self.salesman).search([])
        # one activity per account for its manager, once
        self.assertGreaterEqual(Report._cron_overdue_activities(), 2)
        activity_type = self.env.ref("bigaccount_crm.mail_activity_type_overdue")
        # on a collection call to plan, which the account team reads
        call = self.env["bigaccount.visit"].search([("partner_id", "=", mine.id)])
        self.assertEqual(
            (call.purpose, call.kind, call.state), ("collection", "phone", "draft")
        )
        self.assertEqual(call.activity_ids.activity_type_id, activity_type)
        self.assertEqual(call.activity_ids.user_id, self.ka_user)
        self.assertFalse(mine.activity_ids)
        self.assertEqual(Report._cron_overdue_activities(), 0)


@tagged("post_install", "-at_install")
class TestTierPricelistAndCollection(BigaccountCase):
    def test_tier_pricelist_by_default(self):
        self.env["product.pricelist"].create({"name": "Public prices", "sequence": 1})
        pricelist = self.env["product.pricelist"].create(
            {"name": "Diamond prices", "sequence": 99}
        )
        self.diamond.pricelist_id = pricelist
        diamond_customer = self._partner("Diamond buyer")
        diamond_customer.sudo().ka_tier_id = self.diamond
        order = self._order(diamond_customer, 10)
        self.assertEqual(order.pricelist_id, pricelist)
        plain = self._order(self._partner("Plain buyer"), 10)
        self.assertNotEqual(plain.pricelist_id, pricelist)

    def test_collection_log(self):
        partner = self._partner("Slow payer")
        Action = self.env["bigaccount.collection.action"].with_user(self.ka_user)
        action = Action.create(
            {
                "partner_id": partner.id,
                "method": "phone",
                "promised_amount": 500,
                "promised_date": self.today + relativedelta(days=7),
                "date_follow_up": self.today + relativedelta(days=8),
                "note": "Finance director promises payment next week",
            }
        )
        self.assertEqual(partner.ka_collection_action_ids, action)
        with self.assertRaises(ValidationError):
            Action.create({"partner_id": partner.id, "promised_amount": -1})
        with self.assertRaises(ValidationError):
            action.date_follow_up = self.today - relativedelta(days=1)
        with self.assertRaises(AccessError):
            self.env["bigaccount.collection.action"].with_user(self.salesman).create(
                {"partner_id": partner.id}
            )
        with self.assertRaises(AccessError):
            action.with_user(self.ka_user).unlink()
