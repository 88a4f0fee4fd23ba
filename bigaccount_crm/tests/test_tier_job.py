# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import logging
from unittest.mock import patch

from psycopg2.errors import SerializationFailure

from odoo import fields
from odoo.tests import tagged

from .common import BigaccountCase

_logger = logging.getLogger(__name__)
RES_PARTNER_TIER = "odoo.addons.bigaccount_crm.models.res_partner_tier"


@tagged("post_install", "-at_install")
class TestTierJob(BigaccountCase):
    @classmethod
    def _customers(cls, count, prefix):
        partners = cls.env["res.partner"].create(
            [{"name": f"{prefix} {i}", "is_company": True} for i in range(count)]
        )
        # a spread of figures so that every tier and "no tier" occur
        amounts = [36000, 12000, 6000, 600]
        cls._post_invoices(
            [
                cls._invoice_vals(partner, amounts[i % 4], months_ago=1)
                for i, partner in enumerate(partners)
            ]
        )
        return partners

    def test_batch_query_count_independent_of_size(self):
        """A batch costs the same queries whatever its size and the history
        of its customers."""
        self._count_queries(self._customers(1, "Warm-up")._ka_recompute_tier_batch)
        small = self._customers(10, "Small batch")
        large = self._customers(200, "Large batch")
        long_history = self._customers(10, "Long history")
        self._post_invoices(
            [
                self._invoice_vals(partner, 100, months_ago=months)
                for partner in long_history
                for months in range(2, 12)
            ]
        )
        small_first, changed_small = self._count_queries(small._ka_recompute_tier_batch)
        large_first, changed_large = self._count_queries(large._ka_recompute_tier_batch)
        history_first, _changed = self._count_queries(
            long_history._ka_recompute_tier_batch
        )
        self.assertEqual(changed_small, 10)
        self.assertEqual(changed_large, 200)
        self.assertEqual(large_first, small_first)
        self.assertEqual(history_first, small_first)
        self.assertLessEqual(small_first, 25)
        small_again, _changed = self._count_queries(small._ka_recompute_tier_batch)
        large_again, _changed = self._count_queries(large._ka_recompute_tier_batch)
        _logger.info(
            "Tier batch queries: first run %s (10 partners) / %s (200 partners), "
            "second run %s / %s",
            small_first,
            large_first,
            small_again,
            large_again,
        )
        self.assertEqual(small_again, large_again)
        self.assertLessEqual(large_again, 11)
        self.assertEqual(
            len(large.filtered(lambda p: p.ka_tier_id == self.diamond)), 50
        )

    def test_batch_written_in_chunks(self):
        """A batch larger than a chunk is written chunk by chunk, with the
        cache cleared between chunks, to the same result."""
        partners = self._customers(10, "Chunked")
        chunks = []
        original = type(partners)._ka_store_tier_figures

        def recorded(records, *args):
            chunks.append(len(records))
            return original(records, *args)

        with (
            patch(f"{RES_PARTNER_TIER}.TIER_CHUNK_SIZE", 4),
            patch.object(type(partners), "_ka_store_tier_figures", recorded),
            patch.object(
                type(self.env),
                "invalidate_all",
                autospec=True,
                side_effect=type(self.env).invalidate_all,
            ) as invalidate_all,
        ):
            changed = partners._ka_recompute_tier_batch()
        self.assertEqual(chunks, [4, 4, 2])
        self.assertEqual(invalidate_all.call_count, 2)
        self.assertEqual(changed, 10)
        tiers = [self.diamond, self.platinum, self.vip, self.env["bigaccount.tier"]]
        self.assertEqual(
            [partner.ka_tier_id for partner in partners],
            [tiers[i % 4] for i in range(10)],
        )
        self.assertEqual(len(partners.ka_tier_history_ids), 8)

    def test_job_goes_on_after_a_concurrent_change(self):
        """On the cron worker, a batch that meets a row a user's transaction
        changed is undone without an error and the job triggered again a
        few seconds later; it then goes on."""
        Partner = self.env["res.partner"]
        self.env["bigaccount.tier.run"].search([]).state = "done"
        cron = self.env.ref("bigaccount_crm.ir_cron_recompute_tiers")
        Trigger = self.env["ir.cron.trigger"]
        Trigger.search([("cron_id", "=", cron.id)]).unlink()
        partners = self._customers(2, "After conflict")

        def conflict(records, batch_size=None):
            records.env.cr.execute(
                "UPDATE res_partner SET ref = 'x' WHERE id = %s", [partners[0].id]
            )
            raise SerializationFailure("could not serialize access")

        Run = self.env["bigaccount.tier.run"]
        with patch.object(type(Run), "_ka_run_step", conflict):
            Partner._cron_recompute_tiers()
        self.assertFalse(partners[0].ref)  # the batch was undone
        trigger = Trigger.search([("cron_id", "=", cron.id)])
        self.assertEqual(len(trigger), 1)
        self.assertGreater(trigger.call_at, fields.Datetime.now())
        Run._ka_run_all()
        self.assertEqual(partners.ka_tier_id, self.diamond | self.platinum)

    def test_job_steps_resume_after_last_batch(self):
        partners = self._customers(5, "Job")
        Run = self.env["bigaccount.tier.run"]
        Run.search([]).state = "done"
        # start a run and stop it after its first batch, as a killed job would
        done, remaining = Run._ka_run_step(batch_size=3)
        run = Run.search([("state", "=", "running")])
        self.assertEqual(done, 3)
        self.assertTrue(remaining)
        self.assertEqual(run.batch_count, 1)
        first_last = run.last_partner_id
        # the next call continues after the last partner of that batch
        done, remaining = Run._ka_run_step(batch_size=remaining + 10)
        self.assertEqual(remaining, 0)
        self.assertEqual(run.state, "done")
        self.assertEqual(run.batch_count, 2)
        self.assertGreater(run.last_partner_id, first_last)
        self.assertEqual(run.partner_count, 3 + done)
        self.assertEqual(
            partners.mapped("ka_tier_id"), self.diamond | self.platinum | self.vip
        )
        self.assertEqual(
            set(partners.ka_tier_history_ids.mapped("run_id").ids), {run.id}
        )

    def test_killed_run_resumes_with_the_same_result(self):
        """A run killed in its second batch (the first one committed) goes on
        after the first batch, without redoing it, and ends as a run that
        was never interrupted."""
        partners = self._customers(6, "Killed")
        Partner = self.env["res.partner"]
        Run = self.env["bigaccount.tier.run"]
        Run.search([]).state = "done"
        with self.env.cr.savepoint() as savepoint:
            Run._ka_run_all(batch_size=2)
            expected = [(p.id, p.ka_tier_id.id) for p in partners]
            expected_history = [
                (h.partner_id.id, h.new_tier_id.id)
                for h in partners.ka_tier_history_ids.sorted("partner_id")
            ]
            savepoint.rollback()
        self.env.invalidate_all()
        self.assertFalse(partners.ka_tier_id)

        original = type(Partner)._ka_recompute_tier_batch
        calls = []

        def recorded(records, run=None):
            calls.append(records.ids)
            if len(calls) == 2 and killing:
                raise RuntimeError("worker killed")
            return original(records, run=run)

        killing = True
        with patch.object(type(Partner), "_ka_recompute_tier_batch", recorded):
            with self.env.cr.savepoint():  # the first batch commits
                Run._ka_run_step(batch_size=2)
            with self.assertRaises(RuntimeError), self.env.cr.savepoint():
                Run._ka_run_step(batch_size=2)
            self.env.invalidate_all()
            run = Run.search([("state", "=", "running")])
            self.assertEqual(run.batch_count, 1)
            first_batch = calls[0]
            killing = False
            del calls[:]
            Run._ka_run_all(batch_size=2)
        redone = {pid for batch in calls for pid in batch} & set(first_batch)
        self.assertFalse(redone)
        self.assertEqual(run.state, "done")
        self.assertEqual(run.batch_count, 1 + len([batch for batch in calls if batch]))
        self.assertEqual([(p.id, p.ka_tier_id.id) for p in partners], expected)
        self.assertEqual(
            [
                (h.partner_id.id, h.new_tier_id.id)
                for h in partners.ka_tier_history_ids.sorted("partner_id")
            ],
            expected_history,
        )

    def test_cron_reports_progress(self):
        partners = self._customers(2, "Cron")
        self.env["bigaccount.tier.run"].search([]).state = "done"
        cron = self.env.ref("bigaccount_crm.ir_cron_recompute_tiers")
        cron.method_direct_trigger()
        progress = self.env["ir.cron.progress"].search(
            [("cron_id", "=", cron.id)], order="id desc", limit=1
        )
        self.assertEqual(progress.remaining, 0)
        self.assertGreaterEqual(progress.done, 2)
        self.assertEqual(partners[0].ka_tier_id, self.diamond)
