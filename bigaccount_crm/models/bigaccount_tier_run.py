# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import logging

from odoo import api, fields, models

from .tools import cron_step

_logger = logging.getLogger(__name__)

# Partners per batch of the tier job (committed by the scheduler): one
# aggregate each. Each aggregate has fixed costs (scans of the partners and
# of the open receivables, planning): on 100,000 partners, batches of
# 10,000 cost 1.39 times one aggregate of all, of 25,000 1.15 times, of
# 50,000 1.09 times (docs/benchmarks.md); 25,000 keeps a batch's
# transaction to a few seconds.
TIER_BATCH_SIZE = 25000


class BigaccountTierRun(models.Model):
    """One run of the tier job, and where it stands.

    The job handles one batch of commercial partners per call and records
    the last partner handled here; the scheduler commits after each call, so
    a run that is killed resumes after its last committed batch.
    """

    _name = "bigaccount.tier.run"
    _description = "Key-Account Tier Job Run"
    _order = "id desc"

    date_start = fields.Datetime(
        string="Started", required=True, default=fields.Datetime.now
    )
    date_end = fields.Datetime(string="Finished")
    state = fields.Selection(
        [("running", "Running"), ("done", "Done")],
        required=True,
        default="running",
        index=True,
    )
    last_partner_id = fields.Integer(
        string="Last Partner Handled",
        help="Database id of the last commercial partner of the last "
        "committed batch; the next batch starts after it.",
    )
    partner_count = fields.Integer(string="Partners Handled")
    changed_count = fields.Integer(string="Partners Changed")
    batch_count = fields.Integer(string="Batches")

    @api.model
    def _ka_run_step(self, batch_size=TIER_BATCH_SIZE):
        """Handle the next batch of the current run (starting one if none is
        open). Returns ``(done, remaining)``: partners handled by this
        call, partners left."""
        Run = self.sudo()
        run = Run.search([("state", "=", "running")], limit=1)
        if not run:
            run = Run.create({})
        Partner = self.env["res.partner"].sudo().with_context(active_test=False)
        domain = Partner._ka_tier_job_domain()
        batch = Partner.search(
            domain + [("id", ">", run.last_partner_id)],
            order="id",
            limit=batch_size,
        )
        changed = batch._ka_recompute_tier_batch(run=run)
        remaining = (
            Partner.search_count(domain + [("id", ">", batch[-1:].id)]) if batch else 0
        )
        run.write(run._prepare_progress_vals(batch, changed, remaining))
        # Free the memory of the batch before the next one.
        self.env.invalidate_all()
        return len(batch), remaining

    def _prepare_progress_vals(self, batch, changed, remaining):
        """What the run records after handling ``batch`` (partners), of
        which ``changed`` changed, with ``remaining`` partners left."""
        self.ensure_one()
        return {
            "last_partner_id": batch[-1:].id or self.last_partner_id,
            "partner_count": self.partner_count + len(batch),
            "changed_count": self.changed_count + changed,
            "batch_count": self.batch_count + (1 if batch else 0),
            "state": "running" if remaining else "done",
            "date_end": False if remaining else fields.Datetime.now(),
        }

    @api.model
    def _cron_run(self, batch_size=TIER_BATCH_SIZE):
        """Nightly tier job: one batch per call; the scheduler commits and
        calls again while partners remain (Odoo 18 cron progress)."""
        result = cron_step(
            self.env,
            "bigaccount_crm.ir_cron_recompute_tiers",
            lambda: self._ka_run_step(batch_size=batch_size),
        )
        if result is None:
            return
        done, remaining = result
        self.env["ir.cron"]._notify_progress(done=done, remaining=remaining)
        _logger.info(
            "Key-account tiers: %s partners done, %s remaining", done, remaining
        )

    @api.model
    def _ka_run_all(self, batch_size=TIER_BATCH_SIZE):
        """Run the whole tier job in this transaction (demo data, tests,
        benchmarks)."""
        remaining = True
        while remaining:
            _done, remaining = self._ka_run_step(batch_size=batch_size)
