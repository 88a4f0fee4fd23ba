# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, models

# Reports that print lists of key accounts: directors only.
DIRECTOR_REPORTS = {"bigaccount_crm.report_ka_roster"}


class Base(models.AbstractModel):
    """Odoo's list "Export" of key-account data: directors only, logged."""

    _inherit = "base"

    @api.model
    def _ka_export_controlled(self, fields_to_export):
        """Key-account data: the add-on's own records, or any ``ka_`` field
        (on a partner, an order...) along the exported paths."""
        if self._name.startswith("bigaccount."):
            return True
        return any(
            part.startswith("ka_")
            for path in fields_to_export
            for part in path.split("/")
        )

    @api.model
    def fields_get(self, allfields=None, attributes=None):
        """Key-account fields are not offered to the list export of users
        who may not export them: refused before the work, not after."""
        res = super().fields_get(allfields=allfields, attributes=attributes)
        if (
            (attributes is None or "exportable" in attributes)
            and not self.env.su
            and not self.env.user.has_group("bigaccount_crm.group_ka_manager")
        ):
            for fname, description in res.items():
                if fname.startswith("ka_"):
                    description["exportable"] = False
        return res

    def export_data(self, fields_to_export):
        if not self._ka_export_controlled(fields_to_export):
            return super().export_data(fields_to_export)
        self.env["bigaccount.report"]._ka_check_export_rights()
        result = super().export_data(fields_to_export)
        self.env["bigaccount.export.log"]._ka_log(
            "export",
            self.env._(
                "%(model)s list export",
                model=self.env["ir.model"]._get(self._name).name,
            ),
            len(self),
            model=self._name,
            filters=", ".join(fields_to_export),
        )
        return result


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
