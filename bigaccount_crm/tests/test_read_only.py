# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import io
from unittest.mock import patch

import openpyxl

from odoo.modules.registry import Registry
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger


@tagged("post_install", "-at_install")
class TestReadOnlyRequests(HttpCase):
    """The dashboard and the Excel reports read on a read-only cursor, which
    Odoo takes from the replica when it has one (``--db_replica_host``).
    The test registry makes such a cursor read-only for real (``SET
    TRANSACTION READ ONLY``): a write there fails, and Odoo would retry the
    request on the primary with a warning."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.director = new_test_user(
            cls.env,
            login="replica_director",
            password="replica_director",
            groups="sales_team.group_sale_manager,bigaccount_crm.group_ka_director",
        )
        cls.env["res.partner"].create(
            {
                "name": "Replica Key Account",
                "is_company": True,
                "ka_is_key_account": True,
                "ka_manager_id": cls.director.id,
            }
        )

    def _cursors(self):
        """A spy on the cursors Odoo opens: ``readonly`` of each."""
        return patch.object(
            Registry, "cursor", autospec=True, side_effect=Registry.cursor
        )

    @staticmethod
    def _read_only_cursors(spy):
        return [call for call in spy.call_args_list if call.kwargs.get("readonly")]

    def test_dashboard_on_read_only_cursor(self):
        self.authenticate("replica_director", "replica_director")
        with self._cursors() as spy, self.assertNoLogs("odoo.http", "WARNING"):
            data = self.make_jsonrpc_request(
                "/web/dataset/call_kw/bigaccount.dashboard/get_dashboard_data",
                {
                    "model": "bigaccount.dashboard",
                    "method": "get_dashboard_data",
                    "args": [],
                    "kwargs": {},
                },
            )
        self.assertTrue(data)
        self.assertTrue(self._read_only_cursors(spy))

    def test_report_read_on_read_only_cursor_and_logged(self):
        """The roster is read on a read-only cursor, then logged with its
        file in the request's transaction."""
        Log = self.env["bigaccount.export.log"]
        logs = Log.search_count([])
        self.authenticate("replica_director", "replica_director")
        wizard = (
            self.env["bigaccount.report.wizard"]
            .with_user(self.director)
            .create({"report": "roster"})
        )
        url = wizard.action_export()["params"]["url"]
        with self._cursors() as spy, self.assertNoLogs("odoo.http", "WARNING"):
            response = self.url_open(url, timeout=60)
        self.assertEqual(response.status_code, 200)
        book = openpyxl.load_workbook(io.BytesIO(response.content))
        names = [row[0] for row in book.active.iter_rows(values_only=True)]
        self.assertIn("Replica Key Account", names)
        self.assertTrue(self._read_only_cursors(spy))
        log = Log.search([], limit=1)
        self.assertEqual(Log.search_count([]), logs + 1)
        self.assertEqual(
            (log.user_id, log.state, log.report), (self.director, "done", "roster")
        )
        self.assertEqual(log.attachment_id.raw, response.content)

    @mute_logger("odoo.http")  # the refusal is the expected answer
    def test_report_url_refused_to_non_directors(self):
        user = new_test_user(
            self.env,
            login="replica_user",
            password="replica_user",
            groups="sales_team.group_sale_salesman,bigaccount_crm.group_ka_user",
        )
        self.assertTrue(user)
        Log = self.env["bigaccount.export.log"]
        logs = Log.search_count([])
        self.authenticate("replica_user", "replica_user")
        response = self.url_open(
            "/bigaccount/report/roster?date_from=2026-01-01&date_to=2026-01-31"
        )
        self.assertNotEqual(response.status_code, 200)
        self.assertNotIn(b"PK", response.content[:2])
        self.assertEqual(Log.search_count([]), logs)
