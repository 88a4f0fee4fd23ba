# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import datetime, time, timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .tools import schedule_activities

# An order is reviewed with the customer this many days after its delivery.
REVIEW_AFTER_DAYS = 30
# Deliveries older than the review date by this much are not reviewed.
REVIEW_WINDOW_DAYS = 60


class BigaccountOrderReview(models.Model):
    """The review of an order a month after its delivery (一个月后回顾合同
    履行情况): how it was fulfilled, how the goods are used, and
    what production should hear."""

    _name = "bigaccount.order.review"
    _check_company_auto = True
    _description = "Post-Delivery Review"
    _inherit = ["mail.thread", "mail.activity.mixin", "bigaccount.workflow.mixin"]
    _order = "date_due desc, id desc"
    _rec_name = "order_id"
    _ka_locked_states = ("done",)

    order_id = fields.Many2one(
        "sale.order",
        required=True,
        index=True,
        readonly=True,
        ondelete="cascade",
        check_company=True,
    )
    partner_id = fields.Many2one(
        related="order_id.partner_id.commercial_partner_id",
        string="Account",
        store=True,
        index=True,
    )
    company_id = fields.Many2one(related="order_id.company_id", store=True)
    user_id = fields.Many2one("res.users", string="Account Manager", index=True)
    date_delivered = fields.Date(string="Delivered On", readonly=True)
    date_due = fields.Date(string="Review Due", readonly=True)
    fulfilment = fields.Integer(
        string="Fulfilment (1–5)", help="How the order was fulfilled, 1 to 5."
    )
    usage = fields.Text(string="Use of the Goods")
    production_feedback = fields.Text(
        string="Feedback to Production",
        help="What production and quality should know from this customer.",
    )
    state = fields.Selection(
        [("to_review", "To Review"), ("done", "Reviewed")],
        default="to_review",
        required=True,
        index=True,
        tracking=True,
    )

    _sql_constraints = [
        ("order_unique", "UNIQUE(order_id)", "An order is reviewed once.")
    ]

    @api.constrains("fulfilment")
    def _check_fulfilment(self):
        if any(not 0 <= review.fulfilment <= 5 for review in self):
            raise ValidationError(self.env._("Fulfilment is scored from 1 to 5."))

    def _ka_locked_message(self):
        return self.env._("A done review cannot change.")

    def action_done(self):
        self._check_state({"to_review"})
        if any(not review.fulfilment or not review.usage for review in self):
            raise UserError(
                self.env._("Score the fulfilment and describe the use of the goods.")
            )
        self._ka_workflow_write({"state": "done"})
        self.activity_feedback(["bigaccount_crm.mail_activity_type_order_review"])
        return True

    @api.model
    def _prepare_review_vals(self, order):
        """The values of the review of the delivered ``order``, due
        ``REVIEW_AFTER_DAYS`` after its delivery, for the account manager
        (else the salesperson)."""
        delivered = order.effective_date.date()
        return {
            "order_id": order.id,
            "user_id": (
                order.partner_id.commercial_partner_id.ka_manager_id or order.user_id
            ).id,
            "date_delivered": delivered,
            "date_due": delivered + timedelta(days=REVIEW_AFTER_DAYS),
        }

    @api.model
    def _cron_plan_reviews(self):
        """Daily: orders of key accounts delivered a month ago or more get
        their review (once), with an activity for the account manager."""
        limit = datetime.combine(
            fields.Date.context_today(self) - timedelta(days=REVIEW_AFTER_DAYS),
            time.max,
        )
        orders = (
            self.env["sale.order"]
            .sudo()
            .search(
                [
                    ("state", "=", "sale"),
                    ("effective_date", "<=", limit),
                    # older deliveries are not reviewed any more (nor on install)
                    ("effective_date", ">", limit - timedelta(days=REVIEW_WINDOW_DAYS)),
                    ("partner_id.commercial_partner_id.ka_is_key_account", "=", True),
                    ("ka_review_ids", "=", False),
                ]
            )
        )
        reviews = self.sudo().create(
            [self._prepare_review_vals(order) for order in orders]
        )
        schedule_activities(
            reviews,
            "bigaccount_crm.mail_activity_type_order_review",
            lambda review: review.user_id,
        )
        return reviews
