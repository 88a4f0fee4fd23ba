# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare

GRADES = [
    ("a", "A: all-out"),
    ("b", "B: control investment"),
    ("c", "C: watch"),
    ("d", "D: defer"),
]
SCORE_MAX = 5


class BigaccountAssessment(models.Model):
    """A dated value assessment of a prospect or account: each criterion
    scored 1–5, a weighted total out of 100 and the grade of its band."""

    _name = "bigaccount.assessment"
    _check_company_auto = True
    _description = "Value Assessment"
    _inherit = ["bigaccount.document.mixin", "mail.thread", "bigaccount.workflow.mixin"]
    _order = "date desc, id desc"
    _rec_name = "partner_id"
    # the grade of a done assessment is the account's: it no longer changes
    _ka_locked_states = ("done",)

    date = fields.Date(required=True, default=fields.Date.context_today)
    user_id = fields.Many2one(
        "res.users",
        string="Assessed By",
        required=True,
        default=lambda self: self.env.user,
    )
    line_ids = fields.One2many(
        "bigaccount.assessment.line",
        "assessment_id",
        string="Scores",
        default=lambda self: self._default_line_ids(),
    )
    total = fields.Float(
        string="Weighted Score", compute="_compute_total", store=True, digits=(5, 1)
    )
    grade = fields.Selection(GRADES, compute="_compute_total", store=True)
    incomplete = fields.Boolean(
        string="Information Lacking",
        help="The information is not enough to assess: the prospect goes back "
        "to information gathering.",
    )
    note = fields.Text()
    state = fields.Selection(
        [("draft", "Draft"), ("done", "Done")],
        default="draft",
        required=True,
        tracking=True,
        copy=False,
    )

    def _ka_locked_message(self):
        return self.env._("A done assessment cannot change.")

    @api.model
    def _default_line_ids(self):
        criteria = self.env["bigaccount.assessment.criterion"].search(
            [("active", "=", True)]
        )
        return [
            Command.create({"criterion_id": criterion.id, "weight": criterion.weight})
            for criterion in criteria
        ]

    @api.model
    def _ka_grade(self, total):
        """The grade of a weighted score, from the bands of the settings."""
        settings = self.env["res.partner"]._ka_settings()
        if total >= settings["ka_grade_a_min"]:
            return "a"
        if total >= settings["ka_grade_b_min"]:
            return "b"
        if total >= settings["ka_grade_c_min"]:
            return "c"
        return "d"

    @api.depends("line_ids.score", "line_ids.weight")
    def _compute_total(self):
        for assessment in self:
            total = sum(
                line.weight * line.score / SCORE_MAX for line in assessment.line_ids
            )
            assessment.total = total
            assessment.grade = self._ka_grade(total) if assessment.line_ids else False

    def action_done(self):
        """Record the assessment; the latest one gives the account its grade."""
        self._check_state({"draft"})
        for assessment in self:
            lines = assessment.line_ids
            if not lines:
                raise UserError(self.env._("Score the criteria first."))
            if float_compare(sum(lines.mapped("weight")), 100, precision_digits=2):
                raise UserError(
                    self.env._(
                        "The weights of an assessment total 100 %%, not %(total)s %%.",
                        total=round(sum(lines.mapped("weight")), 2),
                    )
                )
            if any(not line.score for line in lines):
                raise UserError(self.env._("Score every criterion from 1 to 5."))
        self._ka_workflow_write({"state": "done"})
        self._ka_update_partner_grade(self.partner_id)
        # the grade steers the prospect's development
        self.env["crm.lead"]._ka_apply_assessment(self)
        return True

    @api.model
    def _ka_update_partner_grade(self, partners):
        """Store on each partner the grade of its latest done assessment."""
        latest = {}
        for assessment in self.search(
            [("partner_id", "in", partners.ids), ("state", "=", "done")],
            order="date desc, id desc",
        ):
            latest.setdefault(assessment.partner_id, assessment)
        for partner in partners:
            assessment = latest.get(partner)
            partner.sudo().write(
                {
                    "ka_grade": assessment.grade if assessment else False,
                    "ka_grade_incomplete": bool(assessment and assessment.incomplete),
                }
            )
