# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import base64
import io
from datetime import timedelta

import xlsxwriter

from odoo import api, fields, models
from odoo.exceptions import UserError

COUNT_FIELDS = (
    "visit_count",
    "account_count",
    "onsite_count",
    "phone_count",
    "reception_count",
    "callback_count",
    "reported_count",
)


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
        self.env["bigaccount.report.xlsx"]._ka_check_export_rights()
        if self.date_from > self.date_to:
            raise UserError(self.env._("The summary cannot end before it starts."))
        domain = [("date", ">=", self.date_from), ("date", "<=", self.date_to)]
        if self.user_ids:
            domain.append(("user_id", "in", self.user_ids.ids))
        rows = self.env["bigaccount.visit.daily"].search(domain, order="user_id, date")
        content = self._xlsx(rows)
        name = self.env._(
            "Visit summary %(start)s to %(end)s",
            start=self.date_from,
            end=self.date_to,
        )
        self.env["bigaccount.export.log"]._ka_log(
            "report",
            self.env._("Weekly Visit Summary"),
            len(rows),
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
        )
        attachment = self.env["ir.attachment"].create(
            {
                "name": f"{name}.xlsx",
                "datas": base64.b64encode(content),
                "res_model": self._name,
                "res_id": self.id,
            }
        )
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{attachment.id}?download=true",
            "target": "self",
        }

    def _xlsx(self, rows):
        output = io.BytesIO()
        book = xlsxwriter.Workbook(output, {"in_memory": True})
        bold = book.add_format({"bold": True})
        money = book.add_format({"num_format": "#,##0.00"})
        date_fmt = book.add_format({"num_format": "yyyy-mm-dd"})
        sheet = book.add_worksheet(self.env._("Summary"))
        sheet.set_column(0, 1, 16)
        sheet.set_column(2, 9, 12)
        daily = self.env["bigaccount.visit.daily"]
        heads = [self.env._("Manager"), self.env._("Date")]
        heads += [
            daily._fields[fname].get_description(self.env)["string"]
            for fname in COUNT_FIELDS
        ]
        heads.append(self.env._("Cost"))
        sheet.write_row(0, 0, heads, bold)
        for index, row in enumerate(rows, start=1):
            sheet.write(index, 0, row.user_id.name)
            sheet.write_datetime(index, 1, row.date, date_fmt)
            for col, fname in enumerate(COUNT_FIELDS, start=2):
                sheet.write_number(index, col, row[fname])
            sheet.write_number(index, 9, row.cost_total, money)
        total_row = len(rows) + 1
        sheet.write(total_row, 0, self.env._("Total"), bold)
        for col, fname in enumerate(COUNT_FIELDS, start=2):
            sheet.write_number(total_row, col, sum(rows.mapped(fname)), bold)
        sheet.write_number(total_row, 9, sum(rows.mapped("cost_total")), money)

        details = book.add_worksheet(self.env._("Visits"))
        details.set_column(0, 3, 16)
        details.set_column(4, 7, 40)
        visit_model = self.env["bigaccount.visit"]
        kinds = dict(visit_model._fields["kind"]._description_selection(self.env))
        states = dict(visit_model._fields["state"]._description_selection(self.env))
        details.write_row(
            0,
            0,
            [
                self.env._("Manager"),
                self.env._("Date"),
                self.env._("Customer"),
                self.env._("Kind"),
                self.env._("Key Points"),
                self.env._("Needs and Objections"),
                self.env._("Next Steps"),
                self.env._("Status"),
            ],
            bold,
        )
        line = 0
        for row in rows:
            for visit in row.visit_ids:
                line += 1
                details.write(line, 0, visit.user_id.name)
                details.write_datetime(line, 1, row.date, date_fmt)
                details.write(line, 2, visit.partner_id.display_name)
                details.write(line, 3, kinds[visit.kind])
                details.write(line, 4, visit.report_key_points or "")
                details.write(line, 5, visit.report_needs or "")
                details.write(line, 6, visit.report_next_steps or "")
                details.write(line, 7, states[visit.state])
        book.close()
        return output.getvalue()
