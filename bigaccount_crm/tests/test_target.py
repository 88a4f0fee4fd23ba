# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import datetime, time, timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from .test_development import PipelineCase


@tagged("post_install", "-at_install")
class TestTargets(PipelineCase):
    def _target(self, user=None, **vals):
        return (
            self.env["bigaccount.target"]
            .with_user(self.director)
            .create(
                dict(
                    {
                        "user_id": (user or self.ka_user).id,
                        "date_from": self.today.replace(day=1),
                        "date_to": self.today.replace(day=1) + timedelta(days=40),
                    },
                    **vals,
                )
            )
        )

    def _done_visit(self, partner, kind, contacts):
        start = datetime.combine(self.today, time(9, 0))
        visit = (
            self.env["bigaccount.visit"]
            .with_user(self.ka_user)
            .create(
                {
                    "partner_id": partner.id,
                    "kind": kind,
                    "date_start": start,
                    "date_end": start + timedelta(hours=1),
                    "contact_ids": [Command.set(contacts.ids)],
                }
            )
        )
        visit.sudo().state = "done"
        return visit

    def test_defaults_of_seed_000(self):
        target = self._target()
        self.assertEqual(
            (
                target.target_prospects,
                target.target_decision_makers,
                target.target_showroom,
                target.target_first_orders,
                target.target_sales,
            ),
            (40, 15, 10, 5, 50000),
        )

    def test_actuals_counted_from_the_data(self):
        account = self._key_account("Maintained account")
        self.env["bigaccount.contact.profile"].create(
            {"contact_id": self.buyer.id, "role": "decision_maker"}
        )
        development = self._development()
        self._done_visit(self.prospect, "onsite", self.buyer)
        self._done_visit(self.prospect, "phone", self.buyer)  # same customer
        self._done_visit(self.prospect, "showroom", self.env["res.partner"])
        self._done_visit(account, "onsite", self.env["res.partner"])
        self._order(self.prospect, 30000).action_confirm()
        self.assertTrue(development.stage_id.is_won)
        self._order(self.buyer, 4000).action_confirm()
        self._invoice(account, 7000)
        # someone else's figures do not count
        self._development(user=self.ka_user_other, partner_id=self._partner("X").id)
        target = self._target()
        other = self._target(user=self.ka_user_other)
        self.assertEqual(
            (
                target.actual_prospects,
                target.actual_decision_makers,
                target.actual_showroom,
                target.actual_first_orders,
                target.actual_sales,
                target.actual_visits,
                target.actual_maintenance_sales,
            ),
            (1, 1, 1, 1, 34000, 1, 7000),
        )
        self.assertEqual(target.sales_rate, 68)
        self.assertEqual(other.actual_prospects, 1)
        self.assertEqual(other.actual_first_orders, 0)
        # the graph's view puts target and actual side by side
        rows = self.env["bigaccount.target.analysis"].search(
            [("target_id", "=", target.id), ("measure", "=", "first_orders")]
        )
        self.assertEqual(
            sorted(rows.mapped(lambda r: (r.figure, r.value))),
            [("actual", 1.0), ("target", 5.0)],
        )
        # a new development counts once the actuals are counted again
        self._development(partner_id=self._partner("New lead").id)
        target.action_refresh_actuals()
        self.assertEqual(target.actual_prospects, 2)

    def test_bad_targets_refused(self):
        with self.assertRaises(ValidationError):
            self._target(date_to=self.today.replace(day=1) - timedelta(days=1))
        with self.assertRaises(ValidationError):
            self._target(target_first_orders=-1)
        self._target()
        with self.assertRaises(ValidationError):
            self._target(date_from=self.today.replace(day=1) + timedelta(days=10))
        self.assertEqual(
            self.env["bigaccount.target"].search_count(
                [("user_id", "=", self.ka_user.id)]
            ),
            1,
        )

    def test_manager_sees_own_targets_director_sets_them(self):
        own = self._target()
        other = self._target(user=self.ka_user_other)
        Target = self.env["bigaccount.target"].with_user(self.ka_user)
        self.assertEqual(Target.search([]), own)
        with self.assertRaises(AccessError):
            other.with_user(self.ka_user).read(["user_id"])
        with self.assertRaises(AccessError):
            own.with_user(self.ka_user).target_sales = 1
        with self.assertRaises(AccessError):
            Target.create({"user_id": self.ka_user.id})
        # the actuals are counted, not typed in, by anybody
        for user in (self.director, self.ka_user):
            with self.assertRaises(AccessError):
                own.with_user(user).actual_sales = 10**6
        with self.assertRaises(AccessError):
            other.with_user(self.director).copy({"actual_sales": 10**6})
        self.assertNotIn("actual_sales", own.copy_data()[0])  # nor copied
        self.assertEqual(
            self.env["bigaccount.target.analysis"]
            .with_user(self.ka_user)
            .search([])
            .target_id,
            own,
        )

    def test_actuals_query_count_independent_of_managers(self):
        users = self.env["res.users"].create(
            [
                {
                    "name": f"Manager {n}",
                    "login": f"ka_target_manager_{n}",
                    "groups_id": [
                        Command.link(self.env.ref("bigaccount_crm.group_ka_user").id)
                    ],
                }
                for n in range(100)
            ]
        )
        today = fields.Date.context_today(self.env.user)

        def count(managers):
            targets = self.env["bigaccount.target"].create(
                [
                    {
                        "user_id": user.id,
                        "date_from": today.replace(day=1),
                        "date_to": today,
                    }
                    for user in managers
                ]
            )
            used, _result = self._count_queries(targets._ka_refresh_actuals)
            targets.unlink()
            return used

        self.assertEqual(count(users[:5]), count(users))
