# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import logging
from datetime import datetime, timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from .common import BigaccountCase, TwoConnectionCase

_logger = logging.getLogger(__name__)


class ComplaintCase(BigaccountCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # wall-clock deadlines (the shipped 24/7 working time, in UTC): the
        # working-hours clock has its own tests (test_complaint_clock)
        cls.env.company.resource_calendar_id = cls.env.ref(
            "bigaccount_crm.resource_calendar_around_the_clock"
        )
        cls.customer = cls._key_account(
            "Complaining customer", ka_tier_id=cls.diamond.id
        )

    def _delivered(self, quantity=10):
        """A done delivery of ``quantity`` goods to the customer, invoiced."""
        goods = self.env["product.product"].create(
            {"name": "Complaint goods", "is_storable": True, "list_price": 10}
        )
        stock = self.env.ref("stock.stock_location_stock")
        self.env["stock.quant"]._update_available_quantity(goods, stock, quantity)
        order = self._order(self.customer, 10, product=goods, quantity=quantity)
        order.action_confirm()
        picking = order.picking_ids
        picking.move_ids.quantity = quantity
        picking.button_validate()
        self.assertEqual(picking.state, "done")
        invoice = order._create_invoices()
        invoice.action_post()
        return order, picking, invoice, goods

    def _complaint(self, user=None, **vals):
        return (
            self.env["bigaccount.complaint"]
            .with_user(user or self.ka_user)
            .create(
                dict(
                    {
                        "partner_id": self.customer.id,
                        "category": "delivery",
                        "description": "Late delivery",
                    },
                    **vals,
                )
            )
        )


@tagged("post_install", "-at_install")
class TestComplaintNumbers(ComplaintCase):
    def test_yymmnn_per_company_and_month(self):
        def at(text):
            return self._complaint(date_received=fields.Datetime.to_datetime(text))

        first, second = at("2031-11-07 10:00:00"), at("2031-11-20 10:00:00")
        self.assertEqual((first.name, second.name), ("311101", "311102"))
        self.assertEqual(at("2031-12-01 10:00:00").name, "311201", "month change")
        self.assertEqual(at("2032-01-02 10:00:00").name, "320101", "year change")
        other_company = self.env["res.company"].create({"name": "Branch company"})
        other = self.env["bigaccount.complaint"].create(
            {
                "partner_id": self.customer.id,
                "category": "other",
                "description": "Elsewhere",
                "company_id": other_company.id,
                "date_received": fields.Datetime.to_datetime("2031-11-08 10:00:00"),
            }
        )
        self.assertEqual(other.name, "311101", "each company counts its own")
        self.env.cr.execute(
            "UPDATE bigaccount_complaint_counter SET last_number = 99 "
            "WHERE period = '3111' AND company_id = %s",
            [self.company.id],
        )
        self.assertEqual(at("2031-11-25 10:00:00").name, "3111100")

    def test_month_in_the_company_time_zone(self):
        self.company.partner_id.tz = "Asia/Shanghai"
        # 17:00 UTC on 31 October is 01:00 on 1 November in Shanghai
        late = self._complaint(
            date_received=fields.Datetime.to_datetime("2033-10-31 17:00:00")
        )
        self.assertEqual(late.name, "331101")


@tagged("post_install", "-at_install")
class TestComplaintConcurrency(TwoConnectionCase):
    """Two complaints created at the same moment get consecutive numbers,
    from two real database connections."""

    PERIOD_DATE = datetime(2001, 1, 15, 10, 0)

    def setUp(self):
        super().setUp()

        def setup(env):
            partner = env["res.partner"].create(
                {"name": "Concurrent complainer", "is_company": True}
            )
            self.partner_id = partner.id

        def cleanup(env):
            env["bigaccount.complaint"].search(
                [("partner_id", "=", self.partner_id)]
            ).unlink()
            env.cr.execute(
                "DELETE FROM bigaccount_complaint_counter WHERE period = '0101'"
            )
            env["res.partner"].browse(self.partner_id).unlink()

        self._committed(setup, cleanup)

    def _vals(self):
        return {
            "partner_id": self.partner_id,
            "category": "other",
            "description": "Concurrent",
            "date_received": self.PERIOD_DATE,
        }

    @mute_logger("odoo.sql_db")  # the serialization failure is expected
    def test_concurrent_creations_get_consecutive_numbers(self):
        with self.db.cursor() as cr1, self.db.cursor() as cr2:
            first = self._env(cr1)["bigaccount.complaint"].create(self._vals())
            first_name = first.name
            # (made here: the test thread holds the registry lock)
            Complaint2 = self._env(cr2)["bigaccount.complaint"]
            outcome, _second = self._while_first_open(
                cr1, lambda: self._attempt(cr2, lambda: Complaint2.create(self._vals()))
            )
        # Odoo retries a request that failed to serialise: the retry takes
        # the next number; no duplicate, no gap
        self.assertEqual(first_name, "010101")
        self.assertEqual(outcome, "serialization failure")
        with self.db.cursor() as cr3:
            Complaint3 = self._env(cr3)["bigaccount.complaint"]
            self.assertEqual(Complaint3.create(self._vals()).name, "010102")
            cr3.rollback()  # a rolled-back complaint gives its number back
        with self.db.cursor() as cr4:
            Complaint4 = self._env(cr4)["bigaccount.complaint"]
            self.assertEqual(Complaint4.create(self._vals()).name, "010102")
            cr4.commit()


@tagged("post_install", "-at_install")
class TestComplaintFlow(ComplaintCase):
    def test_deadline_from_tier_and_severity(self):
        received = fields.Datetime.to_datetime("2031-03-01 08:00:00")
        hours = self.diamond.complaint_resolution_hours
        for severity, factor in (("normal", 1), ("high", 0.5), ("critical", 0.25)):
            complaint = self._complaint(date_received=received, severity=severity)
            self.assertEqual(
                complaint.date_deadline, received + timedelta(hours=hours * factor)
            )
            self.assertTrue(complaint.green_channel)
            self.assertEqual(complaint.tier_id, self.diamond)
        walk_in = self._partner("Walk-in customer")
        complaint = self.env["bigaccount.complaint"].create(
            {
                "partner_id": walk_in.id,
                "category": "other",
                "description": "No tier",
                "date_received": received,
            }
        )
        self.assertEqual(complaint.date_deadline, received + timedelta(hours=72))
        self.assertFalse(complaint.green_channel)

    def test_report_due_leaves_time_to_resolve(self):
        """README, complaints: the report is due within the report days (3)
        and at the latest the day before the resolution deadline."""
        walk_in = self._partner("Urgent walk-in")  # no tier: 72 hours
        received = datetime.combine(self.today, datetime.min.time()).replace(hour=9)
        urgent = self._complaint(
            partner_id=walk_in.id, severity="high", date_received=received
        )
        # high severity halves the 72 hours: resolved by tomorrow 21:00
        self.assertEqual(urgent.date_deadline, received + timedelta(hours=36))
        urgent.action_investigate()
        self.assertEqual(urgent.report_due, self.today, "the day before the deadline")
        self.assertLess(urgent.report_due, urgent.date_deadline.date())
        # a roomy deadline (ten days) leaves the three report days
        roomy = self._complaint(
            partner_id=walk_in.id,
            severity="low",
            date_received=received,
        )
        roomy.sudo().date_deadline = received + timedelta(days=10)
        roomy.action_investigate()
        self.assertEqual(roomy.report_due, self.today + timedelta(days=3))

    def test_gm_instruction_before_resolving_a_reported_complaint(self):
        complaint = self._complaint(category="quality")
        self.assertTrue(complaint.report_required)
        complaint.action_investigate()
        # a diamond account's complaint is resolved within 24 hours: its
        # report is due today, not in the three report days
        self.assertLessEqual(
            complaint.date_deadline, complaint.date_received + timedelta(hours=24)
        )
        self.assertEqual(complaint.report_due, self.today)
        with self.assertRaises(UserError):
            complaint.action_submit_report()  # no report written
        complaint.investigation_report = "Seal glue missing on one batch"
        complaint.action_submit_report()
        with self.assertRaises(UserError):
            complaint.action_resolve_start()
        self.assertEqual(complaint.state, "investigating")
        with self.assertRaises(AccessError):
            complaint.with_user(self.director).gm_instruction = "Replace them"
        with self.assertRaises(UserError):
            complaint.with_user(self.general_manager).action_instruct()  # empty
        complaint.with_user(self.general_manager).gm_instruction = "Replace all six"
        complaint.with_user(self.general_manager).action_instruct()
        self.assertEqual(complaint.gm_instructed_by, self.general_manager)
        complaint.action_resolve_start()
        self.assertEqual(complaint.state, "resolving")
        # quality complaints need their root cause
        with self.assertRaises(UserError):
            complaint.action_resolved()
        complaint.root_cause = "Glue check skipped on the night shift"
        complaint.action_resolved()
        self.assertEqual(complaint.state, "resolved")
        self.assertTrue(complaint.sla_met)
        # no closing without the callback and its score
        with self.assertRaises(UserError):
            complaint.action_close()
        self.assertEqual(complaint.state, "resolved")
        for score in (6, -1):
            with self.assertRaises(ValidationError):
                complaint.satisfaction = score
        complaint.write({"callback_date": self.today, "satisfaction": 5})
        complaint.action_close()
        self.assertEqual(complaint.state, "closed")

    def test_customer_and_date_fixed_once_investigated(self):
        complaint = self._complaint()
        other = self._partner("Another customer")
        complaint.date_received = complaint.date_received - timedelta(hours=1)
        complaint.action_investigate()
        with self.assertRaises(UserError):
            complaint.partner_id = other
        with self.assertRaises(UserError):
            complaint.date_received = fields.Datetime.now()
        self.assertEqual(complaint.partner_id, self.customer)

    def test_minor_complaints_need_no_report(self):
        complaint = self._complaint(severity="low")
        self.assertFalse(complaint.report_required)
        complaint.action_investigate()
        complaint.action_resolve_start()
        complaint.action_resolved()
        self.assertEqual(complaint.state, "resolved")
        with self.assertRaises(AccessError):
            complaint.write({"state": "closed"})

    def test_settlement_within_the_approval_level(self):
        complaint = self._complaint()
        complaint.action_investigate()
        complaint.settlement_amount = 5000  # above 1,000: a director
        with self.assertRaises(AccessError):
            complaint.action_approve_settlement()
        complaint.action_resolve_start()
        with self.assertRaises(UserError):
            complaint.action_resolved()  # settlement not approved
        complaint.with_user(self.director).action_approve_settlement()
        self.assertEqual(complaint.settlement_approved_by, self.director)
        with self.assertRaises(UserError):
            complaint.settlement_amount = 9000
        big = self._complaint()
        big.settlement_amount = 50000  # above 10,000: the general manager
        with self.assertRaises(AccessError):
            big.with_user(self.director).action_approve_settlement()
        big.with_user(self.general_manager).action_approve_settlement()
        small = self._complaint()
        small.settlement_amount = 300
        small.action_approve_settlement()
        self.assertEqual(small.settlement_approved_by, self.ka_user)
        with self.assertRaises(ValidationError):
            small.qty_defective = -1

    def test_who_sees_complaints(self):
        complaint = self._complaint(user=self.ka_user_other)  # handled by other
        complaint.with_user(self.ka_user).check_access("read")  # account manager
        mine = self._complaint()
        with self.assertRaises(AccessError):
            mine.with_user(self.ka_user_other).check_access("read")
        self.assertIn(
            mine, self.env["bigaccount.complaint"].with_user(self.director).search([])
        )
        with self.assertRaises(AccessError):
            mine.with_user(self.salesman).check_access("read")
        self.assertEqual(self.customer.with_user(self.ka_user).ka_complaint_count, 2)


@tagged("post_install", "-at_install")
class TestComplaintEscalation(ComplaintCase):
    def _overdue(self):
        return self._complaint(date_received=fields.Datetime.now() - timedelta(days=5))

    def _activities(self, complaint, user):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "bigaccount.complaint"),
                ("res_id", "=", complaint.id),
                ("user_id", "=", user.id),
            ]
        )

    def test_director_then_general_manager_once_each(self):
        self.customer.sudo().ka_manager_id = self.director
        complaint = self._overdue()
        on_time = self._complaint()
        Complaint = self.env["bigaccount.complaint"]
        Complaint._cron_escalate()
        self.assertTrue(complaint.is_overdue)
        self.assertFalse(on_time.is_overdue)
        self.assertEqual(complaint.escalation, "director")
        self.assertEqual(len(self._activities(complaint, self.director)), 1)
        self.assertEqual(on_time.escalation, "none")
        Complaint._cron_escalate()
        self.assertEqual(len(self._activities(complaint, self.director)), 1)
        self.assertEqual(complaint.escalation, "director", "not before the delay")
        complaint.sudo().date_escalated = fields.Datetime.now() - timedelta(hours=25)
        Complaint._cron_escalate()
        self.assertEqual(complaint.escalation, "gm")
        gm_activities = self.env["mail.activity"].search(
            [
                ("res_model", "=", "bigaccount.complaint"),
                ("res_id", "=", complaint.id),
                ("summary", "ilike", "general manager"),
            ]
        )
        self.assertEqual(len(gm_activities), 1)
        Complaint._cron_escalate()
        self.assertEqual(
            self.env["mail.activity"].search_count(
                [
                    ("res_model", "=", "bigaccount.complaint"),
                    ("res_id", "=", complaint.id),
                ]
            ),
            2,
        )

    def test_escalation_queries_do_not_grow_with_open_complaints(self):
        Complaint = self.env["bigaccount.complaint"]
        # warm up (and escalate what the demo data left overdue)
        self._overdue()
        Complaint._cron_escalate()
        counts = []
        for open_count in (10, 200):
            Complaint.create(
                [
                    {
                        "partner_id": self.customer.id,
                        "category": "other",
                        "description": "Open",
                    }
                    for _i in range(open_count)
                ]
            )
            self._overdue()
            count, escalated = self._count_queries(Complaint._cron_escalate)
            self.assertEqual(escalated, (1, 0))
            counts.append(count)
        _logger.info("Escalation queries: %s (10 open) / %s (210 open)", *counts)
        self.assertEqual(counts[0], counts[1])


@tagged("post_install", "-at_install")
class TestComplaintReturns(ComplaintCase):
    def test_return_and_credit_note_linked_both_ways(self):
        order, picking, invoice, goods = self._delivered()
        complaint = self._complaint(
            category="quality",
            severity="low",
            sale_order_id=order.id,
            picking_id=picking.id,
            invoice_id=invoice.id,
            product_id=goods.id,
            qty_defective=2,
        )
        complaint = complaint.with_env(self.env)
        complaint.action_investigate()
        complaint.action_create_return()
        returned = complaint.return_picking_ids
        self.assertEqual(len(returned), 1)
        self.assertEqual(returned.move_ids.product_uom_qty, 2)
        self.assertEqual(returned.ka_complaint_id, complaint)
        self.assertEqual(complaint.return_count, 1)
        complaint.action_create_credit_note()
        credit_note = complaint.credit_note_ids
        self.assertEqual(credit_note.move_type, "out_refund")
        self.assertEqual(credit_note.reversed_entry_id, invoice)
        self.assertEqual(credit_note.ka_complaint_id, complaint)
        # the defective quantity only: 2 of the 10 invoiced at 10 each
        self.assertEqual(credit_note.state, "draft")
        self.assertEqual(credit_note.invoice_line_ids.product_id, goods)
        self.assertEqual(credit_note.invoice_line_ids.quantity, 2)
        self.assertEqual(credit_note.amount_untaxed, 2 * 10)
        # a complaint naming no product credits the whole invoice
        whole = self._complaint(
            category="quality", severity="low", invoice_id=invoice.id
        )
        whole = whole.with_env(self.env)
        whole.action_investigate()
        whole.action_create_credit_note()
        self.assertEqual(whole.credit_note_ids.amount_untaxed, invoice.amount_untaxed)
        self.assertEqual(invoice.amount_untaxed, 10 * 10)
        self.assertEqual(complaint.action_view_credit_notes()["res_id"], credit_note.id)
        # the return's and the credit note's forms name the complaint to
        # those who read complaints, not to the others
        several_roles = new_test_user(
            self.env,
            login="ka_complaint_reader_several_roles",
            groups="sales_team.group_sale_salesman,bigaccount_crm.group_ka_director,"
            "account.group_account_manager,stock.group_stock_user",
        )
        for record, readers, others in (
            (returned, self.ka_user | several_roles, self.warehouse),
            (credit_note, self.ka_user | several_roles, self.finance),
        ):
            for user in readers | others:
                with self.subTest(form=record._name, user=user.login):
                    Model = record.with_user(user)
                    arch = Model.get_views([(False, "form")])["views"]["form"]["arch"]
                    self.assertEqual('name="ka_complaint_id"' in arch, user in readers)
            shown = record.with_user(several_roles).web_read(
                {"ka_complaint_id": {"fields": {"display_name": {}}}}
            )
            self.assertEqual(
                shown[0]["ka_complaint_id"],
                {"id": complaint.id, "display_name": complaint.display_name},
            )
        no_delivery = self._complaint()
        with self.assertRaises(UserError):
            no_delivery.with_env(self.env).action_create_return()
        with self.assertRaises(UserError):
            no_delivery.with_env(self.env).action_create_credit_note()
