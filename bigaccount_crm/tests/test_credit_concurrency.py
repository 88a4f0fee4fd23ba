# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import threading

from psycopg2.errors import SerializationFailure

from odoo import SUPERUSER_ID, Command, api
from odoo.exceptions import UserError
from odoo.sql_db import db_connect
from odoo.tests import BaseCase, get_db_name, tagged
from odoo.tools import mute_logger


@tagged("post_install", "-at_install")
class TestCreditConcurrency(BaseCase):
    """Two orders confirmed at the same moment must not both pass the same
    remaining credit: checked from two real database connections."""

    def setUp(self):
        super().setUp()
        self.db = db_connect(get_db_name())
        with self.db.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
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
            # the two connections of the test must see these records
            cr.commit()  # pylint: disable=invalid-commit
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        with self.db.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            orders = env["sale.order"].browse(self.order_ids).exists()
            orders._action_cancel()
            orders.unlink()
            env["product.product"].browse(self.product_id).unlink()
            env["res.partner"].browse(self.partner_id).unlink()
            env.company.account_use_credit_limit = self.used_limits
            cr.commit()  # pylint: disable=invalid-commit

    def _confirm(self, cr, order_id):
        env = api.Environment(cr, SUPERUSER_ID, {})
        env["sale.order"].browse(order_id).action_confirm()

    @mute_logger("odoo.sql_db")  # the serialization failure is expected
    def test_two_confirmations_do_not_share_the_remaining_credit(self):
        outcome = {}
        with self.db.cursor() as cr1, self.db.cursor() as cr2:
            # the first confirmation passes and holds the pool's row
            self._confirm(cr1, self.order_ids[0])
            # (the environment is made here: the test thread holds the
            # registry lock that making one takes)
            second_order = api.Environment(cr2, SUPERUSER_ID, {})["sale.order"].browse(
                self.order_ids[1]
            )

            def confirm_second():
                try:
                    second_order.action_confirm()
                    cr2.commit()
                    outcome["result"] = "confirmed"
                except SerializationFailure:
                    cr2.rollback()
                    outcome["result"] = "serialization failure"
                except UserError:
                    cr2.rollback()
                    outcome["result"] = "blocked"

            second = threading.Thread(target=confirm_second)
            second.start()
            second.join(2)
            # the second confirmation waits for the first one's lock
            self.assertTrue(second.is_alive())
            cr1.commit()
            second.join(30)
            self.assertFalse(second.is_alive())
        # Odoo retries a request that failed to serialise: the retry sees the
        # first order and is stopped by the credit limit (600 + 600 > 1,000)
        self.assertEqual(outcome["result"], "serialization failure")
        with self.db.cursor() as cr3:
            with self.assertRaisesRegex(UserError, "credit limit"):
                self._confirm(cr3, self.order_ids[2])
            env = api.Environment(cr3, SUPERUSER_ID, {})
            states = env["sale.order"].browse(self.order_ids).mapped("state")
        self.assertEqual(states, ["sale", "draft", "draft"])
