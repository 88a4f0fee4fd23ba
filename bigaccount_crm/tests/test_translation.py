# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.exceptions import ValidationError
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestChinese(TransactionCase):
    """A user whose language is zh_CN sees the add-on in Chinese."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.env["ir.module.module"]._load_module_terms(
            ["bigaccount_crm"], ["zh_CN"], overwrite=True
        )
        cls.env_zh = cls.env(context=dict(cls.env.context, lang="zh_CN"))

    def test_tiers_menus_and_fields(self):
        tier = self.env_zh.ref("bigaccount_crm.tier_diamond")
        self.assertEqual(tier.name, "钻石")
        self.assertEqual(self.env_zh.ref("bigaccount_crm.tier_platinum").name, "白金")
        menu = self.env_zh.ref("bigaccount_crm.menu_bigaccount_root")
        self.assertEqual(menu.name, "大客户")
        description = self.env_zh["res.partner"].fields_get(["ka_tier_id"])
        self.assertEqual(description["ka_tier_id"]["string"], "级别")

    def test_error_message(self):
        with self.assertRaisesRegex(ValidationError, "不能为负数"):
            self.env_zh["res.partner"].create({"name": "负数", "ka_employee_count": -5})
