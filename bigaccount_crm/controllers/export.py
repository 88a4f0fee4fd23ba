# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Odoo's list export (``/web/export/xlsx|csv``) of key-account data by a
user who may not export it: refused before any record is read, with the
gate's translated message in the web client's error dialog, and one
WARNING line in the server log instead of an ERROR with a traceback."""

import json
import logging

from werkzeug.exceptions import InternalServerError

from odoo import http
from odoo.exceptions import AccessError
from odoo.http import request

from odoo.addons.web.controllers.export import CSVExport, ExcelExport

_logger = logging.getLogger(__name__)


def _ka_refuse_early(data):
    """Raise the web client's error answer when the export described by
    ``data`` (the route's JSON) is key-account data the user may not
    export; nothing when it may go on."""
    try:
        params = json.loads(data)
        model = params["model"]
        names = [field["name"] for field in params["fields"]]
        records = request.env[model]
    except (KeyError, TypeError, ValueError):
        return  # Odoo's own handling answers malformed requests
    if not records._ka_export_controlled(names):
        return
    try:
        request.env["bigaccount.export.log"]._ka_check_output()
    except AccessError as error:
        _logger.warning(
            "List export of %s refused for user %s: %s",
            model,
            request.env.uid,
            error.args[0],
        )
        payload = json.dumps(
            {
                "code": 200,
                "message": "Odoo Server Error",
                "data": http.serialize_exception(error),
            }
        )
        raise InternalServerError(payload) from None


class BigaccountExcelExport(ExcelExport):
    @http.route()
    def web_export_xlsx(self, data):
        _ka_refuse_early(data)
        return super().web_export_xlsx(data)


class BigaccountCSVExport(CSVExport):
    @http.route()
    def web_export_csv(self, data):
        _ka_refuse_early(data)
        return super().web_export_csv(data)
