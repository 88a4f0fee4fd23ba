# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import threading
from datetime import datetime

import pytz
from dateutil.relativedelta import relativedelta
from psycopg2.errors import SerializationFailure

from odoo import SUPERUSER_ID, Command, api, fields
from odoo.exceptions import UserError
from odoo.sql_db import db_connect
from odoo.tests import BaseCase, TransactionCase, new_test_user
from odoo.tests.common import get_db_name

from odoo.addons.base.tests.common import DISABLED_MAIL_CONTEXT


def load_chinese(env):
    """Activate zh_CN and load the add-on's Chinese terms."""
    env["res.lang"]._activate_lang("zh_CN")
    env["ir.module.module"]._load_module_terms(
        ["bigaccount_crm"], ["zh_CN"], overwrite=True
    )


def utc(tz, *args):
    """The naive UTC datetime of a wall-clock time in ``tz``."""
    zone = pytz.timezone(tz)
    return zone.localize(datetime(*args)).astimezone(pytz.UTC).replace(tzinfo=None)


class TwoConnectionCase(BaseCase):
    """Tests that need two real database connections at once (concurrency):
    ``self.db`` opens them; ``_committed(setup)`` runs ``setup(env)`` in a
    transaction of its own that is committed, so that both connections see
    its records, and ``_committed`` with ``cleanup`` registers what undoes
    it after the test."""

    def setUp(self):
        super().setUp()
        self.db = db_connect(get_db_name())

    def _env(self, cr):
        return api.Environment(cr, SUPERUSER_ID, {})

    def _committed(self, setup, cleanup=None):
        with self.db.cursor() as cr:
            result = setup(self._env(cr))
            cr.commit()  # pylint: disable=invalid-commit
        if cleanup:
            self.addCleanup(self._committed, cleanup)
        return result

    def _attempt(self, cr, work):
        """``work()`` on ``cr``, committed: ``(outcome, result)``, outcome
        ``done``, ``serialization failure`` or ``refused`` (a UserError),
        rolled back then."""
        try:
            result = work()
            cr.commit()  # pylint: disable=invalid-commit
            return "done", result
        except SerializationFailure:
            cr.rollback()
            return "serialization failure", None
        except UserError:
            cr.rollback()
            return "refused", None

    def _while_first_open(self, cr1, second):
        """Run ``second()`` in a thread while the transaction of ``cr1`` is
        open: it must wait for that transaction, which is then committed;
        returns what ``second`` returned once it has finished."""
        outcome = []
        thread = threading.Thread(target=lambda: outcome.append(second()))
        thread.start()
        thread.join(2)
        self.assertTrue(thread.is_alive(), "the second waits for the first")
        cr1.commit()
        thread.join(30)
        self.assertFalse(thread.is_alive())
        return outcome[0]


class BigaccountCase(TransactionCase):
    """Users of every role, tiers and helpers to book invoices."""

    def _count_queries(self, func):
        """``(queries, result)`` of ``func()``: the queries it sends from a
        flushed, empty cache, its pending writes included."""
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        result = func()
        self.env.flush_all()
        return self.env.cr.sql_log_count - before, result

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # One time zone for everybody (context and users): "today" in Python,
        # in SQL and in the users' time zones is the same day at any hour.
        cls.env = cls.env(
            context=dict(cls.env.context, tz="UTC", **DISABLED_MAIL_CONTEXT)
        )
        cls.company = cls.env.company
        cls.currency = cls.company.currency_id
        cls.env.user.tz = "UTC"
        cls.today = fields.Date.context_today(cls.env["res.partner"])
        cls.ka_user = new_test_user(
            cls.env,
            login="ka_user",
            groups="sales_team.group_sale_salesman,bigaccount_crm.group_ka_user",
        )
        cls.ka_user_other = new_test_user(
            cls.env,
            login="ka_user_other",
            groups="sales_team.group_sale_salesman,bigaccount_crm.group_ka_user",
        )
        cls.director = new_test_user(
            cls.env,
            login="ka_director",
            groups="sales_team.group_sale_manager,bigaccount_crm.group_ka_director",
        )
        cls.general_manager = new_test_user(
            cls.env,
            login="ka_gm",
            groups="sales_team.group_sale_manager,"
            "bigaccount_crm.group_ka_general_manager",
        )
        cls.salesman = new_test_user(
            cls.env, login="plain_salesman", groups="sales_team.group_sale_salesman"
        )
        finance_groups = (
            "account.group_account_manager,sales_team.group_sale_salesman,"
            "base.group_partner_manager"
        )
        cls.finance = new_test_user(cls.env, login="ka_finance", groups=finance_groups)
        cls.finance_2 = new_test_user(
            cls.env, login="ka_finance_2", groups=finance_groups
        )
        cls.warehouse = new_test_user(
            cls.env,
            login="ka_warehouse",
            groups="stock.group_stock_user,sales_team.group_sale_salesman,"
            "base.group_partner_manager",
        )
        (
            cls.ka_user
            | cls.ka_user_other
            | cls.director
            | cls.general_manager
            | cls.salesman
            | cls.finance
            | cls.finance_2
            | cls.warehouse
        ).tz = "UTC"
        cls.diamond = cls.env.ref("bigaccount_crm.tier_diamond")
        cls.platinum = cls.env.ref("bigaccount_crm.tier_platinum")
        cls.vip = cls.env.ref("bigaccount_crm.tier_vip")
        cls.product = cls.env["product.product"].create(
            {"name": "KA test goods", "type": "consu", "standard_price": 0.0}
        )
        cls.costly_product = cls.env["product.product"].create(
            {"name": "KA costly goods", "type": "consu", "standard_price": 96.0}
        )

    @classmethod
    def _working_week(cls, tz):
        """A working time in ``tz``: Monday to Friday, 9:00-12:00 and
        13:00-18:00 (8 working hours a day)."""
        return cls.env["resource.calendar"].create(
            {
                "name": f"Mon-Fri 9-12, 13-18 ({tz})",
                "tz": tz,
                "company_id": False,
                "attendance_ids": [(5, 0, 0)]
                + [
                    (0, 0, vals)
                    for day in "01234"
                    for vals in (
                        {
                            "name": "Morning",
                            "dayofweek": day,
                            "hour_from": 9,
                            "hour_to": 12,
                            "day_period": "morning",
                        },
                        {
                            "name": "Afternoon",
                            "dayofweek": day,
                            "hour_from": 13,
                            "hour_to": 18,
                            "day_period": "afternoon",
                        },
                    )
                ],
            }
        )

    @classmethod
    def _partner(cls, name, **vals):
        return cls.env["res.partner"].create(
            dict({"name": name, "is_company": True}, **vals)
        )

    @classmethod
    def _key_account(cls, name, manager=None, **vals):
        """A company ``name`` made a key account of ``manager`` (the
        key-account user unless given) with the account's values ``vals``
        (tier, visit dates…), written as the director and the jobs do."""
        account = cls._partner(name)
        account.sudo().write(
            dict(
                ka_is_key_account=True,
                ka_manager_id=(manager or cls.ka_user).id,
                **vals,
            )
        )
        return account

    @classmethod
    def _invoice_vals(
        cls,
        partner,
        amount,
        months_ago=0,
        move_type="out_invoice",
        product=None,
        quantity=1,
        due=None,
    ):
        invoice_date = cls.today - relativedelta(months=months_ago)
        return {
            "move_type": move_type,
            "partner_id": partner.id,
            "invoice_date": invoice_date,
            "invoice_date_due": due or invoice_date,
            "invoice_line_ids": [
                Command.create(
                    {
                        "product_id": (product or cls.product).id,
                        "quantity": quantity,
                        "price_unit": amount / quantity,
                        "tax_ids": [Command.clear()],
                    }
                )
            ],
        }

    @classmethod
    def _post_invoices(cls, vals_list):
        moves = cls.env["account.move"].create(vals_list)
        moves.action_post()
        return moves

    @classmethod
    def _invoice(cls, partner, amount, **kwargs):
        return cls._post_invoices([cls._invoice_vals(partner, amount, **kwargs)])

    @classmethod
    def _order(cls, partner, price, product=None, quantity=1, user=None):
        return (
            cls.env["sale.order"]
            .with_user(user or cls.env.user)
            .create(
                {
                    "partner_id": partner.id,
                    "order_line": [
                        Command.create(
                            {
                                "product_id": (product or cls.product).id,
                                "product_uom_qty": quantity,
                                "price_unit": price,
                                "tax_id": [Command.clear()],
                            }
                        )
                    ],
                }
            )
        )

    def _recompute(self, partners):
        return partners._ka_recompute_tier_batch()

    def _set_param(self, key, value):
        self.env["ir.config_parameter"].sudo().set_param(
            f"bigaccount_crm.{key}", str(value)
        )
