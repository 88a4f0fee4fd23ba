# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Installing the add-on changes nothing for Odoo users without its groups:
every field it adds to Odoo's own models is safe to read, export, search
and group by for sales, inventory, billing and portal users (the models are
found from the registry, so a new field joins the check by itself)."""

from lxml import etree

from odoo import Command
from odoo.tests import new_test_user, tagged
from odoo.tools.safe_eval import datetime, dateutil, safe_eval, time

from .common import BigaccountCase

MODULE = "bigaccount_crm"


@tagged("post_install", "-at_install")
class TestOdooModelsSafe(BigaccountCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.account_use_credit_limit = True
        cls.plain_users = {
            # with Odoo's right to export lists, to try the export
            "sales": new_test_user(
                cls.env,
                login="only_sales",
                groups="sales_team.group_sale_salesman,base.group_allow_export",
            ),
            "inventory": new_test_user(
                cls.env,
                login="only_inventory",
                groups="stock.group_stock_user,base.group_allow_export",
            ),
            "billing": new_test_user(
                cls.env,
                login="only_billing",
                groups="account.group_account_invoice,base.group_allow_export",
            ),
            "portal": new_test_user(
                cls.env, login="only_portal", groups="base.group_portal"
            ),
        }
        customer = cls.plain_users["portal"].partner_id
        customer.credit_limit = 1000
        goods = cls.env["product.product"].create(
            {"name": "Safe goods", "is_storable": True, "taxes_id": [Command.clear()]}
        )
        order = cls._order(customer, 100, product=goods)
        order.user_id = cls.plain_users["sales"]
        order.action_confirm()
        cls._invoice(customer, 50)

    @classmethod
    def _extended_models(cls):
        """Odoo's models (not the add-on's own) to which the add-on adds
        fields, with those fields."""
        extended = {}
        for name, model in cls.env.registry.items():
            if name.startswith("bigaccount.") or model._abstract or model._transient:
                continue
            fnames = [
                fname
                for fname, field in model._fields.items()
                if MODULE in (field._modules or ()) and field._module == MODULE
            ]
            if fnames:
                extended[name] = fnames
        return extended

    def test_the_extended_models_are_found(self):
        extended = self._extended_models()
        for name in (
            "res.partner",
            "sale.order",
            "stock.picking",
            "account.move",
            "res.users",
            "res.company",
        ):
            self.assertIn(name, extended)

    def _domain_context(self, user):
        return {
            "uid": user.id,
            "context_today": datetime.datetime.now,
            "datetime": datetime,
            "relativedelta": dateutil.relativedelta.relativedelta,
            "time": time,
            "allowed_company_ids": user.company_ids.ids,
            "current_company_id": user.company_id.id,
            "context": {},
        }

    def test_read_export_search_and_group_without_the_add_on_s_groups(self):
        for role, user in self.plain_users.items():
            for name, fnames in self._extended_models().items():
                model = self.env[name].with_user(user)
                if not model.has_access("read"):
                    continue
                with self.subTest(role=role, model=name):
                    records = model.search([], limit=3)
                    described = model.fields_get(attributes=["type", "exportable"])
                    readable = [fname for fname in fnames if fname in described]
                    records.read(readable)
                    records.web_read(dict.fromkeys(readable, {}))
                    # key-account fields are not offered to their export
                    self.assertFalse(
                        [
                            fname
                            for fname in readable
                            if fname.startswith("ka_")
                            and described[fname].get("exportable", True)
                        ]
                    )
                    if role != "portal":
                        records.export_data(["display_name"])
                    self._apply_search_view(model, user)

    def test_duplicating_odoo_s_records_without_the_add_on_s_groups(self):
        """Odoo's *Duplicate* copies the fields marked to copy, reading them
        as the user: a field the user may not read, or one only the add-on's
        buttons and jobs write, is not copied (else a salesperson could not
        duplicate a customer or a lead, nor an administrator a user)."""
        for name, fnames in self._extended_models().items():
            model = self.env[name]
            guarded = model._ka_guarded_fields()
            for fname in fnames:
                field = model._fields[fname]
                if field.store and (field.groups or fname in guarded):
                    with self.subTest(model=name, field=fname):
                        self.assertFalse(field.copy)
        sales = self.plain_users["sales"]
        customer = self._partner("Customer to duplicate", user_id=sales.id)
        customer.sudo().write({"ka_employee_count": 250, "ka_building": "Tower"})
        self._recompute(customer)
        copies = [customer.with_user(sales).copy()]
        lead = self.env["crm.lead"].create(
            {"name": "Paper for the new office", "partner_id": customer.id}
        )
        lead.user_id = sales
        copies.append(lead.with_user(sales).copy())
        admin = new_test_user(
            self.env,
            login="only_admin",
            groups="base.group_system,base.group_partner_manager",
        )
        copies.append(sales.with_user(admin).copy({"login": "only_sales_2"}))
        for copy in copies:
            self.assertTrue(copy.exists())
        self.assertFalse(copies[0].sudo().ka_employee_count)

    def test_odoo_s_own_reads_of_its_documents(self):
        """``read()`` without a field list, as Odoo's own tests do, on the
        documents each user works with (where Odoo itself allows it: some
        of Odoo's own fields need more rights, e.g. a billing user's invoice
        or a portal user's order)."""
        for role, names in (
            ("sales", ("sale.order", "res.partner")),
            ("inventory", ("stock.picking", "res.partner")),
            ("billing", ("res.partner",)),
        ):
            user = self.plain_users[role]
            for name in names:
                with self.subTest(role=role, model=name):
                    records = self.env[name].with_user(user).search([], limit=3)
                    self.assertTrue(records)
                    records.read()

    def _apply_search_view(self, model, user):
        """Every filter and group-by of the model's default search view, as
        the user gets it, runs."""
        arch = model.get_views([(False, "search")])["views"]["search"]["arch"]
        context = self._domain_context(user)
        for node in etree.fromstring(arch).iter("filter"):
            domain = node.get("domain")
            if domain and "ka_" in domain:
                model.search_count(safe_eval(domain, context))
            group_by = node.get("context")
            if group_by and "ka_" in group_by:
                fnames = safe_eval(group_by, context).get("group_by")
                if fnames:
                    fnames = [fnames] if isinstance(fnames, str) else fnames
                    model.read_group([], ["__count"], fnames)

    def test_key_account_filter_of_the_customer_list(self):
        """The Key Accounts filter of Sales > Customers is for key-account
        users; a salesperson neither sees it nor fails on it: no view of the
        add-on becomes the default view of an Odoo model."""
        View = self.env["ir.ui.view"]
        for name in self._extended_models():
            for view_type in ("list", "form", "search", "kanban"):
                default = View.browse(View.default_view(name, view_type))
                with self.subTest(model=name, view_type=view_type):
                    self.assertNotIn(MODULE, default.xml_id or "")
        arch = (
            self.env["res.partner"]
            .with_user(self.plain_users["sales"])
            .get_views([(False, "search")])["views"]["search"]["arch"]
        )
        self.assertNotIn("ka_is_key_account", arch)
        key_accounts_view = self.env.ref(f"{MODULE}.view_partner_search_key_account")
        arch = (
            self.env["res.partner"]
            .with_user(self.ka_user)
            .get_views([(key_accounts_view.id, "search")])["views"]["search"]["arch"]
        )
        self.assertIn("ka_is_key_account", arch)
