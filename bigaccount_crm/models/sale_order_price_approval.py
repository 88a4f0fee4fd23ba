# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Quotation authority (报价权限 / 价格核定表): a discount above the tier's
authority or a price below the pricelist needs a director's approval before
the quotation is sent or confirmed; an approval given by phone is recorded
at once and its form completed within the settings' days."""

from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import float_compare

# Written by the approval buttons only (as the superuser): a salesperson
# neither writes them nor creates or copies an order with them set.
PRICE_APPROVAL_FIELDS = frozenset(
    {
        "ka_price_approval_state",
        "ka_price_requester_id",
        "ka_price_approver_id",
        "ka_price_approved_by_phone",
        "ka_price_form_due",
        "ka_price_form_done",
    }
)


class SaleOrder(models.Model):
    _inherit = "sale.order"

    ka_price_approval_needed = fields.Boolean(
        string="Price Approval Needed",
        compute="_compute_ka_price_approval_needed",
        store=True,
        help="A discount above the tier's authority or a price below the "
        "pricelist price needs an approval before the quotation is sent or "
        "confirmed.",
    )

    ka_price_approval_reason = fields.Text(
        string="Outside the Quotation Authority",
        compute="_compute_ka_price_approval_needed",
        store=True,
    )

    ka_price_approval_state = fields.Selection(
        [
            ("none", "Not requested"),
            ("requested", "Requested"),
            ("approved", "Approved"),
        ],
        string="Price Approval",
        default="none",
        required=True,
        copy=False,
        tracking=True,
    )

    ka_price_requester_id = fields.Many2one(
        "res.users", string="Price Approval Requested By", copy=False, readonly=True
    )

    ka_price_approver_id = fields.Many2one(
        "res.users",
        string="Prices Approved By",
        copy=False,
        readonly=True,
        tracking=True,
    )

    ka_price_phone_approver_id = fields.Many2one(
        "res.users",
        string="Approved by Phone By",
        copy=False,
        domain=lambda self: [
            (
                "groups_id",
                "in",
                self.env.ref("bigaccount_crm.group_ka_price_approver").ids,
            )
        ],
        help="The director or price approver who approved the prices by phone.",
    )

    ka_price_approved_by_phone = fields.Boolean(
        string="Approved by Phone", copy=False, readonly=True
    )

    ka_price_form_due = fields.Date(
        string="Approval Form Due",
        copy=False,
        readonly=True,
        help="A price approval given by phone is completed in writing by "
        "this date (事后补办手续).",
    )

    ka_price_form_done = fields.Boolean(
        string="Approval Form Completed", copy=False, readonly=True, tracking=True
    )

    @api.model
    def _ka_guarded_fields(self):
        return super()._ka_guarded_fields() | PRICE_APPROVAL_FIELDS

    def _ka_price_exceptions(self):
        """Lines whose discount exceeds the tier's authority or whose price
        is below the pricelist price: ``[(line, message)]``."""
        self.ensure_one()
        tier = self.partner_id.commercial_partner_id.sudo().ka_tier_id
        if not tier:
            return []
        exceptions = []
        for line in self.order_line.filtered(
            lambda ln: ln.product_id and not ln.display_type
        ):
            if float_compare(line.discount, tier.max_discount, precision_digits=2) > 0:
                exceptions.append(
                    (
                        line,
                        self.env._(
                            "%(product)s: discount %(discount).2f %% above the "
                            "%(tier)s authority of %(max).2f %%",
                            product=line.product_id.display_name,
                            discount=line.discount,
                            tier=tier.name,
                            max=tier.max_discount,
                        ),
                    )
                )
            # an agreed price is approved by its agreement
            list_price = line._ka_agreed_price()
            if list_price is None:
                list_price = line._get_pricelist_price()
            if line.currency_id.compare_amounts(line.price_unit, list_price) < 0:
                exceptions.append(
                    (
                        line,
                        self.env._(
                            "%(product)s: price %(price)s below the list price "
                            "%(list)s",
                            product=line.product_id.display_name,
                            price=line.currency_id.format(line.price_unit),
                            list=line.currency_id.format(list_price),
                        ),
                    )
                )
        return exceptions

    @api.depends(
        "order_line.discount",
        "order_line.price_unit",
        "order_line.product_id",
        "partner_id",
        "pricelist_id",
        "ka_agreement_id",
    )
    def _compute_ka_price_approval_needed(self):
        for order in self:
            exceptions = order._ka_price_exceptions()
            order.ka_price_approval_needed = bool(exceptions)
            order.ka_price_approval_reason = "\n".join(m for _l, m in exceptions)

    def _ka_check_price_approval(self):
        for order in self:
            if (
                order.ka_price_approval_needed
                and order.ka_price_approval_state != "approved"
            ):
                raise UserError(
                    self.env._(
                        "%(order)s needs a price approval before it is sent or "
                        "confirmed:\n%(reasons)s",
                        order=order.name,
                        reasons=order.ka_price_approval_reason,
                    )
                )

    def action_ka_request_price_approval(self):
        for order in self:
            if not order.ka_price_approval_needed:
                raise UserError(
                    self.env._("%(order)s needs no price approval.", order=order.name)
                )
        self.sudo().write(
            {
                "ka_price_approval_state": "requested",
                "ka_price_requester_id": self.env.user.id,
            }
        )
        return True

    def action_ka_approve_price(self):
        if not self.env.user.has_group("bigaccount_crm.group_ka_price_approver"):
            raise AccessError(
                self.env._(
                    "Only a director or a price approver can approve prices "
                    "outside the quotation authority."
                )
            )
        for order in self.sudo():
            if order.ka_price_approval_state != "requested":
                raise UserError(
                    self.env._(
                        "No price approval is requested on %(order)s.",
                        order=order.name,
                    )
                )
            if self.env.user in (order.user_id | order.ka_price_requester_id):
                raise AccessError(
                    self.env._("Nobody approves the prices of their own quotation.")
                )
        self.sudo().write(
            {
                "ka_price_approval_state": "approved",
                "ka_price_approver_id": self.env.user.id,
            }
        )
        return True

    def _ka_reset_price_approval(self):
        approved = self.filtered(lambda o: o.ka_price_approval_state == "approved")
        if approved:
            approved.sudo().write(
                {"ka_price_approval_state": "none", "ka_price_approver_id": False}
            )

    def action_ka_record_phone_approval(self):
        """The salesperson records at once a price approval an approver gave
        by phone; the approver completes the form within the set days."""
        days = self.env["res.partner"]._ka_settings()["ka_phone_approval_days"]
        due = fields.Date.context_today(self) + timedelta(days=days)
        for order in self:
            approver = (
                self.env["res.users"].browse(
                    self.env.context.get("ka_phone_approver_id")
                )
                or order.ka_price_phone_approver_id
            )
            if not approver or not approver.has_group(
                "bigaccount_crm.group_ka_price_approver"
            ):
                raise UserError(
                    self.env._(
                        "Name the director or price approver who approved by phone."
                    )
                )
            if not order.ka_price_approval_needed:
                raise UserError(
                    self.env._("%(order)s needs no price approval.", order=order.name)
                )
            if approver in (order.user_id | self.env.user):
                raise AccessError(
                    self.env._("Nobody approves the prices of their own quotation.")
                )
            order.sudo().write(
                {
                    "ka_price_approval_state": "approved",
                    "ka_price_approver_id": approver.id,
                    "ka_price_phone_approver_id": approver.id,
                    "ka_price_approved_by_phone": True,
                    "ka_price_form_due": due,
                    "ka_price_form_done": False,
                }
            )
            order.activity_schedule(
                "mail.mail_activity_data_todo",
                date_deadline=due,
                summary=self.env._("Complete the price approval given by phone"),
                user_id=approver.id,
            )
        return True

    def action_ka_complete_phone_approval(self):
        for order in self.sudo():
            if not order.ka_price_approved_by_phone or order.ka_price_form_done:
                raise UserError(
                    self.env._(
                        "%(order)s has no phone approval to complete.",
                        order=order.name,
                    )
                )
            if self.env.user != order.ka_price_approver_id:
                raise AccessError(
                    self.env._(
                        "Only the approver who gave the approval by phone "
                        "completes its form."
                    )
                )
        self.sudo().write({"ka_price_form_done": True})
        self.activity_feedback(["mail.mail_activity_data_todo"])
        return True

    def action_quotation_send(self):
        self._ka_check_price_approval()
        return super().action_quotation_send()
