# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import base64
import io
from datetime import timedelta

import openpyxl
from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import BigaccountCase


@tagged("post_install", "-at_install")
class TestStatements(BigaccountCase):
    """Customer statements (对账单): figures, sending, the customer's
    answer, who may do what and the monthly job."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer = cls._key_account("Statement customer")
        cls.contact = cls.env["res.partner"].create(
            {"name": "Buyer", "parent_id": cls.customer.id, "email": "b@example.com"}
        )
        cls.other = cls._partner("Someone else")
        today = cls.today
        cls.date_from = today - timedelta(days=60)
        cls.date_to = today - timedelta(days=10)

        def vals(partner, amount, days_ago, due_days=30, move_type="out_invoice"):
            return cls._dated(
                partner,
                amount,
                today - timedelta(days=days_ago),
                today - timedelta(days=days_ago - due_days),
                move_type=move_type,
            )

        (
            cls.before,
            cls.in_period,
            cls.refund,
            cls.after,
            cls.foreign,
        ) = cls._post_invoices(
            [
                vals(cls.customer, 1000, 90),  # due 60 days ago
                vals(cls.contact, 500, 40, due_days=20),  # contact: same account
                vals(cls.customer, 200, 30, move_type="out_refund"),
                vals(cls.customer, 700, 5),  # after the period
                vals(cls.other, 900, 40),  # another customer
            ]
        )
        cls.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=cls.before.ids
        ).create(
            {"amount": 300, "payment_date": today - timedelta(days=25)}
        )._create_payments()

    @classmethod
    def _dated(cls, partner, amount, date, due=None, move_type="out_invoice"):
        result = cls._invoice_vals(partner, amount, move_type=move_type)
        result["invoice_date"] = date
        result["invoice_date_due"] = due or date
        return result

    def _statement(self, user=None, **vals):
        return (
            self.env["bigaccount.statement"]
            .with_user(user or self.env.user)
            .create(
                dict(
                    {
                        "partner_id": self.customer.id,
                        "date_from": self.date_from,
                        "date_to": self.date_to,
                    },
                    **vals,
                )
            )
        )

    def test_figures_movements_and_open_items(self):
        statement = self._statement()
        self.assertTrue(statement.name.startswith("ST/"))
        self.assertEqual(statement.opening_balance, 1000)
        self.assertEqual(statement.total_debit, 500)
        self.assertEqual(statement.total_credit, 500)  # refund 200 + payment 300
        self.assertEqual(statement.closing_balance, 1000)
        movements = statement.movement_ids
        self.assertEqual(movements.mapped("debit"), [500, 0, 0])
        self.assertEqual(movements.mapped("credit"), [0, 200, 300])
        self.assertEqual(movements.mapped("balance"), [1500, 1300, 1000])
        self.assertEqual(movements[0].reference, self.in_period.name)
        opens = statement.open_item_ids
        self.assertEqual(
            sorted(opens.mapped("residual")), [-200, 500, 700], "after not included"
        )
        self.assertEqual(statement.open_amount, 1000)
        # overdue on the closing date: the 700 left of the first invoice (due
        # 60 days ago) and the contact's 500 (due 20 days ago), not the refund
        self.assertEqual(statement.overdue_amount, 1200)
        by_residual = {line.residual: line for line in opens}
        self.assertEqual(by_residual[700].days_overdue, 50)
        self.assertEqual(by_residual[500].days_overdue, 10)
        self.assertEqual(by_residual[-200].days_overdue, 0)
        # a new invoice in the period shows once computed again, in draft only
        self._post_invoices([self._dated(self.customer, 50, self.date_to)])
        statement.action_recompute()
        self.assertEqual(statement.closing_balance, 1050)
        statement.action_mark_sent()
        with self.assertRaises(UserError):
            statement.action_recompute()

    def test_query_count_does_not_grow_with_history(self):
        small = self._statement()
        self._post_invoices(
            [self._dated(self.customer, 10, self.date_to) for _i in range(60)]
        )
        big = self._statement(date_from=self.date_from - timedelta(days=1))
        self.assertGreater(len(big.line_ids), len(small.line_ids) + 100)
        counts = []
        for statement in (small, big):
            statement.action_recompute()  # warm
            counts.append(self._count_queries(statement.action_recompute)[0])
        self.assertEqual(counts[0], counts[1])

    def test_send_by_email_as_pdf_and_log_collection(self):
        statement = self._statement(user=self.ka_user)
        action = statement.action_send()
        self.assertEqual(action["res_model"], "mail.compose.message")
        composer = (
            self.env["mail.compose.message"]
            .with_user(self.ka_user)
            .with_context(**action["context"])
            .create({})
        )
        self.assertEqual(len(composer.attachment_ids), 1)
        self.assertIn(statement.name.replace("/", "-"), composer.attachment_ids.name)
        self.assertIn(self.customer, composer.partner_ids)
        composer._action_send_mail()
        self.assertEqual(statement.state, "sent")
        self.assertEqual(statement.date_sent, self.today)
        message = statement.message_ids.filtered("attachment_ids")[:1]
        self.assertTrue(message, "the statement went out with its file")
        log = self.customer.ka_collection_action_ids
        self.assertEqual(log.method, "statement")
        self.assertIn(statement.name, log.note)
        # a statement that was not sent is not sent by posting a note
        draft = self._statement(date_from=self.date_to)
        draft.message_post(body="internal")
        self.assertEqual(draft.state, "draft")

    def test_xlsx_file(self):
        statement = self._statement(file_format="xlsx")
        action = statement.action_download_xlsx()
        attachment_id = int(action["url"].split("/")[3].split("?")[0])
        attachment = self.env["ir.attachment"].browse(attachment_id)
        self.assertTrue(attachment.name.endswith(".xlsx"))
        book = openpyxl.load_workbook(io.BytesIO(base64.b64decode(attachment.datas)))
        values = [
            cell for row in book.active.iter_rows(values_only=True) for cell in row
        ]
        self.assertIn(self.customer.name, values)
        self.assertIn(self.in_period.name, values)
        self.assertIn(1500, values)  # running balance after the invoice
        self.assertIn(1000, values)  # closing balance and open total
        self.assertNotIn(self.after.name, values)
        # sending as XLSX attaches the workbook
        composer_context = statement.action_send()["context"]
        sent_file = self.env["ir.attachment"].browse(
            composer_context["default_attachment_ids"]
        )
        self.assertTrue(sent_file.name.endswith(".xlsx"))

    def test_customer_confirms_or_disputes(self):
        statement = self._statement()
        with self.assertRaises(UserError):
            statement.action_confirm()  # not sent yet
        statement.action_mark_sent()
        with self.assertRaises(UserError):
            statement.write({"date_to": self.today})
        self.assertEqual(statement.date_to, self.date_to)
        with self.assertRaises(UserError):
            statement.action_dispute()  # no differences noted
        self.assertEqual(statement.state, "sent")
        statement.write(
            {
                "customer_balance": 800,
                "dispute_note": "Refund of 200 not booked on our side",
                "contact_id": self.contact.id,
            }
        )
        statement.action_dispute()
        self.assertEqual(statement.state, "disputed")
        self.assertEqual(statement.difference, 200)
        with self.assertRaises(UserError):
            statement.unlink()
        statement.action_confirm()
        self.assertEqual(statement.state, "confirmed")
        self.assertEqual(statement.difference, 0)
        self.assertEqual(statement.date_answer, self.today)
        with self.assertRaises(UserError):
            statement.action_draft()
        self.assertEqual(statement.state, "confirmed")

    def test_only_the_buttons_say_what_the_customer_answered(self):
        statement = self._statement(user=self.ka_user)
        for vals in (
            {"state": "confirmed"},
            {"state": "sent"},
            {"date_answer": self.today},
        ):
            with self.subTest(vals=vals):
                with self.assertRaises(AccessError):
                    statement.write(vals)
        self.assertEqual(statement.state, "draft")
        with self.assertRaises(AccessError):
            statement.create(
                {
                    "partner_id": self.customer.id,
                    "date_from": self.date_from,
                    "date_to": self.date_to,
                    "state": "confirmed",
                }
            )
        # the manager's buttons still answer for the customer
        statement.action_mark_sent()
        statement.action_confirm()
        self.assertEqual(statement.state, "confirmed")
        self.assertEqual(statement.date_answer, self.today)

    def test_dispute_corrected_and_resent(self):
        statement = self._statement()
        statement.action_mark_sent()
        statement.dispute_note = "Missing credit note"
        statement.action_dispute()
        statement.action_draft()
        self.assertEqual(statement.state, "draft")
        self.assertFalse(statement.date_sent)
        statement.action_mark_sent()
        self.assertEqual(statement.state, "sent")

    def test_bad_input(self):
        with self.assertRaises(ValidationError):
            self._statement(date_from=self.date_to, date_to=self.date_from)
        statement = self._statement()
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"):
            with self.env.cr.savepoint():
                self._statement()
        self.assertEqual(
            self.env["bigaccount.statement"].search_count(
                [("partner_id", "=", self.customer.id)]
            ),
            1,
        )
        # a contact is replaced by its company
        other_period = self._statement(
            partner_id=self.contact.id, date_from=self.date_to
        )
        self.assertEqual(other_period.partner_id, self.customer)
        statement.unlink()
        self.assertFalse(statement.exists())

    def test_who_may_see_and_send(self):
        statement = self._statement(user=self.ka_user)
        statement.with_user(self.ka_user).action_mark_sent()
        self.assertEqual(statement.state, "sent")
        with self.assertRaises(AccessError):
            statement.with_user(self.ka_user_other).check_access("read")
        with self.assertRaises(AccessError):
            self._statement(user=self.ka_user_other, date_from=self.date_to)
        for user in (self.salesman, self.warehouse):
            with self.assertRaises(AccessError):
                statement.with_user(user).check_access("read")
        for user in (self.finance, self.director):
            seen = self.env["bigaccount.statement"].with_user(user).search([])
            self.assertIn(statement, seen)
            self.assertTrue(statement.with_user(user).open_item_ids)
        statement.with_user(self.finance).dispute_note = "Disputed by phone"
        statement.with_user(self.finance).action_dispute()
        self.assertEqual(statement.state, "disputed")
        # the journal items stay with accounting
        self.assertTrue(statement.sudo().line_ids.move_line_id)
        with self.assertRaises(AccessError):
            statement.with_user(self.ka_user).line_ids.mapped("move_line_id")

    def test_monthly_job_is_idempotent(self):
        first_of_month = self.today.replace(day=1)
        last_month_end = first_of_month - timedelta(days=1)
        invoice = self._post_invoices([self._dated(self.customer, 80, last_month_end)])
        self._invoice(self.other, 80)  # not a key account
        Statement = self.env["bigaccount.statement"]
        created = Statement._cron_monthly_statements()
        self.assertIn(self.customer, created.partner_id)
        self.assertNotIn(self.other, created.partner_id)
        self.assertTrue(all(created.partner_id.mapped("ka_is_key_account")))
        created = created.filtered(lambda s: s.partner_id == self.customer)
        self.assertEqual(created.date_to, last_month_end)
        self.assertEqual(created.date_from, last_month_end.replace(day=1))
        self.assertEqual(created.state, "draft")
        self.assertIn(invoice.name, created.movement_ids.mapped("reference"))
        self.assertFalse(Statement._cron_monthly_statements())
