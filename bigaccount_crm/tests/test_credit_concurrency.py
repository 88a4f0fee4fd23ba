# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import TwoConnectionCase


@tagged("post_install", "-at_install")
class TestCreditConcurrency(TwoConnectionCase):
    """Two orders confirmed at the same moment must not both pass the same
    remaining credit: checked from two real database connections."""

    def setUp(self):
        super().setUp()

        def setup(env):
            self.used_limits = env.company.account_use_credit_limit
            env.company.account_use_credit_limit = True
            partner = env["res.partner"].create(
                {"name": "Concurrent customer", "is_company": True}
            )
            partner.with_company(env.company).credit_limit = 1000
            product = env["product.product"].create(
                {"name": "Concurrent service", "type": "service"}
            )
            orders = env["sale.order"].create(
                [
                    {
                        "partner_id": partner.id,
                        "order_line": [
                            Command.create(
                                {
                                    "product_id": product.id,
                                    "price_unit": 600,
                                    "tax_id": [Command.clear()],
                                }
                            )
                        ],
                    }
                    for _i in range(3)
                ]
            )
            self.partner_id, self.product_id = partner.id, product.id
            self.order_ids = orders.ids

        def cleanup(env):
            orders = env["sale.order"].browse(self.order_ids).exists()
            orders._action_cancel()
            orders.unlink()
            env["product.product"].browse(self.product_id).unlink()
            env["res.partner"].browse(self.partner_id).unlink()
            env.company.account_use_credit_limit = self.used_limits

        self._committed(setup, cleanup)

    def _confirm(self, cr, order_id):
        self._env(cr)["sale.order"].browse(order_id).action_confirm()

    @mute_logger("odoo.sql_db")  # the serialization failure is expected
    def test_two_confirmations_do_not_share_the_remaining_credit(self):
        with self.db.cursor() as cr1, self.db.cursor() as cr2:
            # the first confirmation passes and holds the pool's row
            self._confirm(cr1, self.order_ids[0])
            # (the environment is made here: the test thread holds the
            # registry lock that making one takes)
            second_order = self._env(cr2)["sale.order"].browse(self.order_ids[1])
            outcome, _result = self._while_first_open(
                cr1, lambda: self._attempt(cr2, second_order.action_confirm)
            )
        # Odoo retries a request that failed to serialise: the retry sees the
        # first order and is stopped by the credit limit (600 + 600 > 1,000)
        self.assertEqual(outcome, "serialization failure")
        with self.db.cursor() as cr3:
            with self.assertRaisesRegex(UserError, "credit limit"):
                self._confirm(cr3, self.order_ids[2])
            env = self._env(cr3)
            states = env["sale.order"].browse(self.order_ids).mapped("state")
        self.assertEqual(states, ["sale", "draft", "draft"])
