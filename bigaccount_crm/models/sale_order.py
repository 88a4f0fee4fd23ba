# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

from .tools import create_install_columns
from .working_time import plan_hours, service_calendar


class SaleOrder(models.Model):
    _inherit = "sale.order"

    ka_credit_request_ids = fields.One2many(
        "bigaccount.credit.request",
        "order_id",
        string="Guaranteed-Delivery Requests",
        groups="sales_team.group_sale_salesman,account.group_account_manager,"
        "stock.group_stock_user",
    )

    # Whole-order quotation deadline (整单报价的限时) and outcome
    ka_inquiry_date = fields.Datetime(
        string="Inquiry Received",
        default=fields.Datetime.now,
        copy=False,
        help="When the customer asked for the quotation; the quotation is due "
        "within the deadline of the settings (24 working hours by default).",
    )
    ka_quotation_deadline = fields.Datetime(
        string="Quotation Due",
        compute="_compute_ka_quotation_deadline",
        store=True,
    )
    ka_quotation_sent_date = fields.Datetime(
        string="Quotation Sent", copy=False, readonly=True
    )
    ka_quotation_late = fields.Boolean(
        string="Quoted Late",
        compute="_compute_ka_quotation_late",
        store=True,
        index=True,
    )
    ka_outcome = fields.Selection(
        [("open", "Open"), ("won", "Won"), ("lost", "Lost")],
        string="Outcome",
        compute="_compute_ka_outcome",
        store=True,
        index=True,
    )
    ka_lost_reason = fields.Char(string="Lost Because", copy=False, tracking=True)
    ka_credit_banner = fields.Text(
        string="Credit Picture", compute="_compute_ka_credit_banner"
    )
    ka_credit_banner_refused = fields.Boolean(
        string="Confirmation Refused by the Credit Control",
        compute="_compute_ka_credit_banner",
    )
    ka_credit_request_count = fields.Integer(
        string="Guaranteed Deliveries", compute="_compute_ka_credit_request_count"
    )
    ka_agreement_id = fields.Many2one(
        "bigaccount.agreement",
        string="Agreement",
        compute="_compute_ka_agreement_id",
        store=True,
        readonly=False,
        precompute=True,
        index="btree_not_null",
        domain="[('partner_id', 'parent_of', partner_id), "
        "('state', 'in', ('active', 'expiring'))]",
        help="The agreement or framework contract the order is placed under: "
        "its contracted prices apply.",
    )
    ka_review_ids = fields.One2many(
        "bigaccount.order.review",
        "order_id",
        string="Post-Delivery Reviews",
        groups="bigaccount_crm.group_ka_user",
    )
    ka_green_channel = fields.Boolean(
        string="Green Channel",
        compute="_compute_ka_green_channel",
        store=True,
        index=True,
        help="The customer's tier gives its orders the green channel (绿色通道): "
        "they are handled and delivered first. Set from the tier when the "
        "customer is chosen.",
    )

    @api.model
    def _ka_install_fills(self):
        """The new stored fields of orders computed at installation, with
        their value on orders that exist before the add-on (see
        :func:`.tools.create_install_columns`): the outcome follows the
        state; an earlier order has no recorded inquiry (not the install
        time, the default of a new one), hence no quotation deadline and is
        not late; no agreement, tier or price authority applies to it yet."""
        return {
            "ka_inquiry_date": None,
            "ka_quotation_deadline": None,
            "ka_quotation_late": None,
            "ka_outcome": SQL(
                "CASE state WHEN 'sale' THEN 'won' WHEN 'cancel' THEN 'lost'"
                " ELSE 'open' END"
            ),
            "ka_agreement_id": None,
            "ka_green_channel": None,
            "ka_price_approval_needed": None,
            "ka_price_approval_reason": None,
        }

    def _auto_init(self):
        create_install_columns(self, self._ka_install_fills())
        return super()._auto_init()

    @api.depends("partner_id", "company_id")
    def _compute_ka_agreement_id(self):
        """The customer's agreement in force on the order date applies to its
        new orders. (Not recomputed when the date changes on the server:
        confirming writes the date, and a recomputation would reprice the
        lines; the form's onchange does it, the constraint below guards.)"""
        drafts = self.filtered(lambda o: o.state in ("draft", "sent"))
        for order in self - drafts:
            order.ka_agreement_id = order.ka_agreement_id
        # framework contracts (which carry prices) first, the newest first
        agreements = (
            self.env["bigaccount.agreement"]
            .sudo()
            .search(
                [
                    ("partner_id", "in", drafts.partner_id.commercial_partner_id.ids),
                    ("state", "in", ("active", "expiring")),
                ],
                order="kind, date_start desc",
            )
        )
        for order in drafts:
            date = fields.Date.context_today(
                order, order.date_order or fields.Datetime.now()
            )
            order.ka_agreement_id = (
                agreements.filtered(
                    lambda a, o=order: (
                        a.partner_id == o.partner_id.commercial_partner_id
                        and a.company_id == o.company_id
                    )
                )
                ._ka_in_force(date)[:1]
                .sudo(False)
            )

    @api.onchange("date_order")
    def _onchange_date_order_ka_agreement(self):
        """A quotation redated in the form takes the agreement in force on
        its new date."""
        self._compute_ka_agreement_id()

    @api.constrains("ka_agreement_id", "date_order")
    def _check_ka_agreement_in_force(self):
        """A quotation is placed under an agreement in force on its date."""
        for order in self.filtered(
            lambda o: o.ka_agreement_id and o.state in ("draft", "sent")
        ):
            date = fields.Date.context_today(order, order.date_order)
            if not order.ka_agreement_id.sudo()._ka_in_force(date):
                raise ValidationError(
                    self.env._(
                        "Agreement %(agreement)s is not in force on %(date)s, "
                        "the date of %(order)s.",
                        agreement=order.ka_agreement_id.sudo().display_name,
                        date=date,
                        order=order.name,
                    )
                )

    @api.depends("partner_id")
    def _compute_ka_green_channel(self):
        for order in self:
            tier = order.partner_id.commercial_partner_id.sudo().ka_tier_id
            order.ka_green_channel = tier.green_channel

    @api.depends("ka_inquiry_date", "partner_id", "company_id")
    def _compute_ka_quotation_deadline(self):
        """The settings' quotation hours (24) in working hours from the
        inquiry, on the customer's tier's service working time or the
        company's (weekends and public holidays do not count)."""
        hours = self.env["res.partner"]._ka_settings()["ka_quotation_hours"]
        for order in self:
            calendar = service_calendar(
                order.partner_id.commercial_partner_id.sudo().ka_tier_id,
                order.company_id,
            )
            order.ka_quotation_deadline = plan_hours(
                calendar, hours, order.ka_inquiry_date
            )

    @api.depends("ka_quotation_sent_date", "ka_quotation_deadline")
    def _compute_ka_quotation_late(self):
        for order in self:
            order.ka_quotation_late = bool(
                order.ka_quotation_sent_date
                and order.ka_quotation_deadline
                and order.ka_quotation_sent_date > order.ka_quotation_deadline
            )

    @api.depends("state")
    def _compute_ka_outcome(self):
        outcomes = {"sale": "won", "cancel": "lost"}
        for order in self:
            order.ka_outcome = outcomes.get(order.state, "open")

    def write(self, vals):
        if vals.get("state") == "sent":
            now = fields.Datetime.now()
            for order in self.filtered(
                lambda o: o.state == "draft" and not o.ka_quotation_sent_date
            ):
                order.sudo().ka_quotation_sent_date = now
        return super().write(vals)

    @api.model
    def _ka_guarded_fields(self):
        # the end of the quotation clock: set when the quotation is sent
        return super()._ka_guarded_fields() | {"ka_quotation_sent_date"}

    def action_quotation_sent(self):
        self._ka_check_price_approval()
        return super().action_quotation_sent()

    def _compute_pricelist_id(self):
        """Key accounts get their tier's pricelist by default."""
        res = super()._compute_pricelist_id()
        for order in self.filtered(lambda o: o.state == "draft"):
            tier = order.partner_id.commercial_partner_id.sudo().ka_tier_id
            pricelist = tier.pricelist_id
            if pricelist and pricelist.company_id in (
                order.company_id,
                self.env["res.company"],
            ):
                order.pricelist_id = pricelist
        return res

    def _compute_ka_credit_request_count(self):
        counts = dict(
            self.env["bigaccount.credit.request"]
            .sudo()
            ._read_group(
                [("order_id", "in", self.ids)],
                ["order_id"],
                ["__count"],
            )
        )
        for order in self:
            order.ka_credit_request_count = counts.get(order, 0)

    @api.depends_context("uid")
    @api.depends(
        "state", "partner_id", "partner_invoice_id", "company_id", "amount_total"
    )
    def _compute_ka_credit_banner(self):
        """The credit picture of an open quotation: limit, exposure, this
        order and headroom, and whether confirming will be refused and why;
        the same figures and decision as the check at confirmation."""
        for order in self:
            order.ka_credit_banner = False
            order.ka_credit_banner_refused = False
            if order.state not in ("draft", "sent") or not order.partner_id:
                continue
            partner = order.partner_invoice_id.commercial_partner_id.sudo()
            if not order.company_id.account_use_credit_limit and not (
                partner.ka_credit_hold or partner._ka_credit_pool_root().ka_credit_hold
            ):
                continue
            amount = order._ka_credit_amount()
            status = partner._ka_credit_status(
                company=order.company_id, amount=amount, order=order
            )
            show = partner._ka_credit_readable()
            lines = []
            if show:
                fmt = status["currency"].format
                lines.append(
                    self.env._(
                        "Credit limit %(limit)s · exposure %(exposure)s · this "
                        "order %(amount)s · headroom after it %(headroom)s",
                        limit=fmt(status["limit"])
                        if status["limit"]
                        else self.env._("none"),
                        exposure=fmt(status["exposure"]),
                        amount=fmt(amount),
                        headroom=fmt(status["headroom"] - amount)
                        if status["limit"]
                        else self.env._("unlimited"),
                    )
                )
            if status["reasons"]:
                message = partner._ka_credit_message(
                    status,
                    order.name or self.env._("This quotation"),
                    show_figures=show,
                    order=order,
                )
                if status["blocked"]:
                    lines.append(self.env._("Confirming will be refused."))
                else:
                    lines.append(
                        self.env._("Confirming will go through with a warning.")
                    )
                lines.append(message)
                order.ka_credit_banner_refused = status["blocked"]
            else:
                lines.append(self.env._("Confirming is within the credit control."))
            order.ka_credit_banner = "\n".join(lines)

    @api.depends("company_id", "partner_id", "amount_total")
    def _compute_partner_credit_warning(self):
        """Odoo's own credit banner gives way to ours where we check (the
        company uses credit limits): one picture, one set of figures."""
        res = super()._compute_partner_credit_warning()
        for order in self.filtered(lambda o: o.company_id.account_use_credit_limit):
            order.partner_credit_warning = ""
        return res

    def _ka_credit_amount(self):
        """What confirming the order asks of the credit, in its company's
        currency: its total less what online payments on it cover and that
        is not yet booked as a payment (a booked payment already lowers the
        open receivables)."""
        self.ensure_one()
        paid = 0.0
        if self.id:
            # one small query (the check runs at every confirmation)
            self.env["payment.transaction"].flush_model(
                ["state", "payment_id", "amount"]
            )
            # SQL: the order's online payments not yet booked, in one small query
            self.env.cr.execute(
                SQL(
                    """
                    SELECT COALESCE(SUM(tx.amount), 0)
                      FROM sale_order_transaction_rel rel
                      JOIN payment_transaction tx ON tx.id = rel.transaction_id
                     WHERE rel.sale_order_id = %s
                       AND (tx.state = 'authorized'
                            OR (tx.state = 'done' AND tx.payment_id IS NULL))
                    """,
                    self.id,
                )
            )
            paid = float(self.env.cr.fetchone()[0])
        amount = self.amount_total - paid
        company_currency = self.company_id.currency_id
        if self.currency_id != company_currency:
            amount = self.currency_id._convert(
                amount,
                company_currency,
                self.company_id,
                self.date_order or fields.Date.context_today(self),
            )
        return max(0.0, amount)

    def _ka_approved_credit_request(self, amount=None):
        """The approved, unexpired request that lets this order through."""
        self.ensure_one()
        today = fields.Date.context_today(self)
        requests = (
            self.env["bigaccount.credit.request"]
            .sudo()
            .search(
                [
                    ("order_id", "=", self.id),
                    ("state", "=", "approved"),
                    "|",
                    ("date_expiry", ">=", today),
                    ("date_used", "!=", False),
                ],
                order="id desc",
            )
        )
        currency = self.company_id.currency_id
        return requests.filtered(
            lambda r: amount is None or currency.compare_amounts(r.amount, amount) >= 0
        )[:1]

    def _ka_check_credit(self):
        """Stop the confirmation of an order that fails the credit check,
        unless an approved guaranteed-delivery request covers it.

        :return: the orders refused (only when the context key
            ``ka_credit_no_raise`` is set: payment post-processing, which
            must not fail for a credit refusal); otherwise a refusal raises
            ``UserError``.
        """
        refused = self.browse()
        for order in self:
            partner = order.partner_invoice_id.commercial_partner_id.sudo()
            root = partner._ka_credit_pool_root()
            root._ka_credit_lock()
            amount = order._ka_credit_amount()
            status = partner._ka_credit_status(
                company=order.company_id, amount=amount, order=order
            )
            if not status["reasons"]:
                continue
            message = partner._ka_credit_message(
                status,
                order.name,
                show_figures=partner._ka_credit_readable(),
                order=order,
            )
            # the order's chatter is read by whoever reads the order: the
            # reasons without the figures
            chatter = partner._ka_credit_message(
                status, order.name, show_figures=False, order=order
            )
            request = order._ka_approved_credit_request(amount)
            if request and "hold" not in status["reasons"]:
                if not request.date_used:
                    request.date_used = fields.Datetime.now()
                request.message_post(
                    body=self.env._(
                        "Order %(order)s confirmed under this request.",
                        order=order.name,
                    )
                )
                order.sudo().message_post(
                    body=self.env._(
                        "Confirmed under guaranteed-delivery request %(request)s "
                        "(approved by %(approver)s) although:\n%(message)s",
                        request=request.name,
                        approver=request.approver_id.name,
                        message=chatter,
                    )
                )
                continue
            if not status["blocked"]:
                order.sudo().message_post(body=chatter)
                continue
            pending = order.sudo().ka_credit_request_ids.filtered(
                lambda r: r.state == "submitted"
            )[:1]
            next_step = ""
            if pending:
                next_step = "\n" + self.env._(
                    "Guaranteed-delivery request %(request)s is waiting for "
                    "finance's decision.",
                    request=pending.name,
                )
            elif "hold" not in status["reasons"]:
                next_step = "\n" + self.env._(
                    "File a guaranteed-delivery request for this order and "
                    "have finance approve it."
                )
            message += next_step
            if self.env.context.get("ka_credit_no_raise"):
                order.sudo().message_post(body=chatter + next_step)
                order.sudo().activity_schedule(
                    "mail.mail_activity_data_todo",
                    summary=self.env._("Paid order stopped by the credit control"),
                    note=chatter + next_step,
                    user_id=order.user_id.id or self.env.user.id,
                )
                refused |= order
                continue
            raise UserError(message)
        return refused

    def action_confirm(self):
        self._ka_check_price_approval()
        if not self.env.context.get("bigaccount_skip_credit_check"):
            refused = self._ka_check_credit()
            if refused:
                remaining = self - refused
                return (
                    super(SaleOrder, remaining).action_confirm() if remaining else True
                )
        return super().action_confirm()

    def _action_confirm(self):
        """Key accounts are delivered first (优先保证大客户的货源): their
        deliveries get Odoo's priority, so that they reserve stock first."""
        res = super()._action_confirm()
        for order in self:
            partner = order.partner_id.commercial_partner_id.sudo()
            if partner.ka_is_key_account or order.ka_green_channel:
                order.picking_ids.filtered(
                    lambda p: p.state not in ("done", "cancel")
                ).priority = "1"
        # the first order of a prospect wins its development (首单)
        self.env["crm.lead"]._ka_orders_confirmed(self)
        return res

    def action_ka_credit_request(self):
        """Open a guaranteed-delivery request for this order."""
        self.ensure_one()
        action = self.env["ir.actions.actions"]._for_xml_id(
            "bigaccount_crm.action_bigaccount_credit_request"
        )
        requests = self.ka_credit_request_ids
        if requests:
            action["domain"] = [("order_id", "=", self.id)]
            return action
        action.update(
            {
                "views": [(False, "form")],
                "view_mode": "form",
                "context": {
                    "default_order_id": self.id,
                    "default_amount": self._ka_credit_amount(),
                    "default_guarantor_id": self.user_id.id,
                },
            }
        )
        return action
