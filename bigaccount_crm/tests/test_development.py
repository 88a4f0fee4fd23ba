# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import timedelta

from psycopg2 import IntegrityError

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, new_test_user, tagged
from odoo.tools import mute_logger

from .common import BigaccountCase


class PipelineCase(BigaccountCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # one time zone for everybody: the days of dates and of SQL agree
        cls.env = cls.env(context=dict(cls.env.context, tz="Asia/Shanghai"))
        (
            cls.ka_user | cls.ka_user_other | cls.director | cls.general_manager
        ).tz = "Asia/Shanghai"
        cls.today = fields.Date.context_today(cls.env["res.partner"])
        cls.prospect = cls._partner("Pearl River Insurance")
        cls.buyer = cls.env["res.partner"].create(
            {"name": "Head of purchasing", "parent_id": cls.prospect.id}
        )
        cls.criterion = cls.env["bigaccount.assessment.criterion"].create(
            {"name": "Everything", "weight": 100}
        )
        cls.reason = cls.env.ref("bigaccount_crm.lost_reason_incumbent")
        cls.team = cls.env.ref("bigaccount_crm.crm_team_key_accounts")
        cls.steps = {
            stage.ka_step: stage
            for stage in cls.env["crm.stage"].search(
                [("team_id", "=", cls.team.id), ("ka_step", "!=", False)]
            )
        }

    def _development(self, user=None, **vals):
        return (
            self.env["crm.lead"]
            .with_user(user or self.ka_user)
            .with_context(default_team_id=self.team.id, default_type="opportunity")
            .create(dict({"partner_id": self.prospect.id}, **vals))
        )

    def _assess(self, score, partner=None, **vals):
        assessment = (
            self.env["bigaccount.assessment"]
            .with_user(self.ka_user)
            .create(
                dict(
                    {
                        "partner_id": (partner or self.prospect).id,
                        "line_ids": [
                            Command.create(
                                {
                                    "criterion_id": self.criterion.id,
                                    "weight": 100,
                                    "score": score,
                                }
                            )
                        ],
                    },
                    **vals,
                )
            )
        )
        assessment.action_done()
        return assessment

    def _approved(self, development):
        development.write(
            {
                "ka_forecast_sales": 600000,
                "ka_forecast_profit": 90000,
                "ka_involvement": "high",
            }
        )
        development.action_ka_submit_application()
        development.with_user(self.director).action_ka_approve_application()

    def _lose(self, development, reason=None, user=None):
        return (
            self.env["crm.lead.lost"]
            .with_user(user or self.ka_user)
            .create(
                {
                    "lead_ids": [Command.set(development.ids)],
                    "lost_reason_id": reason and reason.id,
                    "lost_feedback": "<p>Happy with the current supplier</p>",
                }
            )
            .action_lost_reason_apply()
        )


@tagged("post_install", "-at_install")
class TestDevelopment(PipelineCase):
    def test_shipped_team_and_steps(self):
        """The Key Accounts team ships the five steps in order, then won."""
        self.assertTrue(self.team.ka_key_accounts)
        stages = self.env["crm.stage"].search([("team_id", "=", self.team.id)])
        self.assertEqual(
            stages.mapped("ka_step"),
            ["identify", "information", "assessment", "relationship", "closing", False],
        )
        self.assertTrue(stages[-1].is_won)
        # the team's pipeline shows its own stages, not Odoo's shared ones
        groups = (
            self.env["crm.lead"]
            .with_context(default_team_id=self.team.id)
            .web_read_group(
                [("team_id", "=", self.team.id)], ["stage_id"], ["stage_id"]
            )
        )
        self.assertEqual(
            [group["stage_id"][0] for group in groups["groups"]], stages.ids
        )

    def test_steps_application_and_forecast(self):
        development = self._development(expected_revenue=100000)
        self.assertEqual(development.type, "opportunity")
        self.assertTrue(development.ka_is_development)
        self.assertEqual(
            (
                development.ka_step,
                development.probability,
                development.ka_date_identified,
            ),
            ("identify", 10, self.today),
        )
        self.assertEqual(development.prorated_revenue, 10000)
        development.action_ka_next_stage()
        self.assertEqual(development.ka_step, "information")
        self.assertEqual(development.ka_date_information, self.today)
        self.assertEqual(development.prorated_revenue, 20000)
        development.action_ka_next_stage()
        # relationship building needs an assessment and an approved application
        with self.assertRaises(UserError):
            development.action_ka_next_stage()
        self._assess(5)
        self.assertEqual(development.ka_grade, "a")
        self.assertEqual(development.ka_track, "key")
        with self.assertRaises(UserError):
            development.action_ka_next_stage()
        with self.assertRaises(UserError):
            development.action_ka_submit_application()  # nothing forecast yet
        development.write(
            {
                "ka_forecast_sales": 600000,
                "ka_involvement": "high",
                "ka_task_ids": [Command.create({"name": "Demo at their office"})],
            }
        )
        development.action_ka_submit_application()
        with self.assertRaises(UserError):
            development.ka_forecast_sales = 1  # submitted: frozen
        # and so is its plan, but for marking its tasks done
        task = development.ka_task_ids
        with self.assertRaises(UserError):
            task.name = "Something else"
        with self.assertRaises(UserError):
            development.ka_task_ids = [Command.create({"name": "Added later"})]
        with self.assertRaises(UserError):
            task.unlink()
        task.done = True
        self.assertEqual(
            development.ka_task_ids.mapped("name"), ["Demo at their office"]
        )
        with self.assertRaises(AccessError):
            development.action_ka_approve_application()  # not a director
        with self.assertRaises(AccessError):
            development.ka_application_state = "approved"  # only by its buttons
        development.with_user(self.director).action_ka_approve_application()
        self.assertEqual(development.ka_application_state, "approved")
        self.assertEqual(development.ka_application_approver_id, self.director)
        with self.assertRaises(UserError):
            development.with_user(self.director).action_ka_approve_application()
        development.action_ka_next_stage()
        development.action_ka_next_stage()
        self.assertEqual(development.ka_step, "closing")
        self.assertEqual(development.probability, 70)
        with self.assertRaises(UserError):
            development.action_ka_next_stage()  # the first order closes it
        won = self.env.ref("bigaccount_crm.crm_stage_won")
        with self.assertRaises(UserError):
            development.stage_id = won  # dragged to won
        with self.assertRaises(UserError):
            development.action_set_won()  # CRM's Won button
        # Odoo's shared stages are not development steps
        shared = self.env["crm.stage"].search([("team_id", "=", False)], limit=1)
        with self.assertRaises(UserError):
            development.stage_id = shared
        # going back is always possible and keeps the first dates
        development.stage_id = self.steps["information"]
        self.assertEqual(development.ka_date_closing, self.today)

    def test_nobody_approves_own_application(self):
        development = self._development(user=self.director)
        development.write({"ka_forecast_sales": 1000, "ka_involvement": "low"})
        development.with_user(self.director).action_ka_submit_application()
        with self.assertRaises(AccessError):
            development.with_user(self.director).action_ka_approve_application()
        # reassigning the opportunity opens no way around it
        development.sudo().user_id = self.ka_user_other
        with self.assertRaises(AccessError):
            development.with_user(self.director).action_ka_approve_application()
        development.with_user(self.general_manager).action_ka_refuse_application()
        self.assertEqual(development.ka_application_state, "refused")
        development.with_user(self.director).ka_forecast_sales = 2000  # editable again
        development.with_user(self.director).action_ka_submit_application()
        self.assertEqual(development.ka_application_state, "submitted")

    def test_first_order_wins(self):
        development = self._development(
            ka_date_identified=self.today - timedelta(days=30), expected_revenue=80000
        )
        order = self._order(self.buyer, 12000)
        order.action_confirm()
        self.assertTrue(development.stage_id.is_won)
        self.assertEqual(development.probability, 100)
        self.assertEqual(development.ka_first_order_id, order)
        self.assertEqual(order.opportunity_id, development, "linked as sale_crm does")
        self.assertEqual(development.ka_first_order_amount, 12000)
        self.assertEqual(development.ka_date_won, self.today)
        self.assertEqual(development.ka_cycle_days, 30)
        self._order(self.prospect, 99000).action_confirm()
        self.assertEqual(development.ka_first_order_id, order, "the first one only")
        with self.assertRaises(UserError):
            development.stage_id = self.steps["closing"]  # closed
        with self.assertRaises(AccessError):
            development.ka_first_order_amount = 1

    def test_a_development_is_not_created_past_the_steps_rules(self):
        """Created in a later column of the kanban (its default stage), by
        an import or the API, a development meets the rules of the steps it
        skipped: none is created won, or past the assessment without one."""
        Lead = self.env["crm.lead"]
        won = self.env["crm.stage"].search(
            [("team_id", "=", self.team.id), ("is_won", "=", True)], limit=1
        )
        before = Lead.search_count([("ka_is_development", "=", True)])
        for stage in (won, self.steps["relationship"], self.steps["closing"]):
            with self.subTest(stage=stage.name):
                with self.assertRaises(UserError):
                    self._development(stage_id=stage.id)
                self.assertEqual(
                    Lead.search_count([("ka_is_development", "=", True)]), before
                )
        # a column before the assessment is where a new one may start
        development = (
            self.env["crm.lead"]
            .with_user(self.ka_user)
            .with_context(
                default_team_id=self.team.id,
                default_type="opportunity",
                default_stage_id=self.steps["information"].id,
            )
            .create({"partner_id": self.prospect.id})
        )
        self.assertEqual(development.stage_id, self.steps["information"])

    def test_quotation_from_the_opportunity_wins_it(self):
        """The quotation made from the opportunity (sale_crm's New Quotation)
        wins it when confirmed."""
        development = self._development()
        action = development.with_user(self.ka_user).action_sale_quotations_new()
        with Form(
            self.env["sale.order"]
            .with_user(self.ka_user)
            .with_context(**action["context"])
        ) as quotation:
            with quotation.order_line.new() as line:
                line.product_id = self.product
                line.price_unit = 5000
        order = quotation.record
        self.assertEqual(order.opportunity_id, development)
        order.action_confirm()
        self.assertTrue(development.stage_id.is_won)
        self.assertEqual(development.ka_first_order_id, order)

    def test_lost_with_reason_and_restored(self):
        development = self._development()
        with self.assertRaises(UserError):
            self._lose(development)  # the reason is required
        self.assertTrue(development.active)
        self._lose(development, self.reason)
        self.assertFalse(development.active)
        self.assertEqual(development.probability, 0)
        self.assertEqual(development.lost_reason_id, self.reason)
        self.assertEqual(development.ka_lost_category, "competitor")
        with self.assertRaises(UserError):
            development.action_set_lost(lost_reason_id=self.reason.id)  # closed
        development.toggle_active()  # CRM's Restore
        self.assertTrue(development.active)
        self.assertFalse(development.lost_reason_id)
        # an opportunity of another team is lost as CRM makes it, without reason
        other = self.env["crm.lead"].create(
            {"name": "Ordinary deal", "type": "opportunity", "team_id": False}
        )
        other.action_set_lost()
        self.assertFalse(other.active)

    def test_grade_steers_the_prospect(self):
        development = self._development()
        development.action_ka_next_stage()
        development.action_ka_next_stage()
        self._assess(1)  # total 20: grade D
        self.assertEqual(development.ka_track, "parked")
        with self.assertRaises(UserError):
            development.action_ka_next_stage()
        self._assess(5)
        self._approved(development)
        development.action_ka_next_stage()
        self.assertEqual(development.ka_step, "relationship")
        # an assessment lacking information sends it back to step 2
        self._assess(5, incomplete=True)
        self.assertEqual(development.ka_step, "information")
        self.assertIn(
            "lacks information", development.message_ids[:3].mapped("body")[0]
        )
        with self.assertRaises(UserError):
            development.write({"stage_id": self.steps["relationship"].id})

    def test_conversion_by_channel(self):
        """Conversion = developments won by a first order / all of the
        channel, lost ones included: tender 1 of 2 = 50 %, exhibition 0 %."""
        others = [self._partner(f"Lead {n}") for n in range(3)]
        won = self._development(partner_id=others[0].id, ka_channel="tender")
        lost = self._development(partner_id=others[1].id, ka_channel="tender")
        self._development(partner_id=others[2].id, ka_channel="exhibition")
        self._order(others[0], 5000).action_confirm()
        self.assertTrue(won.stage_id.is_won)
        self._lose(lost, self.reason)
        groups = dict(
            (channel, (count, conversion))
            for channel, count, conversion in self.env["crm.lead"]
            .with_context(active_test=False)
            ._read_group(
                [("partner_id", "in", [p.id for p in others])],
                ["ka_channel"],
                ["__count", "ka_conversion:avg"],
            )
        )
        self.assertEqual(groups, {"tender": (2, 50.0), "exhibition": (1, 0.0)})

    def test_buying_criteria_ranked(self):
        development = self._development(
            ka_buying_criterion_ids=[
                Command.create({"factor": "price", "sequence": 2}),
                Command.create({"factor": "quality", "sequence": 1}),
            ]
        )
        development.invalidate_recordset(["ka_buying_criterion_ids"])
        self.assertEqual(
            development.ka_buying_criterion_ids.mapped("factor"), ["quality", "price"]
        )
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"):
            development.ka_buying_criterion_ids = [Command.create({"factor": "price"})]
            development.flush_recordset()

    def test_bad_inputs_refused(self):
        with self.assertRaises(ValidationError):
            self._development(expected_revenue=-1)
        with self.assertRaises(ValidationError):
            self._development(ka_channel="referral")  # by whom?
        with self.assertRaises(UserError):
            self._development(ka_channel="teleportation")
        self._development()
        with self.assertRaises(ValidationError):
            self._development()  # one open development per prospect
        with self.assertRaises(ValidationError):
            # also for a manager who cannot see the open one
            self._development(user=self.ka_user_other)

    def test_confidential_to_owner_team_and_directors(self):
        """A development is seen by its prospect's key-account team and the
        directors only: not by another key-account manager, a salesperson
        (even one who sees all of CRM), nor in another company; an
        opportunity of another team stays as CRM makes it."""
        development = self._development()
        development.ka_task_ids = [Command.create({"name": "Demo at their office"})]
        all_leads = new_test_user(
            self.env,
            login="ka_all_leads",
            groups="sales_team.group_sale_salesman_all_leads",
        )
        for user in (self.ka_user_other, self.salesman, all_leads):
            self.assertFalse(
                self.env["crm.lead"]
                .with_user(user)
                .search([("id", "=", development.id)])
            )
            with self.assertRaises(AccessError):
                development.with_user(user).read(["name"])
        with self.assertRaises(AccessError):
            development.ka_task_ids.with_user(self.ka_user_other).read(["name"])
        self.assertEqual(development.with_user(self.director).partner_id, self.prospect)
        self.prospect.sudo().ka_team_user_ids = self.ka_user_other
        self.assertEqual(
            development.with_user(self.ka_user_other).read(["name"])[0]["name"],
            development.name,
        )
        # another company's development: not even for its key-account team
        other_company = self.env["res.company"].create({"name": "KA Pipeline Branch"})
        elsewhere = self.env["crm.lead"].create(
            {
                "name": "Branch development",
                "type": "opportunity",
                "team_id": self.team.id,
                "partner_id": self.prospect.id,
                "user_id": False,
                "company_id": other_company.id,
            }
        )
        with self.assertRaises(AccessError):
            elsewhere.with_user(self.ka_user).read(["name"])
        # an ordinary opportunity: CRM's rules (its salesperson sees it; a
        # key-account user without CRM's groups does not)
        ordinary = self.env["crm.lead"].create(
            {"name": "Ordinary", "type": "opportunity", "user_id": self.salesman.id}
        )
        self.assertEqual(
            ordinary.with_user(self.salesman).read(["name"])[0]["name"], "Ordinary"
        )
        self.assertEqual(
            ordinary.with_user(all_leads).read(["name"])[0]["name"], "Ordinary"
        )
        ka_only = new_test_user(
            self.env, login="ka_only_user", groups="bigaccount_crm.group_ka_user"
        )
        self.assertFalse(
            self.env["crm.lead"].with_user(ka_only).search([("id", "=", ordinary.id)])
        )
        # one person with several roles (salesperson seeing all leads and
        # key-account director) sees both
        several = new_test_user(
            self.env,
            login="ka_several_roles",
            groups="sales_team.group_sale_salesman_all_leads,"
            "bigaccount_crm.group_ka_director",
        )
        self.assertEqual(
            self.env["crm.lead"]
            .with_user(several)
            .search([("id", "in", (development | ordinary).ids)]),
            development | ordinary,
        )

    def test_referral_makes_the_referrer_quality(self):
        referrer = self._partner("Referring customer")
        development = self._development(
            ka_channel="referral", ka_referred_by_id=referrer.id
        )
        self.assertEqual(self.prospect.ka_referred_by_id, referrer)
        archive = self.env["bigaccount.archive"].new({"partner_id": self.prospect.id})
        self.assertEqual(archive.referred_by_id, referrer)
        self._recompute(referrer)
        self.assertFalse(referrer.ka_is_quality, "until the referred one buys")
        self._invoice(self.prospect, 5000)
        self._order(self.prospect, 5000).action_confirm()
        self.assertTrue(development.stage_id.is_won)
        self._recompute(self.prospect | referrer)
        self.assertTrue(referrer.ka_is_quality)
        self.assertIn("referred a customer", referrer.ka_class_reasons)

    def test_partner_counts_developments(self):
        development = self._development()
        self._lose(development, self.reason)
        partner = self.prospect.with_user(self.ka_user)
        self.assertEqual(partner.ka_development_count, 1, "lost ones too")
        action = partner.action_ka_developments()
        self.assertEqual(
            action["domain"],
            [("partner_id", "=", self.prospect.id), ("ka_is_development", "=", True)],
        )
        self.assertEqual(action["context"]["default_team_id"], self.team.id)
