# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The development application (开发申请): the plan of a development
(budget, forecast, involvement, tasks, people) submitted by its manager and
approved or refused by a director, and the value assessment (价值评估) whose
grade steers the development."""

from odoo import api, fields, models
from odoo.exceptions import UserError

from .bigaccount_development import (
    OPEN_STAGES,
    STAGE_RANK,
)
from .bigaccount_visit import DIRECTOR_GROUP


class BigaccountDevelopment(models.Model):
    _inherit = "bigaccount.development"

    def action_submit_application(self):
        for development in self:
            if development.application_state not in ("draft", "refused"):
                raise UserError(
                    self.env._(
                        "The application of %(name)s is already submitted.",
                        name=development.display_name,
                    )
                )
            development._ka_check_open()
            if not development.forecast_sales or not development.involvement:
                raise UserError(
                    self.env._(
                        "A development application gives at least the forecast "
                        "sales and the company's involvement."
                    )
                )
        self._ka_record_submission()
        self._ka_workflow_write({"application_state": "submitted"})
        return True

    def action_approve_application(self):
        self._check_group(
            DIRECTOR_GROUP,
            self.env._("Only a key-account director approves development plans."),
        )
        self._check_not_own(
            self.env._("Nobody approves their own development application.")
        )
        self._ka_check_application_submitted()
        self._ka_workflow_write(
            {
                "application_state": "approved",
                "application_approver_id": self.env.user.id,
                "application_date": fields.Date.context_today(self),
            }
        )
        self.message_post(
            body=self.env._("Development application approved: it is now the plan.")
        )
        return True

    def action_refuse_application(self):
        self._check_group(
            DIRECTOR_GROUP,
            self.env._("Only a key-account director refuses development plans."),
        )
        self._check_not_own(
            self.env._("Nobody refuses their own development application.")
        )
        self._ka_check_application_submitted()
        self._ka_workflow_write(
            {
                "application_state": "refused",
                "application_approver_id": self.env.user.id,
                "application_date": fields.Date.context_today(self),
            }
        )
        return True

    def _ka_check_application_submitted(self):
        for development in self:
            if development.application_state != "submitted":
                raise UserError(
                    self.env._(
                        "The application of %(name)s is not waiting for a decision.",
                        name=development.display_name,
                    )
                )

    @api.model
    def _ka_apply_assessment(self, assessments):
        """The latest grade steers the open developments of the assessed
        prospects: lacking information sends them back to stage 2, grade A
        puts them in the key sales process, grade D parks them."""
        developments = self.sudo().search(
            [
                ("partner_id", "in", assessments.partner_id.ids),
                ("stage", "in", OPEN_STAGES),
            ]
        )
        for development in developments:
            partner = development.partner_id.sudo()
            if partner.ka_grade_incomplete:
                if STAGE_RANK[development.stage] > STAGE_RANK["information"]:
                    development._ka_set_stage("information")
                development.message_post(
                    body=self.env._(
                        "The value assessment lacks information: back to "
                        "information gathering."
                    )
                )
            elif partner.ka_grade == "a":
                development.message_post(
                    body=self.env._(
                        "Grade A: all-out, the prospect enters the key sales process."
                    )
                )
            elif partner.ka_grade == "d":
                development.message_post(
                    body=self.env._("Grade D: the prospect is parked.")
                )
