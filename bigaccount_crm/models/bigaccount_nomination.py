# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models
from odoo.exceptions import AccessError, UserError

from .bigaccount_visit import DIRECTOR_GROUP
from .bigaccount_workflow_mixin import APPROVAL_STATES
from .res_partner_qualification import LEVELS

BRANCH_GROUP = "bigaccount_crm.group_ka_branch_manager"


class BigaccountNomination(models.Model):
    """Approval of the key-account list (审定/批准大客户名单): a
    nomination names the account, the recommending unit and the dedicated
    manager; directors (the key-account committee) approve company-level
    accounts, branch managers branch-level ones. Key-account status takes
    effect on approval and is withdrawn the same way."""

    _name = "bigaccount.nomination"
    _check_company_auto = True
    _description = "Key-Account Nomination"
    _inherit = [
        "bigaccount.document.mixin",
        "mail.thread",
        "mail.activity.mixin",
        "bigaccount.workflow.mixin",
        "bigaccount.numbered.mixin",
    ]
    _order = "id desc"
    _ka_sequence_code = "bigaccount.nomination"
    _ka_workflow_fields = frozenset({"state", "approver_id", "date_decision"})
    _ka_locked_states = ("submitted", "approved", "refused", "withdrawn")

    kind = fields.Selection(
        [("nominate", "Nomination"), ("withdraw", "Withdrawal")],
        required=True,
        default="nominate",
        tracking=True,
        help="Make the company a key account, or withdraw its status.",
    )
    partner_id = fields.Many2one(string="Account", tracking=True)
    level = fields.Selection(
        LEVELS,
        required=True,
        default="department",
        tracking=True,
        help="Company level (key-account department): approved by a director; "
        "branch level: approved by a branch manager.",
    )
    recommending_unit = fields.Char(
        string="Recommending Unit", help="The unit or department that proposes it."
    )
    manager_id = fields.Many2one(
        "res.users",
        string="Dedicated Manager",
        tracking=True,
        help="The account manager who will look after it.",
    )
    reason = fields.Text(required=True)
    user_id = fields.Many2one(
        "res.users",
        string="Proposed By",
        required=True,
        readonly=True,
        default=lambda self: self.env.user,
    )
    state = fields.Selection(
        [*APPROVAL_STATES, ("withdrawn", "Withdrawn")],
        default="draft",
        required=True,
        tracking=True,
        index=True,
        copy=False,
    )
    approver_id = fields.Many2one("res.users", string="Decided By", readonly=True)
    date_decision = fields.Datetime(string="Decided On", readonly=True)

    def _check_decider(self):
        for nomination in self:
            # the rule's level (employees, organisation) decides who approves:
            # a company-level account filed as branch still needs a director
            proposed = nomination.partner_id.sudo().ka_level
            if nomination.level == "branch" and proposed != "department":
                group, message = (
                    BRANCH_GROUP,
                    self.env._(
                        "Branch-level accounts are approved by a branch manager."
                    ),
                )
            else:
                group, message = (
                    DIRECTOR_GROUP,
                    self.env._(
                        "Company-level accounts are approved by a director of the "
                        "key-account committee."
                    ),
                )
            self._check_group(group, message)
        self._check_not_own(self.env._("Nobody approves their own nomination."))

    def action_submit(self):
        self._check_state({"draft"})
        for nomination in self:
            if nomination.kind == "nominate" and not nomination.manager_id:
                raise UserError(
                    self.env._(
                        "Name the dedicated manager of %(account)s.",
                        account=nomination.partner_id.display_name,
                    )
                )
            if (
                nomination.kind == "nominate"
                and nomination.partner_id.sudo().ka_is_key_account
            ):
                raise UserError(
                    self.env._(
                        "%(account)s is already a key account.",
                        account=nomination.partner_id.display_name,
                    )
                )
            if (
                nomination.kind == "withdraw"
                and not nomination.partner_id.sudo().ka_is_key_account
            ):
                raise UserError(
                    self.env._(
                        "%(account)s is not a key account.",
                        account=nomination.partner_id.display_name,
                    )
                )
        self._ka_record_submission()
        self._ka_workflow_write({"state": "submitted"})
        return True

    def action_approve(self):
        """Key-account status takes effect (or ends) on approval."""
        self._check_state({"submitted"})
        self._check_decider()
        for nomination in self:
            partner = nomination.partner_id.sudo().with_context(
                ka_assignment_reason=self.env._(
                    "Nomination %(name)s", name=nomination.name
                )
            )
            if nomination.kind == "nominate":
                partner.write(
                    {
                        "ka_is_key_account": True,
                        "ka_manager_id": nomination.manager_id.id,
                        "ka_level_override": nomination.level,
                    }
                )
            else:
                partner.write({"ka_is_key_account": False})
            # on the nomination, not on the customer (which every user
            # reads: key-account status is the account team's)
            nomination.message_post(
                body=self.env._(
                    "%(kind)s %(name)s approved by %(user)s.",
                    kind=dict(self._fields["kind"]._description_selection(self.env))[
                        nomination.kind
                    ],
                    name=nomination.name,
                    user=self.env.user.name,
                )
            )
        self._ka_workflow_write(
            {
                "state": "approved",
                "approver_id": self.env.user.id,
                "date_decision": fields.Datetime.now(),
            }
        )
        return True

    def action_refuse(self):
        self._check_state({"submitted"})
        self._check_decider()
        self._ka_workflow_write(
            {
                "state": "refused",
                "approver_id": self.env.user.id,
                "date_decision": fields.Datetime.now(),
            }
        )
        return True

    def action_withdraw(self):
        """The proposer takes the nomination back before the decision."""
        self._check_state({"draft", "submitted"})
        if not self.env.su and any(n.user_id != self.env.user for n in self):
            raise AccessError(self.env._("Only the proposer withdraws a nomination."))
        self._ka_workflow_write({"state": "withdrawn"})
        return True
