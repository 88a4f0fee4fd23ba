# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL, float_compare

from .bigaccount_credit_request import FINANCE_GROUP
from .bigaccount_visit import DIRECTOR_GROUP
from .tools import customer_invoices_join, flush_models


class BigaccountRebate(models.Model):
    """The rebate of an agreement for its period: computed from the posted
    invoices less credit notes, proposed, approved by a director and settled
    once by a customer credit note."""

    _name = "bigaccount.rebate"
    _check_company_auto = True
    _description = "Agreement Rebate"
    _inherit = ["mail.thread", "bigaccount.workflow.mixin"]
    _order = "date_to desc, id desc"
    _ka_workflow_fields = frozenset(
        {"state", "approver_id", "credit_note_id", "basis_amount", "basis_quantity"}
    )
    # an approved rebate is what finance settles: nothing of it changes
    _ka_locked_states = ("approved", "settled", "cancelled")

    agreement_id = fields.Many2one(
        "bigaccount.agreement",
        required=True,
        index=True,
        readonly=True,
        check_company=True,
    )
    partner_id = fields.Many2one(related="agreement_id.partner_id", store=True)
    company_id = fields.Many2one(related="agreement_id.company_id", store=True)
    currency_id = fields.Many2one(related="agreement_id.currency_id")
    user_id = fields.Many2one(related="agreement_id.user_id", store=True)
    date_from = fields.Date(string="From", required=True, readonly=True)
    date_to = fields.Date(string="To", required=True, readonly=True)
    basis_amount = fields.Monetary(string="Invoiced", readonly=True)
    basis_quantity = fields.Float(string="Quantity Invoiced", readonly=True)
    percent = fields.Float(
        string="Rebate (%)", compute="_compute_amount", store=True, digits=(5, 2)
    )
    amount = fields.Monetary(string="Rebate", compute="_compute_amount", store=True)
    state = fields.Selection(
        [
            ("proposed", "Proposed"),
            ("approved", "Approved"),
            ("settled", "Settled"),
            ("cancelled", "Cancelled"),
        ],
        default="proposed",
        required=True,
        tracking=True,
    )
    approver_id = fields.Many2one("res.users", string="Approved By", readonly=True)
    credit_note_id = fields.Many2one(
        "account.move", readonly=True, copy=False, check_company=True
    )

    @api.depends(
        "basis_amount",
        "basis_quantity",
        "agreement_id.rebate_basis",
        "agreement_id.rebate_bracket_ids.threshold",
        "agreement_id.rebate_bracket_ids.percent",
    )
    def _compute_amount(self):
        for rebate in self:
            agreement = rebate.agreement_id
            basis = (
                rebate.basis_quantity
                if agreement.rebate_basis == "quantity"
                else rebate.basis_amount
            )
            reached = agreement.rebate_bracket_ids.filtered(
                lambda b, basis=basis: (
                    float_compare(basis, b.threshold, precision_digits=2) >= 0
                )
            ).sorted("threshold")[-1:]
            rebate.percent = reached.percent
            rebate.amount = rebate.currency_id.round(
                rebate.basis_amount * reached.percent / 100
            )

    @api.constrains("agreement_id", "state", "date_from", "date_to")
    def _check_once(self):
        for rebate in self.filtered(lambda r: r.state != "cancelled"):
            if self.search_count(
                [
                    ("id", "!=", rebate.id),
                    ("agreement_id", "=", rebate.agreement_id.id),
                    ("state", "!=", "cancelled"),
                    ("date_from", "<=", rebate.date_to),
                    ("date_to", ">=", rebate.date_from),
                ],
                limit=1,
            ):
                raise ValidationError(
                    self.env._("This period of the agreement already has a rebate.")
                )

    def _compute_display_name(self):
        for rebate in self:
            rebate.display_name = self.env._(
                "Rebate %(agreement)s", agreement=rebate.agreement_id.name
            )

    def _ka_compute_basis(self):
        """Invoiced untaxed amount and quantity (credit notes negative) of
        each rebate's customer in its period, for all with one query."""
        flush_models(
            self.env,
            [
                self._name,
                "bigaccount.agreement",
                "res.partner",
                "account.move",
                "account.move.line",
            ],
        )
        self.env.cr.execute(
            SQL(
                """
                SELECT rebate.id,
                       COALESCE(SUM(-line.balance), 0),
                       COALESCE(SUM(CASE WHEN m.move_type = 'out_refund'
                                         THEN -line.quantity
                                         ELSE line.quantity END), 0)
                  FROM bigaccount_rebate rebate
                  JOIN bigaccount_agreement agreement
                    ON agreement.id = rebate.agreement_id
                  %(invoices)s
                   AND m.id IS DISTINCT FROM rebate.credit_note_id
                  JOIN account_move_line line
                    ON line.move_id = m.id AND line.display_type = 'product'
                 WHERE rebate.id = ANY(%(ids)s)
                 GROUP BY rebate.id
                """,
                invoices=customer_invoices_join(
                    SQL("agreement.partner_id"),
                    SQL("agreement.company_id"),
                    SQL("rebate.date_from"),
                    SQL("rebate.date_to"),
                ),
                ids=self.ids,
            )
        )
        figures = {row[0]: row[1:] for row in self.env.cr.fetchall()}
        for rebate in self:
            amount, quantity = figures.get(rebate.id, (0, 0))
            rebate._ka_workflow_write(
                {"basis_amount": float(amount), "basis_quantity": float(quantity)}
            )

    def action_recompute(self):
        self._check_state({"proposed"})
        self._ka_compute_basis()
        return True

    def action_approve(self):
        self._check_group(
            DIRECTOR_GROUP, self.env._("Only a key-account director approves rebates.")
        )
        self._check_not_own(self.env._("Nobody approves the rebate of their account."))
        self._check_state({"proposed"})
        if any(not rebate.amount for rebate in self):
            raise UserError(self.env._("No bracket is reached: there is no rebate."))
        self._ka_workflow_write({"state": "approved", "approver_id": self.env.user.id})
        return True

    def _prepare_credit_note_vals(self):
        """The values of the customer credit note that settles the rebate
        ``self``: one untaxed line of its amount."""
        self.ensure_one()
        return {
            "move_type": "out_refund",
            "partner_id": self.partner_id.id,
            "company_id": self.company_id.id,
            "invoice_date": fields.Date.context_today(self),
            "ref": self.env._(
                "Rebate %(agreement)s %(start)s – %(end)s",
                agreement=self.agreement_id.name,
                start=self.date_from,
                end=self.date_to,
            ),
            "invoice_line_ids": [
                Command.create(
                    {
                        "name": self.env._(
                            "Rebate of %(percent)s %% on %(basis)s",
                            percent=self.percent,
                            basis=self.currency_id.format(self.basis_amount),
                        ),
                        "quantity": 1,
                        "price_unit": self.amount,
                        "tax_ids": [Command.clear()],
                    }
                )
            ],
        }

    def action_settle(self):
        """Settle by a posted customer credit note, linked back; once."""
        self._check_group(FINANCE_GROUP, self.env._("Only finance settles rebates."))
        self._check_state({"approved"})
        for rebate in self:
            credit_note = (
                self.env["account.move"]
                .sudo()
                .create(rebate._prepare_credit_note_vals())
            )
            credit_note.action_post()
            rebate._ka_workflow_write(
                {"state": "settled", "credit_note_id": credit_note.id}
            )
        return True

    def action_cancel(self):
        """Cancel a proposed rebate; an approved one only by a director
        (the decision of another director is undone by a director)."""
        self._check_state({"proposed", "approved"})
        if self.filtered(lambda r: r.state == "approved"):
            self._check_group(
                DIRECTOR_GROUP,
                self.env._("Only a key-account director cancels an approved rebate."),
            )
        self._ka_workflow_write({"state": "cancelled"})
        return True

    @api.model
    def _cron_propose_rebates(self):
        """Propose the rebate of every agreement with brackets whose period
        has ended, once."""
        today = fields.Date.context_today(self)
        agreements = self.env["bigaccount.agreement"].search(
            [
                ("rebate_bracket_ids", "!=", False),
                ("date_end", "<", today),
                ("state", "in", ("active", "expiring", "expired", "renewed")),
            ]
        )
        done = self.search(
            [("agreement_id", "in", agreements.ids), ("state", "!=", "cancelled")]
        ).agreement_id
        (agreements - done)._ka_propose_rebate()
