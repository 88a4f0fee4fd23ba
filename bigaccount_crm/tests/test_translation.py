# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import io

import openpyxl

from odoo import fields
from odoo.exceptions import ValidationError
from odoo.tests import TransactionCase, tagged

from .common import load_chinese


@tagged("post_install", "-at_install")
class TestChinese(TransactionCase):
    """A user whose language is zh_CN sees the add-on in Chinese."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        load_chinese(cls.env)
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

    def test_workbook_headers(self):
        """A workbook exported by a Chinese-speaking director has Chinese
        titles and headers and the controlled-document mark."""
        director = self.env["res.users"].create(
            {
                "name": "中文总监",
                "login": "zh_director",
                "lang": "zh_CN",
                "groups_id": [(4, self.env.ref("bigaccount_crm.group_ka_director").id)],
            }
        )
        roster = (
            self.env["report.bigaccount_crm.roster"]
            .with_user(director)
            .with_context(lang="zh_CN")
        )
        today = fields.Date.today()
        output = io.BytesIO()
        roster._ka_write_xlsx(
            {
                "date_from": today,
                "date_to": today,
                "user_ids": [],
                "tier_ids": [],
                "company_ids": [],
            },
            output,
            today,
        )
        sheet = openpyxl.load_workbook(io.BytesIO(output.getvalue())).active
        rows = list(sheet.iter_rows(values_only=True))
        self.assertEqual(rows[0][0], "大客户名册")
        self.assertTrue(rows[1][0].startswith("受控文件 - 有效期至"))
        self.assertIn(("客户", "级别", "客户经理"), [row[:3] for row in rows])
