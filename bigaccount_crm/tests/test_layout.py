# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import os
from collections import Counter

from lxml import etree

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

    def test_one_inheriting_view_per_parent_view(self):
        """What the add-on adds to one of Odoo's screens is in one view."""
        extensions = self.env["ir.ui.view"].search(
            [("inherit_id", "!=", False), ("mode", "=", "extension")]
        )
        ours = extensions.filtered(
            lambda view: view.xml_id.startswith("bigaccount_crm.")
        )
        self.assertGreater(len(ours), 10)
        per_parent = Counter(view.inherit_id.xml_id for view in ours)
        self.assertEqual(
            {parent: count for parent, count in per_parent.items() if count > 1}, {}
        )

    def test_every_embedded_list_has_a_title(self):
        """Every list embedded in a form of the add-on has a heading: a
        separator or label just before it, or it opens its own tab."""
        views = self.env["ir.ui.view"].search(
            [
                ("type", "=", "form"),
                ("model_data_id.module", "=", "bigaccount_crm"),
            ]
        )
        self.assertGreater(len(views), 20)
        untitled = []
        for view in views:
            arch = etree.fromstring(view.arch_db)
            for field in arch.iter("field"):
                if field.find("list") is None:
                    continue
                before = field.getprevious()
                while before is not None and not isinstance(before.tag, str):
                    before = before.getprevious()  # a comment
                opens_tab = before is None and field.getparent().tag == "page"
                if not opens_tab and (
                    before is None or before.tag not in ("separator", "label")
                ):
                    untitled.append(f"{view.xml_id}: {field.get('name')}")
        self.assertEqual(untitled, [])
