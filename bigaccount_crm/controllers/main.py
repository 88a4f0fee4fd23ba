# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The Excel report URL ``/bigaccount/report/<key>``."""

import json
import logging

from odoo import http
from odoo.exceptions import AccessError, UserError
from odoo.http import content_disposition, request
from odoo.tools import html_escape

from ..report.registry import XLSX_MIMETYPE

_logger = logging.getLogger(__name__)


class BigaccountReportController(http.Controller):
    @http.route(
        "/bigaccount/report/<string:report>",
        type="http",
        auth="user",
        methods=["GET", "POST"],
    )
    def bigaccount_report(self, report, **params):
        """An Excel report written now: read on a read-only cursor (the
        replica when Odoo has one), logged on the primary afterwards.

        Posted by the web client's download (the report wizard), a refusal
        answers as Odoo's report download does — the error as JSON, which
        the client shows in its error dialog — with one WARNING line."""
        params.pop("csrf_token", None)
        params.pop("token", None)
        try:
            name, content = request.env["bigaccount.report.xlsx"]._ka_export_now(
                report, params
            )
        except (AccessError, UserError) as error:
            if request.httprequest.method != "POST":
                raise
            _logger.warning("Excel report %s refused: %s", report, error)
            answer = {
                "code": 200,
                "message": "Odoo Server Error",
                "data": http.serialize_exception(error),
            }
            return request.make_response(html_escape(json.dumps(answer)))
        return request.make_response(
            content,
            headers=[
                ("Content-Type", XLSX_MIMETYPE),
                ("Content-Disposition", content_disposition(f"{name}.xlsx")),
            ],
        )
