# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The customer statement's workbook (对账单 as XLSX): the movements of
the period between the opening and closing balances, then the open
items."""

from odoo import models


class StatementReport(models.AbstractModel):
    """One sheet: the statement's customer, period and currency, its
    movements and its open items (``bigaccount.statement._ka_file``)."""

    _name = "report.bigaccount_crm.statement"
    _inherit = "bigaccount.report.xlsx"
    _description = "Customer Statement"

    def _ka_write_workbook(self, book, formats, statement):
        statement.ensure_one()
        types = dict(
            statement.line_ids._fields["move_type"]._description_selection(self.env)
        )
        sheet = book.add_worksheet(self.env._("Statement"))
        bold = formats["note"]
        money = formats["money"]
        date_fmt = formats["date"]
        sheet.set_column(0, 1, 12)
        sheet.set_column(2, 4, 22)
        sheet.set_column(5, 7, 14)
        sheet.write(0, 0, self.env._("Statement %(name)s", name=statement.name), bold)
        for row, (label, value) in enumerate(
            [
                (self.env._("Customer"), statement.partner_id.display_name),
                (self.env._("Period"), f"{statement.date_from} – {statement.date_to}"),
                (self.env._("Currency"), statement.currency_id.name),
            ],
            start=1,
        ):
            sheet.write(row, 0, label, bold)
            sheet.write(row, 2, value)

        def write_line(row, line, amounts):
            sheet.write_datetime(row, 0, line.date, date_fmt)
            if line.date_maturity:
                sheet.write_datetime(row, 1, line.date_maturity, date_fmt)
            sheet.write(row, 2, line.reference or "")
            sheet.write(row, 3, types.get(line.move_type, ""))
            sheet.write(row, 4, line.description or "")
            for col, amount in enumerate(amounts, start=5):
                sheet.write_number(row, col, amount, money)

        head = [
            self.env._("Date"),
            self.env._("Due Date"),
            self.env._("Reference"),
            self.env._("Type"),
        ]
        head.append(self.env._("Customer Reference"))
        row = 5
        sheet.write_row(
            row,
            0,
            head + [self.env._("Debit"), self.env._("Credit"), self.env._("Balance")],
            bold,
        )
        row += 1
        sheet.write(row, 4, self.env._("Opening balance"), bold)
        sheet.write_number(row, 7, statement.opening_balance, money)
        for line in statement.movement_ids:
            row += 1
            write_line(row, line, [line.debit, line.credit, line.balance])
        row += 1
        sheet.write(row, 4, self.env._("Closing balance"), bold)
        totals = [
            statement.total_debit,
            statement.total_credit,
            statement.closing_balance,
        ]
        for col, amount in enumerate(totals, start=5):
            sheet.write_number(row, col, amount, money)
        row += 2
        sheet.write(row, 0, self.env._("Open Items"), bold)
        row += 1
        sheet.write_row(
            row,
            0,
            head
            + [self.env._("Amount"), self.env._("Open"), self.env._("Days Overdue")],
            bold,
        )
        for line in statement.open_item_ids:
            row += 1
            write_line(row, line, [line.debit - line.credit, line.residual])
            sheet.write_number(row, 7, line.days_overdue)
        row += 1
        sheet.write(row, 4, self.env._("Total open"), bold)
        sheet.write_number(row, 6, statement.open_amount, money)
