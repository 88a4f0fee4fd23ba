# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from dateutil.relativedelta import relativedelta

from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged

from .common import BigaccountCase


@tagged("post_install", "-at_install")
class TestQualification(BigaccountCase):
    def test_qualifies_at_thresholds(self):
        cases = [
            ({"ka_employee_count": 150}, True),
            ({"ka_employee_count": 149, "ka_office_area": 999.9}, False),
            ({"ka_office_area": 1000}, True),
        ]
        for vals, expected in cases:
            partner = self._partner("Size", **vals)
            self.assertEqual(partner.ka_qualifies, expected, vals)

    def test_ownership_level(self):
        big = self._partner("Big", ka_employee_count=500)
        listed = self._partner(
            "Ministry", ka_employee_count=20, ka_organization_type="government"
        )
        mid = self._partner("Mid", ka_employee_count=200)
        small = self._partner("Small", ka_employee_count=20)
        in_building = self._partner(
            "Tower tenant", ka_employee_count=20, ka_building="Pearl River Tower"
        )
        self.assertEqual(big.ka_level, "department")
        self.assertEqual(in_building.ka_level, "branch")
        self.assertEqual(listed.ka_level, "department")
        self.assertEqual(mid.ka_level, "branch")
        self.assertFalse(small.ka_level)
        mid.with_user(self.director).ka_level_override = "department"
        self.assertEqual(mid.ka_level, "department")
        self.assertEqual(mid.ka_level_proposed, "branch")

    def test_worth_developing(self):
        both = self._partner("Both", ka_employee_count=500, ka_office_area=3000)
        staff_only = self._partner(
            "Staff only", ka_employee_count=800, ka_office_area=2999
        )
        self.assertTrue(both.ka_worth_developing)
        self.assertFalse(staff_only.ka_worth_developing)

    def test_potential_until_first_purchase(self):
        close = self._partner("Close", ka_employee_count=120)  # 80 % of 150
        far = self._partner("Far", ka_employee_count=119)
        self.assertTrue(close.ka_is_potential)
        self.assertFalse(far.ka_is_potential)
        self._invoice(close, 100)
        self._recompute(close)
        self.assertTrue(close.ka_has_bought)
        self.assertFalse(close.ka_is_potential)

    def test_settings_change_recomputes_flags(self):
        partner = self._partner("Hundred", ka_employee_count=100)
        self.assertFalse(partner.ka_qualifies)
        settings = Form(self.env["res.config.settings"])
        settings.ka_qualify_employees = 100
        settings.save().execute()
        self.assertTrue(partner.ka_qualifies)

    def test_negative_size_refused(self):
        partner = self._partner("Sized", ka_employee_count=10)
        with self.assertRaises(ValidationError):
            partner.write({"ka_employee_count": -1})
        partner.invalidate_recordset()
        self.assertEqual(partner.ka_employee_count, 10)

    def test_bad_settings_refused(self):
        for fname, value in [
            ("ka_qualify_employees", -1),
            ("ka_tier_window_months", 0),
            ("ka_potential_percent", 120),
        ]:
            settings = Form(self.env["res.config.settings"])
            setattr(settings, fname, value)
            with self.assertRaises(ValidationError):
                settings.save()
        self.assertEqual(
            self.env["res.partner"]._ka_settings()["ka_qualify_employees"], 150
        )
        self.assertEqual(
            self.env["res.partner"]._ka_settings()["ka_tier_window_months"], 12
        )


@tagged("post_install", "-at_install")
class TestClasses(BigaccountCase):
    def test_quality_needs_good_payment(self):
        self._set_param("quality_threshold", 30000)
        good = self._partner("Good payer")
        late = self._partner("Late payer")
        self._invoice(
            good, 30000, months_ago=2, due=self.today + relativedelta(days=30)
        )
        self._invoice(
            late,
            30000,
            months_ago=3,
            due=self.today - relativedelta(days=40),
        )
        self._recompute(good | late)
        self.assertTrue(good.ka_is_quality)
        self.assertFalse(late.ka_is_quality)
        self.assertIn("Quality", good.ka_class_reasons)

    def test_high_value_single_order(self):
        self._set_param("high_value_threshold", 50000)
        partner = self._partner("Big order")
        order = self._order(partner, 50000)
        self._recompute(partner)
        self.assertFalse(partner.ka_is_high_value, "quotations do not count")
        order.action_confirm()
        self._recompute(partner)
        self.assertTrue(partner.ka_is_high_value)
        self.assertEqual(partner.ka_largest_order_amount, 50000)

    def test_bone_account(self):
        bone = self._partner("Bone")
        # margin 4 %, overdue 100 days
        self._invoice(
            bone,
            10000,
            months_ago=5,
            product=self.costly_product,
            quantity=100,
            due=self.today - relativedelta(days=100),
        )
        slow_but_profitable = self._partner("Slow but profitable")
        self._invoice(
            slow_but_profitable,
            10000,
            months_ago=5,
            due=self.today - relativedelta(days=100),
        )
        self._recompute(bone | slow_but_profitable)
        self.assertEqual(bone.ka_margin_percent, 4)
        self.assertTrue(bone.ka_is_bone)
        self.assertIn("Bone", bone.ka_class_reasons)
        self.assertFalse(slow_but_profitable.ka_is_bone)
        # paid: no longer overdue, no longer a bone account
        self.env["account.payment.register"].with_context(
            active_model="account.move",
            active_ids=bone.invoice_ids.ids,
        ).create({})._create_payments()
        self._recompute(bone)
        self.assertFalse(bone.ka_is_bone)

    def test_group_by_buying_unit(self):
        buyer = self._partner("Buying unit")
        unit = self._partner("Related unit")
        self.assertFalse(unit.ka_is_group)
        unit.ka_buying_unit_id = buyer
        self.assertTrue(unit.ka_is_group)
        self.assertTrue(buyer.ka_is_group)
        with self.assertRaises(ValidationError):
            buyer.ka_buying_unit_id = buyer
        buyer.invalidate_recordset()
        self.assertFalse(buyer.ka_buying_unit_id)

    def test_strategic_by_director(self):
        partner = self._partner("Contested")
        partner.with_user(self.director).write(
            {"ka_is_strategic": True, "ka_strategic_reason": "Industry showcase"}
        )
        self.assertIn("Industry showcase", partner.ka_class_reasons)
