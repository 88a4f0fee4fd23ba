# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The Excel report wizard: the report (a key of ``report/registry.py``)
and its filters; opens the report URL or queues a large export."""

from datetime import timedelta

from werkzeug.urls import url_encode

from odoo import api, fields, models

from ..models.tools import download_and_close
from ..report.registry import REPORT_SELECTION

# Reports with more rows than this run in the background, with progress.
BACKGROUND_ROWS = 5000


class BigaccountReportWizard(models.TransientModel):
    """Filters of a key-account Excel report; directors only. The export is
    logged, and the workbook is marked as a controlled document valid for
    the days the settings give."""

    _name = "bigaccount.report.wizard"
    _description = "Key-Account Excel Report"

    report = fields.Selection(REPORT_SELECTION, required=True, default="roster")
    date_from = fields.Date(
        string="From",
        required=True,
        default=lambda self: fields.Date.context_today(self).replace(month=1, day=1),
    )
    date_to = fields.Date(string="To", required=True, default=fields.Date.context_today)
    user_ids = fields.Many2many(
        "res.users",
        string="Account Managers",
        domain=[("share", "=", False)],
        help="Empty: every manager.",
    )
    tier_ids = fields.Many2many(
        "bigaccount.tier", string="Tiers", help="Empty: every tier."
    )
    company_ids = fields.Many2many(
        "res.company",
        string="Companies",
        domain=lambda self: [("id", "in", self.env.companies.ids)],
        help="Empty: the companies selected in the company switcher.",
    )

    @api.model
    def _ka_validity_days(self):
        return self.env["res.partner"]._ka_settings()["ka_export_validity_days"]

    def _ka_filters(self):
        self.ensure_one()
        return {
            "date_from": self.date_from,
            "date_to": self.date_to,
            "user_ids": self.user_ids.ids,
            "tier_ids": self.tier_ids.ids,
            "company_ids": self.company_ids.ids,
        }

    def action_export(self):
        """Export now (the report's URL), or queue the export when it has
        many rows; either way the export log records it."""
        self.ensure_one()
        reports = self.env["bigaccount.report.xlsx"]
        reports._ka_check_export_rights()
        filters = self._ka_filters()
        reports._ka_check_filters(filters)
        count = reports._ka_report_model(self.report)._ka_expected_rows(filters)
        if count <= BACKGROUND_ROWS:
            # written at once by the report's URL, which reads on the replica
            return download_and_close(
                f"/bigaccount/report/{self.report}?"
                + url_encode(reports._ka_url_params(filters))
            )
        log = reports._ka_log_export(
            self.report,
            filters,
            count,
            state="queued",
            valid_until=fields.Date.context_today(self)
            + timedelta(days=self._ka_validity_days()),
        )
        self.env.ref("bigaccount_crm.ir_cron_bigaccount_export")._trigger()
        return {
            "type": "ir.actions.act_window",
            "res_model": log._name,
            "res_id": log.id,
            "view_mode": "form",
            "target": "current",
        }
