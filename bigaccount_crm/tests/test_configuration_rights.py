# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import BigaccountCase


@tagged("post_install", "-at_install")
class TestConfigurationRights(BigaccountCase):
    def test_directors_configure_key_account_users_read(self):
        for model, vals in (
            ("bigaccount.assessment.criterion", {"name": "Ties", "weight": 0}),
            ("bigaccount.visitor.class", {"name": "Press", "cost_cap": 10}),
            ("bigaccount.holiday", {"name": "Day", "date": self.today}),
        ):
            record = self.env[model].with_user(self.director).create(vals)
            record.with_user(self.ka_user).check_access("read")
            with self.assertRaises(AccessError):
                self.env[model].with_user(self.ka_user).create(vals)
            with self.assertRaises(AccessError):
                record.with_user(self.ka_user).write({"name": "Changed"})
