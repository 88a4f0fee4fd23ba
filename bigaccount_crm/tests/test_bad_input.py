# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import re
from datetime import timedelta

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import BigaccountCase, load_chinese

CHINESE = re.compile(r"[\u4e00-\u9fff]")


@tagged("post_install", "-at_install")
class TestBadInput(BigaccountCase):
    """Negative amounts and dates out of order, on the create and write
    paths: a clear error in the user's language (zh_CN here), and nothing
    changed."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        load_chinese(cls.env)
        cls.account = cls._partner(
            "Bad input account", ka_is_key_account=True, ka_manager_id=cls.ka_user.id
        )
        cls.agreement = cls.env["bigaccount.agreement"].create(
            {
                "partner_id": cls.account.id,
                "date_start": cls.today,
                "date_end": cls.today + timedelta(days=364),
                "target_amount": 1000,
            }
        )
        cls.target = cls.env["bigaccount.target"].create({"user_id": cls.ka_user.id})

    def _refused(self, model, vals, record=None):
        """Creating (or writing ``vals`` on ``record``) fails with a message
        in Chinese, and the table is as before."""
        Model = self.env[model].with_context(lang="zh_CN")
        count = Model.search_count([])
        before = record.read(list(vals))[0] if record else None
        with self.assertRaises(UserError) as caught:
            with self.env.cr.savepoint():
                if record:
                    record.with_context(lang="zh_CN").write(vals)
                else:
                    Model.create(vals)
                self.env.flush_all()
        message = str(caught.exception)
        self.assertRegex(message, CHINESE, f"{model}: {message}")
        self.env.invalidate_all()
        self.assertEqual(Model.search_count([]), count)
        if record:
            self.assertEqual(record.read(list(vals))[0], before)

    def test_dates_out_of_order(self):
        yesterday = self.today - timedelta(days=1)
        self._refused(
            "bigaccount.target",
            {"user_id": self.ka_user.id, "date_from": self.today, "date_to": yesterday},
        )
        self._refused(
            "bigaccount.target",
            {"date_to": self.target.date_from - timedelta(days=1)},
            self.target,
        )
        self._refused(
            "bigaccount.agreement",
            {
                "partner_id": self.account.id,
                "date_start": self.today,
                "date_end": yesterday,
            },
        )
        self._refused(
            "bigaccount.agreement",
            {"date_end": self.agreement.date_start - timedelta(days=1)},
            self.agreement,
        )
        self._refused(
            "bigaccount.trial",
            {
                "name": "Trial",
                "product_id": self.product.id,
                "date_start": self.today,
                "date_end": yesterday,
            },
        )

    def test_negative_amounts(self):
        self._refused("bigaccount.target", {"target_visits": -3}, self.target)
        self._refused("bigaccount.agreement", {"target_amount": -1}, self.agreement)
        self._refused(
            "bigaccount.rebate.bracket",
            {"agreement_id": self.agreement.id, "threshold": -1, "percent": 5},
        )
        self._refused("bigaccount.visitor.class", {"name": "Guests", "cost_cap": -10})
        self._refused("res.partner", {"ka_employee_count": -5}, self.account)
        self._refused("res.partner", {"name": "Negative", "ka_office_area": -1})

    def test_report_period_out_of_order(self):
        wizard = (
            self.env["bigaccount.report.wizard"]
            .with_user(self.director)
            .with_context(lang="zh_CN")
            .create(
                {
                    "report": "churn",
                    "date_from": self.today,
                    "date_to": self.today - timedelta(days=1),
                }
            )
        )
        logs = self.env["bigaccount.export.log"].search_count([])
        with self.assertRaisesRegex(UserError, CHINESE):
            wizard.action_export()
        self.assertEqual(self.env["bigaccount.export.log"].search_count([]), logs)
