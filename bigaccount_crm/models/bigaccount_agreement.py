# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from dateutil.relativedelta import relativedelta

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

from .bigaccount_visit import DIRECTOR_GROUP
from .tools import customer_invoices_join, schedule_activities

RUNNING_STATES = ("active", "expiring")
# an agreement in these states was signed: what it says no longer changes
SIGNED_STATES = ("active", "expiring", "expired", "renewed", "terminated")


class BigaccountAgreement(models.Model):
    """A strategic cooperation agreement or framework contract (战略合作协议,
    合约) with a key account: its period, annual target and contracted
    prices, which price-adjustment letters (商品价格调整函) change; renewed
    into the next agreement before it ends."""

    _name = "bigaccount.agreement"
    _check_company_auto = True
    _description = "Key-Account Agreement"
    _inherit = [
        "bigaccount.document.mixin",
        "mail.thread",
        "mail.activity.mixin",
        "bigaccount.workflow.mixin",
        "bigaccount.numbered.mixin",
    ]
    _order = "date_start desc, id desc"
    _ka_sequence_code = "bigaccount.agreement"
    _ka_workflow_fields = frozenset({"state", "next_id"})
    # what the customer signed: prices change by a price-adjustment letter,
    # the period by a renewal
    _ka_decided_states = SIGNED_STATES
    _ka_decision_fields = frozenset(
        {
            "kind",
            "partner_id",
            "company_id",
            "date_start",
            "date_end",
            "target_amount",
            "rebate_basis",
            "previous_id",
        }
    )

    kind = fields.Selection(
        [("strategic", "Strategic cooperation"), ("framework", "Framework contract")],
        required=True,
        default="framework",
        tracking=True,
    )
    partner_id = fields.Many2one(tracking=True)
    user_id = fields.Many2one(
        "res.users",
        string="Account Manager",
        default=lambda self: self.env.user,
        tracking=True,
    )
    date_start = fields.Date(string="Start", required=True, tracking=True)
    date_end = fields.Date(string="End", required=True, tracking=True)
    target_amount = fields.Monetary(string="Annual Target", tracking=True)
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("active", "Active"),
            ("expiring", "Expiring"),
            ("expired", "Expired"),
            ("renewed", "Renewed"),
            ("terminated", "Terminated"),
        ],
        default="draft",
        required=True,
        index=True,
        tracking=True,
        copy=False,
    )
    line_ids = fields.One2many(
        "bigaccount.agreement.line",
        "agreement_id",
        string="Contracted Prices",
        copy=True,
    )
    letter_ids = fields.One2many(
        "bigaccount.agreement.letter", "agreement_id", string="Price Adjustments"
    )
    previous_id = fields.Many2one(
        "bigaccount.agreement",
        string="Renews",
        readonly=True,
        copy=False,
        index=True,
        check_company=True,
    )
    next_id = fields.Many2one(
        "bigaccount.agreement",
        string="Renewed By",
        readonly=True,
        copy=False,
        check_company=True,
    )
    sale_order_ids = fields.One2many("sale.order", "ka_agreement_id", string="Orders")
    sale_order_count = fields.Integer(compute="_compute_sale_order_count")
    invoiced_amount = fields.Monetary(
        string="Invoiced in Period", compute="_compute_achievement"
    )
    achievement = fields.Float(
        string="Achievement (%)", compute="_compute_achievement", digits=(5, 1)
    )
    note = fields.Html(string="Terms")
    rebate_basis = fields.Selection(
        [("amount", "Invoiced amount"), ("quantity", "Invoiced quantity")],
        default="amount",
        required=True,
        help="What the rebate brackets are reached by; the rate applies to "
        "the invoiced amount.",
    )
    rebate_bracket_ids = fields.One2many(
        "bigaccount.rebate.bracket", "agreement_id", string="Rebate Brackets", copy=True
    )
    rebate_ids = fields.One2many("bigaccount.rebate", "agreement_id", string="Rebates")

    @api.constrains("date_start", "date_end", "target_amount")
    def _check_dates(self):
        for agreement in self:
            if agreement.date_end < agreement.date_start:
                raise ValidationError(
                    self.env._("An agreement cannot end before it starts.")
                )
            if agreement.target_amount < 0:
                raise ValidationError(
                    self.env._("An agreement's target cannot be negative.")
                )

    @api.constrains("state", "partner_id", "date_start", "date_end")
    def _check_overlap(self):
        """At most one agreement in force per customer and date, whatever
        its kind: an order takes its prices from one agreement."""
        for agreement in self.filtered(lambda a: a.state in RUNNING_STATES):
            if self.search_count(
                [
                    ("id", "!=", agreement.id),
                    ("partner_id", "=", agreement.partner_id.id),
                    ("company_id", "=", agreement.company_id.id),
                    ("state", "in", RUNNING_STATES),
                    ("date_start", "<=", agreement.date_end),
                    ("date_end", ">=", agreement.date_start),
                ],
                limit=1,
            ):
                raise ValidationError(
                    self.env._(
                        "%(customer)s already has an agreement running in this period.",
                        customer=agreement.partner_id.display_name,
                    )
                )

    def _compute_sale_order_count(self):
        counts = dict(
            self.env["sale.order"]._read_group(
                [("ka_agreement_id", "in", self.ids)], ["ka_agreement_id"], ["__count"]
            )
        )
        for agreement in self:
            agreement.sale_order_count = counts.get(agreement, 0)

    @api.depends("partner_id", "date_start", "date_end", "target_amount")
    def _compute_achievement(self):
        """Untaxed invoices less credit notes of the customer in the period,
        for all the agreements with one query."""
        invoiced = {}
        agreements = self.filtered("id")
        if agreements:
            self.env["account.move"].flush_model(
                ["partner_id", "state", "move_type", "invoice_date", "company_id"]
            )
            self.flush_recordset(["partner_id", "date_start", "date_end"])
            # SQL: the invoiced totals of every agreement in one grouped query
            self.env.cr.execute(
                SQL(
                    """
                    SELECT agreement.id, COALESCE(SUM(m.amount_untaxed_signed), 0)
                      FROM bigaccount_agreement agreement
                      %(invoices)s
                     WHERE agreement.id = ANY(%(ids)s)
                     GROUP BY agreement.id
                    """,
                    invoices=customer_invoices_join(
                        SQL("agreement.partner_id"),
                        SQL("agreement.company_id"),
                        SQL("agreement.date_start"),
                        SQL("agreement.date_end"),
                    ),
                    ids=agreements.ids,
                )
            )
            invoiced = dict(self.env.cr.fetchall())
        for agreement in self:
            amount = float(invoiced.get(agreement.id, 0.0))
            agreement.invoiced_amount = amount
            agreement.achievement = (
                amount * 100.0 / agreement.target_amount
                if agreement.target_amount
                else 0.0
            )

    # ------------------------------------------------------------------
    # Prices
    # ------------------------------------------------------------------

    def _ka_in_force(self, date):
        """The agreements of ``self`` in force on ``date``: signed, running
        and ``date`` within their period (a renewal signed ahead applies
        from its start; the contract it renews until its end)."""
        return self.filtered(
            lambda a: a.state in RUNNING_STATES and a.date_start <= date <= a.date_end
        )

    def _ka_price(self, product, date):
        """The agreed price of ``product`` on ``date``: the latest confirmed
        price-adjustment letter in effect, else the contracted price;
        ``None`` when the agreement does not cover the product."""
        self.ensure_one()
        line = self.line_ids.filtered(lambda ln: ln.product_id == product)[:1]
        if not line:
            return None
        adjustments = self.letter_ids.filtered(
            lambda letter: letter.state == "confirmed" and letter.date_effective <= date
        ).line_ids.filtered(lambda ln: ln.product_id == product)
        if adjustments:
            latest = adjustments.sorted(
                lambda ln: (ln.letter_id.date_effective, ln.letter_id.id)
            )[-1]
            return latest.price
        return line.price

    # ------------------------------------------------------------------
    # States
    # ------------------------------------------------------------------

    def _ka_locked_message(self):
        return self.env._(
            "%(agreement)s is signed: its contracted prices and rebate brackets "
            "change by a price-adjustment letter or a renewal.",
            agreement=self[:1].display_name,
        )

    def action_activate(self):
        self._check_state({"draft"})
        for agreement in self:
            if not agreement.line_ids and agreement.kind == "framework":
                raise UserError(
                    self.env._("A framework contract lists its contracted prices.")
                )
        self._ka_workflow_write({"state": "active"})
        self._ka_update_states()
        return True

    def action_terminate(self):
        self._check_group(
            DIRECTOR_GROUP,
            self.env._("Only a key-account director terminates agreements."),
        )
        self._check_state(set(RUNNING_STATES))
        self._ka_workflow_write({"state": "terminated"})
        return True

    def action_renew(self):
        """Create the next agreement (draft) for the following period, with
        the prices in effect at the end of this one; returns it. This one
        stays in force until its end, then is *Renewed*."""
        self.ensure_one()
        self._check_state({"active", "expiring", "expired"})
        if self.next_id:
            raise UserError(self.env._("This agreement is already renewed."))
        length = relativedelta(self.date_end, self.date_start)
        start = self.date_end + relativedelta(days=1)
        new = self.copy(
            {
                "date_start": start,
                "date_end": start + length,
                "previous_id": self.id,
                "line_ids": [
                    Command.create(
                        {
                            "product_id": line.product_id.id,
                            "price": self._ka_price(line.product_id, self.date_end),
                        }
                    )
                    for line in self.line_ids
                ],
            }
        )
        # the running contract stays in force until its end (then renewed)
        self._ka_workflow_write(
            {
                "next_id": new.id,
                "state": "renewed" if self.state == "expired" else self.state,
            }
        )
        self.activity_ids.filtered(
            lambda a: (
                a.activity_type_id
                == self.env.ref("bigaccount_crm.mail_activity_type_renewal")
            )
        ).action_feedback(feedback=self.env._("Renewed by %s", new.name))
        return new

    def action_open_renewal(self):
        new = self.action_renew()
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": new.id,
            "view_mode": "form",
        }

    def action_propose_rebate(self):
        """Compute the rebate of the ended period and propose it."""
        today = fields.Date.context_today(self)
        for agreement in self:
            if not agreement.rebate_bracket_ids:
                raise UserError(self.env._("This agreement has no rebate brackets."))
            if agreement.date_end >= today:
                raise UserError(
                    self.env._("A rebate is computed once the period has ended.")
                )
        rebates = self._ka_propose_rebate()
        return {
            "type": "ir.actions.act_window",
            "res_model": "bigaccount.rebate",
            "res_id": rebates[:1].id,
            "view_mode": "form",
        }

    def _ka_propose_rebate(self):
        rebates = (
            self.env["bigaccount.rebate"]
            .sudo()
            .create(
                [
                    {
                        "agreement_id": agreement.id,
                        "date_from": agreement.date_start,
                        "date_to": agreement.date_end,
                    }
                    for agreement in self
                ]
            )
        )
        rebates._ka_compute_basis()
        return rebates.sudo(False)

    def action_view_orders(self):
        self.ensure_one()
        action = self.env["ir.actions.actions"]._for_xml_id("sale.action_orders")
        action["domain"] = [("ka_agreement_id", "=", self.id)]
        action["context"] = {
            "default_partner_id": self.partner_id.id,
            "default_ka_agreement_id": self.id,
        }
        return action

    def _ka_update_states(self):
        """Running agreements near their end become expiring (with a renewal
        reminder for the manager, once), past their end expired."""
        today = fields.Date.context_today(self)
        days = self.env["res.partner"]._ka_settings()["ka_agreement_reminder_days"]
        ended = self.filtered(
            lambda a: a.state in RUNNING_STATES and a.date_end < today
        )
        ended.filtered("next_id")._ka_workflow_write({"state": "renewed"})
        (ended - ended.filtered("next_id"))._ka_workflow_write({"state": "expired"})
        expiring = self.filtered(
            lambda a: (
                a.state == "active" and a.date_end - relativedelta(days=days) <= today
            )
        )
        expiring._ka_workflow_write({"state": "expiring"})
        # one reminder, when the agreement becomes expiring
        schedule_activities(
            expiring,
            "bigaccount_crm.mail_activity_type_renewal",
            lambda agreement: agreement.user_id or self.env.user,
            date_of=lambda agreement: agreement.date_end,
            summary_of=lambda agreement: self.env._("Renew %s", agreement.name),
            once=False,
        )

    @api.model
    def _cron_agreement_states(self):
        self.search([("state", "in", RUNNING_STATES)])._ka_update_states()
