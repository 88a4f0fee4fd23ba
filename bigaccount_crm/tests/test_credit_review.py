# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from ..models.bigaccount_credit_request import FINANCE_GROUP
from .common import BigaccountCase


@tagged("post_install", "-at_install")
class TestCreditReviews(BigaccountCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer = cls._partner("Reviewed customer")
        cls.customer.sudo().with_company(cls.company).credit_limit = 1000

    def _review(self, user, **vals):
        return (
            self.env["bigaccount.credit.review"]
            .with_user(user)
            .create(
                dict(
                    {
                        "partner_id": self.customer.id,
                        "rating": "b",
                        "proposed_limit": 5000,
                    },
                    **vals,
                )
            )
        )

    def test_approved_review_sets_the_limit(self):
        review = self._review(self.ka_user)
        review.action_submit()
        with self.assertRaises(AccessError):
            review.with_user(self.ka_user).action_approve()
        with self.assertRaises(AccessError):
            review.with_user(self.ka_user).write({"state": "approved"})
        review.with_user(self.finance).with_context(
            tracking_disable=False, mail_notrack=False
        ).action_approve()
        self.assertEqual(review.state, "approved")
        self.assertEqual(review.current_limit, 1000)
        self.assertEqual(review.approved_limit, 5000)
        self.assertEqual(self.customer.with_company(self.company).credit_limit, 5000)
        # tracking is written when the transaction commits
        self.env.flush_all()
        self.env.cr.precommit.run()
        tracked = self.env["mail.tracking.value"].search(
            [
                ("mail_message_id.res_id", "=", self.customer.id),
                ("mail_message_id.model", "=", "res.partner"),
                ("field_id.name", "=", "credit_limit"),
            ],
            order="id desc",
        )
        self.assertEqual(tracked[:1].old_value_float, 1000)
        self.assertEqual(tracked[:1].new_value_float, 5000)
        # the limit's tracking is for finance's groups (the field's); the
        # review's note is on the review, not in the customer's chatter
        self.assertFalse(
            tracked[:1]._filter_has_field_access(self.env(user=self.ka_user))
        )
        self.assertTrue(
            tracked[:1]._filter_has_field_access(self.env(user=self.finance))
        )
        self.assertIn("5,000", " ".join(review.message_ids.mapped("body")))
        self.assertNotIn(
            "credit review", " ".join(self.customer.message_ids.mapped("body"))
        )
        with self.assertRaises(UserError):
            review.with_user(self.finance).action_approve()
        with self.assertRaises(UserError):
            review.with_user(self.finance).write({"proposed_limit": 1})

    def test_limit_only_by_review_or_finance(self):
        with self.assertRaises(AccessError):
            self.customer.with_user(self.ka_user).with_company(
                self.company
            ).credit_limit = 99999
        with self.assertRaises(AccessError):
            self.customer.with_user(self.director).with_company(
                self.company
            ).credit_limit = 99999
        self.assertEqual(self.customer.with_company(self.company).credit_limit, 1000)
        self.customer.with_user(self.finance).with_company(
            self.company
        ).credit_limit = 2000
        self.assertEqual(self.customer.with_company(self.company).credit_limit, 2000)

    def test_contacts_inherit_the_limit_without_finance_rights(self):
        # Odoo copies the company's credit limit to its contacts (a commercial
        # field): a salesperson adding a contact must not be stopped by the
        # finance-only rule, which is about the company's own limit.
        contact = (
            self.env["res.partner"]
            .with_user(self.ka_user)
            .create({"name": "New buyer", "parent_id": self.customer.id})
        )
        self.assertEqual(contact.sudo().with_company(self.company).credit_limit, 1000)
        with self.assertRaises(AccessError):
            self.env["res.partner"].with_user(self.ka_user).create(
                {"name": "Self-limited company", "is_company": True, "credit_limit": 5}
            )

    def test_review_rules(self):
        with self.assertRaises(ValidationError):
            self._review(self.ka_user, proposed_limit=-1)
        own = self._review(self.finance)
        own.action_submit()
        with self.assertRaises(AccessError):
            own.with_user(self.finance).action_approve()
        own.with_user(self.finance_2).action_refuse()
        self.assertEqual(own.state, "refused")
        self.assertEqual(self.customer.with_company(self.company).credit_limit, 1000)

    def test_review_reminders(self):
        self.customer.sudo().ka_is_key_account = True
        Review = self.env["bigaccount.credit.review"]
        self.assertGreaterEqual(Review._cron_review_reminders(), 1)
        activity_type = self.env.ref("bigaccount_crm.mail_activity_type_credit_review")
        # a draft review prepared for finance carries the reminder, not the
        # customer (which every user reads)
        review = Review.search(
            [("partner_id", "=", self.customer.id), ("state", "=", "draft")]
        )
        self.assertEqual(len(review), 1)
        self.assertIn(review.user_id, self.env.ref(FINANCE_GROUP).users)
        self.assertEqual(review.activity_ids.activity_type_id, activity_type)
        self.assertEqual(review.activity_ids.user_id, review.user_id)
        self.assertFalse(self.customer.activity_ids)
        self.assertEqual(Review._cron_review_reminders(), 0)
