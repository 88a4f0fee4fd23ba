# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import http
from odoo.http import request

from odoo.addons.web.controllers.report import ReportController

REPORT_PREFIX = "bigaccount_crm."


def _ka_readonly(controller):
    """Odoo renders reports on a read-only cursor; a print of the add-on's
    reports writes its log entry (``ir.actions.report._ka_report_gate``),
    so it gets a read/write one from the start. Other reports keep Odoo's
    read-only cursor (``/report/download`` is read/write already)."""
    return REPORT_PREFIX not in request.httprequest.path


class BigaccountReportRoutes(ReportController):
    @http.route(
        [
            "/report/<converter>/<reportname>",
            "/report/<converter>/<reportname>/<docids>",
        ],
        type="http",
        auth="user",
        website=True,
        readonly=_ka_readonly,
    )
    def report_routes(self, reportname, docids=None, converter=None, **data):
        return super().report_routes(
            reportname, docids=docids, converter=converter, **data
        )
