# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The document header (models/bigaccount_document_mixin.py) on every
document the registry holds: a document made for a contact person is filed
under the contact's company, with the defaults its account gives; a partner
that is not one is a clear error."""

from datetime import timedelta

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import BigaccountCase


@tagged("post_install", "-at_install")
class TestDocumentHeader(BigaccountCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.account = cls._partner("Header Account")
        cls.account.sudo().ka_tier_id = cls.diamond
        cls._invoice(cls.account, 100.0)  # its archive card may be opened
        cls.contact = cls.env["res.partner"].create(
            {"name": "Buyer at Header Account", "parent_id": cls.account.id}
        )

    def _required_vals(self):
        """What each document needs besides its customer."""
        today = self.today
        service = self.env["bigaccount.service"].create({"name": "Welcome pack"})
        return {
            "bigaccount.agreement": {
                "date_start": today,
                "date_end": today + timedelta(days=364),
            },
            "bigaccount.anomaly": {"what": "An order far above the usual"},
            "bigaccount.archive": {},
            "bigaccount.assessment": {},
            "bigaccount.collection.action": {},
            "bigaccount.competitor": {"competitor_id": self._partner("Rival").id},
            "bigaccount.complaint": {"description": "Late delivery"},
            "bigaccount.credit.review": {"rating": "b", "proposed_limit": 5000},
            "bigaccount.nomination": {"reason": "A large buyer"},
            "bigaccount.service.delivery": {
                "service_id": service.id,
                "date_planned": today,
            },
            "bigaccount.statement": {
                "date_from": today - timedelta(days=30),
                "date_to": today,
            },
            "bigaccount.visit": {"date_start": fields.Datetime.now()},
        }

    def test_every_document_is_filed_under_the_contact_s_company(self):
        vals_of = self._required_vals()
        documents = self.env.registry["bigaccount.document.mixin"]._inherit_children
        self.assertEqual(set(vals_of), set(documents), "each document is tried")
        for name, vals in vals_of.items():
            with self.subTest(document=name):
                record = self.env[name].create(dict(vals, partner_id=self.contact.id))
                self.assertEqual(record.partner_id, self.account)
                record.partner_id = self.account  # the account itself stays

    def test_a_complaint_takes_its_account_s_tier_unless_given(self):
        self.assertTrue(self.diamond.green_channel)
        Complaint = self.env["bigaccount.complaint"]
        complaint = Complaint.create(
            {"partner_id": self.contact.id, "description": "Wrong goods"}
        )
        self.assertEqual(complaint.tier_id, self.diamond)
        self.assertTrue(complaint.green_channel)
        given = Complaint.create(
            {
                "partner_id": self.contact.id,
                "description": "Wrong goods again",
                "tier_id": self.vip.id,
                "green_channel": False,
            }
        )
        self.assertEqual(given.tier_id, self.vip)
        self.assertFalse(given.green_channel)

    def test_a_customer_that_is_not_a_record_is_a_clear_error(self):
        vals_of = self._required_vals()
        for name, vals in vals_of.items():
            Document = self.env[name]
            before = Document.search_count([])
            for wrong in ("Buyer at Header Account", 2**30):
                with self.subTest(document=name, partner=wrong):
                    with self.assertRaises(UserError):
                        Document.create(dict(vals, partner_id=wrong))
            self.assertEqual(Document.search_count([]), before)

    def test_a_batch_reads_its_customers_once(self):
        """A batch of documents (the monthly statements) looks the customers
        it names up once: the input check costs one query, whatever the
        size of the batch."""
        contacts = self.env["res.partner"].create(
            [
                {"name": f"Buyer {index}", "parent_id": account.id}
                for index, account in enumerate(
                    self.env["res.partner"].create(
                        [{"name": f"Batch {i}", "is_company": True} for i in range(12)]
                    )
                )
            ]
        )
        Statement = self.env["bigaccount.statement"]
        vals = self._required_vals()["bigaccount.statement"]

        def check(batch):
            return self._count_queries(
                lambda: Statement._ka_check_input_list(
                    [dict(vals, partner_id=contact.id) for contact in batch]
                )
            )[0]

        self.assertEqual(check(contacts[:1]), 1, "one lookup of the customers")
        self.assertEqual(check(contacts), 1)
        statements = Statement.create(
            [dict(vals, partner_id=contact.id) for contact in contacts]
        )
        self.assertEqual(statements.partner_id, contacts.parent_id)
        with self.assertRaisesRegex(UserError, "does not exist"):
            Statement._ka_check_input_list(
                [dict(vals, partner_id=contacts[0].id), dict(vals, partner_id=2**30)]
            )
