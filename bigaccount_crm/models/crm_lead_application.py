# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The development application (开发申请) of a key-account development: the
forecast, costs, risk and plan a salesperson submits and a key-account
director approves (then it is the plan) or refuses, through the add-on's
one approval mechanism (``bigaccount.workflow.mixin``): frozen once
submitted, never decided by its submitter or its owner, also after the
salesperson is changed. The outcome fields (first order, won on) are
written by the development's own steps only (``crm_lead.py``)."""

from odoo import fields, models
from odoo.exceptions import UserError

from .bigaccount_visit import DIRECTOR_GROUP

KA_GROUP = "bigaccount_crm.group_ka_user"

LEVELS3 = [("low", "Low"), ("medium", "Medium"), ("high", "High")]
APPLICATION_FIELDS = frozenset(
    {
        "ka_forecast_sales",
        "ka_forecast_profit",
        "ka_forecast_cost",
        "ka_staff_expense",
        "ka_travel_expense",
        "ka_risk_level",
        "ka_risk_note",
        "ka_relationship_budget",
        "ka_involvement",
        "ka_advantage_note",
    }
)


class CrmLead(models.Model):
    _name = "crm.lead"
    _inherit = ["crm.lead", "bigaccount.workflow.mixin"]

    _ka_workflow_fields = frozenset(
        {
            "ka_application_state",
            "ka_application_approver_id",
            "ka_application_date",
            "ka_first_order_id",
            "ka_first_order_amount",
            "ka_date_won",
        }
    )
    # the plan a director approved (the application) no longer changes
    # once submitted
    _ka_state_field = "ka_application_state"
    _ka_decided_states = ("submitted", "approved")
    _ka_decision_fields = APPLICATION_FIELDS | {"partner_id", "company_id"}

    # development application (开发申请) and plan
    ka_application_state = fields.Selection(
        [
            ("draft", "Not submitted"),
            ("submitted", "Submitted"),
            ("approved", "Approved"),
            ("refused", "Refused"),
        ],
        string="Application",
        # not required: leads CRM writes while the add-on is not loaded yet
        # (an upgrade of CRM alone) have none, which reads as not submitted
        default="draft",
        tracking=True,
        copy=False,
    )
    ka_forecast_sales = fields.Monetary(
        string="Forecast Sales (yearly)", currency_field="company_currency"
    )
    ka_forecast_profit = fields.Monetary(
        string="Forecast Profit (yearly)", currency_field="company_currency"
    )
    ka_forecast_cost = fields.Monetary(
        string="Management and Operating Cost",
        currency_field="company_currency",
        help="What developing and serving the account costs besides staff and travel.",
    )
    ka_staff_expense = fields.Monetary(
        string="Staff Expense", currency_field="company_currency"
    )
    ka_travel_expense = fields.Monetary(
        string="Travel Expense", currency_field="company_currency"
    )
    ka_relationship_budget = fields.Monetary(
        string="Relationship Budget", currency_field="company_currency"
    )
    ka_risk_level = fields.Selection(LEVELS3, string="Risk")
    ka_risk_note = fields.Text(string="Risks")
    ka_involvement = fields.Selection(
        LEVELS3,
        string="Company Involvement",
        help="How much of the company's support the development needs.",
    )
    ka_advantage_note = fields.Text(
        string="Competitive Advantage",
        help="What we win the customer with: more revenue, simpler purchasing, "
        "a solution, lower total cost, less waste, intangible value.",
    )
    ka_application_approver_id = fields.Many2one(
        "res.users", string="Application Approved By", readonly=True, copy=False
    )
    ka_application_date = fields.Date(
        string="Application Decided On", readonly=True, copy=False
    )
    ka_task_ids = fields.One2many(
        "bigaccount.lead.task", "lead_id", string="Plan", copy=False, groups=KA_GROUP
    )

    def action_ka_submit_application(self):
        for lead in self:
            if lead.ka_application_state not in (False, "draft", "refused"):
                raise UserError(
                    self.env._(
                        "The application of %(name)s is already submitted.",
                        name=lead.display_name,
                    )
                )
            lead._ka_check_open()
            if not lead.ka_forecast_sales or not lead.ka_involvement:
                raise UserError(
                    self.env._(
                        "A development application gives at least the forecast "
                        "sales and the company's involvement."
                    )
                )
        self._ka_record_submission()
        self._ka_workflow_write({"ka_application_state": "submitted"})
        return True

    def action_ka_approve_application(self):
        self._ka_decide_application(
            "approved",
            self.env._("Only a key-account director approves development plans."),
            self.env._("Nobody approves their own development application."),
        )
        self.message_post(
            body=self.env._("Development application approved: it is now the plan.")
        )
        return True

    def action_ka_refuse_application(self):
        self._ka_decide_application(
            "refused",
            self.env._("Only a key-account director refuses development plans."),
            self.env._("Nobody refuses their own development application."),
        )
        return True

    def _ka_decide_application(self, state, not_director_message, own_message):
        """Decide the submitted applications of ``self``: ``state`` is
        ``"approved"`` or ``"refused"``; the deciding user and today are
        recorded. Raises ``AccessError`` with ``not_director_message`` for a
        user outside the key-account directors and with ``own_message`` for
        its submitter or owner (``_check_not_own``), ``UserError`` for an
        application not waiting for a decision."""
        self._check_group(DIRECTOR_GROUP, not_director_message)
        self._check_not_own(own_message)
        self._ka_check_application_submitted()
        self._ka_workflow_write(
            {
                "ka_application_state": state,
                "ka_application_approver_id": self.env.user.id,
                "ka_application_date": fields.Date.context_today(self),
            }
        )

    def _ka_locked_message(self):
        """Why the tasks of a submitted or approved plan do not change."""
        labels = dict(
            self._fields["ka_application_state"]._description_selection(self.env)
        )
        return self.env._(
            "The application of %(name)s is %(state)s: its plan's tasks no "
            "longer change, they are only marked done.",
            name=self[:1].display_name,
            state=labels.get(self[:1].ka_application_state),
        )

    def _ka_check_application_submitted(self):
        for lead in self:
            if lead.ka_application_state != "submitted":
                raise UserError(
                    self.env._(
                        "The application of %(name)s is not waiting for a decision.",
                        name=lead.display_name,
                    )
                )
