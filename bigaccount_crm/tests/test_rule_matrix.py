# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The record rules of every model, from the registry: one record of each
model on an account of manager B, in each of two companies, read, searched,
grouped, written and deleted by every role — another key-account user,
the manager, a director, finance, a plain salesperson and one user who is
key-account user, director and finance at once — in one company only.

The expected outcome comes from the rule (README, Security): the
access rights of the role on the model (``ir.model.access``), and then the
records of the user's companies; of those, key-account users reach the
records of the accounts they manage or are on the team of and those they
take part in, directors all, finance the credit documents.
"""

from datetime import datetime, time, timedelta

from odoo import models
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged
from odoo.tools import SQL

from ..models.bigaccount_security import CONFIDENTIAL, PUBLIC
from .common import BigaccountCase, load_chinese

OPERATIONS = ("read", "write", "unlink")
# Values the generic factory cannot guess (a constraint asks for them).
OVERRIDES = {
    "bigaccount.lead.task": {"name": "Task"},
    "bigaccount.visit": {"kind": "onsite"},
}


class RuleMatrixCase(BigaccountCase):
    """One record of every model of the add-on on the account of manager B,
    in each of two companies (``records[model][company]``)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(
            context=dict(cls.env.context, tracking_disable=True, mail_notrack=True)
        )
        cls.company_2 = cls.env["res.company"].create({"name": "KA Matrix Company"})
        cls.companies = cls.company | cls.company_2
        cls.manager_b = cls.ka_user_other
        cls.manager_b.company_ids |= cls.company_2
        cls.several_roles = new_test_user(
            cls.env,
            login="ka_several_roles",
            groups="sales_team.group_sale_manager,bigaccount_crm.group_ka_user,"
            "bigaccount_crm.group_ka_director,account.group_account_manager",
        )
        cls.accounts = {
            company: cls._partner(f"Account of B in {company.name}")
            for company in cls.companies
        }
        cls.env["account.chart.template"].try_loading(
            "generic_coa", company=cls.company_2, install_demo=False
        )
        cls.contacts = {
            company: cls.env["res.partner"].create(
                {"name": f"Buyer of B in {company.name}", "parent_id": account.id}
            )
            for company, account in cls.accounts.items()
        }
        cls.made = {}
        for company, account in cls.accounts.items():
            account.write({"company_id": company.id, "ka_manager_id": cls.manager_b.id})
            # an account that bought (archive cards) and owes (overdue report)
            env = cls.env(
                context=dict(cls.env.context, allowed_company_ids=company.ids)
            )
            invoice = cls._invoice_vals(
                account, 500, months_ago=3, due=cls.today - timedelta(days=60)
            )
            cls._post_invoices([dict(invoice, company_id=company.id)])
            cls.made[company] = {
                "sale.order": env["sale.order"].create(
                    {"partner_id": account.id, "company_id": company.id}
                ),
                "stock.picking": env["stock.picking"].create(
                    {
                        "partner_id": account.id,
                        "company_id": company.id,
                        "picking_type_id": env["stock.picking.type"]
                        .search(
                            [
                                ("code", "=", "outgoing"),
                                ("company_id", "=", company.id),
                            ],
                            limit=1,
                        )
                        .id,
                    }
                ),
            }
        cls.records = {}
        cls.factory_errors = {}
        for name, spec in CONFIDENTIAL.items():
            if spec == PUBLIC:
                continue
            try:
                with cls.env.cr.savepoint():
                    cls.records[name] = {
                        company: cls._make(name, company) for company in cls.companies
                    }
            except Exception as error:
                cls.factory_errors[name] = repr(error)

    @classmethod
    def _value(cls, field, company):
        """A value of ``field`` for a new record in ``company`` on the account
        of B, or None to leave it to its default."""
        made = cls.made[company]
        if field.type == "many2one":
            comodel = field.comodel_name
            if comodel == "res.partner":
                people = cls.contacts if field.name == "contact_id" else cls.accounts
                return people[company].id
            if comodel == "res.company":
                return company.id
            if comodel == "res.users":
                return cls.manager_b.id
            if comodel in made:
                return made[comodel].id
            # the add-on's parents, and the CRM opportunity of its lines
            if field.required and (
                comodel.startswith("bigaccount.") or comodel == "crm.lead"
            ):
                return cls._make(comodel, company).id
            if field.required and not field.default:
                return cls.env[comodel].search([], limit=1).id
            return None
        if not field.required or field.default:
            return None
        values = {
            "char": f"Matrix {field.name}",
            "text": f"Matrix {field.name}",
            "html": f"Matrix {field.name}",
            "date": cls.today,
            "datetime": datetime.combine(cls.today, time(9)),
            "integer": 1,
            "float": 1,
            "monetary": 1,
        }
        if field.type == "selection":
            return field._description_selection(cls.env)[0][0]
        return values.get(field.type)

    @classmethod
    def _make(cls, model_name, company):
        """The record of ``model_name`` in ``company`` on the account of B,
        its users all B, its required parents made the same way (once per
        company); for a report (an SQL view), its row of that account."""
        made = cls.made[company]
        if model_name in made:
            return made[model_name]
        model = cls.env[model_name]
        if not model._auto:
            if model_name == "bigaccount.visit.daily":  # counts the visits done
                cls._make("bigaccount.visit", company).state = "done"
            cls.env.flush_all()
            domain = [("company_id", "=", company.id)]
            if "partner_id" in model._fields:
                domain.append(("partner_id", "=", cls.accounts[company].id))
            else:
                domain.append(("user_id", "=", cls.manager_b.id))
            record = model.search(domain, limit=1)
            if not record:
                raise ValueError(f"no row of {model_name} in {company.name}")
            made[model_name] = record
            return record
        vals = dict(OVERRIDES.get(model_name, {}))
        if model_name == "crm.lead":  # a key-account development
            vals.update(
                type="opportunity",
                team_id=cls.env.ref("bigaccount_crm.crm_team_key_accounts").id,
                company_id=company.id,
                user_id=cls.manager_b.id,
            )
        for fname, field in model._fields.items():
            if fname in vals or field.compute or field.related or not field.store:
                continue
            value = cls._value(field, company)
            if value is not None:
                vals[fname] = value
        if "date_start" in model._fields and "date_end" in vals:
            vals["date_start"] = datetime.combine(cls.today, time(8))
        record = model.create(vals)
        made[model_name] = record
        return record


@tagged("post_install", "-at_install")
class TestRuleMatrix(RuleMatrixCase):
    def _roles(self):
        """``{label: (user, {company: whether the rule lets him in})}``."""
        return {
            "another key-account user": (self.ka_user, {}),
            "the account's manager": (
                self.manager_b,
                {self.company: True, self.company_2: True},
            ),
            "a director": (self.director, {self.company: True}),
            "finance": (self.finance, {self.company: "finance"}),
            "a plain salesperson": (self.salesman, {}),
            "key-account user, director and finance": (
                self.several_roles,
                {self.company: True},
            ),
        }

    def _rule_lets_in(self, spec, user, company, reach):
        """Whether the rules let ``user`` reach the record of ``company``."""
        if company not in user.company_ids:
            return False
        lets_in = reach.get(company, False)
        if lets_in == "finance":
            return spec.finance
        if not lets_in and user.has_group("bigaccount_crm.group_ka_user"):
            # shared within the company where nothing ties it to accounts
            return not (spec.account or spec.users)
        return lets_in

    def test_every_model_every_role_every_operation(self):
        self.assertEqual(self.factory_errors, {})
        access = self.env["ir.model.access"]
        for model_name, by_company in self.records.items():
            spec = CONFIDENTIAL[model_name]
            for label, (user, reach) in self._roles().items():
                model = self.env[model_name].with_user(user)
                for company, record in by_company.items():
                    expected_in = self._rule_lets_in(spec, user, company, reach)
                    for operation in OPERATIONS:
                        allowed = expected_in and access.with_user(user).check(
                            model_name, operation, raise_exception=False
                        )
                        with self.subTest(
                            model=model_name,
                            role=label,
                            company=company.name,
                            operation=operation,
                        ):
                            if allowed:
                                record.with_user(user).check_access(operation)
                            else:
                                with self.assertRaises(AccessError):
                                    record.with_user(user).check_access(operation)
                    readable = expected_in and access.with_user(user).check(
                        model_name, "read", raise_exception=False
                    )
                    if not access.with_user(user).check(
                        model_name, "read", raise_exception=False
                    ):
                        continue
                    with self.subTest(
                        model=model_name, role=label, company=company.name, op="search"
                    ):
                        domain = [("id", "=", record.id)]
                        found = model.with_context(
                            allowed_company_ids=user.company_ids.ids
                        ).search(domain)
                        self.assertEqual(bool(found), bool(readable))
                        ((count,),) = model.with_context(
                            allowed_company_ids=user.company_ids.ids
                        )._read_group(domain, aggregates=["__count"])
                        self.assertEqual(count, 1 if readable else 0)

    def test_every_numbered_document_is_new_until_saved(self):
        """Every numbered document (a required, read-only reference that is
        not copied) reads "New" in the user's language before it is saved —
        never "/" — and has its number once created."""
        load_chinese(self.env)
        numbered = [
            name
            for name in self.records
            if (field := self.env[name]._fields.get("name"))
            and field.required
            and field.readonly
            and not field.copy
            and field.type == "char"
        ]
        # (developments left: they are CRM opportunities, named by hand)
        self.assertGreaterEqual(len(numbered), 9, numbered)
        for model_name in numbered:
            with self.subTest(model=model_name):
                model = self.env[model_name]
                # one mechanism numbers them all
                self.assertIn(
                    model_name,
                    self.env["bigaccount.numbered.mixin"]._inherit_children,
                )
                self.assertEqual(model.default_get(["name"])["name"], "New")
                self.assertEqual(
                    model.with_context(lang="zh_CN").default_get(["name"])["name"],
                    "新建",
                )
                for record in self.records[model_name].values():
                    self.assertNotIn(record.name, ("New", "新建", "/"))

    def test_every_kanban_folds_the_finished_columns(self):
        """Grouped by its state or stage, every document folds the columns of
        the finished values (closed, cancelled, won, dropped...), and a
        search for the open ones shows no finished column."""
        folding = {
            name: self.env[name]._ka_folded_groups
            for name in self.records
            if getattr(self.env[name], "_ka_folded_groups", None)
        }
        # (developments left: CRM folds its won stages itself)
        self.assertGreaterEqual(len(folding), 2, folding)
        for model_name, groups in folding.items():
            model = self.env[model_name]
            for field, folded in groups.items():
                with self.subTest(model=model_name, field=field):
                    records = model.browse(
                        [r.id for r in self.records[model_name].values()]
                    )
                    # straight to a finished value (its buttons need more)
                    self.env.flush_all()
                    self.env.cr.execute(
                        SQL(
                            "UPDATE %s SET %s = %s WHERE id = %s",
                            SQL.identifier(model._table),
                            SQL.identifier(field),
                            folded[0],
                            records[0].id,
                        )
                    )
                    records.invalidate_recordset()
                    domain = [("id", "in", records.ids)]
                    result = model.web_read_group(domain, [field], [field])
                    fold = {g[field]: g["__fold"] for g in result["groups"]}
                    self.assertIs(fold[folded[0]], True)
                    self.assertIs(fold[records[1][field]], False)
                    result = model.web_read_group(
                        domain + [(field, "not in", folded)], [field], [field]
                    )
                    self.assertFalse({g[field] for g in result["groups"]} & set(folded))

    def test_money_figures_neither_searched_grouped_nor_sorted_by_others(self):
        """A key-account user neither finds another manager's account by its
        figures, nor adds them up, nor sorts by them; the manager and a
        director do."""
        account = self.accounts[self.company]
        account.write({"ka_tier_basis": 77777, "ka_grade": "a"})
        domain = [("id", "=", account.id), ("ka_tier_basis", ">", 77000)]
        partners = self.env["res.partner"]
        # a plain salesperson has no access to these fields at all
        with self.assertRaises(AccessError):
            partners.with_user(self.salesman).search(domain)
        with self.assertRaises(AccessError):
            partners.with_user(self.salesman)._read_group(
                [], aggregates=["ka_tier_basis:sum"]
            )
        for user, sees in (
            (self.ka_user, False),
            (self.manager_b, True),
            (self.director, True),
            (self.several_roles, True),
            (self.finance, True),
        ):
            with self.subTest(user=user.login):
                self.assertEqual(bool(partners.with_user(user).search(domain)), sees)
                ((total,),) = partners.with_user(user)._read_group(
                    [("id", "=", account.id)], aggregates=["ka_tier_basis:sum"]
                )
                self.assertEqual(total or 0, 77777 if sees else 0)
                groups = partners.with_user(user)._read_group(
                    [("id", "=", account.id)], ["ka_grade"], ["__count"]
                )
                self.assertEqual(groups, [("a", 1)] if sees else [])
        # another manager's largest account does not come first for A
        small = self._partner("Small account of A", company_id=self.company.id)
        small.write({"ka_manager_id": self.ka_user.id, "ka_tier_basis": 10})
        ids = [small.id, account.id]
        for user, first in ((self.ka_user, small), (self.director, account)):
            found = partners.with_user(user).search(
                [("id", "in", ids)], order="ka_tier_basis desc, id desc"
            )
            self.assertEqual(found[:1], first, user.login)


# Documents on the approval mechanism whose states record facts, not
# decisions (an anomaly looked at, a service delivered): nothing to freeze.
NO_DECISION = {"bigaccount.anomaly", "bigaccount.service.delivery"}


@tagged("post_install", "-at_install")
class TestDecidedIsFinal(RuleMatrixCase):
    """Decided is final (README, Security): on every document of the
    approval mechanism, the fields a decision covered are refused to every
    user once it is decided, and the document is not deleted; on every line
    model locked with its document, lines neither change nor go."""

    def _as_decider(self, record):
        return record.with_user(self.several_roles).with_context(
            allowed_company_ids=self.company.ids
        )

    def test_every_decision_freezes_what_it_covered(self):
        mechanism = self.env["bigaccount.workflow.mixin"]._inherit_children
        checked = 0
        for name in sorted(mechanism):
            model = self.env[name]
            if name in NO_DECISION or model._abstract:
                continue
            with self.subTest(model=name):
                self.assertTrue(
                    model._ka_locked_states or model._ka_decided_states,
                    "a document that is decided says what its decision freezes",
                )
            # the add-on's documents, and the CRM opportunity (a development)
            # made as the parent of its lines
            record = self.made[self.company][name]
            for state in (*model._ka_decided_states, *model._ka_locked_states):
                record[model._ka_state_field] = state
                fnames = (
                    model._ka_decision_fields
                    if state in model._ka_decided_states
                    else {
                        f
                        for f, field in model._fields.items()
                        if field.store
                        and not field.readonly
                        and not field.compute
                        and f not in model._ka_workflow_fields
                        and f not in models.MAGIC_COLUMNS
                    }
                )
                for fname in sorted(fnames):
                    value = record._fields[fname].convert_to_write(
                        record[fname], record
                    )
                    with self.subTest(model=name, state=state, field=fname):
                        with self.assertRaises(UserError):
                            self._as_decider(record).write({fname: value})
                        checked += 1
                if (
                    self.env["ir.model.access"]
                    .with_user(self.several_roles)
                    .check(name, "unlink", raise_exception=False)
                ):
                    with self.subTest(model=name, state=state, op="unlink"):
                        with self.assertRaises(UserError):
                            self._as_decider(record).unlink()
        self.assertGreater(checked, 100)

    def test_every_locked_line_model_follows_its_document(self):
        line_models = self.env["bigaccount.locked.line.mixin"]._inherit_children
        # (the survey's lines left: answers are Odoo Survey's)
        self.assertGreaterEqual(len(line_models), 4)
        for name in sorted(line_models):
            line = self.records[name][self.company]
            model = self.env[name]
            document = line[model._ka_document_field]
            for state in model._ka_locked_states or document._ka_locked_states:
                document[document._ka_state_field] = state
                with self.subTest(model=name, state=state):
                    fname = next(
                        f
                        for f, field in model._fields.items()
                        if field.store
                        and not field.compute
                        and not field.readonly
                        and f not in models.MAGIC_COLUMNS
                        and f != model._ka_document_field
                        and f not in model._ka_open_fields
                    )
                    value = line._fields[fname].convert_to_write(line[fname], line)
                    with self.assertRaises(UserError):
                        self._as_decider(line).write({fname: value})
                    with self.assertRaises(UserError):
                        self._as_decider(line).unlink()
                    with self.assertRaises(UserError):
                        self._as_decider(model).create(
                            {model._ka_document_field: document.id, fname: value}
                        )

    def test_relations_stay_in_the_record_s_company(self):
        """Every relation of a company's record to another company's
        records is refused (``check_company``), from the registry."""
        for name, model in self.env.registry.items():
            if not name.startswith("bigaccount.") or not model._auto:
                continue
            if model._abstract or model._transient or "company_id" not in model._fields:
                continue
            with self.subTest(model=name):
                self.assertTrue(model._check_company_auto)
                for fname, field in model._fields.items():
                    comodel = field.comodel_name
                    if (
                        field.type in ("many2one", "many2many")
                        and fname != "company_id"
                        and field.store
                        and not field.related
                        and comodel not in ("res.users", "res.company", "ir.attachment")
                        and "company_id" in self.env[comodel]._fields
                    ):
                        self.assertTrue(field.check_company, fname)
        # and it holds: a credit review in company 2 for company 1's account
        with self.assertRaises(UserError):
            self.env["bigaccount.credit.review"].create(
                {
                    "partner_id": self.accounts[self.company].id,
                    "company_id": self.company_2.id,
                    "rating": "b",
                    "proposed_limit": 1000,
                }
            )
