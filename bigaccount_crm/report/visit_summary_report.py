# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The weekly visit summary's workbook (周汇总 as XLSX): the daily visit
reports' figures per manager and day, and every visit with its report."""

from odoo import models

# The figures of ``bigaccount.visit.daily`` in the summary, in this order
COUNT_FIELDS = (
    "visit_count",
    "account_count",
    "onsite_count",
    "phone_count",
    "reception_count",
    "callback_count",
    "reported_count",
)


class VisitSummaryReport(models.AbstractModel):
    """Two sheets for ``bigaccount.visit.summary``: the figures of the
    daily visit reports with their total, and the visits of those days."""

    _name = "report.bigaccount_crm.visit_summary"
    _inherit = "bigaccount.report.xlsx"
    _description = "Weekly Visit Summary"

    def _ka_write_workbook(self, book, formats, rows):
        bold = formats["note"]
        money = formats["money"]
        date_fmt = formats["date"]
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
