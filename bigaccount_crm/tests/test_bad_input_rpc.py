# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Wrong types through the web client's path (``call_kw`` as JSON-RPC), on
the write and create paths of every model of the add-on, table-driven from
the registry: a clear, translated error and nothing changed; no database
error or traceback reaches the user."""

import json

from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from ..models.bigaccount_security import CONFIDENTIAL

# a wrong value for each field type
BAD_VALUES = {
    "selection": "extreme",
    "date": "31/12/2027",
    "datetime": "next Tuesday",
    "integer": 10**10,
    "float": "a lot",
    "monetary": "a lot",
    "many2one": "Some Name",
}
USER_ERRORS = (
    "odoo.exceptions.UserError",
    "odoo.exceptions.ValidationError",
    "odoo.exceptions.AccessError",
)


@tagged("post_install", "-at_install")
class TestBadInputRpc(HttpCase):
    def _call(self, model, method, args):
        response = self.url_open(
            "/web/dataset/call_kw",
            data=json.dumps(
                {
                    "jsonrpc": "2.0",
                    "method": "call",
                    "params": {
                        "model": model,
                        "method": method,
                        "args": args,
                        "kwargs": {"context": {"lang": "en_US"}},
                    },
                }
            ),
            headers={"Content-Type": "application/json"},
        )
        return response.json()

    def _field_of(self, model, kind):
        """A field of type ``kind`` that a user writes on ``model``."""
        for fname, field in model._fields.items():
            if (
                field.type == kind
                and field.store
                and not field.readonly
                and not field.compute
                and not field.related
                and fname not in ("state", "company_id")
                and fname not in getattr(model, "_ka_workflow_fields", ())
                and not (kind == "selection" and callable(field.selection))
            ):
                return fname
        return None

    def test_wrong_types_on_every_model(self):
        self.authenticate("admin", "admin")
        checked = 0
        for name in CONFIDENTIAL:
            model = self.env[name]
            if model._auto is False:
                continue  # SQL views
            record = model.sudo().search([], limit=1)
            for kind, value in BAD_VALUES.items():
                fname = self._field_of(model, kind)
                if not fname:
                    continue
                calls = [("create", [{fname: value}])]
                if record:
                    calls.append(("write", [record.ids, {fname: value}]))
                for method, args in calls:
                    with self.subTest(model=name, field=fname, method=method):
                        before = model.sudo().search_count([])
                        stored = record.read([fname])[0][fname] if record else None
                        with mute_logger("odoo.http"):
                            answer = self._call(name, method, args)
                        self.assertIn("error", answer)
                        error = answer["error"]["data"]
                        self.assertIn(error["name"], USER_ERRORS, error["message"])
                        self.assertNotIn("psycopg", error["message"])
                        self.env.invalidate_all()
                        self.assertEqual(model.sudo().search_count([]), before)
                        if record and method == "write":
                            self.assertEqual(record.read([fname])[0][fname], stored)
                        checked += 1
        self.assertGreater(checked, 100)

    @mute_logger("odoo.http")
    def test_the_issue_s_examples_get_a_clear_message(self):
        self.authenticate("admin", "admin")
        complaint = self.env["bigaccount.complaint"].search(
            [("state", "not in", ("closed", "cancelled"))], limit=1
        )
        answer = self._call(
            "bigaccount.complaint", "write", [complaint.ids, {"severity": "extreme"}]
        )
        self.assertEqual(answer["error"]["data"]["name"], "odoo.exceptions.UserError")
        self.assertIn("Severity", answer["error"]["data"]["message"])
        self.assertIn("not one of the choices", answer["error"]["data"]["message"])
        partner = self.env["res.partner"].search([("is_company", "=", True)], limit=1)
        answer = self._call(
            "res.partner", "write", [partner.ids, {"ka_employee_count": 10**10}]
        )
        self.assertIn("too large", answer["error"]["data"]["message"])
        answer = self._call(
            "bigaccount.nomination",
            "create",
            [{"partner_id": partner.name, "reason": "x"}],
        )
        self.assertIn("not a record", answer["error"]["data"]["message"])
