# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import Command, api, fields, models
from odoo.exceptions import UserError

SCORE_MAX = 5


class BigaccountSurveyEntry(models.TransientModel):
    """Answers of the satisfaction survey given by phone, at a visit or on
    paper, entered by the account's manager: stored as the survey's own
    completed answer of the respondent (a pending invitation of the
    respondent is completed), as if answered online."""

    _name = "bigaccount.survey.entry"
    _description = "Enter Satisfaction Answers"

    account_id = fields.Many2one(
        "res.partner",
        string="Key Account",
        required=True,
        domain=[("ka_is_key_account", "=", True)],
    )
    respondent_id = fields.Many2one(
        "res.partner",
        string="Respondent",
        domain="[('commercial_partner_id', '=', account_id)]",
        help="Who answered; the account itself when empty.",
    )
    line_ids = fields.One2many(
        "bigaccount.survey.entry.line",
        "entry_id",
        string="Scores",
        default=lambda self: [
            Command.create({"question_id": question.id})
            for question in self._ka_questions()
        ],
    )
    comment = fields.Text()

    @api.model
    def _ka_questions(self):
        return (
            self.env["survey.user_input"]
            ._ka_survey()
            .question_ids.filtered(lambda q: q.question_type == "scale")
        )

    def action_save(self):
        """Store the answers; the user must see the account's answers."""
        self.ensure_one()
        survey = self.env["survey.user_input"]._ka_survey()
        if not survey:
            raise UserError(self.env._("No key-account satisfaction survey is active."))
        if not self.line_ids or any(
            not 1 <= line.score <= SCORE_MAX for line in self.line_ids
        ):
            raise UserError(
                self.env._("Score every question from 1 to %(max)s.", max=SCORE_MAX)
            )
        respondent = self.respondent_id or self.account_id
        Answer = self.env["survey.user_input"].sudo()
        answer = Answer.search(
            [
                ("survey_id", "=", survey.id),
                ("partner_id", "=", respondent.id),
                ("state", "!=", "done"),
            ],
            limit=1,
        ) or survey.sudo()._create_answer(partner=respondent, check_attempts=False)
        for line in self.line_ids:
            answer._save_lines(line.question_id.sudo(), line.score)
        comment_question = survey.question_ids.filtered(
            lambda q: q.question_type == "text_box"
        )[:1]
        if self.comment and comment_question:
            answer._save_lines(comment_question.sudo(), self.comment)
        answer._mark_done()
        # what the user may not see, the user may not write either
        answer.with_env(self.env).check_access("read")
        answer.message_post(
            body=self.env._(
                "Answers entered by %(user)s for %(respondent)s.",
                user=self.env.user.name,
                respondent=respondent.display_name,
            )
        )
        self.account_id.sudo().activity_feedback(
            ["bigaccount_crm.mail_activity_type_survey"]
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "survey.user_input",
            "res_id": answer.id,
            "view_mode": "form",
        }
