# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import io
from datetime import datetime, time, timedelta
from unittest.mock import patch
from urllib.parse import parse_qsl, urlsplit

import openpyxl
from dateutil.relativedelta import relativedelta
from lxml import etree

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.osv import expression
from odoo.tests import tagged
from odoo.tools.misc import format_date, get_lang
from odoo.tools.safe_eval import safe_eval

from ..wizards import bigaccount_report_wizard
from .common import BigaccountCase

# First column of the header row of the reports the tests read
HEAD_LABELS = ("Customer", "Rank", "Account Manager", "Category", "Agreement")


@tagged("post_install", "-at_install")
class ReportCase(BigaccountCase):
    """Three key accounts of two managers and an ordinary customer, with a
    known history: A keeps buying, B stops buying, C is withdrawn."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.account_a = cls._partner(
            "Report Account A",
            ka_is_key_account=True,
            ka_manager_id=cls.ka_user.id,
            ka_tier_id=cls.diamond.id,
        )
        cls.account_b = cls._partner(
            "Report Account B",
            ka_is_key_account=True,
            ka_manager_id=cls.ka_user.id,
            ka_tier_id=cls.platinum.id,
        )
        cls.account_c = cls._partner(
            "Report Account C",
            ka_is_key_account=True,
            ka_manager_id=cls.ka_user_other.id,
            ka_tier_id=cls.diamond.id,
        )
        cls.customer_d = cls._partner("Report Customer D")
        cls._post_invoices(
            [
                cls._invoice_vals(cls.account_a, 12000, months_ago=5),
                cls._invoice_vals(cls.account_a, 6000),
                cls._invoice_vals(cls.account_b, 9000, months_ago=6),
                cls._invoice_vals(cls.account_c, 7000, months_ago=8),
                cls._invoice_vals(cls.account_c, 1000, months_ago=1),
            ]
        )
        # C's key-account status withdrawn (approved) during the period
        cls.env["bigaccount.nomination"].create(
            {
                "kind": "withdraw",
                "partner_id": cls.account_c.id,
                "reason": "Moved to a competitor",
                "state": "approved",
                "date_decision": fields.Datetime.now(),
            }
        )
        cls.account_c.ka_is_key_account = False
        cls.filters = {
            "date_from": cls.today - relativedelta(months=3),
            "date_to": cls.today,
            "user_ids": [],
            "tier_ids": [],
            "company_ids": [],
        }

    def _wizard(self, user, **vals):
        return (
            self.env["bigaccount.report.wizard"]
            .with_user(user)
            .create(
                dict(
                    {
                        "report": "roster",
                        "date_from": self.filters["date_from"],
                        "date_to": self.today,
                    },
                    **vals,
                )
            )
        )

    def _sheet(self, content):
        book = openpyxl.load_workbook(io.BytesIO(content))
        sheet = book.active
        rows = [list(row) for row in sheet.iter_rows(values_only=True)]
        head = next(i for i, row in enumerate(rows) if row[0] in HEAD_LABELS)
        return sheet, rows, head

    def _open_url(self, action, user=None):
        """What the report URL the wizard opens answers (its controller
        calls ``_ka_export_now`` with the URL's parameters)."""
        url = urlsplit(action["params"]["url"])
        report = url.path.rsplit("/", 1)[1]
        return (
            self.env["bigaccount.report.xlsx"]
            .with_user(user or self.director)
            ._ka_export_now(report, dict(parse_qsl(url.query)))
        )

    def _export(self, report, user=None, **vals):
        action = self._wizard(
            user or self.director, report=report, **vals
        ).action_export()
        _name, content = self._open_url(action, user)
        return self._sheet(content)


class TestReports(ReportCase):
    def test_roster_workbook(self):
        """The roster lists the key accounts with tier and manager, under a
        controlled-document header with the validity date; the export is
        logged with its filters and rows."""
        self._set_param("export_validity_days", 10)
        logs_before = self.env["bigaccount.export.log"].search_count([])
        sheet, rows, head = self._export("roster", user_ids=[(6, 0, self.ka_user.ids)])
        self.assertEqual(rows[0][0], "Key-Account Roster")
        valid_until = self.today + relativedelta(days=10)
        self.assertIn("受控文件", rows[1][0])
        self.assertIn(str(valid_until), rows[1][0])
        self.assertEqual(
            rows[head][:4], ["Customer", "Tier", "Account Manager", "Company"]
        )
        self.assertEqual(len(rows[head]), 13)
        self.assertEqual(rows[head][7:10], ["Sales", "Gross Profit", "Margin (%)"])
        body = [row for row in rows[head + 1 :] if row[0]]
        # README, roster: sales = invoices less credit notes of the period
        # (A: 6,000 this month; 12,000 five months ago and B's 9,000 six
        # months ago are before the 3-month period), gross profit = sales
        # less cost (the goods cost 0), margin = profit / sales; a shared
        # customer shows the companies its figures cover
        company = self.company.name
        self.assertEqual(
            [row[:4] + row[7:10] for row in body],
            [
                ["Report Account A", "Diamond", self.ka_user.name, company]
                + [6000, 6000, 100],
                ["Report Account B", "Platinum", self.ka_user.name, company]
                + [0, 0, None],
            ],
        )
        # the period chosen changes the figures: 7 months take in all three
        _sheet, rows, head = self._export(
            "roster",
            user_ids=[(6, 0, self.ka_user.ids)],
            date_from=self.today - relativedelta(months=7),
        )
        body = [row for row in rows[head + 1 :] if row[0]]
        self.assertEqual([row[7:9] for row in body], [[18000, 18000], [9000, 9000]])
        self.assertEqual(sheet.freeze_panes, f"A{head + 2}")
        log = self.env["bigaccount.export.log"].search([], limit=1)
        self.assertEqual(
            self.env["bigaccount.export.log"].search_count([]), logs_before + 2
        )
        self.assertEqual(
            (log.kind, log.report, log.user_id, log.row_count, log.state),
            ("report", "roster", self.director, 2, "done"),
        )
        self.assertEqual(log.valid_until, valid_until)
        self.assertIn(self.ka_user.name, log.filters)

    def test_credit_ageing(self):
        _sheet, rows, head = self._export("credit", user_ids=[(6, 0, self.ka_user.ids)])
        header = rows[head]
        by_name = {row[0]: row for row in rows[head + 1 :] if row[0]}
        row_a = by_name["Report Account A"]
        # exposure today from the credit service: A's open receivables only
        self.assertEqual(row_a[header.index("Credit Exposure")], 18000)
        self.assertEqual(row_a[header.index("Not Due")], 6000)
        self.assertEqual(row_a[header.index("Over 90 Days")], 12000)
        self.assertEqual(
            by_name["Report Account B"][header.index("Over 90 Days")], 9000
        )
        self.assertNotIn("Report Account C", by_name)

    def test_churn(self):
        """At the start: A, B and C bought in the year before; lost: B (no
        purchase in the period) and C (withdrawn) - 2 of 3."""
        churn = self.env["report.bigaccount_crm.churn"].with_user(self.director)
        managers = (self.ka_user | self.ka_user_other).ids
        at_start, lost = churn._ka_churn_figures(dict(self.filters, user_ids=managers))
        self.assertEqual(at_start, 3)
        self.assertEqual(
            sorted((row[0], row[5]) for row in lost),
            [("Report Account B", False), ("Report Account C", True)],
        )
        _sheet, rows, head = self._export("churn", user_ids=[(6, 0, managers)])
        notes = {row[0]: row[1] for row in rows[:head] if row[0]}
        self.assertEqual(notes["Churn rate (%)"], 66.7)
        lost_rows = {row[0]: row[5] for row in rows[head + 1 :] if row[0]}
        self.assertEqual(
            lost_rows,
            {
                "Report Account B": "No purchase in the period",
                "Report Account C": "Status withdrawn",
            },
        )

    def test_roster_tier_at_the_end_of_the_period(self):
        """README, roster: the tier at the period's end, from the tier
        history. B went from Diamond to Platinum a month ago: a roster of a
        period ending two months ago shows Diamond, today's shows
        Platinum."""
        self.env["bigaccount.tier.history"].create(
            {
                "partner_id": self.account_b.id,
                "old_tier_id": self.diamond.id,
                "new_tier_id": self.platinum.id,
                "basis": 0,
                "currency_id": self.currency.id,
                "date": fields.Datetime.now() - relativedelta(months=1),
            }
        )
        ended = self.today - relativedelta(months=2)
        _sheet, rows, head = self._export(
            "roster",
            user_ids=[(6, 0, self.ka_user.ids)],
            date_from=ended - relativedelta(months=3),
            date_to=ended,
        )
        tiers = {row[0]: row[1] for row in rows[head + 1 :] if row[0]}
        self.assertEqual(tiers["Report Account B"], "Diamond")
        _sheet, rows, head = self._export("roster", user_ids=[(6, 0, self.ka_user.ids)])
        tiers = {row[0]: row[1] for row in rows[head + 1 :] if row[0]}
        self.assertEqual(tiers["Report Account B"], "Platinum")

    def test_churn_status_from_the_nomination_history(self):
        """README, churn: the status on the period's first day comes from the
        nomination history. E bought four months ago and was nominated
        today: not a key account at the start of the last three months. C,
        withdrawn today, was one at the start of a past period (seven to
        four months ago) in which it bought nothing: lost there."""
        account_e = self._partner("Report Account E")
        self._invoice(account_e, 5000, months_ago=4)
        self.env["bigaccount.nomination"].create(
            {
                "kind": "nominate",
                "partner_id": account_e.id,
                "manager_id": self.ka_user.id,
                "reason": "Grew fast",
                "state": "approved",
                "date_decision": fields.Datetime.now(),
            }
        )
        account_e.write({"ka_is_key_account": True, "ka_manager_id": self.ka_user.id})
        churn = self.env["report.bigaccount_crm.churn"].with_user(self.director)
        managers = (self.ka_user | self.ka_user_other).ids
        at_start, lost = churn._ka_churn_figures(dict(self.filters, user_ids=managers))
        self.assertEqual(at_start, 3, "A, B and C; not E, nominated today")
        # a past period: from seven to four months ago; A bought 12,000
        # five months ago (in it), B 9,000 six months ago (in it), C 7,000
        # eight months ago (before it) and nothing in it
        past = dict(
            self.filters,
            user_ids=managers,
            date_from=self.today - relativedelta(months=7),
            date_to=self.today - relativedelta(months=4, days=1),
        )
        at_start, lost = churn._ka_churn_figures(past)
        self.assertEqual(at_start, 1, "C, a key account then, withdrawn since")
        self.assertEqual(
            [(row[0], row[5]) for row in lost], [("Report Account C", False)]
        )

    def test_pareto(self):
        """Profit 8,000 / 1,000 / 600 / 400 in a month of its own: A alone
        brings 80 % of the profit; B, C and D are the rest."""
        orders = self.env["sale.order"]
        for partner, price in (
            (self.account_a, 8000),
            (self.account_b, 1000),
            (self.account_c, 600),
            (self.customer_d, 400),
        ):
            orders |= self._order(partner, price)
        (self.account_a | self.account_b | self.account_c).ka_credit_mode = "none"
        orders.action_confirm()
        orders.write({"date_order": "2001-01-15 10:00:00"})
        filters = dict(
            self.filters,
            date_from=fields.Date.to_date("2001-01-01"),
            date_to=fields.Date.to_date("2001-01-31"),
        )
        figures = (
            self.env["report.bigaccount_crm.pareto"]
            .with_user(self.director)
            ._ka_pareto_figures(filters)
        )
        self.assertEqual(
            [(row[1], row[5], row[6], row[7], row[8]) for row in figures],
            [
                ("Report Account A", 8000, 80, 80, True),
                ("Report Account B", 1000, 10, 90, False),
                ("Report Account C", 600, 6, 96, False),
                ("Report Customer D", 400, 4, 100, False),
            ],
        )
        _sheet, rows, head = self._export(
            "pareto", date_from="2001-01-01", date_to="2001-01-31"
        )
        notes = {row[0]: row[1] for row in rows[:head] if row[0]}
        self.assertEqual(notes["Customers bringing 80% of profit"], 1)
        self.assertEqual(notes["Key accounts' share of the profit (%)"], 90)
        self.assertEqual(rows[head + 1][:3], [1, "Report Account A", "Yes"])
        self.assertEqual(rows[head + 1][8], "A: brings 80% of profit")

    def test_pacing(self):
        month_start = self.today.replace(day=1)
        self.env["bigaccount.target"].create(
            {
                "user_id": self.ka_user.id,
                "date_from": month_start,
                "date_to": month_start + relativedelta(months=1, days=-1),
                "target_maintenance_sales": 30000,
            }
        )
        filters = dict(self.filters, date_from=month_start, user_ids=self.ka_user.ids)
        rows = (
            self.env["report.bigaccount_crm.pacing"]
            .with_user(self.director)
            ._ka_pacing_figures(filters)
        )
        self.assertEqual(len(rows), 1)
        month, manager, target, actual, elapsed, days, expected, pace, _end = rows[0]
        self.assertEqual((month, manager), (month_start, self.ka_user.name))
        self.assertEqual((target, actual, elapsed), (30000, 6000, self.today.day))
        self.assertAlmostEqual(expected, 30000 * self.today.day / days, places=2)
        self.assertAlmostEqual(pace, round(100 * 6000 / expected, 1))

    def test_visit_compliance(self):
        """A manager with two accounts, one of them overdue for a visit,
        keeps half of them to the cadence."""
        self.account_a.sudo().ka_visit_overdue = True
        _sheet, rows, head = self._export("visits", user_ids=[(6, 0, self.ka_user.ids)])
        header = rows[head]
        self.assertEqual(header[0], "Account Manager")
        row = rows[head + 1]
        self.assertEqual(row[0], self.ka_user.name)
        self.assertEqual(row[header.index("Key Accounts")], 2)
        self.assertEqual(row[header.index("Overdue Today")], 1)
        self.assertEqual(row[header.index("Compliance (%)")], 50)

    def test_complaint_sla(self):
        """Of two resolved delivery complaints, one within its deadline: SLA
        compliance 50 %; an open one past its deadline is counted apart."""
        complaints = self.env["bigaccount.complaint"].create(
            [
                {
                    "partner_id": self.account_a.id,
                    "category": "delivery",
                    "severity": "low",
                    "description": f"Report complaint {index}",
                    "user_id": self.ka_user_other.id,
                }
                for index in range(3)
            ]
        )
        self.env.flush_all()
        for complaint, state, sla_met, late in zip(
            complaints,
            ("resolved", "resolved", "investigating"),
            (True, False, False),
            (False, False, True),
            strict=True,
        ):
            self.env.cr.execute(
                "UPDATE bigaccount_complaint SET state = %s, sla_met = %s,"
                " is_overdue = %s WHERE id = %s",
                [state, sla_met, late, complaint.id],
            )
        complaints.invalidate_recordset()
        _sheet, rows, head = self._export(
            "complaints", user_ids=[(6, 0, self.ka_user_other.ids)]
        )
        header = rows[head]
        body = [row for row in rows[head + 1 :] if row[0]]
        self.assertEqual(len(body), 1)
        row = body[0]
        self.assertEqual(
            [
                row[header.index(name)]
                for name in (
                    "Received",
                    "Resolved",
                    "Resolved in Time",
                    "SLA Compliance (%)",
                    "Open Past Deadline",
                )
            ],
            [3, 2, 1, 50, 1],
        )

    def test_development_funnel(self):
        """A's manager has a target of 4 prospects and 10,000 sales this
        month; he identified 2 prospects this month, both still open (and
        another manager 1): open prospects 2, identified 2 of 4, sales 0 of
        10,000 (nothing won), 0 %."""
        month_start = self.today.replace(day=1)
        Development = self.env["crm.lead"].with_context(
            default_team_id=self.env.ref("bigaccount_crm.crm_team_key_accounts").id,
            default_type="opportunity",
        )
        for user, name in (
            (self.ka_user, "Funnel one"),
            (self.ka_user, "Funnel two"),
            (self.ka_user_other, "Funnel other"),
        ):
            Development.with_user(user).create(
                {"partner_id": self._partner(name).id, "user_id": user.id}
            )
        self.env["bigaccount.target"].create(
            {
                "user_id": self.ka_user.id,
                "date_from": month_start,
                "date_to": month_start + relativedelta(months=1, days=-1),
                "target_prospects": 4,
                "target_sales": 10000,
            }
        )
        _sheet, rows, head = self._export(
            "development",
            date_from=month_start,
            user_ids=[(6, 0, self.ka_user.ids)],
        )
        header = rows[head]
        body = [row for row in rows[head + 1 :] if row[0]]
        self.assertEqual(len(body), 1)
        self.assertEqual(
            [
                body[0][header.index(name)]
                for name in (
                    "Account Manager",
                    "Open Prospects",
                    "Targets Identified: Target",
                    "Targets Identified: Actual",
                    "Sales: Target",
                    "Sales: Actual",
                    "Sales (%)",
                )
            ],
            [self.ka_user.name, 2, 4, 2, 10000, 0, 0],
        )

    def test_agreement_achievement(self):
        """A's framework contract from two months ago to ten months ahead,
        annual target 120,000: of A's invoices (12,000 five months ago,
        6,000 today) only today's is in its period: 6,000, 5 %."""
        agreement = self.env["bigaccount.agreement"].create(
            {
                "partner_id": self.account_a.id,
                "user_id": self.ka_user.id,
                "date_start": self.today - relativedelta(months=2),
                "date_end": self.today + relativedelta(months=10),
                "target_amount": 120000,
                "line_ids": [
                    Command.create({"product_id": self.product.id, "price": 100})
                ],
            }
        )
        agreement.action_activate()
        _sheet, rows, head = self._export("agreements")
        header = rows[head]
        row = next(row for row in rows[head + 1 :] if row[0] == agreement.name)
        self.assertEqual(
            [
                row[header.index(name)]
                for name in (
                    "Customer",
                    "Annual Target",
                    "Invoiced (Agreement Period)",
                    "Achievement (%)",
                )
            ],
            ["Report Account A", 120000, 6000, 5],
        )

    def test_other_reports_open(self):
        """Every report writes a workbook with its header row."""
        for report in ("visits", "complaints", "development", "agreements"):
            action = self._wizard(self.director, report=report).action_export()
            _name, content = self._open_url(action)
            book = openpyxl.load_workbook(io.BytesIO(content))
            self.assertIn("受控文件", book.active["A2"].value, report)

    def test_bad_filters_refused(self):
        logs = self.env["bigaccount.export.log"].search_count([])
        wizard = self._wizard(
            self.director,
            date_from=self.today,
            date_to=self.today - relativedelta(days=1),
        )
        with self.assertRaises(UserError):
            wizard.action_export()
        self.assertEqual(self.env["bigaccount.export.log"].search_count([]), logs)

    def test_large_export_in_background(self):
        """Past the row limit the export is queued, the job triggered, and
        the job writes the workbook with its progress."""
        with patch.object(bigaccount_report_wizard, "BACKGROUND_ROWS", 1):
            action = self._wizard(self.director).action_export()
        log = self.env["bigaccount.export.log"].browse(action["res_id"])
        self.assertEqual((log.state, log.attachment_id.id), ("queued", False))
        cron = self.env.ref("bigaccount_crm.ir_cron_bigaccount_export")
        self.assertTrue(self.env["ir.cron.trigger"].search([("cron_id", "=", cron.id)]))
        self.env["bigaccount.export.log"]._cron_run_exports()
        self.assertEqual((log.state, log.progress), ("done", 100.0))
        _sheet, rows, head = self._sheet(log.attachment_id.raw)
        self.assertIn("Report Account A", [row[0] for row in rows[head + 1 :]])
        self.assertEqual(
            log.with_user(self.director).action_download()["type"], "ir.actions.act_url"
        )

    def test_stale_export_marked_failed(self):
        """An export whose worker died stays "running" without progress: the
        job marks it failed after two hours, and leaves a live one alone."""
        Log = self.env["bigaccount.export.log"]
        stale, live = Log.create(
            [
                {"kind": "report", "name": "Stale", "state": "running"},
                {"kind": "report", "name": "Live", "state": "running"},
            ]
        )
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE bigaccount_export_log SET write_date = NOW() - INTERVAL '3 hours'"
            " WHERE id = %s",
            [stale.id],
        )
        stale.invalidate_recordset()
        Log._cron_run_exports()
        self.assertEqual((stale.state, live.state), ("failed", "running"))
        self.assertTrue(stale.error)


class TestExportRights(ReportCase):
    def test_report_wizard_directors_only(self):
        with self.assertRaises(AccessError):
            self._wizard(self.ka_user)
        wizard = self._wizard(self.director)
        with self.assertRaises(AccessError):
            wizard.with_user(self.ka_user).action_export()
        # downloaded by the web client, which then closes the wizard
        action = wizard.action_export()
        self.assertEqual(
            (action["type"], action["tag"]),
            ("ir.actions.client", "bigaccount_crm.download"),
        )
        self.assertTrue(action["params"]["url"].startswith("/bigaccount/report/"))

    def test_report_url_checks_its_parameters(self):
        """The report URL checks what the wizard checks: rights, report and
        period, with a clear error and nothing logged."""
        Log = self.env["bigaccount.export.log"]
        logs = Log.search_count([])
        reports = self.env["bigaccount.report.xlsx"]
        period = {"date_from": "2026-01-01", "date_to": "2026-01-31"}
        with self.assertRaises(AccessError):
            reports.with_user(self.ka_user)._ka_export_now("roster", period)
        for report, params in (
            ("payroll", period),
            ("roster", {"date_from": "2026-13-01", "date_to": "2026-01-31"}),
            ("roster", {"date_from": "2026-01-01"}),
            ("roster", dict(period, user_ids="1,x")),
            ("roster", {"date_from": "2026-02-01", "date_to": "2026-01-31"}),
        ):
            with self.assertRaises(UserError, msg=(report, params)):
                reports.with_user(self.director)._ka_export_now(report, params)
        self.assertEqual(Log.search_count([]), logs)
        # another user's company in the URL is not used
        name, content = reports.with_user(self.director)._ka_export_now(
            "roster", dict(period, allowed_company_ids="999999")
        )
        self.assertTrue(content.startswith(b"PK"))
        self.assertEqual(Log.search([], limit=1).company_id, self.env.company)

    def test_visit_summary_directors_only(self):
        Summary = self.env["bigaccount.visit.summary"]
        with self.assertRaises(AccessError):
            Summary.with_user(self.ka_user).create({})
        summary = Summary.with_user(self.director).create({})
        with self.assertRaises(AccessError):
            summary.with_user(self.ka_user).action_export()
        action = summary.action_export()
        self.assertEqual(action["tag"], "bigaccount_crm.download")
        log = self.env["bigaccount.export.log"].search([], limit=1)
        self.assertEqual(
            (log.name, log.user_id), ("Weekly Visit Summary", self.director)
        )

    def test_list_export_of_key_account_fields(self):
        """Odoo's list Export of key-account fields: directors only, logged;
        other fields export as before."""
        Log = self.env["bigaccount.export.log"]
        accounts = self.account_a | self.account_b
        allow_export = self.env.ref("base.group_allow_export")
        (self.ka_user | self.director).groups_id = [(4, allow_export.id)]
        with self.assertRaises(AccessError):
            accounts.with_user(self.ka_user).export_data(["name", "ka_tier_id"])
        plain = accounts.with_user(self.ka_user).export_data(["name"])
        self.assertEqual(len(plain["datas"]), 2)
        self.assertFalse(Log.search([("kind", "=", "export")]))
        data = accounts.with_user(self.director).export_data(
            ["name", "ka_tier_id/name"]
        )
        self.assertEqual(
            data["datas"],
            [["Report Account A", "Diamond"], ["Report Account B", "Platinum"]],
        )
        log = Log.search([("kind", "=", "export")])
        self.assertEqual(
            (log.user_id, log.row_count, log.model), (self.director, 2, "res.partner")
        )
        # the add-on's own records too
        with self.assertRaises(AccessError):
            self.env["bigaccount.nomination"].search([]).with_user(
                self.ka_user
            ).export_data(["name"])

    def test_roster_print_directors_only(self):
        Report = self.env["ir.actions.report"]
        ids = (self.account_a | self.account_b).ids
        with self.assertRaises(AccessError):
            Report.with_user(self.ka_user)._render_qweb_pdf(
                "bigaccount_crm.report_ka_roster", ids
            )
        html, _kind = Report.with_user(self.director)._render_qweb_pdf(
            "bigaccount_crm.report_ka_roster", ids
        )
        self.assertIn(b"Report Account A", html)
        self.assertIn("受控文件".encode(), html)
        log = self.env["bigaccount.export.log"].search(
            [("kind", "=", "print"), ("user_id", "=", self.director.id)]
        )
        self.assertEqual((log.name, log.row_count), ("Key-Account Roster", 2))

    def test_log_read_rights(self):
        self._export("roster")
        Log = self.env["bigaccount.export.log"]
        self.assertTrue(Log.with_user(self.director).search([]))
        self.assertFalse(Log.with_user(self.ka_user).search([]))
        log = Log.search([], limit=1)
        with self.assertRaises(AccessError):
            log.with_user(self.director).write({"row_count": 0})
        with self.assertRaises(AccessError):
            log.with_user(self.director).unlink()


class TestDashboard(ReportCase):
    def _cards(self, user):
        data = self.env["bigaccount.dashboard"].with_user(user).get_dashboard_data()
        return {
            card["label"]: card
            for section in data["sections"]
            for card in section["cards"]
        }

    def test_figures_open_their_records(self):
        """Every count on the dashboard is the count of the records its
        click opens, for a director and for a manager (own accounts)."""
        for user in (self.director, self.ka_user):
            for label, card in self._cards(user).items():
                if label in ("Credit Exposure", "Credit Limits"):
                    continue
                records = self.env[card["model"]].with_user(user)
                # a rate opens its numerator (resolved in time: not the late)
                self.assertEqual(
                    records.search_count(card["domain"]),
                    card.get("count", card["value"]),
                    label,
                )
                if card["model"] == "res.partner":
                    self.assertEqual(
                        card["list_view_id"],
                        self.env.ref("bigaccount_crm.view_partner_list_key_account").id,
                    )
        own = self._cards(self.ka_user)
        self.assertEqual(own["Key Accounts"]["value"], 2)
        self.assertEqual(own["Credit Exposure"]["value"], 18000 + 9000)
        self.assertGreaterEqual(self._cards(self.director)["Key Accounts"]["value"], 2)

    def _week_start(self, day):
        """The first day of ``day``'s week as the user's language starts it
        (README: visits per week)."""
        week_start = int(get_lang(self.env).week_start)
        return day - timedelta(days=(day.isoweekday() - week_start) % 7)

    def test_charts_by_hand(self):
        """The charts for the last 3 months, filtered on A and B's manager:
        tiers Diamond 1 (A), Platinum 1 (B); credit used: A 18,000 of a
        20,000 limit = 90 % (B, 9,000 of 20,000 = 45 %, under 80 %: left
        out); visits: today's week 2 due (done + submitted; the cancelled one
        not counted) of which 1 done, the week 20 days ago 1 due 1 done;
        complaints this month: 2 received, 1 resolved in time; funnel: 1
        identified, 1 won today."""
        (self.account_a | self.account_b).credit_limit = 20000
        Visit = self.env["bigaccount.visit"]
        now = datetime.combine(self.today, time(10))
        for days, state in (
            (0, "done"),
            (0, "submitted"),
            (0, "cancelled"),
            (20, "done"),
        ):
            visit = Visit.create(
                {
                    "partner_id": self.account_a.id,
                    "user_id": self.ka_user.id,
                    "kind": "onsite",
                    "date_start": now - timedelta(days=days),
                    "date_end": now - timedelta(days=days) + timedelta(hours=1),
                }
            )
            visit.sudo().write({"state": state})
        complaints = self.env["bigaccount.complaint"].create(
            [
                {
                    "partner_id": self.account_a.id,
                    "category": "delivery",
                    "severity": "low",
                    "description": f"Chart complaint {index}",
                }
                for index in range(2)
            ]
        )
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE bigaccount_complaint SET state = 'resolved', sla_met = true"
            " WHERE id = %s",
            [complaints[0].id],
        )
        complaints.invalidate_recordset()
        Development = self.env["crm.lead"].with_context(
            default_team_id=self.env.ref("bigaccount_crm.crm_team_key_accounts").id,
            default_type="opportunity",
        )
        _identified, won = (
            Development.create(
                {"partner_id": self._partner(name).id, "user_id": self.ka_user.id}
            )
            for name in ("Chart prospect", "Chart winner")
        )
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE crm_lead SET stage_id = %s, ka_date_won = %s WHERE id = %s",
            [self.env.ref("bigaccount_crm.crm_stage_won").id, self.today, won.id],
        )
        won.invalidate_recordset()
        data = (
            self.env["bigaccount.dashboard"]
            .with_user(self.director)
            .get_dashboard_data({"period": "3m", "manager_id": self.ka_user.id})
        )
        charts = {chart["key"]: chart for chart in data["charts"]}

        def points(key, dataset=0):
            chart = charts[key]
            return {
                label: value
                for label, value in zip(
                    chart["labels"], chart["datasets"][dataset]["data"], strict=True
                )
                if value
            }

        self.assertEqual(points("tiers"), {"Diamond": 1, "Platinum": 1})
        self.assertEqual(points("headroom"), {"Report Account A": 90.0})
        weeks = charts["visits"]["labels"]
        this_week = format_date(
            self.env, self._week_start(self.today), date_format="MMM d"
        )
        earlier = format_date(
            self.env,
            self._week_start(self.today - timedelta(days=20)),
            date_format="MMM d",
        )
        self.assertEqual(weeks[-1], this_week)
        self.assertEqual(points("visits", 0), {this_week: 2, earlier: 1})
        self.assertEqual(points("visits", 1), {this_week: 1, earlier: 1})
        month = format_date(self.env, self.today.replace(day=1), date_format="MMM yyyy")
        self.assertEqual(points("complaints", 0), {month: 2})
        self.assertEqual(points("complaints", 1), {month: 1})
        self.assertEqual(points("funnel"), {"1. Identify target": 1, "Won": 1})
        # the manager filter: A and B only
        cards = {
            card["label"]: card
            for section in data["sections"]
            for card in section["cards"]
        }
        self.assertEqual(cards["Key Accounts"]["value"], 2)
        # a manager cannot look at another manager's portfolio
        own = (
            self.env["bigaccount.dashboard"]
            .with_user(self.ka_user)
            .get_dashboard_data({"manager_id": self.ka_user_other.id})
        )
        self.assertEqual(own["filters"]["manager_id"], False)
        self.assertEqual(
            own["filters"]["managers"], [(self.ka_user.id, self.ka_user.name)]
        )

    def test_every_chart_point_opens_its_records(self):
        """Each bar or slice of every chart counts the records its click
        opens, for a director and for a manager, in every period."""
        (self.account_a | self.account_b).credit_limit = 20000
        Dashboard = self.env["bigaccount.dashboard"]
        for user in (self.director, self.ka_user):
            for period in ("month", "3m", "12m", "year"):
                data = Dashboard.with_user(user).get_dashboard_data({"period": period})
                self.assertEqual(len(data["charts"]), 5)
                for chart in data["charts"]:
                    records = self.env[chart["model"]].with_user(user)
                    for dataset, domains in zip(
                        chart["datasets"], chart["domains"], strict=True
                    ):
                        for value, domain in zip(dataset["data"], domains, strict=True):
                            if chart["key"] == "headroom":
                                self.assertEqual(records.search_count(domain), 1)
                                continue
                            with self.subTest(
                                user=user.login, period=period, chart=chart["key"]
                            ):
                                self.assertEqual(records.search_count(domain), value)

    def test_key_accounts_menu_counts_as_the_dashboard(self):
        """The *Key Accounts* menu opens on the key accounts (a manager's own
        by default): as many as the dashboard's *Key Accounts*, and never a
        customer that is not one (customer D has a tier, no status)."""
        self.customer_d.ka_tier_id = self.platinum
        view = self.env.ref("bigaccount_crm.view_partner_search_key_account")
        for user in (self.director, self.ka_user):
            with self.subTest(user=user.login):
                Partner = self.env["res.partner"].with_user(user)
                action = Partner._ka_action_key_accounts()
                arch = etree.fromstring(Partner.get_view(view.id, "search")["arch"])
                domain = safe_eval(action["domain"]) if action["domain"] else []
                for key in action["context"]:
                    if key.startswith("search_default_"):
                        name = key[len("search_default_") :]
                        node = arch.xpath(f"//filter[@name='{name}']")[0]
                        domain = expression.AND(
                            [domain, safe_eval(node.get("domain"), {"uid": user.id})]
                        )
                found = Partner.search(domain)
                self.assertEqual(len(found), self._cards(user)["Key Accounts"]["value"])
                self.assertNotIn(self.customer_d, found)
        manager_filters = self.env["res.partner"].with_user(self.ka_user)
        self.assertIn(
            "search_default_filter_my_accounts",
            manager_filters._ka_action_key_accounts()["context"],
        )

    def test_query_count_independent_of_accounts(self):
        def count_queries():
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            self._cards(self.director)
            return self.env.cr.sql_log_count - before

        self._cards(self.director)
        few = count_queries()
        more = self.env["res.partner"].create(
            [
                {
                    "name": f"Dashboard account {index}",
                    "is_company": True,
                    "ka_is_key_account": True,
                    "ka_manager_id": self.ka_user_other.id,
                    "ka_tier_id": (self.diamond | self.platinum | self.vip)[
                        index % 3
                    ].id,
                    "ka_visit_overdue": bool(index % 2),
                }
                for index in range(30)
            ]
        )
        self._post_invoices(
            [self._invoice_vals(partner, 1000) for partner in more[:10]]
        )
        self._cards(self.director)
        self.assertEqual(count_queries(), few)
