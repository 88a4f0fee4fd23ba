# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import timedelta

from psycopg2 import IntegrityError

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged
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
        cls.reason = cls.env.ref("bigaccount_crm.drop_reason_incumbent")

    def _development(self, user=None, **vals):
        return (
            self.env["bigaccount.development"]
            .with_user(user or self.ka_user)
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
            {"forecast_sales": 600000, "forecast_profit": 90000, "involvement": "high"}
        )
        development.action_submit_application()
        development.with_user(self.director).action_approve_application()


@tagged("post_install", "-at_install")
class TestDevelopment(PipelineCase):
    def test_stages_application_and_forecast(self):
        development = self._development(expected_amount=100000)
        self.assertTrue(development.name.startswith("DEV/"))
        self.assertEqual(
            (development.stage, development.probability, development.date_start),
            ("identify", 10, self.today),
        )
        self.assertEqual(development.weighted_amount, 10000)
        development.action_next_stage()
        self.assertEqual(development.stage, "information")
        self.assertEqual(development.date_information, self.today)
        self.assertEqual(development.weighted_amount, 20000)
        development.action_next_stage()
        # relationship building needs an assessment and an approved application
        with self.assertRaises(UserError):
            development.action_next_stage()
        self._assess(5)
        self.assertEqual(development.grade, "a")
        self.assertEqual((development.track, development.priority), ("key", "1"))
        with self.assertRaises(UserError):
            development.action_next_stage()
        with self.assertRaises(UserError):
            development.action_submit_application()  # nothing forecast yet
        development.write({"forecast_sales": 600000, "involvement": "high"})
        development.action_submit_application()
        with self.assertRaises(UserError):
            development.forecast_sales = 1  # submitted: frozen
        with self.assertRaises(AccessError):
            development.action_approve_application()  # not a director
        with self.assertRaises(AccessError):
            development.application_state = "approved"  # only by its buttons
        development.with_user(self.director).action_approve_application()
        self.assertEqual(development.application_state, "approved")
        self.assertEqual(development.application_approver_id, self.director)
        with self.assertRaises(UserError):
            development.with_user(self.director).action_approve_application()
        development.action_next_stage()
        development.action_next_stage()
        self.assertEqual(development.stage, "closing")
        self.assertEqual(development.probability, 70)
        with self.assertRaises(UserError):
            development.action_next_stage()  # the first order closes it
        with self.assertRaises(UserError):
            development.stage = "won"
        # going back is always possible and keeps the first dates
        development.stage = "information"
        self.assertEqual(development.date_closing, self.today)

    def test_nobody_approves_own_application(self):
        development = self._development(user=self.director)
        development.write({"forecast_sales": 1000, "involvement": "low"})
        development.with_user(self.director).action_submit_application()
        with self.assertRaises(AccessError):
            development.with_user(self.director).action_approve_application()
        development.with_user(self.general_manager).action_refuse_application()
        self.assertEqual(development.application_state, "refused")
        development.with_user(self.director).forecast_sales = 2000  # editable again
        development.with_user(self.director).action_submit_application()
        self.assertEqual(development.application_state, "submitted")

    def test_first_order_wins(self):
        development = self._development(
            date_start=self.today - timedelta(days=30), expected_amount=80000
        )
        order = self._order(self.buyer, 12000)
        order.action_confirm()
        self.assertEqual(development.stage, "won")
        self.assertEqual(development.first_order_id, order)
        self.assertEqual(development.first_order_amount, 12000)
        self.assertEqual(development.date_won, self.today)
        self.assertEqual(development.cycle_days, 30)
        self.assertEqual(development.probability, 100)
        self._order(self.prospect, 99000).action_confirm()
        self.assertEqual(development.first_order_id, order, "the first one only")
        with self.assertRaises(UserError):
            development.stage = "closing"  # closed
        with self.assertRaises(AccessError):
            development.first_order_amount = 1

    def test_drop_with_reason_and_reopen(self):
        development = self._development()
        with self.assertRaises(UserError):
            development.stage = "dropped"  # the reason is required
        action = development.action_drop()
        wizard = Form(
            self.env[action["res_model"]]
            .with_user(self.ka_user)
            .with_context(**action["context"])
        )
        wizard.reason_id = self.reason
        wizard.note = "Happy with the current supplier's prices"
        wizard.save().action_drop()
        self.assertEqual(development.stage, "dropped")
        self.assertEqual(development.drop_category, "competitor")
        self.assertEqual(development.date_dropped, self.today)
        with self.assertRaises(UserError):
            development.action_drop()
        development.action_reopen()
        self.assertEqual(development.stage, "information")
        self.assertFalse(development.drop_reason_id)

    def test_grade_steers_the_prospect(self):
        development = self._development()
        development.action_next_stage()
        development.action_next_stage()
        self._assess(1)  # total 20: grade D
        self.assertEqual(development.track, "parked")
        with self.assertRaises(UserError):
            development.action_next_stage()
        self._assess(5)
        self._approved(development)
        development.action_next_stage()
        self.assertEqual(development.stage, "relationship")
        # an assessment lacking information sends it back to stage 2
        self._assess(5, incomplete=True)
        self.assertEqual(development.stage, "information")
        self.assertIn(
            "lacks information", development.message_ids[:3].mapped("body")[0]
        )
        with self.assertRaises(UserError):
            development.write({"stage": "relationship"})

    def test_conversion_by_channel(self):
        others = [self._partner(f"Lead {n}") for n in range(3)]
        won = self._development(partner_id=others[0].id, channel="tender")
        self._development(partner_id=others[1].id, channel="tender")
        self._development(partner_id=others[2].id, channel="exhibition")
        self._order(others[0], 5000).action_confirm()
        self.assertEqual(won.stage, "won")
        groups = dict(
            (channel, (count, conversion))
            for channel, count, conversion in self.env[
                "bigaccount.development"
            ]._read_group(
                [("partner_id", "in", [p.id for p in others])],
                ["channel"],
                ["__count", "conversion:avg"],
            )
        )
        self.assertEqual(groups, {"tender": (2, 50.0), "exhibition": (1, 0.0)})

    def test_buying_criteria_ranked(self):
        development = self._development(
            buying_criterion_ids=[
                Command.create({"factor": "price", "sequence": 2}),
                Command.create({"factor": "quality", "sequence": 1}),
            ]
        )
        development.invalidate_recordset(["buying_criterion_ids"])
        self.assertEqual(
            development.buying_criterion_ids.mapped("factor"), ["quality", "price"]
        )
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"):
            development.buying_criterion_ids = [Command.create({"factor": "price"})]
            development.flush_recordset()

    def test_bad_inputs_refused(self):
        with self.assertRaises(ValidationError):
            self._development(expected_amount=-1)
        with self.assertRaises(ValidationError):
            self._development(channel="referral")  # by whom?
        with self.assertRaises(UserError):
            self._development(stage="won")
        development = self._development()
        with self.assertRaises(ValidationError):
            self._development()  # one open development per prospect
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"):
            development.probability = 120
            development.flush_recordset()

    def test_confidential_to_owner_team_and_directors(self):
        development = self._development()
        development.task_ids = [Command.create({"name": "Demo at their office"})]
        with self.assertRaises(AccessError):
            development.with_user(self.ka_user_other).read(["name"])
        with self.assertRaises(AccessError):
            development.task_ids.with_user(self.ka_user_other).read(["name"])
        self.assertEqual(development.with_user(self.director).partner_id, self.prospect)
        self.prospect.sudo().ka_team_user_ids = self.ka_user_other
        self.assertEqual(
            development.with_user(self.ka_user_other).read(["name"])[0]["name"],
            development.name,
        )
        with self.assertRaises(AccessError):
            self.env["bigaccount.development"].with_user(self.salesman).search([])

    def test_referral_makes_the_referrer_quality(self):
        referrer = self._partner("Referring customer")
        development = self._development(channel="referral", referred_by_id=referrer.id)
        self.assertEqual(self.prospect.ka_referred_by_id, referrer)
        archive = self.env["bigaccount.archive"].new({"partner_id": self.prospect.id})
        self.assertEqual(archive.referred_by_id, referrer)
        self._recompute(referrer)
        self.assertFalse(referrer.ka_is_quality, "until the referred one buys")
        self._invoice(self.prospect, 5000)
        self._order(self.prospect, 5000).action_confirm()
        self.assertEqual(development.stage, "won")
        self._recompute(self.prospect | referrer)
        self.assertTrue(referrer.ka_is_quality)
        self.assertIn("referred a customer", referrer.ka_class_reasons)

    def test_partner_counts_developments(self):
        self._development()
        partner = self.prospect.with_user(self.ka_user)
        self.assertEqual(partner.ka_development_count, 1)
        action = partner.action_ka_developments()
        self.assertEqual(action["domain"], [("partner_id", "=", self.prospect.id)])
