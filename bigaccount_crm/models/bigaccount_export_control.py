# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models

# Reports that print lists of key accounts: directors only.
DIRECTOR_REPORTS = {"bigaccount_crm.report_ka_roster"}


class IrActionsReport(models.Model):
    """Prints of key-account data: logged; lists of key accounts are for
    directors only."""

    _inherit = "ir.actions.report"

    def _render_qweb_pdf(self, report_ref, res_ids=None, data=None):
        report = self._get_report(report_ref)
        director_only = report.get_external_id().get(report.id) in DIRECTOR_REPORTS
        if not (director_only or report.model.startswith("bigaccount.")):
            return super()._render_qweb_pdf(report_ref, res_ids=res_ids, data=data)
        if director_only:
            self.env["bigaccount.report"]._ka_check_export_rights()
        result = super()._render_qweb_pdf(report_ref, res_ids=res_ids, data=data)
        if isinstance(res_ids, int):
            res_ids = [res_ids]
        self.env["bigaccount.export.log"]._ka_log(
            "print", report.name, len(res_ids or []), model=report.model
        )
        return result
