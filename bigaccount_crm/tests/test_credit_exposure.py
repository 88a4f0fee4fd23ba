# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The credit exposure on real accounting flows (README, credit control):
orders invoiced on delivery, draft invoices from orders, down payments,
instalments, open credits; the scope of the check; who reads the figures.

Expected figures follow the README's rule: exposure = open receivables +
confirmed orders not invoiced by a posted invoice - paid online + draft
invoices not from a counted order; overdue = receivable items past their own
due date beyond the grace days, less open credits."""

from unittest.mock import patch

from dateutil.relativedelta import relativedelta

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged
from odoo.tools import SQL

from odoo.addons.account_payment.tests.common import AccountPaymentCommon
from odoo.addons.sale.tests.common import SaleCommon

from ..models.res_partner_credit_parts import CREDIT_FUNCTION_MAX_ACCOUNTS
from .common import BigaccountCase


@tagged("post_install", "-at_install")
class TestCreditExposure(BigaccountCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.account_use_credit_limit = True
        cls.customer = cls._partner("Exposure customer")
        cls._limit(cls.customer, 1000)
        cls.delivered_goods = cls.env["product.product"].create(
            {
                "name": "Goods invoiced on delivery",
                "is_storable": True,
                "invoice_policy": "delivery",
                "taxes_id": [Command.clear()],
            }
        )
        cls.ordered_goods = cls.env["product.product"].create(
            {
                "name": "Goods invoiced on order",
                "type": "consu",
                "invoice_policy": "order",
                "taxes_id": [Command.clear()],
            }
        )
        cls.env["stock.quant"]._update_available_quantity(
            cls.delivered_goods,
            cls.env.ref("stock.warehouse0").lot_stock_id,
            1000,
        )

    @classmethod
    def _limit(cls, partner, amount, company=None):
        partner.sudo().with_company(company or cls.company).credit_limit = amount

    def _confirmed(self, amount, product=None, partner=None):
        order = self._order(partner or self.customer, amount, product=product)
        order.action_confirm()
        self.assertEqual(order.state, "sale")
        return order

    def _status(self, amount=0.0, partner=None):
        return (partner or self.customer)._ka_credit_status(amount=amount)

    # ------------------------------------------------------------------
    # The seven inputs of the credit issue
    # ------------------------------------------------------------------
    def test_delivery_based_invoicing_counts_the_whole_order(self):
        order = self._confirmed(800, product=self.delivered_goods)
        self.assertEqual(self._status()["uninvoiced"], 800)
        new = self._order(self.customer, 400)
        with self.assertRaisesRegex(UserError, "credit limit"):
            new.action_confirm()
        self.assertEqual(self._status(400)["exposure"] + 400, 1200)
        # delivered and invoiced: the amount moves from the order to the
        # receivables, the exposure stays 800
        picking = order.picking_ids
        picking.move_ids.quantity = picking.move_ids.product_uom_qty
        picking.move_ids.picked = True
        picking.button_validate()
        self.assertEqual(picking.state, "done")
        invoice = order._create_invoices()
        invoice.action_post()
        status = self._status()
        self.assertEqual(
            (status["receivable"], status["uninvoiced"], status["exposure"]),
            (800, 0, 800),
        )

    def test_draft_invoice_from_an_order_counts_once(self):
        order = self._confirmed(600, product=self.ordered_goods)
        invoice = order._create_invoices()
        self.assertEqual(invoice.state, "draft")
        status = self._status()
        self.assertEqual(
            (status["uninvoiced"], status["draft"], status["exposure"]), (600, 0, 600)
        )
        new = self._order(self.customer, 300)
        new.action_confirm()
        self.assertEqual(new.state, "sale")
        self.assertEqual(self._status()["exposure"], 900)
        # a draft invoice of its own counts as a draft
        self.env["account.move"].create(self._invoice_vals(self.customer, 50))
        self.assertEqual(self._status()["draft"], 50)

    def test_down_payment_counts_once(self):
        self._limit(self.customer, 1500)
        order = self._confirmed(1000, product=self.ordered_goods)
        wizard = (
            self.env["sale.advance.payment.inv"]
            .with_context(active_model="sale.order", active_ids=order.ids)
            .create({"advance_payment_method": "percentage", "amount": 30})
        )
        wizard.create_invoices()
        down_payment = order.invoice_ids
        self.assertEqual(down_payment.amount_total, 300)
        # a draft down payment: the order counts whole, the draft not again
        status = self._status()
        self.assertEqual((status["uninvoiced"], status["draft"]), (1000, 0))
        down_payment.action_post()
        status = self._status()
        self.assertEqual(
            (status["receivable"], status["uninvoiced"], status["exposure"]),
            (300, 700, 1000),
        )
        new = self._order(self.customer, 400)
        new.action_confirm()
        self.assertEqual(new.state, "sale")
        self.assertEqual(self._status()["exposure"], 1400)
        # the final invoice deducts the down payment: 700 more receivable
        final = order._create_invoices(final=True)
        self.assertEqual(final.amount_total, 700)
        self.assertEqual(self._status()["exposure"], 1400)
        final.action_post()
        status = self._status()
        self.assertEqual(
            (status["receivable"], status["uninvoiced"], status["exposure"]),
            (1000, 400, 1400),
        )

    def test_draft_invoice_above_its_order_counts_the_excess(self):
        """Odoo's own case: a down payment invoice larger than its order."""
        order = self._confirmed(1000, product=self.ordered_goods)
        (
            self.env["sale.advance.payment.inv"]
            .with_context(active_model="sale.order", active_ids=order.ids)
            .create({"advance_payment_method": "percentage", "amount": 50})
            .create_invoices()
        )
        invoice = order.invoice_ids
        self.assertEqual(self._status()["exposure"], 1000)
        self.assertFalse(invoice.partner_credit_warning)
        invoice.invoice_line_ids.quantity = 3
        self.assertEqual(invoice.amount_total, 1500)
        self.assertEqual(self._status()["exposure"], 1500)
        self.assertIn("1,500.00", invoice.partner_credit_warning)
        # posting it changes nothing: the order's draft becomes receivable
        invoice.action_post()
        status = self._status()
        self.assertEqual(
            (status["receivable"], status["uninvoiced"], status["exposure"]),
            (1500, 0, 1500),
        )

    def _instalment_invoice(self, partner):
        term = self.env["account.payment.term"].create(
            {
                "name": "50% in 30 days, 50% in 180 days",
                "line_ids": [
                    Command.create(
                        {"value": "percent", "value_amount": 50, "nb_days": 30}
                    ),
                    Command.create(
                        {"value": "percent", "value_amount": 50, "nb_days": 180}
                    ),
                ],
            }
        )
        vals = self._invoice_vals(partner, 1000)
        del vals["invoice_date_due"]
        vals.update(
            invoice_date=self.today - relativedelta(days=100),
            invoice_payment_term_id=term.id,
        )
        return self._post_invoices([vals])

    def test_instalments_overdue_by_their_own_due_date(self):
        self._limit(self.customer, 100000)
        invoice = self._instalment_invoice(self.customer)
        self.assertGreater(invoice.invoice_date_due, self.today)
        status = self._status(100)
        self.assertEqual(status["overdue"], 500)
        self.assertIn("overdue", status["reasons"])
        with self.assertRaisesRegex(
            UserError, "overdue beyond the 30-day grace period"
        ):
            self._order(self.customer, 100).action_confirm()
        row = self.env["bigaccount.overdue.report"].search(
            [("partner_id", "=", self.customer.id)]
        )
        self.assertEqual(row.amount_overdue, 500)
        self.assertEqual(row.oldest_due_date, self.today - relativedelta(days=70))
        self.assertEqual(row.days_overdue, 70)
        # the tier job sees the same oldest overdue item
        self.customer.sudo()._ka_recompute_tier_batch()
        self.assertEqual(
            self.customer.sudo().ka_oldest_overdue_date,
            self.today - relativedelta(days=70),
        )

    def test_open_credits_net_the_overdue_like_the_receivables(self):
        self._limit(self.customer, 45000)
        self._invoice(
            self.customer, 50000, months_ago=3, due=self.today - relativedelta(days=60)
        )
        payment = self.env["account.payment"].create(
            {
                "payment_type": "inbound",
                "partner_type": "customer",
                "partner_id": self.customer.id,
                "amount": 30000,
            }
        )
        payment.action_post()
        status = self._status()
        self.assertEqual(status["receivable"], 20000)
        self.assertEqual(status["overdue"], 20000)
        self.assertEqual(status["receivable"], self.customer.sudo().credit)
        # one picture on the quotation: Odoo's banner gives way to ours
        quotation = self._order(self.customer, 30000)
        self.assertFalse(quotation.partner_credit_warning)
        self.assertIn("20,000.00", quotation.ka_credit_banner)
        self.assertIn("Confirming will be refused", quotation.ka_credit_banner)
        self.assertTrue(quotation.ka_credit_banner_refused)
        with self.assertRaisesRegex(UserError, "20,000.00 of invoices are overdue"):
            quotation.action_confirm()
        # the Credit tab speaks of the customer, not of an order
        message = self.customer.ka_credit_message
        self.assertIn("overdue", message)
        self.assertNotIn("this order", message)

    def test_quotation_banner_within_the_limit(self):
        quotation = self._order(self.customer, 400)
        self.assertIn(
            "Confirming is within the credit control", quotation.ka_credit_banner
        )
        self.assertIn("600.00", quotation.ka_credit_banner)  # headroom after it
        self.assertFalse(quotation.ka_credit_banner_refused)
        quotation.action_confirm()
        self.assertFalse(quotation.ka_credit_banner)

    def test_customer_over_the_limit_without_order_wording(self):
        self._invoice(self.customer, 1200, due=self.today + relativedelta(days=30))
        self.assertTrue(self.customer.ka_credit_blocked)
        self.assertIn("over the credit limit", self.customer.ka_credit_message)
        self.assertNotIn("this order", self.customer.ka_credit_message)
        self.assertEqual(self.customer.ka_credit_headroom, -200)

    def test_invoice_banner_uses_the_same_exposure(self):
        self._confirmed(900, product=self.ordered_goods)
        draft = self.env["account.move"].create(self._invoice_vals(self.customer, 300))
        # 900 ordered + 300 draft: over 1,000, Odoo's message with our figures
        self.assertIn("1,200.00", draft.partner_credit_warning)

    # ------------------------------------------------------------------
    # Scope: like Odoo's own credit limit
    # ------------------------------------------------------------------
    def test_company_without_credit_limits_checks_only_holds(self):
        self._invoice(
            self.customer, 100, months_ago=3, due=self.today - relativedelta(days=90)
        )
        self.company.account_use_credit_limit = False
        order = self._order(self.customer, 5000, product=self.delivered_goods)
        order.action_confirm()
        self.assertEqual(order.state, "sale")
        self.assertFalse(self._status()["reasons"])
        self.assertFalse(order.picking_ids.ka_credit_hold_message)
        self.customer.with_user(self.finance).write(
            {"ka_credit_hold": True, "ka_credit_hold_reason": "Lawsuit"}
        )
        with self.assertRaisesRegex(UserError, "Lawsuit"):
            self._order(self.customer, 10).action_confirm()
        with self.assertRaisesRegex(UserError, "Lawsuit"):
            order.picking_ids.with_user(self.warehouse).button_validate()

    def test_limit_from_the_company_default(self):
        plain = self._partner("No limit of its own")
        self.assertEqual(self._status(partner=plain)["limit"], 0)
        self._order(plain, 5000).action_confirm()
        self.env["ir.default"].set(
            "res.partner", "credit_limit", 1000.0, company_id=self.company.id
        )
        self.env.invalidate_all()
        self.assertEqual(self._status(partner=plain)["limit"], 1000)
        with self.assertRaisesRegex(UserError, "credit limit"):
            self._order(plain, 10).action_confirm()

    def test_overdue_scope_setting(self):
        unlimited = self._partner("Overdue, no limit")
        self._invoice(
            unlimited, 100, months_ago=3, due=self.today - relativedelta(days=60)
        )
        self._invoice(
            self.customer, 100, months_ago=3, due=self.today - relativedelta(days=60)
        )
        # default: customers under credit control (with a limit) only
        self._order(unlimited, 10).action_confirm()
        with self.assertRaisesRegex(UserError, "overdue"):
            self._order(self.customer, 10).action_confirm()
        self._set_param("credit_overdue_scope", "all")
        with self.assertRaisesRegex(UserError, "overdue"):
            self._order(unlimited, 10).action_confirm()
        self._set_param("credit_overdue_scope", "off")
        self._order(unlimited, 10).action_confirm()
        self._order(self.customer, 10).action_confirm()
        # the limit still applies with the overdue rule off
        with self.assertRaisesRegex(UserError, "credit limit"):
            self._order(self.customer, 2000).action_confirm()

    def test_credit_settings_saved_from_the_settings_page(self):
        self.assertEqual(
            self.customer._ka_credit_settings(),
            {"grace_days": 30, "overdue_scope": "limited", "block_deliveries": False},
        )
        self.env["res.config.settings"].create(
            {
                "ka_credit_overdue_scope": "all",
                "ka_credit_block_deliveries": True,
                "ka_credit_grace_days": 45,
            }
        ).execute()
        self.assertEqual(
            self.customer._ka_credit_settings(),
            {"grace_days": 45, "overdue_scope": "all", "block_deliveries": True},
        )
        self.env["res.config.settings"].create(
            {"ka_credit_block_deliveries": False}
        ).execute()
        self.assertFalse(self.customer._ka_credit_settings()["block_deliveries"])

    def test_deliveries_held_by_the_credit_check_only_when_set(self):
        order = self._confirmed(500, product=self.delivered_goods)
        self._limit(self.customer, 100)
        picking = order.picking_ids.with_user(self.warehouse)
        self.assertFalse(picking.ka_credit_hold_message)
        self._set_param("credit_block_deliveries", True)
        picking.invalidate_recordset()
        self.assertIn("credit limit", picking.ka_credit_hold_message)
        with self.assertRaisesRegex(UserError, "credit limit"):
            picking.button_validate()
        self._set_param("credit_block_deliveries", False)
        picking.button_validate()
        self.assertEqual(picking.state, "done")

    def test_delivery_under_a_request_passes_the_limit_not_a_hold(self):
        self._set_param("credit_block_deliveries", True)
        self._invoice(self.customer, 900, due=self.today + relativedelta(days=30))
        order = self._order(self.customer, 500, product=self.delivered_goods)
        request = self.env["bigaccount.credit.request"].create(
            {
                "order_id": order.id,
                "reason": "Strategic project",
                "guarantor_id": self.director.id,
                "amount": 500,
                "date_expiry": self.today,
            }
        )
        request.action_submit()
        request.with_user(self.finance).action_approve()
        order.action_confirm()
        self.assertTrue(
            any(
                request.name in (body or "")
                for body in order.message_ids.mapped("body")
            )
        )
        picking = order.picking_ids.with_user(self.warehouse)
        self.assertFalse(picking.ka_credit_hold_message)
        self.customer.with_user(self.finance).write(
            {"ka_credit_hold": True, "ka_credit_hold_reason": "Cheque bounced"}
        )
        picking.invalidate_recordset()
        with self.assertRaisesRegex(UserError, "Cheque bounced"):
            picking.button_validate()

    # ------------------------------------------------------------------
    # Requests
    # ------------------------------------------------------------------
    def test_pending_request_named_and_decided_by_finance(self):
        self._invoice(self.customer, 900, due=self.today + relativedelta(days=30))
        order = self._order(self.customer, 300, user=self.ka_user)
        request = (
            self.env["bigaccount.credit.request"]
            .with_user(self.ka_user)
            .create(
                {
                    "order_id": order.id,
                    "reason": "Customer pays next week",
                    "guarantor_id": self.director.id,
                    "amount": 300,
                    "date_expiry": self.today,
                }
            )
        )
        request.action_submit()
        activity = request.activity_ids
        self.assertEqual(len(activity), 1)
        self.assertTrue(activity.user_id.has_group("account.group_account_manager"))
        self.assertNotIn(activity.user_id, self.director | self.ka_user)
        picture = request.with_user(self.finance).credit_picture
        self.assertRegex(picture, r"exposure \D*900\.00")
        self.assertIn("Confirming will be refused", picture)
        with self.assertRaisesRegex(UserError, f"{request.name} is waiting"):
            order.with_user(self.ka_user).action_confirm()

    def test_refused_request_reset_by_its_requester(self):
        order = self._order(self.customer, 3000, user=self.ka_user)
        request = (
            self.env["bigaccount.credit.request"]
            .with_user(self.ka_user)
            .create(
                {
                    "order_id": order.id,
                    "reason": "Big order",
                    "guarantor_id": self.director.id,
                    "amount": 3000,
                    "date_expiry": self.today,
                }
            )
        )
        request.action_submit()
        request.with_user(self.finance).action_refuse()
        with self.assertRaises(AccessError):
            request.with_user(self.ka_user_other).action_draft()
        self.assertEqual(request.state, "refused")
        request.with_user(self.ka_user).action_draft()
        self.assertEqual(request.state, "draft")
        self.assertFalse(request.approver_id)

    def test_tier_credit_mode_is_finance_s(self):
        with self.assertRaises(AccessError):
            self.vip.with_user(self.director).credit_mode = "warn"
        self.assertEqual(self.vip.credit_mode, "block")
        self.vip.with_user(self.director).visit_interval_days = 20
        self.vip.with_user(self.finance).credit_mode = "warn"
        self.assertEqual(self.vip.credit_mode, "warn")
        with self.assertRaises(AccessError):
            self.vip.with_user(self.finance).visit_interval_days = 10

    # ------------------------------------------------------------------
    # Who reads the figures
    # ------------------------------------------------------------------
    def test_figures_readable_by_finance_directors_and_the_account_team(self):
        self.customer.sudo().write(
            {
                "ka_is_key_account": True,
                "ka_manager_id": self.ka_user.id,
            }
        )
        self._invoice(self.customer, 700, due=self.today + relativedelta(days=30))
        team_member = new_test_user(
            self.env,
            login="ka_team_member",
            groups="sales_team.group_sale_salesman,bigaccount_crm.group_ka_user",
        )
        self.customer.sudo().ka_team_user_ids = team_member
        finance_and_ka = new_test_user(
            self.env,
            login="ka_finance_and_ka_user",
            groups="sales_team.group_sale_salesman,bigaccount_crm.group_ka_user,"
            "account.group_account_manager",
        )
        for user, visible in (
            (self.ka_user, True),
            (team_member, True),
            (self.director, True),
            (self.finance, True),
            (finance_and_ka, True),
            (self.ka_user_other, False),
        ):
            partner = self.customer.with_user(user)
            self.assertEqual(partner.ka_credit_visible, visible, user.login)
            self.assertEqual(
                partner.ka_credit_exposure, 700 if visible else 0, user.login
            )
        # users outside the key-account and finance groups: no figure field
        for user in (self.salesman, self.warehouse):
            with self.assertRaises(AccessError):
                self.customer.with_user(user).read(["ka_credit_exposure"])
            values = self.customer.with_user(user).read()[0]
            self.assertNotIn("ka_credit_exposure", values)
        # a refusal tells them the reason, not the figures
        quotation = self._order(self.customer, 500, user=self.salesman)
        with self.assertRaises(UserError) as refusal:
            quotation.with_user(self.salesman).action_confirm()
        self.assertIn("credit limit", str(refusal.exception))
        self.assertNotIn("700.00", str(refusal.exception))
        self.assertNotIn("700.00", quotation.with_user(self.salesman).ka_credit_banner)

    def test_figures_are_per_company(self):
        company_2 = self.env["res.company"].create(
            {"name": "Second company", "account_use_credit_limit": True}
        )
        self._invoice(self.customer, 700, due=self.today + relativedelta(days=30))
        self._limit(self.customer, 5000, company=company_2)
        in_2 = self.customer._ka_credit_figures(company_2)[self.customer.id]
        in_1 = self.customer._ka_credit_figures(self.company)[self.customer.id]
        self.assertEqual((in_1["receivable"], in_1["limit"]), (700, 1000))
        self.assertEqual((in_2["receivable"], in_2["limit"]), (0, 5000))


@tagged("post_install", "-at_install")
class TestCreditPaidOnline(AccountPaymentCommon, SaleCommon):
    """Orders paid online through payment transactions, confirmed by the
    transaction's post-processing as Odoo does it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.account_use_credit_limit = True
        cls.currency = cls.env.company.currency_id
        cls.buyer = cls.env["res.partner"].create(
            {"name": "Online buyer", "is_company": True}
        )
        cls.buyer.credit_limit = 1000
        cls.partner = cls.buyer
        cls.provider.journal_id.inbound_payment_method_line_ids.filtered(
            lambda line: line.payment_provider_id == cls.provider
        ).payment_account_id = cls.inbound_payment_method_line.payment_account_id

    def _quotation(self, amount):
        return self.env["sale.order"].create(
            {
                "partner_id": self.buyer.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": self.product.id,
                            "product_uom_qty": 1,
                            "price_unit": amount,
                            "tax_id": [Command.clear()],
                        }
                    )
                ],
            }
        )

    def _pay(self, order, amount, state):
        self.amount = amount
        return self._create_transaction(
            flow="redirect",
            sale_order_ids=[order.id],
            state=state,
            reference=f"{order.name}-{state}-{amount}",
        )

    def test_order_paid_in_full_confirms_and_uses_no_credit(self):
        order = self._quotation(1500)
        tx = self._pay(order, 1500, "done")
        self.assertEqual(order._ka_credit_amount(), 0)
        tx._post_process()
        self.assertEqual(order.state, "sale")
        self.assertTrue(tx.payment_id)
        status = self.buyer._ka_credit_status()
        # the booked payment is an open credit against the order's 1,500
        self.assertEqual(
            (status["receivable"], status["uninvoiced"], status["exposure"]),
            (-1500, 1500, 0),
        )

    def test_authorised_payment_covers_the_order(self):
        self.provider.support_manual_capture = "full_only"
        order = self._quotation(1500)
        tx = self._pay(order, 1500, "authorized")
        tx._post_process()
        self.assertEqual(order.state, "sale")
        status = self.buyer._ka_credit_status()
        self.assertEqual(
            (status["uninvoiced"], status["paid_online"], status["exposure"]),
            (1500, -1500, 0),
        )

    def test_unpaid_part_over_the_limit_leaves_a_quotation_quietly(self):
        order = self._quotation(1500)
        order.require_payment = True
        order.prepayment_percent = 0.2
        tx = self._pay(order, 300, "done")
        self.assertEqual(order._ka_credit_amount(), 1200)
        tx._post_process()  # does not fail
        self.assertIn(order.state, ("draft", "sent"))
        self.assertTrue(tx.payment_id)
        self.assertTrue(
            order.activity_ids.filtered(
                lambda a: a.summary == "Paid order stopped by the credit control"
            )
        )

    def test_acceptance_without_payment_is_checked(self):
        order = self._quotation(1500)
        with self.assertRaisesRegex(UserError, "credit limit"):
            order.action_confirm()
        self.assertEqual(order.state, "draft")

    # ------------------------------------------------------------------
    # The query kept in a function, and inline
    # ------------------------------------------------------------------
    def _every_part(self):
        """The buyer with an amount in every part: an authorised online
        payment of 1,500 on a confirmed order of 1,500, an invoice of 400
        overdue for two months, a draft invoice of 250 without an order."""
        self.provider.support_manual_capture = "full_only"
        order = self._quotation(1500)
        self._pay(order, 1500, "authorized")._post_process()
        self.assertEqual(order.state, "sale")
        month_ago = self.env.cr.now().date() - relativedelta(months=2)
        invoices = self.env["account.move"].create(
            [
                {
                    "move_type": "out_invoice",
                    "partner_id": self.buyer.id,
                    "invoice_date": month_ago,
                    "invoice_date_due": month_ago,
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "product_id": self.product.id,
                                "price_unit": amount,
                                "tax_ids": [Command.clear()],
                            }
                        )
                    ],
                }
                for amount in (400, 250)
            ]
        )
        invoices[0].action_post()

    def _rows(self, partners):
        Partner = self.env["res.partner"]
        return sorted(
            Partner._ka_credit_rows(
                partners.ids, [], [self.env.company.id], self.env.cr.now().date()
            ),
            key=repr,
        )

    def test_function_and_inline_query_give_the_same_rows(self):
        self._every_part()
        other = self.env["res.partner"].create({"name": "Other buyer"})
        partners = self.buyer | other
        self.env.flush_all()  # the rows are read in SQL
        name = self.registry.bigaccount_credit_function
        self.assertTrue(name, "the function is made at the registry load")
        with self.assertQueriesContain([f'SELECT * FROM "{name}"('], flush=False):
            stored = self._rows(partners)
        with patch.object(self.registry, "bigaccount_credit_function", None):
            inline = self._rows(partners)
        self.assertEqual(stored, inline)
        parts = {row[0]: float(row[3]) for row in stored if row[1] == self.buyer.id}
        self.assertEqual(
            parts,
            {
                "receivable": 400,
                "uninvoiced": 1500,
                "paid_online": -1500,
                "draft": 250,
                "overdue": 400,
            },
        )
        # many accounts go inline, planned for their number
        many = self.env["res.partner"].create(
            [{"name": f"Buyer {n}"} for n in range(CREDIT_FUNCTION_MAX_ACCOUNTS)]
        )
        self.env.flush_all()
        with self.assertQueriesContain(["contacts AS MATERIALIZED"], flush=False):
            rows = self._rows(partners | many)
        self.assertEqual(sorted(rows, key=repr), stored)

    def test_function_follows_the_parts_of_the_installed_modules(self):
        """A module that adds a part changes the query: its function is
        made anew (the old one dropped) and counts the part."""
        self._every_part()
        Partner = type(self.env["res.partner"])
        parts = Partner._ka_credit_part_list

        def part_list(model):
            return [*parts(model), ("extra", "Extra")]

        def part_extra(model, params):
            return SQL(
                "SELECT account, %s::int, 7 FROM contacts GROUP BY account",
                self.env.company.id,
            )

        old = self.registry.bigaccount_credit_function
        with (
            patch.object(Partner, "_ka_credit_part_list", part_list),
            patch.object(Partner, "_ka_credit_part_extra", part_extra, create=True),
        ):
            self.assertIsNone(self.env["res.partner"]._ka_credit_function())
            new = self.env["res.partner"]._ka_credit_function(create=True)
            self.assertNotEqual(new, old)
            with patch.object(self.registry, "bigaccount_credit_function", new):
                status = self.buyer._ka_credit_status()
        self.assertEqual(status["extra"], 7)
        self.assertEqual(status["exposure"], 400 + 1500 - 1500 + 250 + 7)
        self.env.cr.execute(
            "SELECT proname FROM pg_proc WHERE proname LIKE 'bigaccount_credit_parts_%'"
        )
        self.assertEqual([row[0] for row in self.env.cr.fetchall()], [new])
