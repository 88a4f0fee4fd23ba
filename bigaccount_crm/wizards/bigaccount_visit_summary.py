# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The weekly visit summary wizard: period and managers, the export check
and log; the workbook is written by ``report/visit_summary_report.py``."""

import base64
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..models.tools import download_and_close


class BigaccountVisitSummary(models.TransientModel):
    """Weekly visit summary (周汇总) as an XLSX workbook: one sheet with the
    figures per manager and day, one with every visit and its report."""

    _name = "bigaccount.visit.summary"
    _description = "Weekly Visit Summary"

    date_from = fields.Date(
        string="From", required=True, default=lambda self: self._default_monday()
    )
    date_to = fields.Date(
        string="To",
        required=True,
        default=lambda self: self._default_monday() + timedelta(days=6),
    )
    user_ids = fields.Many2many(
        "res.users", string="Managers", help="Empty: every manager you may see."
    )

    @api.model
    def _default_monday(self):
        today = fields.Date.context_today(self)
        return today - timedelta(days=today.weekday())

    def action_export(self):
        """The workbook, for directors only (customer information leaves the
        system only with their rights); the export is logged."""
        self.ensure_one()
        if self.date_from > self.date_to:
            raise UserError(self.env._("The summary cannot end before it starts."))
        domain = [("date", ">=", self.date_from), ("date", "<=", self.date_to)]
        if self.user_ids:
            domain.append(("user_id", "in", self.user_ids.ids))
        name = self.env._(
            "Visit summary %(start)s to %(end)s",
            start=self.date_from,
            end=self.date_to,
        )
        with self.env["bigaccount.export.log"]._ka_gate(
            "report",
            self.env._("Weekly Visit Summary"),
            model=self._name,
            filters=self.env["bigaccount.report.xlsx"]._ka_filters_text(
                {
                    "date_from": self.date_from,
                    "date_to": self.date_to,
                    "user_ids": self.user_ids.ids,
                    "tier_ids": [],
                    "company_ids": [],
                }
            ),
        ) as out:
            rows = self.env["bigaccount.visit.daily"].search(
                domain, order="user_id, date"
            )
            content = self.env["report.bigaccount_crm.visit_summary"]._ka_xlsx_file(
                rows
            )
            out["rows"] = len(rows)
        attachment = self.env["ir.attachment"].create(
            {
                "name": f"{name}.xlsx",
                "datas": base64.b64encode(content),
                "res_model": self._name,
                "res_id": self.id,
            }
        )
        return download_and_close(f"/web/content/{attachment.id}?download=true")
