# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import BigaccountCase


class AgreementCase(BigaccountCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer = cls._key_account("Contracted customer")
        cls.contact = cls.env["res.partner"].create(
            {"name": "Buyer", "parent_id": cls.customer.id}
        )
        cls.product.lst_price = 100

    def _agreement(self, user=None, **vals):
        return (
            self.env["bigaccount.agreement"]
            .with_user(user or self.ka_user)
            .create(
                dict(
                    {
                        "partner_id": self.customer.id,
                        "date_start": self.today - timedelta(days=100),
                        "date_end": self.today + timedelta(days=265),
                        "target_amount": 10000,
                        "line_ids": [
                            Command.create({"product_id": self.product.id, "price": 80})
                        ],
                    },
                    **vals,
                )
            )
        )

    def _letter(self, agreement, price, days=0):
        return (
            self.env["bigaccount.agreement.letter"]
            .with_user(self.ka_user)
            .create(
                {
                    "agreement_id": agreement.id,
                    "name": "Paper price up",
                    "date_effective": self.today + timedelta(days=days),
                    "line_ids": [
                        Command.create({"product_id": self.product.id, "price": price})
                    ],
                }
            )
        )

    def _priced_order(self):
        """An order whose price Odoo computes, as when a product is chosen."""
        return (
            self.env["sale.order"]
            .with_user(self.ka_user)
            .create(
                {
                    "partner_id": self.contact.id,
                    "order_line": [Command.create({"product_id": self.product.id})],
                }
            )
        )


@tagged("post_install", "-at_install")
class TestAgreements(AgreementCase):
    def test_agreed_prices_on_linked_orders(self):
        self.assertEqual(self._priced_order().order_line.price_unit, 100)
        agreement = self._agreement()
        agreement.action_activate()
        self.assertTrue(agreement.name.startswith("AGR/"))
        order = self._priced_order()
        self.assertEqual(order.ka_agreement_id, agreement, "found for the customer")
        self.assertEqual(order.order_line.price_unit, 80)
        self.assertFalse(order.ka_price_approval_needed, "the agreed price is approved")
        # a price-adjustment letter changes the agreed price from its date
        later = self._letter(agreement, 90, days=10)
        letter = self._letter(agreement, 85)
        with self.assertRaises(AccessError):
            letter.action_confirm()  # directors confirm price adjustments
        (letter | later).with_user(self.director).action_confirm()
        with self.assertRaises(UserError):
            letter.line_ids.price = 1  # confirmed: frozen
        self.assertEqual(agreement.line_ids.current_price, 85)
        self.assertEqual(self._priced_order().order_line.price_unit, 85)
        # an order taken off the agreement goes back to the pricelist
        order.ka_agreement_id = False
        self.assertEqual(order.order_line.price_unit, 100)
        self.assertEqual(
            agreement._ka_price(self.product, self.today + timedelta(days=10)), 90
        )
        other = self.env["product.product"].create({"name": "Not contracted"})
        self.assertIsNone(agreement._ka_price(other, self.today))

    def test_agreed_price_needs_no_price_approval(self):
        self.customer.sudo().ka_tier_id = self.vip
        below_list = self._order(self.contact, 80)
        self.assertTrue(below_list.ka_price_approval_needed, "80 is below the list")
        self._agreement().action_activate()
        agreed = self._order(self.contact, 80)
        self.assertTrue(agreed.ka_agreement_id)
        self.assertFalse(agreed.ka_price_approval_needed)
        self.assertTrue(
            self._order(self.contact, 70).ka_price_approval_needed,
            "below the agreed price",
        )

    def test_achievement_from_invoices(self):
        agreement = self._agreement()
        agreement.action_activate()
        self._invoice(self.contact, 3000)
        self._invoice(self.customer, 1000, move_type="out_refund")
        self._invoice(self.customer, 5000, months_ago=6)  # before the period
        agreement.invalidate_recordset(["invoiced_amount", "achievement"])
        self.assertEqual(agreement.invoiced_amount, 2000)
        self.assertEqual(agreement.achievement, 20)

    def test_expiry_reminder_once_and_renewal(self):
        agreement = self._agreement(
            date_start=self.today - timedelta(days=340),
            date_end=self.today + timedelta(days=20),
        )
        agreement.action_activate()
        self.assertEqual(agreement.state, "expiring", "within 30 days of the end")
        Agreement = self.env["bigaccount.agreement"]
        Agreement._cron_agreement_states()
        Agreement._cron_agreement_states()
        reminders = agreement.activity_ids.filtered(
            lambda a: (
                a.activity_type_id
                == self.env.ref("bigaccount_crm.mail_activity_type_renewal")
            )
        )
        self.assertEqual(len(reminders), 1)
        self.assertEqual(reminders.user_id, self.ka_user)
        self._letter(agreement, 95).with_user(self.director).action_confirm()
        new = agreement.action_renew()
        self.assertEqual(agreement.state, "expiring", "in force until its end")
        self.assertEqual((agreement.next_id, new.previous_id), (new, agreement))
        self.assertEqual(new.state, "draft")
        self.assertEqual(new.date_start, agreement.date_end + timedelta(days=1))
        self.assertEqual(new.line_ids.price, 95, "the prices in effect")
        self.assertFalse(agreement.activity_ids, "the reminder is done")
        with self.assertRaises(UserError):
            agreement.action_renew()  # twice
        new.action_activate()
        self.assertEqual(new.state, "active")

    def test_expired_after_the_end(self):
        agreement = self._agreement()
        agreement.action_activate()
        agreement.sudo().date_end = self.today - timedelta(days=1)
        self.env["bigaccount.agreement"]._cron_agreement_states()
        self.assertEqual(agreement.state, "expired")
        order = self._order(self.contact, 100)
        self.assertFalse(order.ka_agreement_id, "only running agreements apply")

    def test_bad_inputs_refused(self):
        with self.assertRaises(ValidationError):
            self._agreement(date_end=self.today - timedelta(days=200))
        with self.assertRaises(ValidationError):
            self._agreement(target_amount=-1)
        first = self._agreement()
        first.action_activate()
        overlapping = self._agreement(date_start=self.today)
        with self.assertRaises(ValidationError):
            overlapping.action_activate()
        self.assertEqual(overlapping.state, "draft")
        # one agreement in force per customer and date, whatever its kind
        other_kind = self._agreement(kind="strategic")
        with self.assertRaises(ValidationError):
            other_kind.action_activate()
        self.assertEqual(other_kind.state, "draft")
        with self.assertRaises(UserError):
            self._agreement(line_ids=[]).action_activate()  # no prices
        letter = self._letter(first, 70)
        letter.line_ids.product_id = self.env["product.product"].create(
            {"name": "Not contracted"}
        )
        with self.assertRaises(UserError):
            letter.with_user(self.director).action_confirm()
        self.assertEqual(letter.state, "draft")

    def test_rights(self):
        agreement = self._agreement()
        with self.assertRaises(AccessError):
            agreement.with_user(self.ka_user_other).read(["name"])
        with self.assertRaises(AccessError):
            agreement.state = "active"  # only by its buttons
        agreement.action_activate()
        with self.assertRaises(AccessError):
            agreement.action_terminate()
        agreement.with_user(self.director).action_terminate()
        self.assertEqual(agreement.state, "terminated")


@tagged("post_install", "-at_install")
class TestRebates(AgreementCase):
    def _ended(self, **vals):
        vals.setdefault(
            "rebate_bracket_ids",
            [
                Command.create({"threshold": 5000, "percent": 2}),
                Command.create({"threshold": 10000, "percent": 3}),
            ],
        )
        agreement = self._agreement(
            date_start=self.today - timedelta(days=60),
            date_end=self.today - timedelta(days=1),
            **vals,
        )
        agreement.action_activate()
        return agreement

    def _invoice_on(self, partner, amount, days_ago, **kwargs):
        vals = self._invoice_vals(partner, amount, **kwargs)
        vals["invoice_date"] = vals["invoice_date_due"] = self.today - timedelta(
            days=days_ago
        )
        return self._post_invoices([vals])

    def test_brackets_at_their_edges(self):
        for invoiced, percent, expected in (
            (4999.99, 0, 0),
            (5000, 2, 100),
            (9999.99, 2, 200),
            (10000, 3, 300),
        ):
            customer = self._partner(f"Rebate customer {invoiced}")
            customer.sudo().ka_manager_id = self.ka_user
            agreement = self._ended(partner_id=customer.id)
            self._invoice_on(customer, invoiced, 10)
            rebate = agreement._ka_propose_rebate()
            self.assertEqual((rebate.percent, rebate.amount), (percent, expected))

    def test_computed_approved_settled_once(self):
        agreement = self._ended()
        self._invoice_on(self.contact, 12000, 10)
        self._invoice_on(self.customer, 1000, 5, move_type="out_refund")
        self._invoice_on(self.customer, 50000, 90)  # before the period
        with self.assertRaises(UserError):
            self._agreement(
                kind="strategic",
                rebate_bracket_ids=[Command.create({"threshold": 1, "percent": 1})],
            ).action_propose_rebate()  # the period has not ended
        action = agreement.action_propose_rebate()
        rebate = self.env["bigaccount.rebate"].browse(action["res_id"])
        self.assertEqual((rebate.basis_amount, rebate.percent), (11000, 3))
        self.assertEqual(rebate.amount, 330)
        with self.assertRaises(ValidationError):
            agreement._ka_propose_rebate()  # one rebate per period
        with self.assertRaises(AccessError):
            rebate.with_user(self.ka_user).action_approve()
        with self.assertRaises(AccessError):
            rebate.with_user(self.director).action_settle()  # finance settles
        rebate.with_user(self.director).action_approve()
        rebate.with_user(self.finance).action_settle()
        credit_note = rebate.credit_note_id
        self.assertEqual(credit_note.move_type, "out_refund")
        self.assertEqual(credit_note.state, "posted")
        self.assertEqual(credit_note.amount_total, 330)
        self.assertEqual(credit_note.partner_id, self.customer)
        with self.assertRaises(UserError):
            rebate.with_user(self.finance).action_settle()  # never twice
        self.assertEqual(
            self.env["account.move"].search_count(
                [
                    ("partner_id", "=", self.customer.id),
                    ("move_type", "=", "out_refund"),
                ]
            ),
            2,
        )

    def test_quantity_basis_and_job_once(self):
        agreement = self._ended(
            rebate_basis="quantity",
            rebate_bracket_ids=[Command.create({"threshold": 10, "percent": 5})],
        )
        self._invoice_on(self.contact, 2000, 3, quantity=10)
        Rebate = self.env["bigaccount.rebate"]
        Rebate._cron_propose_rebates()
        Rebate._cron_propose_rebates()
        rebate = Rebate.search([("agreement_id", "=", agreement.id)])
        self.assertEqual(len(rebate), 1)
        self.assertEqual((rebate.basis_quantity, rebate.amount), (10, 100))

    def test_bad_brackets_refused(self):
        agreement = self._agreement()
        for vals in ({"threshold": -1, "percent": 2}, {"threshold": 1, "percent": 0}):
            with self.assertRaises(ValidationError):
                agreement.rebate_bracket_ids = [Command.create(vals)]
        self.assertFalse(agreement.rebate_bracket_ids)
        self.assertFalse(self._ended().rebate_ids)


@tagged("post_install", "-at_install")
class TestAgreementDates(AgreementCase):
    """README, agreements: an agreement applies to orders dated within its
    period; a renewal keeps the running contract in force until its end; a
    letter's price applies from its effective date."""

    def _order_on(self, date):
        """An order dated ``date`` whose price Odoo computes."""
        return (
            self.env["sale.order"]
            .with_user(self.ka_user)
            .create(
                {
                    "partner_id": self.contact.id,
                    "date_order": fields.Datetime.to_datetime(date),
                    "order_line": [Command.create({"product_id": self.product.id})],
                }
            )
        )

    def test_renewal_signed_ahead_and_letters_on_their_dates(self):
        # the contract ends in 20 days at the agreed 350 (list price 100 is
        # irrelevant); a letter sets 330 from day 10
        running = self._agreement(
            date_start=self.today - timedelta(days=345),
            date_end=self.today + timedelta(days=20),
            line_ids=[Command.create({"product_id": self.product.id, "price": 350})],
        )
        running.action_activate()
        self._letter(running, 330, days=10).with_user(self.director).action_confirm()
        renewal = running.action_renew()
        renewal.action_activate()
        self.assertEqual(renewal.date_start, self.today + timedelta(days=21))
        self.assertEqual(renewal.line_ids.price, 330, "the price at the end")
        expected = {
            0: (running, 350),  # today: the running contract, agreed price
            15: (running, 330),  # after the letter's effective date
            25: (renewal, 330),  # the renewal, from its start
        }
        for days, (agreement, price) in expected.items():
            with self.subTest(days=days):
                order = self._order_on(self.today + timedelta(days=days))
                self.assertEqual(order.ka_agreement_id, agreement)
                self.assertEqual(order.order_line.price_unit, price)
        # nor can a quotation of today be put under the renewal by hand
        today_order = self._order_on(self.today)
        with self.assertRaises(ValidationError):
            today_order.ka_agreement_id = renewal
        with self.assertRaises(ValidationError):
            today_order.date_order = fields.Datetime.to_datetime(
                self.today + timedelta(days=25)
            )
        # after its end the running contract is renewed, no longer in force
        running.sudo().date_end = self.today - timedelta(days=1)
        self.env["bigaccount.agreement"]._cron_agreement_states()
        self.assertEqual(running.state, "renewed")
        self.assertFalse(self._order_on(self.today).ka_agreement_id)
