# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""One confidentiality pattern for every model (models/bigaccount_security.py),
checked from the registry, and the cases where line models and child models
leaked: another manager's account, a plain salesperson, another company."""

from datetime import datetime, time, timedelta

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from ..models.bigaccount_security import CONFIDENTIAL, PUBLIC
from .common import BigaccountCase


@tagged("post_install", "-at_install")
class TestConfidentialityPattern(BigaccountCase):
    def test_every_model_is_in_the_pattern(self):
        concrete = {
            name
            for name, model in self.env.registry.items()
            if name.startswith("bigaccount.")
            and not model._abstract
            and not model._transient
        }
        self.assertEqual(concrete, set(CONFIDENTIAL))

    def test_every_group_with_access_has_a_rule(self):
        """A group that may read a model and has no rule on it would read
        every record: each one has its rule, except on configuration."""
        for name, spec in CONFIDENTIAL.items():
            model = self.env["ir.model"]._get(name)
            rules = self.env["ir.rule"].search([("model_id", "=", model.id)])
            if spec == PUBLIC:
                self.assertFalse(rules.filtered("groups"), name)
                continue
            with self.subTest(model=name):
                self.assertTrue(
                    rules.filtered("global") or not spec.company,
                    "a company rule",
                )
                ruled = rules.groups
                team_rule = rules.filtered(
                    lambda r: "ka_rule_" in r.get_external_id()[r.id]
                )
                self.assertEqual(rules, team_rule, "every rule from the pattern")
                has_team = bool(spec.account or spec.users)
                for access in model.access_ids.filtered("perm_read"):
                    if access.group_id == self.env.ref("bigaccount_crm.group_ka_user"):
                        if not has_team:
                            continue  # shared within the company
                    self.assertIn(access.group_id, ruled, access.group_id.full_name)


@tagged("post_install", "-at_install")
class TestConfidentialRecords(BigaccountCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.account_a = cls._partner("Account of A")
        cls.account_b = cls._partner("Account of B")
        cls.account_a.sudo().ka_manager_id = cls.ka_user
        cls.account_b.sudo().ka_manager_id = cls.ka_user_other
        cls.criterion = cls.env["bigaccount.assessment.criterion"].search([], limit=1)
        cls.satisfaction = cls.env.ref("bigaccount_crm.survey_satisfaction")
        cls.contact_b = cls.env["res.partner"].create(
            {"name": "Buyer of B", "parent_id": cls.account_b.id}
        )

    def _documents_of(self, partner, company=None):
        """One document of each kind with lines on ``partner``, as its
        manager would have made them (created with sudo: the rules are what
        is tested)."""
        env = self.env(context=dict(self.env.context, tracking_disable=True))
        company_vals = {"company_id": company.id} if company else {}
        today = self.today
        agreement = env["bigaccount.agreement"].create(
            dict(
                {
                    "partner_id": partner.id,
                    "date_start": today - timedelta(days=10),
                    "date_end": today + timedelta(days=300),
                    "target_amount": 10000,
                    "line_ids": [
                        Command.create({"product_id": self.product.id, "price": 350})
                    ],
                },
                **company_vals,
            )
        )
        assessment = env["bigaccount.assessment"].create(
            dict(
                {
                    "partner_id": partner.id,
                    "date": today,
                    "line_ids": [
                        Command.create(
                            {
                                "criterion_id": self.criterion.id,
                                "weight": 100,
                                "score": 3,
                            }
                        )
                    ],
                },
                **company_vals,
            )
        )
        review = env["bigaccount.credit.review"].create(
            dict(
                {"partner_id": partner.id, "rating": "b", "proposed_limit": 5000},
                **company_vals,
            )
        )
        action = env["bigaccount.collection.action"].create(
            dict(
                {
                    "partner_id": partner.id,
                    "method": "phone",
                    "note": "Promised payment",
                },
                **company_vals,
            )
        )
        documents = {
            "agreement": agreement,
            "agreement line": agreement.line_ids,
            "assessment line": assessment.line_ids,
            "credit review": review,
            "collection action": action,
        }
        if not company:
            # a satisfaction answer of the account's contact (Odoo Survey,
            # whose answers belong to no company)
            answer = self.satisfaction._create_answer(
                partner=partner.child_ids[:1] or partner, check_attempts=False
            )
            answer._save_lines(self.satisfaction.question_ids[0], 3)
            documents["satisfaction answer"] = answer
            documents["satisfaction answer line"] = answer.user_input_line_ids
        return documents

    def test_another_manager_s_accounts_and_their_lines(self):
        documents = self._documents_of(self.account_b)
        for label, record in documents.items():
            with self.subTest(document=label):
                record.with_user(self.ka_user_other).check_access("read")
                with self.assertRaises(AccessError):
                    record.with_user(self.ka_user).check_access("read")
                self.assertNotIn(
                    record, self.env[record._name].with_user(self.ka_user).search([])
                )
                record.with_user(self.director).check_access("read")

    def test_plain_salesperson_sees_agreements_of_own_customers_only(self):
        documents = self._documents_of(self.account_b)
        agreement = documents["agreement"]
        with self.assertRaises(AccessError):
            agreement.with_user(self.salesman).check_access("read")
        with self.assertRaises(AccessError):
            documents["agreement line"].with_user(self.salesman).check_access("read")
        self.account_b.user_id = self.salesman
        agreement.with_user(self.salesman).check_access("read")
        documents["agreement line"].with_user(self.salesman).check_access("read")

    def test_account_team_reads_a_visit_a_team_member_made(self):
        member = new_test_user(
            self.env,
            login="ka_team_visitor",
            groups="sales_team.group_sale_salesman,bigaccount_crm.group_ka_user",
        )
        self.account_b.sudo().ka_team_user_ids = member
        start = datetime.combine(self.today + timedelta(days=1), time(9, 0))
        visit = (
            self.env["bigaccount.visit"]
            .with_user(member)
            .create(
                {
                    "partner_id": self.account_b.id,
                    "kind": "onsite",
                    "date_start": start,
                    "date_end": start + timedelta(hours=2),
                }
            )
        )
        visit.with_user(self.ka_user_other).check_access("read")  # the manager
        visit.with_user(member).check_access("read")
        with self.assertRaises(AccessError):
            visit.with_user(self.ka_user).check_access("read")

    def test_another_company_s_lines_and_child_records(self):
        other = self.env["res.company"].create({"name": "KA Second Company"})
        account = self._partner("Account in the second company", company_id=other.id)
        account.sudo().ka_manager_id = self.ka_user
        documents = self._documents_of(account, company=other)
        env = self.env(context=dict(self.env.context, tracking_disable=True))
        documents["manager history"] = env["bigaccount.manager.assignment"].create(
            {"partner_id": account.id, "new_manager_id": self.ka_user.id}
        )
        documents["team role"] = env["bigaccount.account.team.member"].create(
            {"partner_id": account.id, "user_id": self.ka_user.id, "role": "delivery"}
        )
        for label, record in documents.items():
            with self.subTest(document=label):
                for user in (self.director, self.ka_user):
                    with self.assertRaises(AccessError):
                        record.with_user(user).check_access("read")
        # the same user in both companies reads them
        self.director.company_ids |= other
        documents["agreement line"].with_user(self.director).with_context(
            allowed_company_ids=[self.company.id, other.id]
        ).check_access("read")

    def test_another_manager_s_account_data_neither_written_nor_read(self):
        self.account_b.sudo().write(
            {"ka_tier_basis": 25000, "ka_margin_percent": 12.5, "ka_grade": "a"}
        )
        self.account_a.sudo().write({"ka_tier_basis": 9000, "ka_grade": "b"})
        with self.assertRaises(AccessError):
            self.account_b.with_user(self.ka_user).write({"ka_employee_count": 10})
        with self.assertRaises(AccessError):
            self.account_b.with_user(self.ka_user).write({"ka_office_area": 10})
        self.account_a.with_user(self.ka_user).write({"ka_employee_count": 10})
        fnames = ["ka_tier_basis", "ka_margin_percent", "ka_grade"]
        values_b = self.account_b.with_user(self.ka_user).read(fnames)[0]
        self.assertEqual(
            [values_b[f] for f in fnames], [False, False, False], "A reads B's"
        )
        values_a = self.account_a.with_user(self.ka_user).read(fnames)[0]
        self.assertEqual((values_a["ka_tier_basis"], values_a["ka_grade"]), (9000, "b"))
        for user in (self.ka_user_other, self.director, self.finance):
            values = self.account_b.with_user(user).read(fnames)[0]
            self.assertEqual(values["ka_tier_basis"], 25000, user.login)

    def test_reminders_live_on_the_add_on_s_records(self):
        """Reminders (visit due, at risk, overdue receivables, credit review
        due) are on visits and reviews that the account team, directors and
        finance read — never on the customer, whose activities every user
        reads; another key-account user and a plain salesperson do not see
        them."""
        self._invoice(
            self.account_a, 1234, months_ago=3, due=self.today - timedelta(days=60)
        )
        self.account_a.sudo().write({"ka_is_key_account": True})
        self.env["bigaccount.overdue.report"]._cron_overdue_activities()
        self.env["bigaccount.credit.review"]._cron_review_reminders()
        self.env["bigaccount.visit"]._ka_plan_reminder_visits(
            self.account_a,
            "bigaccount_crm.mail_activity_type_at_risk",
            "maintenance",
            "onsite",
            lambda partner: "At risk",
        )
        self.assertFalse(
            self.env["mail.activity"].search(
                [("res_model", "=", "res.partner"), ("res_id", "=", self.account_a.id)]
            )
        )
        documents = [
            *self.env["bigaccount.visit"].search(
                [("partner_id", "=", self.account_a.id)]
            ),
            *self.env["bigaccount.credit.review"].search(
                [("partner_id", "=", self.account_a.id)]
            ),
        ]
        reminders = self.env["mail.activity"].concat(
            *(document.activity_ids for document in documents)
        )
        self.assertEqual(
            {
                a.activity_type_id.get_external_id()[a.activity_type_id.id]
                for a in reminders
            },
            {
                "bigaccount_crm.mail_activity_type_overdue",
                "bigaccount_crm.mail_activity_type_credit_review",
                "bigaccount_crm.mail_activity_type_at_risk",
            },
        )
        for document in documents:
            with self.subTest(document=document.display_name):
                for user in (self.ka_user, self.director, self.finance):
                    document.with_user(user).check_access("read")
                for user in (self.ka_user_other, self.salesman):
                    with self.assertRaises(AccessError):
                        document.with_user(user).check_access("read")
                self.assertFalse(
                    self.env["mail.activity"]
                    .with_user(self.ka_user_other)
                    .search([("id", "in", document.activity_ids.ids)])
                )
