# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from dateutil.relativedelta import relativedelta

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError

from .tools import schedule_activities

SCORE_MAX = 5


class BigaccountSurvey(models.Model):
    """A periodic satisfaction survey of a key account (客户满意度调查):
    each dimension scored 1–5 by a respondent, with comments."""

    _name = "bigaccount.survey"
    _check_company_auto = True
    _description = "Satisfaction Survey"
    _inherit = [
        "bigaccount.document.mixin",
        "mail.thread",
        "mail.activity.mixin",
        "bigaccount.workflow.mixin",
    ]
    _order = "date desc, id desc"
    _rec_name = "partner_id"
    _ka_locked_states = ("done",)

    partner_id = fields.Many2one(string="Account")
    user_id = fields.Many2one(
        "res.users", string="Account Manager", default=lambda self: self.env.user
    )
    respondent_id = fields.Many2one(
        "res.partner",
        string="Respondent",
        domain="[('commercial_partner_id', '=', partner_id)]",
        check_company=True,
    )
    date = fields.Date(required=True, default=fields.Date.context_today)
    line_ids = fields.One2many(
        "bigaccount.survey.line",
        "survey_id",
        string="Scores",
        default=lambda self: [
            Command.create({"dimension_id": dimension.id})
            for dimension in self.env["bigaccount.survey.dimension"].search(
                [("active", "=", True)]
            )
        ],
    )
    comment = fields.Text()
    average = fields.Float(
        string="Average Score", compute="_compute_average", store=True, digits=(3, 2)
    )
    state = fields.Selection(
        [("draft", "To Answer"), ("done", "Answered")],
        default="draft",
        required=True,
        index=True,
        tracking=True,
    )

    def _ka_locked_message(self):
        return self.env._("An answered survey cannot change.")

    @api.constrains("partner_id", "company_id", "state")
    def _check_one_open_survey(self):
        """Never two surveys to answer at a time for one account."""
        for survey in self.filtered(lambda s: s.state == "draft"):
            if self.sudo().search_count(
                [
                    ("partner_id", "=", survey.partner_id.id),
                    ("company_id", "=", survey.company_id.id),
                    ("state", "=", "draft"),
                    ("id", "!=", survey.id),
                ]
            ):
                raise ValidationError(
                    self.env._(
                        "%(account)s already has a satisfaction survey to "
                        "answer: answer it before opening another.",
                        account=survey.partner_id.display_name,
                    )
                )

    @api.depends("line_ids.score")
    def _compute_average(self):
        for survey in self:
            scores = [line.score for line in survey.line_ids if line.score]
            survey.average = sum(scores) / len(scores) if scores else 0.0

    def action_done(self):
        self._check_state({"draft"})
        for survey in self:
            if not survey.line_ids or any(not line.score for line in survey.line_ids):
                raise UserError(
                    self.env._(
                        "Score every dimension from 1 to %(max)s.", max=SCORE_MAX
                    )
                )
        self._ka_workflow_write({"state": "done"})
        self.activity_feedback(["bigaccount_crm.mail_activity_type_survey"])
        return True

    @api.model
    def _prepare_survey_vals(self, partner, date):
        """The values of the survey of the key account ``partner`` due on
        ``date``, for its manager."""
        return {
            "partner_id": partner.id,
            "user_id": partner.ka_manager_id.id,
            "company_id": (partner.company_id or self.env.company).id,
            "date": date,
        }

    @api.model
    def _cron_plan_surveys(self):
        """Daily: every key account whose tier asks for surveys and whose
        last one is older than the tier's interval gets one to answer (with
        an activity for its manager); never two open at a time."""
        today = fields.Date.context_today(self)
        accounts = (
            self.env["res.partner"]
            .sudo()
            .search(
                [
                    ("ka_is_key_account", "=", True),
                    ("ka_tier_id.survey_interval_months", ">", 0),
                ]
            )
        )
        surveys = self.sudo()
        open_partners = set()
        answered = {}
        for partner, state, date in surveys._read_group(
            [("partner_id", "in", accounts.ids)],
            ["partner_id", "state"],
            ["date:max"],
        ):
            if state == "draft":
                open_partners.add(partner)
            else:
                answered[partner] = date
        due = accounts.filtered(
            lambda p: (
                p not in open_partners
                and (
                    p not in answered
                    or answered[p]
                    + relativedelta(months=p.ka_tier_id.survey_interval_months)
                    <= today
                )
            )
        )
        new = surveys.create(
            [surveys._prepare_survey_vals(partner, today) for partner in due]
        )
        schedule_activities(
            new,
            "bigaccount_crm.mail_activity_type_survey",
            lambda survey: survey.user_id,
        )
        return new
