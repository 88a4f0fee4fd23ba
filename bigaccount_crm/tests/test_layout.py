# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import os

from odoo.modules.module import get_module_path
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestLayout(TransactionCase):
    """A newcomer finds a model in the file named after it (README, *Where
    each rule lives*): every model the add-on defines, from the registry."""

    def test_one_file_named_after_each_model(self):
        root = get_module_path("bigaccount_crm")
        models = (
            self.env["ir.model"]
            .search([])
            .filtered(lambda model: model.modules == "bigaccount_crm")
        )
        self.assertGreater(len(models), 40)
        for model in models:
            # an Excel report is report.bigaccount_crm.<key> (report_xlsx's
            # naming), in report/<key>_report.py
            prefix = "report.bigaccount_crm."
            name = (
                model.model.removeprefix(prefix) + "_report.py"
                if model.model.startswith(prefix)
                else model.model.replace(".", "_") + ".py"
            )
            with self.subTest(model=model.model):
                self.assertTrue(
                    any(
                        os.path.isfile(os.path.join(root, folder, name))
                        for folder in ("models", "report", "wizards")
                    ),
                    f"{model.model} has no file {name}",
                )
