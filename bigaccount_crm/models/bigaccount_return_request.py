# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .bigaccount_visit import DIRECTOR_GROUP
from .bigaccount_workflow_mixin import APPROVAL_STATES


class BigaccountReturnRequest(models.Model):
    """Return or exchange outside complaints (超期/拆包装退换货): allowed
    within the return window of the settings, and with an opened package
    only for defective goods; a director approves it, which creates the
    return, or refuses it with the reason."""

    _name = "bigaccount.return.request"
    _check_company_auto = True
    _description = "Return Request"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "bigaccount.workflow.mixin",
        "bigaccount.numbered.mixin",
    ]
    _order = "id desc"
    _ka_sequence_code = "bigaccount.return.request"
    _ka_workflow_fields = frozenset({"state", "approver_id", "return_picking_id"})
    # the director decides on what was submitted; a decided request is final
    _ka_decided_states = ("submitted",)
    _ka_decision_fields = frozenset(
        {
            "picking_id",
            "partner_id",
            "user_id",
            "kind",
            "product_id",
            "quantity",
            "reason",
            "package_opened",
            "defective",
        }
    )
    _ka_locked_states = ("approved", "refused")

    picking_id = fields.Many2one(
        "stock.picking",
        string="Delivery",
        required=True,
        index=True,
        domain="[('picking_type_code', '=', 'outgoing'), ('state', '=', 'done')]",
        tracking=True,
        check_company=True,
    )
    partner_id = fields.Many2one(
        related="picking_id.partner_id.commercial_partner_id",
        string="Customer",
        store=True,
        index=True,
    )
    company_id = fields.Many2one(related="picking_id.company_id", store=True)
    user_id = fields.Many2one(
        "res.users",
        string="Requested By",
        required=True,
        default=lambda self: self.env.user,
        readonly=True,
    )
    kind = fields.Selection(
        [("return", "Return"), ("exchange", "Exchange")],
        required=True,
        default="return",
        tracking=True,
    )
    product_id = fields.Many2one("product.product", required=True, check_company=True)
    quantity = fields.Float(required=True, digits="Product Unit", default=1.0)
    reason = fields.Text(required=True)
    package_opened = fields.Boolean(
        string="Package Opened",
        help="Opened packages are taken back only when the goods are defective.",
    )
    defective = fields.Boolean(string="Goods Defective")
    date_delivered = fields.Datetime(
        related="picking_id.date_done",
        string="Delivered On",
        help="When the delivery was done; the return window counts from it.",
    )
    days_since_delivery = fields.Integer(compute="_compute_window")
    within_window = fields.Boolean(
        string="Within Return Window", compute="_compute_window"
    )
    state = fields.Selection(
        APPROVAL_STATES,
        default="draft",
        required=True,
        readonly=True,
        tracking=True,
        copy=False,
    )
    refuse_reason = fields.Text(string="Why Refused", tracking=True)
    approver_id = fields.Many2one("res.users", string="Decided By", readonly=True)
    return_picking_id = fields.Many2one(
        "stock.picking", string="Return", readonly=True, copy=False, check_company=True
    )

    @api.depends("picking_id.date_done")
    def _compute_window(self):
        window = self.env["res.partner"]._ka_settings()["ka_return_window_days"]
        now = fields.Datetime.now()
        for request in self:
            done = request.picking_id.date_done
            request.days_since_delivery = (now - done).days if done else 0
            request.within_window = bool(done) and (now - done).days <= window

    @api.constrains("quantity")
    def _check_quantity(self):
        if any(request.quantity <= 0 for request in self):
            raise ValidationError(self.env._("The quantity must be positive."))

    def _check_decider(self):
        self._check_group(
            DIRECTOR_GROUP,
            self.env._("Only a director approves or refuses return requests."),
        )
        self._check_not_own(self.env._("Nobody decides on their own return request."))

    def action_submit(self):
        self._check_state({"draft"})
        self._ka_record_submission()
        self._ka_workflow_write({"state": "submitted"})
        return True

    def action_approve(self):
        """Approve within the rules, which creates the return."""
        self._check_state({"submitted"})
        self._check_decider()
        window = self.env["res.partner"]._ka_settings()["ka_return_window_days"]
        for request in self:
            if not request.within_window:
                raise UserError(
                    self.env._(
                        "%(name)s was delivered %(days)s days ago, beyond the "
                        "%(window)s-day return window: refuse it with the reason.",
                        name=request.picking_id.name,
                        days=request.days_since_delivery,
                        window=window,
                    )
                )
            if request.package_opened and not request.defective:
                raise UserError(
                    self.env._(
                        "An opened package is taken back only when the goods are "
                        "defective: refuse %(name)s with the reason.",
                        name=request.name,
                    )
                )
        for request in self:
            returned = request.picking_id.sudo()._ka_create_return(
                request.product_id, request.quantity
            )
            request._ka_workflow_write(
                {
                    "state": "approved",
                    "approver_id": self.env.user.id,
                    "return_picking_id": returned.id,
                }
            )
        return True

    def action_refuse(self):
        self._check_state({"submitted"})
        self._check_decider()
        for request in self:
            if not (request.refuse_reason or "").strip():
                raise UserError(
                    self.env._(
                        "Give the reason %(name)s is refused.", name=request.name
                    )
                )
        self._ka_workflow_write({"state": "refused", "approver_id": self.env.user.id})
        return True
