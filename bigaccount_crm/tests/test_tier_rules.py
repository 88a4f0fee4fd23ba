# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from collections import namedtuple
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from odoo.exceptions import ValidationError
from odoo.tests import BaseCase, Form, tagged

from odoo.addons.bigaccount_crm.models.res_partner_tier import TIER_COLUMNS
from odoo.addons.bigaccount_crm.models.tier_rules import NO_FIGURES, tier_values

from .common import BigaccountCase


@tagged("post_install", "-at_install")
class TestTierBasis(BigaccountCase):
    """How the tier basis is computed and which tier it gives."""

    def test_tier_boundaries(self):
        # average monthly gross profit over 12 months: amount / 12
        cases = [
            (36000.00, self.diamond),  # exactly 3,000 a month
            (35999.88, self.platinum),  # 2,999.99
            (12000.00, self.platinum),  # 1,000
            (11999.88, self.vip),  # 999.99
            (6000.00, self.vip),  # 500
            (5999.88, self.env["bigaccount.tier"]),  # 499.99: no tier
        ]
        partners = self.env["res.partner"]
        for index, (amount, _tier) in enumerate(cases):
            partner = self._partner(f"Boundary {index}")
            self._invoice(partner, amount, months_ago=1)
            partners |= partner
        self._recompute(partners)
        for partner, (amount, tier) in zip(partners, cases, strict=True):
            self.assertEqual(partner.ka_tier_id, tier, f"{amount} / 12")
            self.assertAlmostEqual(partner.ka_tier_basis, amount / 12, places=2)

    def test_invoices_outside_window_ignored(self):
        partner = self._partner("Old customer")
        self._invoice(partner, 36000, months_ago=13)
        self._invoice(partner, 6000, months_ago=11)
        self._recompute(partner)
        self.assertEqual(partner.ka_tier_basis, 500)
        self.assertEqual(partner.ka_tier_id, self.vip)
        # the old invoice still counts in the cumulative figure
        self.assertEqual(partner.ka_invoiced_total, 42000)

    def test_window_setting(self):
        partner = self._partner("Six months")
        self._invoice(partner, 18000, months_ago=2)
        self._set_param("tier_window_months", 6)
        self._recompute(partner)
        self.assertEqual(partner.ka_tier_basis, 3000)
        self.assertEqual(partner.ka_tier_id, self.diamond)

    def test_draft_and_cancelled_invoices_ignored(self):
        partner = self._partner("Drafts")
        self.env["account.move"].create(self._invoice_vals(partner, 36000))
        cancelled = self._invoice(partner, 36000)
        cancelled.button_draft()
        cancelled.button_cancel()
        self._recompute(partner)
        self.assertFalse(partner.ka_tier_id)
        self.assertEqual(partner.ka_tier_basis, 0)

    def test_refunds_subtract(self):
        partner = self._partner("Refunded")
        self._invoice(partner, 36000, months_ago=2)
        self._invoice(partner, 12000, months_ago=1, move_type="out_refund")
        self._recompute(partner)
        self.assertEqual(partner.ka_tier_basis, 2000)
        self.assertEqual(partner.ka_tier_id, self.platinum)

    def test_cost_from_product_and_contact_invoices(self):
        partner = self._partner("Costly")
        contact = self.env["res.partner"].create(
            {"name": "Buyer", "parent_id": partner.id}
        )
        # 100 units at 120 with a product cost of 96: profit 2,400
        self._invoice(
            contact, 12000, months_ago=1, product=self.costly_product, quantity=100
        )
        self._recompute(partner)
        self.assertEqual(partner.ka_tier_basis, 200)
        self.assertEqual(partner.ka_margin_percent, 20)

    def test_cost_from_sale_line(self):
        partner = self._partner("Ordered")
        order = self._order(partner, 600, product=self.costly_product, quantity=100)
        # the order's cost wins over the product's cost (96)
        order.order_line.purchase_price = 480
        order.action_confirm()
        order.order_line.qty_delivered = 100
        invoice = order._create_invoices()
        invoice.invoice_date = self.today
        invoice.action_post()
        self._recompute(partner)
        # (600 - 480) * 100 / 12
        self.assertEqual(partner.ka_tier_basis, 1000)
        self.assertEqual(partner.ka_tier_id, self.platinum)
        self.assertEqual(partner.ka_largest_order_amount, 60000)

    def test_group_sum(self):
        parent = self._partner("Group head office")
        subsidiary = self._partner("Group subsidiary", parent_id=parent.id)
        grandchild = self._partner("Group sub-subsidiary", parent_id=subsidiary.id)
        self._invoice(parent, 6000, months_ago=1)
        self._invoice(subsidiary, 4800, months_ago=1)
        self._invoice(grandchild, 1200, months_ago=1)
        partners = parent | subsidiary | grandchild
        self._recompute(partners)
        self.assertEqual(parent.ka_tier_basis_own, 500)
        self.assertEqual(parent.ka_tier_basis, 1000)
        self.assertEqual(parent.ka_tier_id, self.platinum)
        self.assertEqual(subsidiary.ka_tier_basis, 500)
        self.assertEqual(subsidiary.ka_tier_id, self.vip)
        self.assertEqual(grandchild.ka_tier_basis, 100)
        self.assertFalse(grandchild.ka_tier_id)
        self.assertTrue(parent.ka_is_group)
        self.assertTrue(subsidiary.ka_is_group)

    def test_history_rows_and_tracking(self):
        partner = self._partner("Tracked")
        self._invoice(partner, 6000, months_ago=1)
        self._recompute(partner)
        self._invoice(partner, 30000, months_ago=1)
        self._recompute(partner)
        history = partner.ka_tier_history_ids.sorted("id")
        self.assertEqual(len(history), 2)
        self.assertEqual(history[0].new_tier_id, self.vip)
        self.assertFalse(history[0].old_tier_id)
        self.assertEqual(history[1].old_tier_id, self.vip)
        self.assertEqual(history[1].new_tier_id, self.diamond)
        self.assertEqual(history[1].basis, 3000)
        self.assertEqual(history[1].source, "job")
        self.assertEqual(partner.ka_tier_date, self.today)
        tracking = self.env["mail.tracking.value"].search(
            [
                ("mail_message_id.model", "=", "res.partner"),
                ("mail_message_id.res_id", "=", partner.id),
            ]
        )
        self.assertEqual(len(tracking), 2)
        self.assertEqual(
            set(tracking.mapped("new_value_char")),
            {self.vip.name, self.diamond.name},
        )

    def test_second_run_writes_nothing(self):
        partners = self._partner("Stable 1") | self._partner("Stable 2")
        self._invoice(partners[0], 36000, months_ago=1)
        self._invoice(partners[1], 600, months_ago=1)
        self.assertEqual(self._recompute(partners), 2)
        self.env.flush_all()
        self.env.cr.execute(
            "SELECT id, write_date FROM res_partner WHERE id IN %s",
            [tuple(partners.ids)],
        )
        before = dict(self.env.cr.fetchall())
        messages = self.env["mail.message"].search_count([])
        history = self.env["bigaccount.tier.history"].search_count([])
        self.assertEqual(self._recompute(partners), 0)
        self.env.flush_all()
        self.env.cr.execute(
            "SELECT id, write_date FROM res_partner WHERE id IN %s",
            [tuple(partners.ids)],
        )
        self.assertEqual(dict(self.env.cr.fetchall()), before)
        self.assertEqual(self.env["mail.message"].search_count([]), messages)
        self.assertEqual(self.env["bigaccount.tier.history"].search_count([]), history)


@tagged("post_install", "-at_install")
class TestTierPin(BigaccountCase):
    def _pin(self, partner, tier, until, reason="Negotiating a framework contract"):
        wizard = Form(
            self.env["bigaccount.tier.pin.wizard"]
            .with_user(self.director)
            .with_context(default_partner_id=partner.id)
        )
        wizard.tier_id = tier
        wizard.date_until = until
        wizard.reason = reason
        return wizard.save().action_pin()

    def test_pin_and_expiry(self):
        partner = self._partner("Pinned")
        self._invoice(partner, 6000, months_ago=1)
        self._recompute(partner)
        self.assertEqual(partner.ka_tier_id, self.vip)
        self._pin(partner, self.diamond, self.today)
        self.assertEqual(partner.ka_tier_id, self.diamond)
        self.assertEqual(partner.ka_tier_pin_until, self.today)
        pin_row = partner.ka_tier_history_ids.filtered(lambda h: h.source == "pin")
        self.assertEqual(pin_row.old_tier_id, self.vip)
        self.assertEqual(pin_row.new_tier_id, self.diamond)
        self.assertEqual(pin_row.user_id, self.director)
        self.assertTrue(pin_row.reason)
        # pinned partners keep their tier while the pin lasts
        self._invoice(partner, 12000, months_ago=1)
        self._recompute(partner)
        self.assertEqual(partner.ka_tier_id, self.diamond)
        self.assertEqual(partner.ka_tier_basis, 1500)
        # after the end date the job takes over again and clears the pin
        partner.sudo().ka_tier_pin_until = self.today - relativedelta(days=1)
        self._recompute(partner)
        self.assertEqual(partner.ka_tier_id, self.platinum)
        self.assertFalse(partner.ka_tier_pin_until)
        self.assertFalse(partner.ka_tier_pin_reason)

    def test_job_keeps_pin_reason_text(self):
        """The job writes its figures with the pin in one statement: a reason
        with quotes, commas, braces, backslashes and Chinese comes back as
        it was."""
        partner = self._partner("Pinned text")
        reason = '框架合同 "A", {B} \\ C, NULL'
        self._pin(partner, self.diamond, self.today, reason=reason)
        self._invoice(partner, 6000, months_ago=1)
        self._recompute(partner)
        self.assertEqual(partner.ka_tier_basis, 500)
        self.assertEqual(partner.ka_tier_pin_reason, reason)
        self.assertEqual(partner.ka_tier_id, self.diamond)

    def test_pin_in_the_past_refused(self):
        partner = self._partner("Late pin")
        with self.assertRaises(ValidationError):
            self._pin(partner, self.diamond, self.today - relativedelta(days=1))
        self.assertFalse(partner.ka_tier_id)
        self.assertFalse(partner.ka_tier_history_ids)

    def test_pin_without_reason_refused(self):
        partner = self._partner("No reason")
        with self.assertRaises(ValidationError):
            partner.sudo().write(
                {"ka_tier_pin_until": self.today, "ka_tier_pin_reason": False}
            )
        self.assertFalse(partner.ka_tier_pin_until)

    def test_unpin(self):
        partner = self._partner("Unpinned")
        self._invoice(partner, 6000, months_ago=1)
        self._pin(partner, self.diamond, self.today)
        partner.with_user(self.director).action_ka_unpin_tier()
        self.assertFalse(partner.ka_tier_pin_until)
        self.assertEqual(partner.ka_tier_id, self.vip)


@tagged("post_install", "-at_install")
class TestTierConfiguration(BigaccountCase):
    def test_negative_threshold_refused(self):
        with self.assertRaises(ValidationError):
            self.vip.with_user(self.director).min_monthly_profit = -1
        self.vip.invalidate_recordset()
        self.assertEqual(self.vip.min_monthly_profit, 500)

    def test_overlapping_threshold_refused(self):
        with self.assertRaises(ValidationError):
            self.env["bigaccount.tier"].with_user(self.director).create(
                {"name": "Gold", "min_monthly_profit": 1000}
            )
        self.assertFalse(self.env["bigaccount.tier"].search([("name", "=", "Gold")]))
        with self.assertRaises(ValidationError):
            self.vip.with_user(self.director).min_monthly_profit = 3000
        self.vip.invalidate_recordset()
        self.assertEqual(self.vip.min_monthly_profit, 500)

    def test_bad_service_standard_refused(self):
        with self.assertRaises(ValidationError):
            self.vip.with_user(self.director).max_discount = 120
        with self.assertRaises(ValidationError):
            self.vip.with_user(self.director).visit_interval_days = -5
        self.vip.invalidate_recordset()
        self.assertEqual(self.vip.max_discount, 5)
        self.assertEqual(self.vip.visit_interval_days, 60)

    def test_new_tier_is_used(self):
        gold = (
            self.env["bigaccount.tier"]
            .with_user(self.director)
            .create({"name": "Gold", "min_monthly_profit": 2000})
        )
        partner = self._partner("Gold customer")
        self._invoice(partner, 24000, months_ago=1)
        self._recompute(partner)
        self.assertEqual(partner.ka_tier_id, gold)
        self.assertEqual(gold.partner_count, 1)


@tagged("post_install", "-at_install")
class TestTierValues(BaseCase):
    """The pure rule from one customer's figures to its tier and classes
    (README, *How the tier is computed*), without a database."""

    Tier = namedtuple("Tier", "id name")
    GOLD, SILVER = Tier(2, "Gold"), Tier(1, "Silver")
    # a tier is reached above its minimum less half a cent
    TIERS = [(5000 - 0.005, GOLD), (1000 - 0.005, SILVER)]
    CFG = {
        "ka_good_payment_days": 30,
        "ka_quality_threshold": 100000.0,
        "ka_high_value_threshold": 20000.0,
        "ka_bone_overdue_days": 90,
        "ka_bone_margin_percent": 5.0,
    }
    TODAY = date(2026, 6, 30)

    def _current(self, **values):
        current = dict.fromkeys(fname for fname, _type in TIER_COLUMNS)
        current.update(values)
        return current

    def _figures(self, **values):
        return NO_FIGURES._replace(**values)

    def _values(self, figures, current=None, referrer=False):
        return tier_values(
            figures,
            current or self._current(),
            referrer,
            False,
            self.CFG,
            self.TIERS,
            self.TODAY,
        )

    def test_tier_from_the_monthly_gross_profit(self):
        self.assertEqual(self._values(self._figures(basis=5000))["ka_tier_id"], 2)
        self.assertEqual(self._values(self._figures(basis=4999.99))["ka_tier_id"], 1)
        self.assertIsNone(self._values(self._figures(basis=999.99))["ka_tier_id"])
        row = self._values(self._figures(basis=1000), self._current(ka_tier_id=2))
        self.assertEqual((row["ka_tier_id"], row["ka_tier_date"]), (1, self.TODAY))

    def test_pinned_tier_stays_until_its_pin_ends(self):
        pinned = self._current(
            ka_tier_id=2, ka_tier_pin_until=self.TODAY, ka_tier_pin_reason="Deal"
        )
        row = self._values(self._figures(basis=0), pinned)
        self.assertEqual(row["ka_tier_id"], 2)
        expired = dict(pinned, ka_tier_pin_until=self.TODAY - timedelta(days=1))
        row = self._values(self._figures(basis=0), expired)
        self.assertIsNone(row["ka_tier_id"])
        self.assertIsNone(row["ka_tier_pin_until"])
        self.assertIsNone(row["ka_tier_pin_reason"])

    def test_classes(self):
        late = self.TODAY - timedelta(days=31)
        quality = self._figures(invoiced=100000, largest=20000)
        row = self._values(quality)
        self.assertTrue(row["ka_is_quality"] and row["ka_is_high_value"])
        # paid late: neither, whatever the amounts
        row = self._values(quality._replace(oldest_due=late))
        self.assertFalse(row["ka_is_quality"] or row["ka_is_high_value"])
        # a referral that bought makes a quality account
        self.assertTrue(self._values(self._figures(), referrer=True)["ka_is_quality"])
        # bone: overdue 90 days and more, and a margin below 5 %
        bone = self._figures(
            oldest_due=self.TODAY - timedelta(days=90), revenue=100, margin=4.99
        )
        self.assertTrue(self._values(bone)["ka_is_bone"])
        self.assertFalse(self._values(bone._replace(margin=5))["ka_is_bone"])
        self.assertFalse(
            self._values(bone._replace(oldest_due=self.TODAY - timedelta(days=89)))[
                "ka_is_bone"
            ]
        )
