# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Every printed report of key-account data, through every route Odoo
renders reports by (``/report/html|pdf|text/…``): one gate checks the
rights and logs each print (README, Security)."""

from datetime import timedelta

from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .common import BigaccountCase

CONVERTERS = ("html", "pdf", "text")


@tagged("post_install", "-at_install")
class TestReportGate(BigaccountCase, HttpCase):
    def test_every_report_every_route(self):
        account = self._partner("Gate account")
        account.write({"ka_is_key_account": True, "ka_manager_id": self.ka_user.id})
        statement = self.env["bigaccount.statement"].create(
            {
                "partner_id": account.id,
                "date_from": self.today - timedelta(days=30),
                "date_to": self.today,
            }
        )
        Report = self.env["ir.actions.report"]
        reports = Report.search([]).filtered(Report._ka_is_controlled)
        # who may print each report, and what
        cases = {
            "bigaccount_crm.report_ka_roster": (
                account,
                {"ka_director": True, "ka_user": False, "ka_user_other": False},
            ),
            "bigaccount_crm.action_report_bigaccount_statement": (
                statement,
                {"ka_director": True, "ka_user": True, "ka_user_other": False},
            ),
        }
        self.assertEqual(
            set(reports.get_external_id().values()),
            set(cases),
            "every report of key-account data has its case here",
        )
        Log = self.env["bigaccount.export.log"]
        for report in reports:
            document, users = cases[report.get_external_id()[report.id]]
            for converter in CONVERTERS:
                for login, allowed in users.items():
                    with self.subTest(
                        report=report.report_name, converter=converter, user=login
                    ):
                        self.authenticate(login, login)
                        before = Log.search_count([])
                        with mute_logger(
                            "odoo.http", "odoo.addons.base.models.ir_rule"
                        ):
                            response = self.url_open(
                                f"/report/{converter}/{report.report_name}/{document.id}"
                            )
                        self.assertEqual(response.status_code == 200, allowed)
                        if allowed:
                            self.assertIn(
                                document.display_name.split(" ")[0], response.text
                            )
                        self.assertEqual(
                            Log.search_count([]) - before, 1 if allowed else 0
                        )
