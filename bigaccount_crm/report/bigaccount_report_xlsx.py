# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The abstract Excel workbook writer of the key-account reports,
``bigaccount.report.xlsx``, and what the reports share: the rights and
filter checks, the filters in words and in the report URL, the SQL of the
accounts the filters select, the workbook (formats, controlled-document
header, filters line, notes, table with progress, chart) in
``constant_memory`` or ``in_memory`` mode, and the export now with its log
entry. Shaped like OCA ``report_xlsx`` (one abstract writer, one small
model per report), without depending on it.

A report model inherits the writer and gives ``_ka_columns()`` and
``_ka_table(filters)``; the report is found from its key in
``registry.REPORTS``. A workbook of records (the customer statement, the
weekly visit summary) gives ``_ka_write_workbook`` instead and is written
by ``_ka_xlsx_file``. ``filters`` is a dict with ``date_from``, ``date_to``
(dates) and ``user_ids``, ``tier_ids``, ``company_ids`` (lists of ids,
empty for all)."""

import io
import threading
from contextlib import contextmanager
from datetime import date, timedelta

import xlsxwriter

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from ..models.tools import flush_models
from .registry import REPORT_KEYS, REPORT_MODELS, XLSX_MIMETYPE

# The tier (``tier``) and the manager's name (``manager``) of an account ``p``
ACCOUNT_NAMES_JOIN = SQL(
    """
    LEFT JOIN bigaccount_tier tier ON tier.id = p.ka_tier_id
    LEFT JOIN res_users u ON u.id = p.ka_manager_id
    LEFT JOIN res_partner manager ON manager.id = u.partner_id
    """
)


class BigaccountReportXlsx(models.AbstractModel):
    """The key-account Excel reports' writer.

    A report (``_ka_report``) is a dict: ``columns`` (label, kind, width)
    from ``_ka_columns``, and from ``_ka_table``: ``rows`` (an iterable of
    chunks, each a list of value tuples in column order), ``count`` (the
    number of rows when known beforehand, for the progress shown),
    ``notes`` (label, value lines shown above the table) and optionally
    ``chart``. The figures are aggregated in SQL over the records the user
    may read (record rules apply through ``_search``); ``_ka_write_xlsx``
    writes any of them with xlsxwriter in ``constant_memory`` mode."""

    _name = "bigaccount.report.xlsx"
    _description = "Key-Account Reports"
    # the models a report's queries read: their pending writes are flushed
    # before it runs (rather than every model's)
    _ka_reads = ("res.partner",)

    # ------------------------------------------------------------------
    # Filters and rights
    # ------------------------------------------------------------------
    @api.model
    def _ka_check_export_rights(self):
        """Exports are for directors (``bigaccount.export.log._ka_gate``)."""
        self.env["bigaccount.export.log"]._ka_check_output()

    @api.model
    def _ka_check_filters(self, filters):
        if filters["date_from"] > filters["date_to"]:
            raise UserError(self.env._("The period cannot end before it starts."))
        if filters["date_to"] - filters["date_from"] > timedelta(days=3660):
            raise UserError(self.env._("A report covers ten years at most."))

    @api.model
    def _ka_companies(self, filters):
        allowed = self.env.companies
        if filters["company_ids"]:
            allowed = allowed.filtered(lambda c: c.id in filters["company_ids"])
        return tuple(allowed.ids) or (0,)

    @api.model
    def _ka_account_domain(self, filters, include_ids=None):
        """Domain of the key accounts the filters select."""
        domain = [("ka_is_key_account", "=", True)]
        if include_ids:
            domain = ["|", ("id", "in", include_ids)] + domain
        if filters["user_ids"]:
            domain.append(("ka_manager_id", "in", filters["user_ids"]))
        if filters["tier_ids"]:
            domain.append(("ka_tier_id", "in", filters["tier_ids"]))
        if filters["company_ids"]:
            domain.append(("company_id", "in", filters["company_ids"] + [False]))
        return domain

    @api.model
    def _ka_accounts_sql(self, filters, include_ids=None):
        """Sub-select of the ids of the accounts the filters select, with the
        record rules of the user."""
        partners = self.env["res.partner"]
        return partners._search(
            self._ka_account_domain(filters, include_ids)
        ).subselect()

    @api.model
    def _ka_tier_name_sql(self, alias="tier"):
        lang = self.env.lang or "en_US"
        return SQL(
            "COALESCE(%s->>%s, %s->>'en_US')",
            SQL.identifier(alias, "name"),
            lang,
            SQL.identifier(alias, "name"),
        )

    @api.model
    def _ka_selection_labels(self, model, fname):
        field = self.env[model]._fields[fname]
        return dict(field._description_selection(self.env))

    @api.model
    def _ka_rate(self, part, whole):
        return round(100.0 * part / whole, 1) if whole else 0.0

    @api.model
    def _ka_filters_text(self, filters):
        """The filters in words, for the workbook and the export log."""
        parts = [
            self.env._(
                "Period: %(start)s to %(end)s",
                start=filters["date_from"],
                end=filters["date_to"],
            )
        ]
        for key, model, label in (
            ("user_ids", "res.users", self.env._("Managers")),
            ("tier_ids", "bigaccount.tier", self.env._("Tiers")),
            ("company_ids", "res.company", self.env._("Companies")),
        ):
            if filters[key]:
                names = self.env[model].browse(filters[key]).mapped("display_name")
                parts.append(f"{label}: {', '.join(names)}")
        return "; ".join(parts)

    @api.model
    def _ka_log_params(self, filters, allowed_company_ids):
        """The filters as the export log keeps them (``params``), from which
        ``bigaccount.export.log._ka_filters`` reads them back."""
        return {
            "date_from": fields.Date.to_string(filters["date_from"]),
            "date_to": fields.Date.to_string(filters["date_to"]),
            "user_ids": filters["user_ids"],
            "tier_ids": filters["tier_ids"],
            "company_ids": filters["company_ids"],
            "allowed_company_ids": allowed_company_ids,
        }

    @api.model
    def _ka_url_params(self, filters):
        """The query parameters of the report URL for ``filters`` (the
        reverse of ``_ka_url_filters``), with the companies the user has
        selected in the company switcher."""
        return {
            "date_from": fields.Date.to_string(filters["date_from"]),
            "date_to": fields.Date.to_string(filters["date_to"]),
            **{
                key: ",".join(str(record_id) for record_id in filters[key])
                for key in ("user_ids", "tier_ids", "company_ids")
                if filters[key]
            },
            "allowed_company_ids": ",".join(str(i) for i in self.env.companies.ids),
        }

    @api.model
    def _ka_url_filters(self, params):
        """The filters of a report URL's query parameters; a clear error
        for anything else."""

        def ids(key):
            return [int(value) for value in (params.get(key) or "").split(",") if value]

        try:
            return {
                "date_from": fields.Date.to_date(params["date_from"]),
                "date_to": fields.Date.to_date(params["date_to"]),
                "user_ids": ids("user_ids"),
                "tier_ids": ids("tier_ids"),
                "company_ids": ids("company_ids"),
            }, ids("allowed_company_ids")
        except (KeyError, TypeError, ValueError) as error:
            raise UserError(
                self.env._("The period or the filters of the report are not valid.")
            ) from error

    # ------------------------------------------------------------------
    # The reports by key
    # ------------------------------------------------------------------
    @api.model
    def _ka_report_labels(self):
        """The reports' names in the user's language."""
        wizard = self.env["bigaccount.report.wizard"]
        return dict(wizard._fields["report"]._description_selection(self.env))

    @api.model
    def _ka_report_model(self, key):
        """The model that writes report ``key`` (``registry.REPORTS``)."""
        if key not in REPORT_MODELS:
            raise UserError(self.env._("Unknown report: %(key)s", key=key))
        return self.env[REPORT_MODELS[key]]

    def _ka_title(self):
        """The title of the report ``self`` writes, in the user's language."""
        return self._ka_report_labels()[REPORT_KEYS[self._name]]

    def _ka_columns(self):
        """The report's columns: (label, kind, width); kind is a key of
        ``_ka_formats``."""
        raise NotImplementedError

    def _ka_table(self, filters):
        """The report's ``rows`` in chunks, with optionally ``count``,
        ``notes`` and ``chart`` (see the class)."""
        raise NotImplementedError

    def _ka_expected_rows(self, filters):
        """The number of rows the report will have when counted cheaply
        beforehand (a large report runs in the background), else 0."""
        return 0

    def _ka_report(self, filters):
        """The report for ``filters``: columns, rows, count, notes, chart."""
        self._ka_check_filters(filters)
        flush_models(self.env, self._ka_reads)
        report = {"columns": self._ka_columns(), **self._ka_table(filters)}
        report.setdefault("notes", [])
        report.setdefault("chart", None)
        report.setdefault("count", None)
        return report

    # ------------------------------------------------------------------
    # Workbook
    # ------------------------------------------------------------------
    @api.model
    def _ka_workbook(self, output, constant_memory=True):
        """An xlsxwriter workbook on ``output`` (a path or file object): in
        ``constant_memory`` mode each row is flushed once written (rows in
        order, memory flat), else (``in_memory``) kept until closed."""
        mode = "constant_memory" if constant_memory else "in_memory"
        return xlsxwriter.Workbook(output, {mode: True})

    @api.model
    def _ka_formats(self, book):
        """The cell formats of the workbooks, by column kind and use."""
        return {
            "title": book.add_format({"bold": True, "font_size": 14}),
            "controlled": book.add_format({"bold": True, "font_color": "#C00000"}),
            "head": book.add_format(
                {"bold": True, "bg_color": "#D9E1F2", "border": 1, "text_wrap": True}
            ),
            "text": None,
            "int": book.add_format({"num_format": "#,##0"}),
            "float": book.add_format({"num_format": "0.0"}),
            "money": book.add_format({"num_format": "#,##0.00"}),
            "percent": book.add_format({"num_format": "0.0"}),
            "date": book.add_format({"num_format": "yyyy-mm-dd"}),
            "month": book.add_format({"num_format": "yyyy-mm"}),
            "note": book.add_format({"bold": True}),
        }

    def _ka_xlsx_file(self, objects, constant_memory=False):
        """The workbook of ``objects`` as bytes: ``_ka_write_workbook``
        writes its sheets (OCA ``report_xlsx``'s ``generate_xlsx_report``)."""
        output = io.BytesIO()
        book = self._ka_workbook(output, constant_memory)
        self._ka_write_workbook(book, self._ka_formats(book), objects)
        book.close()
        return output.getvalue()

    def _ka_write_workbook(self, book, formats, objects):
        """Write the sheets of ``objects`` to ``book`` with ``formats``
        (``_ka_formats``)."""
        raise NotImplementedError

    @api.model
    def _ka_write_header(self, sheet, formats, title, filters, valid_until):
        """The first four rows: title, controlled-document mark, filters,
        who exported it and when."""
        sheet.write(0, 0, title, formats["title"])
        sheet.write(
            1,
            0,
            self.env._(
                "Controlled document (受控文件) - valid until %(date)s; "
                "do not copy or pass on.",
                date=valid_until,
            ),
            formats["controlled"],
        )
        sheet.write(2, 0, self._ka_filters_text(filters))
        sheet.write(
            3,
            0,
            self.env._(
                "Exported by %(user)s on %(date)s",
                user=self.env.user.name,
                date=fields.Datetime.context_timestamp(
                    self, fields.Datetime.now()
                ).strftime("%Y-%m-%d %H:%M"),
            ),
        )

    @api.model
    def _ka_write_notes(self, sheet, formats, notes, row):
        """The (label, value) lines from ``row``; returns the row after them
        (and a blank one when there are notes)."""
        for label, value in notes:
            sheet.write(row, 0, label, formats["note"])
            if isinstance(value, date):
                sheet.write_datetime(row, 1, value, formats["date"])
            else:
                sheet.write(row, 1, value)
            row += 1
        if notes:
            row += 1
        return row

    @api.model
    def _ka_write_table(self, sheet, formats, head, columns, chunks, total, progress):
        """The header row at ``head`` (frozen) and the rows under it, chunk
        by chunk, ``progress(done, total)`` after each; returns the number
        of rows written."""
        for col, (label, _kind, _width) in enumerate(columns):
            sheet.write_string(head, col, label, formats["head"])
        sheet.freeze_panes(head + 1, 0)
        cell_formats = [formats[kind] for _label, kind, _width in columns]
        write = sheet.write
        done = 0
        row = head + 1
        for chunk in chunks:
            for values in chunk:
                for col, value in enumerate(values):
                    if value is not None and value is not False:
                        write(row, col, value, cell_formats[col])
                row += 1
            done += len(chunk)
            if progress:
                progress(done, total or done)
        return done

    def _ka_write_xlsx(self, filters, output, valid_until, progress=None):
        """Write the report ``self`` to ``output`` (a path or file object) in
        constant-memory mode; returns the number of rows written.
        ``progress(done, total)`` is called after every chunk."""
        report = self._ka_report(filters)
        columns = report["columns"]
        book = self._ka_workbook(output)
        formats = self._ka_formats(book)
        title = self._ka_title()
        sheet = book.add_worksheet(title[:31])
        for col, (_label, _kind, width) in enumerate(columns):
            sheet.set_column(col, col, width)
        self._ka_write_header(sheet, formats, title, filters, valid_until)
        head = self._ka_write_notes(sheet, formats, report["notes"], 5)
        done = self._ka_write_table(
            sheet, formats, head, columns, report["rows"], report["count"], progress
        )
        if report["chart"] and report["chart"]["rows"]:
            self._ka_add_chart(book, sheet, report["chart"], head, len(columns))
        if not done:
            sheet.write(head + 1, 0, self.env._("No data for these filters."))
        book.close()
        return done

    @api.model
    def _ka_add_chart(self, book, sheet, spec, head, width):
        """Columns (``spec["columns"]``) per category (``spec["categories"]``)
        with a line (``spec["line"]``) on the secondary axis, right of the
        table, over its first ``spec["rows"]`` rows."""
        name = sheet.get_name()
        first, last = head + 1, head + spec["rows"]
        categories = [name, first, spec["categories"], last, spec["categories"]]
        columns = book.add_chart({"type": "column"})
        columns.add_series(
            {
                "name": [name, head, spec["columns"]],
                "categories": categories,
                "values": [name, first, spec["columns"], last, spec["columns"]],
            }
        )
        line = book.add_chart({"type": "line"})
        line.add_series(
            {
                "name": [name, head, spec["line"]],
                "categories": categories,
                "values": [name, first, spec["line"], last, spec["line"]],
                "y2_axis": True,
            }
        )
        columns.combine(line)
        columns.set_title({"name": spec["title"]})
        columns.set_legend({"position": "bottom"})
        columns.set_size({"width": 720, "height": 360})
        sheet.insert_chart(0, width + 1, columns)

    # ------------------------------------------------------------------
    # Export and its log
    # ------------------------------------------------------------------
    @contextmanager
    def _ka_read_only(self):
        """``self`` on a read-only cursor of its own, which Odoo takes from
        the read replica when it has one (``--db_replica_host``); in the
        tests without Odoo's test registry, the current cursor."""
        testing = getattr(threading.current_thread(), "testing", False)
        if testing and not self.env.registry.in_test_mode():
            yield self
            return
        flush_models(self.env, self._ka_reads)
        with self.env.registry.cursor(readonly=True) as cr:
            yield self.with_env(self.env(cr=cr))

    @api.model
    def _ka_log_vals(self, key, filters):
        """What the export log keeps of report ``key`` for ``filters``."""
        return {
            "filters": self._ka_filters_text(filters),
            "report": key,
            "params": self._ka_log_params(filters, self.env.companies.ids),
        }

    @api.model
    def _ka_log_export(self, key, filters, rows, **extra):
        """The export log entry of report ``key`` for ``filters``."""
        return self.env["bigaccount.export.log"]._ka_log(
            "report",
            self._ka_report_labels()[key],
            rows,
            **self._ka_log_vals(key, filters),
            **extra,
        )

    @api.model
    def _ka_export_now(self, report, params):
        """Write ``report`` for the query parameters ``params`` of its URL:
        the data is read on a read-only cursor (the replica when Odoo has
        one), then the export is logged with its file in the request's own
        transaction on the primary. Returns the log's name and the file."""
        labels = self._ka_report_labels()
        if report not in labels:
            raise UserError(self.env._("There is no report %(report)s.", report=report))
        filters, allowed = self._ka_url_filters(params)
        user_companies = self.env.user.company_ids.ids
        allowed = [cid for cid in allowed if cid in user_companies]
        reports = self.with_context(allowed_company_ids=allowed or self.env.company.ids)
        reports._ka_check_filters(filters)
        valid_until = fields.Date.context_today(self) + timedelta(
            days=self.env["res.partner"]._ka_settings()["ka_export_validity_days"]
        )
        with reports.env["bigaccount.export.log"]._ka_gate(
            "report",
            labels[report],
            **reports._ka_log_vals(report, filters),
            state="done",
            progress=100.0,
            valid_until=valid_until,
        ) as out:
            output = io.BytesIO()
            with reports._ka_read_only() as reader:
                out["rows"] = reader._ka_report_model(report)._ka_write_xlsx(
                    filters, output, valid_until
                )
            content = output.getvalue()
        log = out["log"]
        log.attachment_id = (
            self.env["ir.attachment"]
            .sudo()
            .create(
                {
                    "name": f"{log.name}.xlsx",
                    "raw": content,
                    "res_model": log._name,
                    "res_id": log.id,
                    "mimetype": XLSX_MIMETYPE,
                }
            )
        )
        return log.name, content
