# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common import BigaccountCase, utc


@tagged("post_install", "-at_install")
class TestQuotationAuthority(BigaccountCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.deputy = new_test_user(
            cls.env,
            login="ka_deputy",
            groups="sales_team.group_sale_salesman_all_leads,"
            "bigaccount_crm.group_ka_price_approver",
        )
        cls.customer = cls._partner("Tiered customer")
        cls.customer.sudo().ka_tier_id = cls.vip  # authority: 5 %
        cls.listed = cls.env["product.product"].create(
            {"name": "Listed goods", "type": "consu", "list_price": 100}
        )

    def _quote(self, price=100, discount=0):
        order = self._order(
            self.customer, price, product=self.listed, user=self.ka_user
        )
        order.order_line.discount = discount
        return order

    def test_within_authority_goes_through(self):
        order = self._quote(discount=5)
        self.assertFalse(order.ka_price_approval_needed)
        order.action_confirm()
        self.assertEqual(order.state, "sale")

    def test_discount_above_authority_needs_approval(self):
        order = self._quote(discount=8)
        self.assertTrue(order.ka_price_approval_needed)
        self.assertIn("8.00", order.ka_price_approval_reason)
        with self.assertRaisesRegex(UserError, "price approval"):
            order.action_confirm()
        with self.assertRaisesRegex(UserError, "price approval"):
            order.action_quotation_send()
        order.action_ka_request_price_approval()
        with self.assertRaises(AccessError):
            order.with_user(self.ka_user_other).action_ka_approve_price()
        order.with_user(self.deputy).action_ka_approve_price()
        self.assertEqual(order.ka_price_approval_state, "approved")
        self.assertEqual(order.ka_price_approver_id, self.deputy)
        order.action_confirm()
        self.assertEqual(order.state, "sale")

    def test_price_below_list_needs_approval_and_changes_void_it(self):
        order = self._quote(price=90)
        self.assertIn("below the list price", order.ka_price_approval_reason)
        order.action_ka_request_price_approval()
        order.with_user(self.director).action_ka_approve_price()
        order.order_line.price_unit = 80
        self.assertEqual(order.ka_price_approval_state, "none")
        with self.assertRaises(UserError):
            order.action_confirm()

    def test_a_salesperson_does_not_approve_prices_by_writing_them(self):
        order = self._quote(discount=8).with_user(self.ka_user)
        order.action_ka_request_price_approval()
        for vals in (
            {"ka_price_approval_state": "approved"},
            {"ka_price_approver_id": self.deputy.id},
            {"ka_price_approved_by_phone": True, "ka_price_form_done": True},
            {"ka_quotation_sent_date": fields.Datetime.now()},
        ):
            with self.subTest(vals=vals):
                with self.assertRaises(AccessError):
                    order.write(vals)
        self.assertEqual(order.ka_price_approval_state, "requested")
        with self.assertRaises(UserError):
            order.action_confirm()
        # nor creates an order approved, nor copies an approval
        Order = self.env["sale.order"].with_user(self.ka_user)
        with self.assertRaises(AccessError):
            Order.create(
                {
                    "partner_id": self.customer.id,
                    "ka_price_approval_state": "approved",
                    "ka_price_approver_id": self.deputy.id,
                }
            )
        order.with_user(self.deputy).action_ka_approve_price()
        copy = order.copy()
        self.assertEqual(copy.ka_price_approval_state, "none")
        self.assertFalse(copy.ka_price_approver_id)
        # sending the quotation still sets its date (the quotation clock)
        order.action_quotation_sent()
        self.assertTrue(order.ka_quotation_sent_date)

    def test_nobody_approves_their_own_prices(self):
        order = self._order(self.customer, 80, product=self.listed, user=self.director)
        order.action_ka_request_price_approval()
        with self.assertRaises(AccessError):
            order.with_user(self.director).action_ka_approve_price()
        self.assertEqual(order.ka_price_approval_state, "requested")

    def test_customers_without_tier_are_not_checked(self):
        order = self._order(self._partner("No tier"), 10, product=self.listed)
        self.assertFalse(order.ka_price_approval_needed)
        order.action_confirm()
        self.assertEqual(order.state, "sale")


@tagged("post_install", "-at_install")
class TestQuotationDeadline(BigaccountCase):
    def test_deadline_late_flag_and_outcome(self):
        partner = self._partner("Inquiring customer")
        # wall-clock hours on the shipped 24/7 working time
        self.env.company.resource_calendar_id = self.env.ref(
            "bigaccount_crm.resource_calendar_around_the_clock"
        )
        on_time = self._order(partner, 10)
        self.assertEqual(
            (on_time.ka_quotation_deadline - on_time.ka_inquiry_date).total_seconds(),
            24 * 3600,
        )
        on_time.action_quotation_sent()
        self.assertTrue(on_time.ka_quotation_sent_date)
        self.assertFalse(on_time.ka_quotation_late)
        late = self._order(partner, 10)
        late.ka_inquiry_date = fields.Datetime.now() - relativedelta(hours=30)
        late.action_quotation_sent()
        self.assertTrue(late.ka_quotation_late)
        self.assertIn(
            late,
            self.env["sale.order"].search([("ka_quotation_late", "=", True)]),
        )
        self.assertEqual(on_time.ka_outcome, "open")
        on_time.action_confirm()
        self.assertEqual(on_time.ka_outcome, "won")
        late._action_cancel()
        late.ka_lost_reason = "Competitor 5 % cheaper"
        self.assertEqual(late.ka_outcome, "lost")

    def test_deadline_in_working_hours(self):
        """README, quotations: 24 working hours from an inquiry on Friday
        17:00, Monday to Friday 9-12 and 13-18 in Shanghai: Friday 1 hour,
        Monday 8, Tuesday 8, Wednesday 9-12 and 13-17: Wednesday 17:00; a
        public holiday on Monday: Thursday 17:00; a tier's 24/7 service
        working time: Saturday 17:00."""
        calendar = self._working_week("Asia/Shanghai")
        self.env.company.resource_calendar_id = calendar
        partner = self._partner("Friday evening inquirer")
        order = self._order(partner, 10)
        order.ka_inquiry_date = utc("Asia/Shanghai", 2026, 11, 27, 17)
        self.assertEqual(
            order.ka_quotation_deadline, utc("Asia/Shanghai", 2026, 12, 2, 17)
        )
        self.env["resource.calendar.leaves"].create(
            {
                "name": "Public holiday",
                "calendar_id": calendar.id,
                "date_from": utc("Asia/Shanghai", 2026, 11, 30, 0, 0),
                "date_to": utc("Asia/Shanghai", 2026, 11, 30, 23, 59, 59),
            }
        )
        self.env.add_to_compute(order._fields["ka_quotation_deadline"], order)
        self.assertEqual(
            order.ka_quotation_deadline, utc("Asia/Shanghai", 2026, 12, 3, 17)
        )
        self.vip.service_calendar_id = self.env.ref(
            "bigaccount_crm.resource_calendar_around_the_clock"
        )
        partner.sudo().ka_tier_id = self.vip
        order.partner_id = partner
        self.env.add_to_compute(order._fields["ka_quotation_deadline"], order)
        self.assertEqual(
            order.ka_quotation_deadline, utc("Asia/Shanghai", 2026, 11, 28, 17)
        )

    def test_marking_sent_needs_the_price_approval(self):
        customer = self._partner("Tiered inquiry")
        customer.sudo().ka_tier_id = self.vip
        listed = self.env["product.product"].create(
            {"name": "Listed inquiry goods", "type": "consu", "list_price": 100}
        )
        order = self._order(customer, 50, product=listed)
        with self.assertRaisesRegex(UserError, "price approval"):
            order.action_quotation_sent()
        self.assertEqual(order.state, "draft")
        self.assertFalse(order.ka_quotation_sent_date)


@tagged("post_install", "-at_install")
class TestPhoneApproval(BigaccountCase):
    def test_phone_approval_recorded_and_completed(self):
        customer = self._partner("Phone customer")
        customer.sudo().ka_tier_id = self.vip
        listed = self.env["product.product"].create(
            {"name": "Phone goods", "type": "consu", "list_price": 100}
        )
        order = self._order(customer, 80, product=listed, user=self.ka_user)
        with self.assertRaises(UserError):
            order.action_ka_record_phone_approval()  # no approver named
        with self.assertRaises(UserError):
            order.with_context(
                ka_phone_approver_id=self.ka_user_other.id
            ).action_ka_record_phone_approval()  # not an approver
        order.ka_price_phone_approver_id = self.director
        order.action_ka_record_phone_approval()
        self.assertEqual(order.ka_price_approval_state, "approved")
        self.assertTrue(order.ka_price_approved_by_phone)
        self.assertEqual(order.ka_price_form_due, self.today + relativedelta(days=3))
        self.assertEqual(order.activity_ids.user_id, self.director)
        order.action_confirm()
        self.assertEqual(order.state, "sale")
        to_complete = self.env["sale.order"].search(
            [
                ("ka_price_approved_by_phone", "=", True),
                ("ka_price_form_done", "=", False),
            ]
        )
        self.assertIn(order, to_complete)
        with self.assertRaises(AccessError):
            order.with_user(self.general_manager).action_ka_complete_phone_approval()
        order.with_user(self.director).action_ka_complete_phone_approval()
        self.assertTrue(order.ka_price_form_done)
        with self.assertRaises(UserError):
            order.with_user(self.director).action_ka_complete_phone_approval()
