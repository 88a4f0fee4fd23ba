# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import timedelta

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import BigaccountCase, load_chinese


@tagged("post_install", "-at_install")
class TestHealth(BigaccountCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.account = cls._key_account(
            "Health account",
            ka_last_visit_date=cls.today - timedelta(days=10),
            ka_next_visit_date=cls.today + timedelta(days=20),
        )

    def _health(self, partners=None):
        (partners or self.account)._ka_compute_health_batch()
        return partners or self.account

    def test_healthy_account(self):
        self._invoice(self.account, 1000, months_ago=13)
        self._invoice(self.account, 1000)
        account = self._health()
        self.assertEqual(
            (
                account.ka_health_revenue,
                account.ka_health_visits,
                account.ka_health_complaints,
                account.ka_health_receivables,
                account.ka_health_services,
            ),
            (100, 100, 100, 100, 100),
        )
        self.assertEqual(account.ka_health_score, 100, "satisfaction unknown: left out")
        self.assertFalse(account.ka_at_risk)
        self.assertFalse(account.ka_health_reasons)

    def test_reasons_count_in_the_singular_and_the_plural(self):
        """A count of one reads in the singular, any other in the plural
        ("1 open complaint", "2 open complaints"), in every reason."""
        reason = self.account._ka_health_reason
        self.assertEqual(
            reason("complaints", {"open": 1, "overdue": 1}),
            "1 open complaint; 1 past its deadline.",
        )
        self.assertEqual(
            reason("complaints", {"open": 2, "overdue": 0}),
            "2 open complaints; 0 past their deadline.",
        )
        self.assertEqual(
            reason("visit_overdue", {"days": 1}), "Visit overdue by 1 day."
        )
        self.assertEqual(
            reason("receivables", {"days": 1}), "Invoices overdue for 1 day."
        )
        self.assertEqual(
            reason("services", {"count": 1}), "1 entitled service missed this year."
        )
        self.assertEqual(
            reason("services", {"count": 3}), "3 entitled services missed this year."
        )

    def test_components_at_their_edges(self):
        self._invoice(self.account, 1000, months_ago=13)
        self._invoice(self.account, 400)
        self.account.sudo().write(
            {
                "ka_next_visit_date": self.today - timedelta(days=15),
                "ka_oldest_overdue_date": self.today - timedelta(days=90),
            }
        )
        account = self._health()
        self.assertEqual(account.ka_health_revenue, 40)
        self.assertEqual(account.ka_health_visits, 50)  # 15 of 30 days late
        self.assertEqual(account.ka_health_receivables, 0)  # 90 days
        self.assertIn("Visit overdue by 15 days", account.ka_health_reasons)
        # stored as codes and figures, written in the reader's language (the
        # job ran in English)
        load_chinese(self.env)
        chinese = account.with_context(lang="zh_CN").ka_health_reasons
        self.assertIn("15", chinese)
        self.assertNotIn("Visit overdue", chinese)
        self.assertIn("400", account.ka_health_reasons)
        self.account.sudo().write(
            {
                "ka_next_visit_date": self.today - timedelta(days=30),
                "ka_oldest_overdue_date": self.today - timedelta(days=45),
            }
        )
        account = self._health()
        self.assertEqual(account.ka_health_visits, 0)
        self.assertEqual(account.ka_health_receivables, 50)
        # weights 25/20/15/15/10 of the known components
        expected = round((40 * 25 + 0 + 100 * 15 + 50 * 15 + 100 * 10) / 85)
        self.assertEqual(account.ka_health_score, expected)

    def test_at_risk_reminder_once(self):
        self.account.sudo().ka_last_visit_date = False
        account = self._health()  # no revenue, never visited
        self.assertTrue(account.ka_at_risk)
        self._health()
        # on a visit to plan, which the account team reads; not on the
        # customer, which every user reads
        reminders = self.env["mail.activity"].search(
            [
                ("res_model", "=", "bigaccount.visit"),
                (
                    "activity_type_id",
                    "=",
                    self.env.ref("bigaccount_crm.mail_activity_type_at_risk").id,
                ),
            ]
        )
        reminders = reminders.filtered(
            lambda a: (
                self.env["bigaccount.visit"].browse(a.res_id).partner_id == account
            )
        )
        self.assertEqual(len(reminders), 1)
        self.assertEqual(reminders.user_id, self.ka_user)
        self.assertFalse(account.activity_ids)
        self.assertIn(
            account,
            self.env["res.partner"]
            .with_user(self.director)
            .search([("ka_at_risk", "=", True)]),
        )
        # weights in the settings: with visits only, the score is theirs
        for key in ("revenue", "complaints", "receivables", "satisfaction", "services"):
            self._set_param(f"health_weight_{key}", 0)
        self._set_param("health_weight_visits", 20)
        self.assertEqual(self._health().ka_health_score, 0)

    def test_nobody_edits_the_score(self):
        with self.assertRaises(AccessError):
            self.account.with_user(self.director).ka_health_score = 100
        with self.assertRaises(AccessError):
            self.account.with_user(self.director).ka_at_risk = False

    def test_query_count_per_batch_independent_of_size(self):
        """A batch (1,000 accounts, Odoo's prefetch size) costs the same
        queries as 10 accounts."""
        self._set_param("health_risk_below", 0)  # no reminders: the figures only
        Partner = self.env["res.partner"]

        def accounts(count):
            partners = Partner.create(
                [{"name": f"Batch {n}", "is_company": True} for n in range(count)]
            )
            partners.sudo().write(
                {"ka_is_key_account": True, "ka_manager_id": self.ka_user.id}
            )
            return partners

        small, large = accounts(10), accounts(1000)
        accounts(5)._ka_compute_health_batch()  # warm the caches of settings
        counts = [
            self._count_queries(batch._ka_compute_health_batch)[0]
            for batch in (small, large)
        ]
        self.assertEqual(counts[0], counts[1])
        # the daily job: 2,000 accounts are two batches of the same count
        more = accounts(1000)
        daily, _result = self._count_queries((large | more)._ka_compute_health_batches)
        self.assertLessEqual(daily, 2 * counts[0])
        self.assertEqual(large[0].ka_health_date, self.today)
        self.assertEqual(large[-1].ka_health_date, self.today)
