# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from dateutil.relativedelta import relativedelta

from odoo import Command, fields
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

DIRECTOR = "sales_team.group_sale_manager,bigaccount_crm.group_ka_director"
KA_MANAGER = "sales_team.group_sale_salesman,bigaccount_crm.group_ka_user"
SALESMAN = "sales_team.group_sale_salesman"
FINANCE = "account.group_account_manager,sales_team.group_sale_salesman"


@tagged("post_install", "-at_install")
class TestKeyAccountsTour(HttpCase):
    def _user(self, login, groups, **vals):
        """A user of ``groups`` whose password is his login."""
        return new_test_user(
            self.env, login=login, password=login, groups=groups, **vals
        )

    def test_key_accounts_screens(self):
        director = self._user("tour_director", DIRECTOR)
        # a key account (the menu opens on the key accounts) with a tier
        partner = self.env["res.partner"].create(
            {
                "name": "Tour Diamond Customer",
                "is_company": True,
                "ka_is_key_account": True,
            }
        )
        product = self.env["product.product"].create(
            {"name": "Tour goods", "type": "consu"}
        )
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": partner.id,
                "invoice_date": fields.Date.today(),
                "invoice_line_ids": [
                    Command.create(
                        {
                            "product_id": product.id,
                            "price_unit": 48000,
                            "tax_ids": [Command.clear()],
                        }
                    )
                ],
            }
        )
        invoice.action_post()
        partner._ka_recompute_tier_batch()
        self.assertEqual(
            partner.ka_tier_id, self.env.ref("bigaccount_crm.tier_diamond")
        )
        self.start_tour("/odoo", "bigaccount_crm_key_accounts", login=director.login)

    def test_visit_from_draft_to_reported(self):
        manager = self._user("tour_ka_manager", KA_MANAGER)
        partner = self.env["res.partner"].create(
            {"name": "Tour Visit Customer", "is_company": True}
        )
        partner.ka_manager_id = manager
        self.start_tour(
            "/odoo/action-bigaccount_crm.action_bigaccount_visit",
            "bigaccount_crm_visit",
            login=manager.login,
        )
        visit = self.env["bigaccount.visit"].search([("partner_id", "=", partner.id)])
        self.assertEqual(visit.state, "reported")
        self.assertEqual(visit.kind, "phone")
        self.assertEqual(visit.user_id, manager)
        self.assertEqual(visit.report_competitors, "Nothing new")

    def test_complaint_filed_and_closed(self):
        handler = self._user("tour_complaint_handler", KA_MANAGER)
        partner = self.env["res.partner"].create(
            {"name": "Tour Complaint Customer", "is_company": True}
        )
        self.start_tour(
            "/odoo/action-bigaccount_crm.action_bigaccount_complaint?view_type=list",
            "bigaccount_crm_complaint",
            login=handler.login,
        )
        complaint = self.env["bigaccount.complaint"].search(
            [("partner_id", "=", partner.id)]
        )
        self.assertEqual(complaint.state, "closed")
        self.assertEqual(complaint.satisfaction, 4)
        self.assertEqual(complaint.user_id, handler)
        self.assertRegex(complaint.name, r"^\d{6}$")

    def test_dashboard_opens_records(self):
        """A director filters the dashboard on a period and a manager and
        drills down from a chart's slice and from a card."""
        director = self._user("tour_dashboard_director", DIRECTOR)
        manager = self._user(
            "tour_dashboard_manager", KA_MANAGER, name="Tour Dashboard Manager"
        )
        self.env["res.partner"].create(
            {
                "name": "Tour Dashboard Account",
                "is_company": True,
                "ka_is_key_account": True,
                "ka_manager_id": manager.id,
                "ka_tier_id": self.env.ref("bigaccount_crm.tier_diamond").id,
            }
        )
        self.start_tour(
            "/odoo/action-bigaccount_crm.action_bigaccount_dashboard",
            "bigaccount_crm_dashboard",
            login=director.login,
        )

    def test_first_hour_of_a_key_account_manager(self):
        """README, Try it: a key-account manager opens the app's dashboard,
        one of his key accounts and plans a visit from it."""
        manager = self._user("tour_first_hour", KA_MANAGER)
        partner = self.env["res.partner"].create(
            {
                "name": "Tour First Hour Account",
                "is_company": True,
                "ka_is_key_account": True,
                "ka_manager_id": manager.id,
                "ka_tier_id": self.env.ref("bigaccount_crm.tier_platinum").id,
            }
        )
        self.start_tour("/odoo", "bigaccount_crm_first_hour", login=manager.login)
        visit = self.env["bigaccount.visit"].search([("partner_id", "=", partner.id)])
        self.assertEqual((visit.kind, visit.user_id), ("phone", manager))
        self.assertEqual(visit.state, "approved")
        self.assertNotIn(visit.name, ("New", "/"))

    def test_report_wizard_closes_after_its_download(self):
        """The Excel report wizard downloads the workbook and closes: one
        export logged, no wizard left open for a second export."""
        director = self._user("tour_report_director", DIRECTOR)
        Log = self.env["bigaccount.export.log"]
        before = Log.search_count([("user_id", "=", director.id)])
        self.start_tour(
            "/odoo/action-bigaccount_crm.action_bigaccount_dashboard",
            "bigaccount_crm_report_wizard",
            login=director.login,
        )
        logs = Log.search([("user_id", "=", director.id)])
        self.assertEqual(len(logs) - before, 1)
        self.assertEqual(logs[0].report, "roster")

    def test_development_through_the_five_steps_to_its_first_order(self):
        """A key-account manager moves a development (a CRM opportunity of
        the Key Accounts team, assessed A, application approved) through
        the five steps and confirms the quotation made from it: CRM marks it
        won by that first order."""
        manager = self._user("tour_pipeline_manager", KA_MANAGER)
        director = self._user("tour_pipeline_director", DIRECTOR)
        prospect = self.env["res.partner"].create(
            {"name": "Tour Pipeline Prospect", "is_company": True}
        )
        prospect.ka_manager_id = manager
        criterion = self.env["bigaccount.assessment.criterion"].create(
            {"name": "Tour everything", "weight": 100}
        )
        assessment = self.env["bigaccount.assessment"].create(
            {
                "partner_id": prospect.id,
                "line_ids": [
                    Command.create(
                        {"criterion_id": criterion.id, "weight": 100, "score": 5}
                    )
                ],
            }
        )
        assessment.action_done()
        team = self.env.ref("bigaccount_crm.crm_team_key_accounts")
        lead = (
            self.env["crm.lead"]
            .with_user(manager)
            .create(
                {
                    "type": "opportunity",
                    "team_id": team.id,
                    "partner_id": prospect.id,
                    "ka_channel": "exhibition",
                    "ka_forecast_sales": 100000,
                    "ka_involvement": "medium",
                }
            )
        )
        lead.action_ka_submit_application()
        lead.with_user(director).action_ka_approve_application()
        product = self.env["product.product"].create(
            {"name": "Tour pipeline goods", "type": "consu", "list_price": 900}
        )
        order = self.env["sale.order"].create(
            {
                "partner_id": prospect.id,
                "opportunity_id": lead.id,
                "user_id": manager.id,
                "order_line": [Command.create({"product_id": product.id})],
            }
        )
        self.start_tour(
            f"/odoo/action-bigaccount_crm.action_bigaccount_development/{lead.id}",
            "bigaccount_crm_pipeline",
            login=manager.login,
        )
        self.assertTrue(lead.stage_id.is_won)
        self.assertEqual(lead.ka_first_order_id, order)
        self.assertEqual(
            [lead.ka_date_information, lead.ka_date_closing],
            [fields.Date.today()] * 2,
        )

    def test_blocked_order_guaranteed_delivery(self):
        """A salesperson's order stopped by the credit control gets a
        guaranteed-delivery request; once finance approves it, it confirms."""
        salesman = self._user("tour_credit_salesman", SALESMAN)
        finance = self._user("tour_credit_finance", FINANCE)
        self.env.company.account_use_credit_limit = True
        partner = self.env["res.partner"].create(
            {"name": "Tour Overdue Customer", "is_company": True}
        )
        # under credit control: overdue invoices stop its orders
        partner.credit_limit = 100000
        product = self.env["product.product"].create(
            {"name": "Tour credit goods", "type": "consu"}
        )
        past = fields.Date.today() - relativedelta(months=3)
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": partner.id,
                "invoice_date": past,
                "invoice_date_due": past,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "product_id": product.id,
                            "price_unit": 5000,
                            "tax_ids": [Command.clear()],
                        }
                    )
                ],
            }
        )
        invoice.action_post()
        order = (
            self.env["sale.order"]
            .with_user(salesman)
            .create(
                {
                    "partner_id": partner.id,
                    "order_line": [
                        Command.create(
                            {
                                "product_id": product.id,
                                "price_unit": 800,
                                "tax_id": [Command.clear()],
                            }
                        )
                    ],
                }
            )
        )
        # the refusal is an expected answer, which Odoo logs as a warning
        with mute_logger("odoo.http"):
            self.start_tour(
                f"/odoo/action-sale.action_quotations_with_onboarding/{order.id}",
                "bigaccount_crm_credit_request",
                login=salesman.login,
            )
        request = order.ka_credit_request_ids
        self.assertEqual(request.state, "submitted")
        self.assertEqual(order.state, "draft")
        request.with_user(finance).action_approve()
        order.with_user(salesman).action_confirm()
        self.assertEqual(order.state, "sale")
