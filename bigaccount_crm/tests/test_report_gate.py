# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Every controlled output of key-account data goes through one gate that
checks the rights and logs it (README, Security): each printed report
through every route Odoo renders reports by (``/report/html|pdf|text/…``),
each Excel report through its URL, the list export of every model."""

import html
import json
from datetime import timedelta
from unittest.mock import patch

from odoo import http
from odoo.exceptions import AccessError
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from odoo.addons.bigaccount_crm.report.registry import REPORTS

from .common import BigaccountCase

CONVERTERS = ("html", "pdf", "text")


@tagged("post_install", "-at_install")
class TestReportGate(BigaccountCase, HttpCase):
    def test_every_report_every_route(self):
        account = self._key_account("Gate account")
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

    def test_every_excel_report_through_its_url(self):
        """Each Excel report of the registry, through its URL: a director
        gets the workbook and one log entry; a key-account user is refused
        before the work, nothing logged."""
        Log = self.env["bigaccount.export.log"]
        period = f"date_from={self.today - timedelta(days=90)}&date_to={self.today}"
        for key, _label, _model in REPORTS:
            for login, allowed in (("ka_director", True), ("ka_user", False)):
                with self.subTest(report=key, user=login):
                    self.authenticate(login, login)
                    before = Log.search_count([("report", "=", key)])
                    with mute_logger("odoo.http"):
                        response = self.url_open(f"/bigaccount/report/{key}?{period}")
                    self.assertEqual(response.status_code == 200, allowed)
                    self.assertEqual(response.content.startswith(b"PK"), allowed)
                    self.assertEqual(
                        Log.search_count([("report", "=", key)]) - before,
                        1 if allowed else 0,
                    )

    def test_excel_report_posted_by_the_wizard_download(self):
        """The wizard's download posts to the report's URL: a director gets
        the workbook; a refused user gets the gate's message as the error
        the web client shows (Odoo's report-download answer) with one
        WARNING line and no ERROR, nothing logged."""
        Log = self.env["bigaccount.export.log"]
        url = (
            f"/bigaccount/report/roster?date_from={self.today - timedelta(days=90)}"
            f"&date_to={self.today}"
        )
        self.authenticate("ka_director", "ka_director")
        response = self.url_open(
            url, data={"csrf_token": http.Request.csrf_token(self)}
        )
        self.assertTrue(response.content.startswith(b"PK"))
        self.authenticate("ka_user", "ka_user")
        before = Log.search_count([])
        with self.assertLogs("odoo.addons.bigaccount_crm.controllers.main") as logs:
            response = self.url_open(
                url, data={"csrf_token": http.Request.csrf_token(self)}
            )
        self.assertEqual(response.status_code, 200)
        error = json.loads(html.unescape(response.text))
        self.assertEqual(error["data"]["name"], "odoo.exceptions.AccessError")
        self.assertIn("director", error["data"]["message"])
        self.assertEqual([record.levelname for record in logs.records], ["WARNING"])
        self.assertEqual(Log.search_count([]), before)

    def test_every_list_export(self):
        """The list export of every model of the add-on goes through the
        same gate: directors only, one log entry each."""
        Log = self.env["bigaccount.export.log"]
        models = [
            name
            for name, model in self.env.registry.items()
            if name.startswith("bigaccount.")
            and not model._abstract
            and not model._transient
        ]
        self.assertGreater(len(models), 40)
        # Odoo's own export right, which a director has as well
        self.director.groups_id |= self.env.ref("base.group_allow_export")
        self.ka_user.groups_id |= self.env.ref("base.group_allow_export")
        for name in models:
            with self.subTest(model=name):
                # the export dialog offers nothing to who may not export
                offered = (
                    self.env[name]
                    .with_user(self.ka_user)
                    .fields_get(attributes=["exportable"])
                )
                self.assertFalse(
                    [f for f, d in offered.items() if d.get("exportable", True)]
                )
                offered = (
                    self.env[name]
                    .with_user(self.director)
                    .fields_get(attributes=["exportable"])
                )
                self.assertTrue(
                    all(d.get("exportable", True) for d in offered.values())
                )
                before = Log.search_count([("model", "=", name)])
                with self.assertRaises(AccessError):
                    self.env[name].with_user(self.ka_user).export_data(["id"])
                self.env[name].with_user(self.director).export_data(["id"])
                self.assertEqual(Log.search_count([("model", "=", name)]) - before, 1)

    def test_list_export_refused_early_and_quietly(self):
        """Odoo's list export of key-account data by a user who may not
        export it: refused before any record is read, the gate's message in
        the error answer, one WARNING and no ERROR in the server log,
        nothing logged as exported; other fields export as before."""
        self.ka_user.groups_id |= self.env.ref("base.group_allow_export")
        account = self._partner("Quiet export account")
        self.authenticate("ka_user", "ka_user")
        Log = self.env["bigaccount.export.log"]
        before = Log.search_count([])

        def export(*fields):
            return self.url_open(
                "/web/export/xlsx",
                data={
                    "data": json.dumps(
                        {
                            "model": "res.partner",
                            "fields": [
                                {"name": name, "label": name} for name in fields
                            ],
                            # by domain: Odoo's export searches the records
                            "ids": False,
                            "domain": [("id", "=", account.id)],
                            "import_compat": False,
                        }
                    ),
                    "csrf_token": http.Request.csrf_token(self),
                },
            )

        with (
            patch.object(type(self.env["res.partner"]), "search") as search,
            self.assertLogs("odoo.addons.bigaccount_crm.controllers.export") as logs,
        ):
            response = export("name", "ka_tier_id")
        search.assert_not_called()
        self.assertEqual(response.status_code, 500)
        self.assertIn("director", response.text)
        self.assertEqual([record.levelname for record in logs.records], ["WARNING"])
        self.assertEqual(Log.search_count([]), before)
        self.assertEqual(export("name").status_code, 200)
