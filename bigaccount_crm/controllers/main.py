# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The Excel report URL ``/bigaccount/report/<key>``."""

from odoo import http
from odoo.http import content_disposition, request

from ..report.registry import XLSX_MIMETYPE


class BigaccountReportController(http.Controller):
    @http.route(
        "/bigaccount/report/<string:report>", type="http", auth="user", methods=["GET"]
    )
    def bigaccount_report(self, report, **params):
        """An Excel report written now: read on a read-only cursor (the
        replica when Odoo has one), logged on the primary afterwards."""
        name, content = request.env["bigaccount.report.xlsx"]._ka_export_now(
            report, params
        )
        return request.make_response(
            content,
            headers=[
                ("Content-Type", XLSX_MIMETYPE),
                ("Content-Disposition", content_disposition(f"{name}.xlsx")),
            ],
        )
