# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models

# Reports that print lists of key accounts: directors only.
DIRECTOR_REPORTS = {"bigaccount_crm.report_ka_roster"}
# Set while a print is under way, once it went through the gate (a PDF is
# rendered from its HTML: one check, one log entry).
GATED = "ka_report_gated"


class IrActionsReport(models.Model):
    """Prints of key-account data, in every form Odoo renders them (PDF,
    HTML, text — the ``/report/<converter>/…`` routes and the print menu):
    one gate checks the rights and logs the print."""

    _inherit = "ir.actions.report"

    def _ka_is_controlled(self, report):
        """Whether ``report`` prints key-account data (the add-on's models,
        or a list of key accounts)."""
        return report.get_external_id().get(
            report.id
        ) in DIRECTOR_REPORTS or report.model.startswith("bigaccount.")

    def _ka_report_gate(self, method, report_ref, res_ids, **kwargs):
        """Render a controlled report through the gate: lists of key accounts
        for directors only (``AccessError`` otherwise), the records read
        with the user's rights, one log entry per print; other reports as
        Odoo renders them.

        :param method: Odoo's renderer of the converter
            (``_render_qweb_pdf|html|text``), called with the report and ids
        """
        report = self._get_report(report_ref)
        if self.env.context.get(GATED) or not self._ka_is_controlled(report):
            return getattr(super(), method)(report_ref, res_ids, **kwargs)
        if isinstance(res_ids, int):
            res_ids = [res_ids]
        with self.env["bigaccount.export.log"]._ka_gate(
            "print",
            report.name,
            director_only=report.get_external_id().get(report.id) in DIRECTOR_REPORTS,
            records=self.env[report.model].browse(res_ids or []),
            model=report.model,
        ) as out:
            gated = super(IrActionsReport, self.with_context(**{GATED: True}))
            result = getattr(gated, method)(report_ref, res_ids, **kwargs)
            out["rows"] = len(res_ids or [])
        return result

    def _render_qweb_pdf(self, report_ref, res_ids=None, data=None):
        return self._ka_report_gate("_render_qweb_pdf", report_ref, res_ids, data=data)

    def _render_qweb_html(self, report_ref, docids, data=None):
        return self._ka_report_gate("_render_qweb_html", report_ref, docids, data=data)

    def _render_qweb_text(self, report_ref, docids, data=None):
        return self._ka_report_gate("_render_qweb_text", report_ref, docids, data=data)
