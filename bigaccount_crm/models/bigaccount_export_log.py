# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The export log of key-account data, and the background run of queued
Excel reports from it."""

import logging
import os
import tempfile
import threading
from contextlib import contextmanager
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

from ..report.registry import REPORT_SELECTION, XLSX_MIMETYPE

_logger = logging.getLogger(__name__)

# A running export that has not written progress for this long lost its worker.
STALE_AFTER = timedelta(hours=2)


class BigaccountExportLog(models.Model):
    """Every export and print of key-account data (受控文件): who, when,
    which report, the filters and the number of rows. An Excel report also
    runs from its log entry: large ones in the background, with progress."""

    _name = "bigaccount.export.log"
    _check_company_auto = True
    _description = "Key-Account Export Log"
    _order = "date desc, id desc"

    name = fields.Char(string="Report", required=True, readonly=True)
    kind = fields.Selection(
        [
            ("report", "Excel report"),
            ("export", "List export"),
            ("print", "Print"),
        ],
        required=True,
        readonly=True,
        index=True,
    )
    report = fields.Selection(REPORT_SELECTION, string="Excel Report", readonly=True)
    model = fields.Char(string="Model", readonly=True)
    user_id = fields.Many2one(
        "res.users",
        string="User",
        required=True,
        readonly=True,
        index=True,
        default=lambda self: self.env.user,
    )
    date = fields.Datetime(
        required=True, readonly=True, index=True, default=fields.Datetime.now
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        readonly=True,
        index=True,
        default=lambda self: self.env.company,
    )
    filters = fields.Text(readonly=True)
    row_count = fields.Integer(string="Rows", readonly=True)
    valid_until = fields.Date(
        string="Valid Until",
        readonly=True,
        help="The controlled document is valid until this date.",
    )
    state = fields.Selection(
        [
            ("queued", "Queued"),
            ("running", "Running"),
            ("done", "Done"),
            ("failed", "Failed"),
        ],
        default="done",
        required=True,
        readonly=True,
        index=True,
    )
    progress = fields.Float(string="Progress (%)", readonly=True, digits=(5, 1))
    error = fields.Text(readonly=True)
    attachment_id = fields.Many2one("ir.attachment", string="File", readonly=True)
    params = fields.Json(string="Parameters", readonly=True)

    # ------------------------------------------------------------------
    # The gate of every controlled output
    # ------------------------------------------------------------------
    @api.model
    def _ka_check_output(self, director_only=True, records=None):
        """The rights a controlled output needs: a key-account director's
        for lists of key accounts and every export (``director_only``), and
        read access to the ``records`` it prints. Raises ``AccessError``."""
        if director_only and not self.env.user.has_group(
            "bigaccount_crm.group_ka_director"
        ):
            raise AccessError(
                self.env._(
                    "Key-account data leaves the system only with a key-account "
                    "director's rights (customer information is confidential)."
                )
            )
        if records:
            records.check_access("read")

    @contextmanager
    def _ka_gate(self, kind, name, director_only=True, records=None, **log_vals):
        """The one gate of every controlled output — prints (PDF, HTML,
        text), Excel reports and workbooks, list exports: checks the rights
        (``_ka_check_output``), lets the caller produce the output, then
        logs it once. The caller sets ``out["rows"]`` (rows written); after
        the block ``out["log"]`` is the log entry. Nothing is logged when
        the output fails.

        :param kind: ``print``, ``report`` or ``export``
        :param name: what was output, as the log shows it
        """
        self._ka_check_output(director_only=director_only, records=records)
        out = {"rows": 0}
        yield out
        out["log"] = self._ka_log(kind, name, out["rows"], **log_vals)

    @api.model
    def _ka_log(self, kind, name, rows, model=False, filters=False, **extra):
        """Write a log entry for an export or print that happened."""
        return self.sudo().create(
            {
                "kind": kind,
                "name": name,
                "row_count": rows,
                "model": model,
                "filters": filters,
                "user_id": self.env.uid,
                "company_id": self.env.company.id,
                **extra,
            }
        )

    # ------------------------------------------------------------------
    # Excel reports
    # ------------------------------------------------------------------
    def _ka_filters(self):
        params = self.params or {}
        return {
            "date_from": fields.Date.to_date(params["date_from"]),
            "date_to": fields.Date.to_date(params["date_to"]),
            "user_ids": params.get("user_ids") or [],
            "tier_ids": params.get("tier_ids") or [],
            "company_ids": params.get("company_ids") or [],
        }

    @contextmanager
    def _ka_transaction(self, separate):
        """``self`` in a short transaction of its own (committed at once,
        so that the user and other workers see it) when ``separate``, else
        in the current one. A background export writes the log only this
        way: its long read transaction then never updates a row that changed
        since it started."""
        if not separate:
            yield self
            return
        with self.env.registry.cursor() as cr:
            yield self.with_env(self.env(cr=cr))

    def _ka_run(self, separate=False):
        """Write the workbook of the claimed report ``self`` as its user and
        attach it; the progress goes to the log after every chunk."""
        self.ensure_one()
        log = self.sudo()
        user = log.user_id
        env = self.env(
            user=user,
            context=dict(
                self.env.context,
                lang=user.lang,
                tz=user.tz,
                allowed_company_ids=(log.params or {}).get("allowed_company_ids")
                or user.company_ids.ids,
            ),
        )
        reports = env["bigaccount.report.xlsx"]
        reports._ka_check_export_rights()
        report = reports._ka_report_model(log.report)

        def progress(done, total):
            with log._ka_transaction(separate) as current:
                current.progress = min(100.0, 100.0 * done / total) if total else 100.0

        handle, path = tempfile.mkstemp(suffix=".xlsx", prefix="bigaccount-")
        os.close(handle)
        try:
            rows = report._ka_write_xlsx(
                log._ka_filters(), path, log.valid_until, progress
            )
            with open(path, "rb") as stream:
                content = stream.read()
        finally:
            os.unlink(path)
        with log._ka_transaction(separate) as current:
            attachment = current.env["ir.attachment"].create(
                {
                    "name": f"{current.name}.xlsx",
                    "raw": content,
                    "res_model": self._name,
                    "res_id": current.id,
                    "mimetype": XLSX_MIMETYPE,
                }
            )
            current.write(
                {
                    "state": "done",
                    "progress": 100.0,
                    "row_count": rows,
                    "attachment_id": attachment.id,
                }
            )
        return rows

    @api.model
    def _cron_run_exports(self):
        """Run the oldest queued Excel report; the scheduler calls again
        while others wait (Odoo 18 cron progress). The report is claimed in
        a transaction of its own, so that two workers never run the same."""
        separate = not getattr(threading.current_thread(), "testing", False)
        self._ka_fail_stale_exports()
        with self.sudo()._ka_transaction(separate) as current:
            # SQL: SKIP LOCKED claims a queued export for one worker only
            current.env.cr.execute(
                SQL(
                    """
                    UPDATE bigaccount_export_log SET state = 'running'
                     WHERE id = (SELECT id FROM bigaccount_export_log
                                  WHERE state = 'queued'
                                  ORDER BY id
                                  LIMIT 1
                                    FOR UPDATE SKIP LOCKED)
                    RETURNING id
                    """
                )
            )
            claimed = current.env.cr.fetchone()
        if not claimed:
            return
        log = self.sudo().browse(claimed[0])
        log.invalidate_recordset(["state"])
        try:
            log._ka_run(separate=separate)
        except Exception as error:
            if not separate:
                raise
            _logger.warning("Key-account export %s failed: %s", log.id, error)
            with log._ka_transaction(separate) as current:
                current.write({"state": "failed", "error": str(error)})
        remaining = self.sudo().search_count([("state", "=", "queued")])
        self.env["ir.cron"]._notify_progress(done=1, remaining=remaining)

    @api.model
    def _ka_fail_stale_exports(self):
        """A running export writes its progress after every chunk; one that
        has not moved for ``STALE_AFTER`` lost its worker (killed, restarted):
        mark it failed so that the user runs it again."""
        stale = self.sudo().search(
            [
                ("state", "=", "running"),
                ("write_date", "<", fields.Datetime.now() - STALE_AFTER),
            ]
        )
        stale.write(
            {
                "state": "failed",
                "error": self.env._(
                    "The export stopped before it finished (its worker ended); "
                    "run it again."
                ),
            }
        )
        return stale

    def action_download(self):
        self.ensure_one()
        if self.state != "done" or not self.attachment_id:
            raise UserError(self.env._("The file is not ready yet."))
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{self.attachment_id.id}?download=true",
            "target": "self",
        }

    def action_refresh(self):
        """Reload the form to show the progress."""
        return True
