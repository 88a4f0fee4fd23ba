# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from .bigaccount_workflow_mixin import APPROVAL_STATES

FINANCE_GROUP = "account.group_account_manager"


class BigaccountCreditRequest(models.Model):
    """Guaranteed-delivery request (担保发货申请): an exception to the credit
    check for exactly one sale order, approved or refused by finance."""

    _name = "bigaccount.credit.request"
    _check_company_auto = True
    _description = "Guaranteed-Delivery Request"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "bigaccount.workflow.mixin",
        "bigaccount.numbered.mixin",
    ]
    _order = "id desc"
    _ka_sequence_code = "bigaccount.credit.request"
    # who asked and what finance decided: the buttons (and the order's
    # confirmation) only
    _ka_workflow_fields = frozenset(
        {"state", "approver_id", "date_decision", "date_used", "user_id"}
    )
    _ka_decided_states = ("submitted", "approved", "refused", "expired")
    _ka_decision_fields = frozenset(
        {"order_id", "amount", "date_expiry", "reason", "guarantor_id"}
    )

    order_id = fields.Many2one(
        "sale.order",
        string="Sales Order",
        required=True,
        index=True,
        ondelete="cascade",
        tracking=True,
        check_company=True,
    )
    partner_id = fields.Many2one(
        related="order_id.partner_id.commercial_partner_id",
        string="Customer",
        store=True,
        index=True,
    )
    company_id = fields.Many2one(related="order_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    user_id = fields.Many2one(
        "res.users",
        string="Requested By",
        required=True,
        default=lambda self: self.env.user,
        readonly=True,
    )
    reason = fields.Text(required=True, tracking=True)
    guarantor_id = fields.Many2one(
        "res.users",
        string="Guarantor",
        required=True,
        tracking=True,
        help="Who vouches for the customer's payment.",
    )
    amount = fields.Monetary(
        required=True,
        tracking=True,
        help="The order goes through only if its total does not exceed this amount.",
    )
    date_expiry = fields.Date(string="Valid Until", required=True, tracking=True)
    state = fields.Selection(
        [*APPROVAL_STATES, ("expired", "Expired")],
        default="draft",
        required=True,
        tracking=True,
        index=True,
    )
    approver_id = fields.Many2one(
        "res.users", string="Decided By", readonly=True, tracking=True
    )
    date_decision = fields.Datetime(string="Decided On", readonly=True)
    date_used = fields.Datetime(
        string="Used On",
        readonly=True,
        help="When the order was confirmed under this request.",
    )
    refusal_reason = fields.Char(tracking=True)
    credit_picture = fields.Text(
        string="Credit Picture",
        compute="_compute_credit_picture",
        help="The customer's credit figures and the decision for this order, "
        "as the check at confirmation computes them.",
    )

    @api.depends_context("uid")
    @api.depends("order_id", "state")
    def _compute_credit_picture(self):
        for request in self:
            order = request.order_id.sudo()
            request.credit_picture = (
                order.with_user(self.env.user).ka_credit_banner
                if order.state in ("draft", "sent")
                else False
            )

    @api.constrains("amount", "reason")
    def _check_request(self):
        for request in self:
            if request.amount <= 0:
                raise ValidationError(
                    self.env._(
                        "The amount of a guaranteed-delivery request must be positive."
                    )
                )
            if not (request.reason or "").strip():
                raise ValidationError(
                    self.env._("A guaranteed-delivery request needs a reason.")
                )

    @api.onchange("order_id")
    def _onchange_order_id(self):
        order = self.order_id
        if order:
            self.amount = order.currency_id._convert(
                order.amount_total,
                order.company_id.currency_id,
                order.company_id,
                fields.Date.context_today(self),
            )

    # ------------------------------------------------------------------
    # Workflow
    # ------------------------------------------------------------------
    def _check_state(self, allowed):
        for request in self:
            if request.state not in allowed:
                raise UserError(
                    self.env._(
                        "Request %(name)s is %(state)s: this action is not "
                        "possible any more.",
                        name=request.name,
                        state=dict(
                            request._fields["state"]._description_selection(self.env)
                        )[request.state],
                    )
                )

    def _check_finance(self):
        """Finance decides; never the requester, the one who submitted, the
        guarantor (``_ka_owners``) or anyone who reassigned them."""
        self._check_group(
            FINANCE_GROUP,
            self.env._("Only finance can approve or refuse guaranteed deliveries."),
        )
        self._check_not_own(self.env._("Nobody approves or refuses their own request."))

    def _ka_owners(self):
        """The requester and the guarantor, who vouches for the customer."""
        self.ensure_one()
        return self.sudo().user_id | self.sudo().guarantor_id

    def _finance_decider(self):
        """The finance user who gets the activity to decide the request:
        a member of finance in the request's company who is neither the
        requester nor the guarantor."""
        self.ensure_one()
        group = self.env.ref(FINANCE_GROUP)
        candidates = group.sudo().users.filtered(
            lambda u: (
                u.active
                and not u.share
                and self.company_id in u.company_ids
                and u not in (self.user_id | self.guarantor_id)
            )
        )
        return candidates.sorted("id")[:1]

    def action_submit(self):
        self._check_state({"draft"})
        self._ka_workflow_write({"state": "submitted"})
        self._ka_record_submission()
        for request in self:
            decider = request._finance_decider()
            request.activity_schedule(
                "mail.mail_activity_data_todo",
                summary=self.env._("Guaranteed delivery to decide"),
                user_id=(decider or request.user_id).id,
            )
        return True

    def action_approve(self):
        self._check_state({"submitted"})
        self._check_finance()
        today = fields.Date.context_today(self)
        if any(request.date_expiry < today for request in self):
            raise UserError(self.env._("An expired request cannot be approved."))
        self._ka_workflow_write(
            {
                "state": "approved",
                "approver_id": self.env.user.id,
                "date_decision": fields.Datetime.now(),
            }
        )
        self.activity_feedback(["mail.mail_activity_data_todo"])
        return True

    def action_refuse(self):
        self._check_state({"submitted"})
        self._check_finance()
        self._ka_workflow_write(
            {
                "state": "refused",
                "approver_id": self.env.user.id,
                "date_decision": fields.Datetime.now(),
            }
        )
        self.activity_feedback(["mail.mail_activity_data_todo"])
        return True

    def action_draft(self):
        """A refused or expired request goes back to draft, by its requester
        (or finance), to be corrected and submitted again."""
        self._check_state({"refused", "expired"})
        for request in self:
            if not (
                self.env.su
                or request.user_id == self.env.user
                or self.env.user.has_group(FINANCE_GROUP)
            ):
                raise AccessError(
                    self.env._(
                        "Only the requester or finance can reset request "
                        "%(name)s to draft.",
                        name=request.name,
                    )
                )
        self._ka_workflow_write(
            {"state": "draft", "approver_id": False, "date_decision": False}
        )
        return True

    @api.model
    def _cron_expire(self):
        """Mark requests past their end date as expired (idempotent)."""
        expired = self.search(
            [
                ("state", "in", ("draft", "submitted", "approved")),
                ("date_used", "=", False),
                ("date_expiry", "<", fields.Date.context_today(self)),
            ]
        )
        expired._ka_workflow_write({"state": "expired"})
        return len(expired)
