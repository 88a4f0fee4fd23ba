# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Customer statements (对账单) and their lines: figures, sending, the
customer's answer and the monthly job; the XLSX file is written by
``report/statement_report.py``."""

import base64

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL


class BigaccountStatement(models.Model):
    """Customer statement (对账单): the movements of a period on the
    account's receivable and its open items, sent to the customer and
    confirmed by them or disputed with the differences noted."""

    _name = "bigaccount.statement"
    _check_company_auto = True
    _description = "Customer Statement"
    _inherit = [
        "bigaccount.document.mixin",
        "mail.thread",
        "mail.activity.mixin",
        "bigaccount.numbered.mixin",
    ]
    _order = "date_to desc, id desc"
    _ka_sequence_code = "bigaccount.statement"

    partner_id = fields.Many2one(tracking=True)
    manager_id = fields.Many2one(
        related="partner_id.ka_manager_id", string="Account Manager", store=True
    )
    date_from = fields.Date(string="From", required=True)
    date_to = fields.Date(string="To", required=True)
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("sent", "Sent"),
            ("confirmed", "Confirmed"),
            ("disputed", "Disputed"),
        ],
        default="draft",
        required=True,
        tracking=True,
        index=True,
    )
    file_format = fields.Selection(
        [("pdf", "PDF"), ("xlsx", "Excel (XLSX)")],
        string="Send As",
        required=True,
        default="pdf",
    )
    line_ids = fields.One2many("bigaccount.statement.line", "statement_id")
    movement_ids = fields.One2many(
        "bigaccount.statement.line",
        "statement_id",
        string="Movements",
        domain=[("kind", "=", "movement")],
    )
    open_item_ids = fields.One2many(
        "bigaccount.statement.line",
        "statement_id",
        string="Open Items",
        domain=[("kind", "=", "open")],
    )
    opening_balance = fields.Monetary(readonly=True)
    total_debit = fields.Monetary(string="Invoiced", readonly=True)
    total_credit = fields.Monetary(string="Paid and Credited", readonly=True)
    closing_balance = fields.Monetary(readonly=True, tracking=True)
    open_amount = fields.Monetary(string="Total Open", readonly=True)
    overdue_amount = fields.Monetary(string="Overdue", readonly=True)
    date_generated = fields.Datetime(string="Computed On", readonly=True)
    date_sent = fields.Date(string="Sent On", readonly=True, tracking=True)
    date_answer = fields.Date(string="Answered On", readonly=True, tracking=True)
    contact_id = fields.Many2one(
        "res.partner",
        string="Customer Contact",
        domain="[('commercial_partner_id', '=', partner_id)]",
        tracking=True,
        help="Who confirmed or disputed the statement for the customer.",
        check_company=True,
    )
    customer_balance = fields.Monetary(
        string="Balance per Customer",
        tracking=True,
        help="The balance the customer's own books show on the closing date.",
    )
    difference = fields.Monetary(
        compute="_compute_difference",
        store=True,
        help="Our closing balance minus the customer's.",
    )
    dispute_note = fields.Text(
        string="Differences",
        tracking=True,
        help="The items the customer disputes and why.",
    )

    _sql_constraints = [
        (
            "period_unique",
            "UNIQUE(partner_id, company_id, date_from, date_to)",
            "There is already a statement of this customer for this period.",
        ),
    ]

    @api.depends("closing_balance", "customer_balance", "state")
    def _compute_difference(self):
        for statement in self:
            answered = statement.state in ("confirmed", "disputed")
            statement.difference = (
                statement.closing_balance - statement.customer_balance
                if answered
                else 0.0
            )

    @api.constrains("date_from", "date_to")
    def _check_period(self):
        for statement in self:
            if statement.date_from > statement.date_to:
                raise ValidationError(
                    self.env._("A statement's period cannot end before it starts.")
                )

    @api.model_create_multi
    def create(self, vals_list):
        statements = super().create(vals_list)
        statements._ka_compute_lines()
        return statements

    @api.model
    def _ka_guarded_fields(self):
        # sent, confirmed or disputed by the customer: its buttons say so
        return super()._ka_guarded_fields() | {"state", "date_sent", "date_answer"}

    def write(self, vals):
        locked = {"partner_id", "company_id", "date_from", "date_to"}
        if locked & set(vals) and self.filtered(lambda s: s.state != "draft"):
            raise UserError(
                self.env._(
                    "Only a draft statement can change its customer or period; "
                    "set it back to draft first."
                )
            )
        res = super().write(vals)
        if locked & set(vals):
            self._ka_compute_lines()
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_only_drafts(self):
        if self.filtered(lambda s: s.state != "draft"):
            raise UserError(self.env._("Only draft statements can be deleted."))

    # ------------------------------------------------------------------
    # Figures
    # ------------------------------------------------------------------
    def _ka_compute_lines(self):
        """(Re)compute the lines and totals of draft statements: the period's
        movements on the receivable of the customer and its contacts
        (posted, in the statement's company) with a running balance, and the
        open items on the closing date (lines dated up to it that are still
        unreconciled today). Two queries per statement, whatever the
        history: the lines are written by the database itself."""
        self.env["account.move.line"].flush_model()
        self.env["account.move"].flush_model(["name", "ref", "move_type"])
        self.flush_model()
        for statement in self.filtered(lambda s: s.state == "draft"):
            # SQL: a draft's lines are rebuilt; one DELETE instead of an unlink per line
            self.env.cr.execute(
                SQL(
                    "DELETE FROM bigaccount_statement_line WHERE statement_id = %s",
                    statement.id,
                )
            )
            self.env.cr.execute(
                SQL(
                    """
                    WITH lines AS (
                        SELECT aml.id, aml.date, aml.date_maturity, aml.balance,
                               aml.amount_residual, move.name AS reference,
                               move.ref AS description, move.move_type
                          FROM account_move_line aml
                          JOIN account_move move ON move.id = aml.move_id
                          JOIN res_partner partner ON partner.id = aml.partner_id
                          JOIN account_account account
                            ON account.id = aml.account_id
                         WHERE partner.commercial_partner_id = %(partner)s
                           AND aml.company_id = %(company)s
                           AND aml.parent_state = 'posted'
                           AND account.account_type = 'asset_receivable'
                           AND aml.date <= %(date_to)s
                    ),
                    opening AS (
                        SELECT COALESCE(SUM(balance), 0) AS amount
                          FROM lines WHERE date < %(date_from)s
                    ),
                    items AS (
                        SELECT 'movement' AS kind, id, date, date_maturity,
                               reference, description, move_type, balance,
                               (SELECT amount FROM opening) + SUM(balance) OVER (
                                   ORDER BY date, id) AS running,
                               0.0 AS residual, 0 AS days_overdue,
                               ROW_NUMBER() OVER (ORDER BY date, id) AS sequence
                          FROM lines WHERE date >= %(date_from)s
                         UNION ALL
                        SELECT 'open', id, date, date_maturity, reference,
                               description, move_type, balance, 0.0,
                               amount_residual,
                               CASE WHEN amount_residual > 0
                                     AND date_maturity < %(date_to)s
                                    THEN %(date_to)s - date_maturity ELSE 0 END,
                               ROW_NUMBER() OVER (ORDER BY date_maturity, date, id)
                          FROM lines WHERE amount_residual != 0
                    ),
                    inserted AS (
                        INSERT INTO bigaccount_statement_line (
                            statement_id, kind, sequence, move_line_id, date,
                            date_maturity, reference, description, move_type,
                            debit, credit, balance, residual, days_overdue,
                            create_uid, create_date, write_uid, write_date)
                        SELECT %(statement)s, kind, sequence, id, date,
                               date_maturity, reference, description, move_type,
                               GREATEST(balance, 0), GREATEST(-balance, 0),
                               running, residual, days_overdue,
                               %(uid)s, NOW() AT TIME ZONE 'UTC',
                               %(uid)s, NOW() AT TIME ZONE 'UTC'
                          FROM items
                        RETURNING kind, balance, debit, credit, residual,
                                  days_overdue
                    )
                    SELECT (SELECT amount FROM opening),
                           COALESCE(SUM(debit) FILTER (WHERE kind = 'movement'), 0),
                           COALESCE(SUM(credit) FILTER (WHERE kind = 'movement'), 0),
                           COALESCE(SUM(residual) FILTER (WHERE kind = 'open'), 0),
                           COALESCE(SUM(residual) FILTER (
                               WHERE kind = 'open' AND days_overdue > 0), 0)
                      FROM inserted
                    """,
                    statement=statement.id,
                    partner=statement.partner_id.id,
                    company=statement.company_id.id,
                    date_from=statement.date_from,
                    date_to=statement.date_to,
                    uid=self.env.uid,
                )
            )
            opening, debit, credit, open_amount, overdue = self.env.cr.fetchone()
            self.env["bigaccount.statement.line"].invalidate_model()
            statement.invalidate_recordset(
                ["line_ids", "movement_ids", "open_item_ids"]
            )
            statement.write(
                {
                    "opening_balance": opening,
                    "total_debit": debit,
                    "total_credit": credit,
                    "closing_balance": opening + debit - credit,
                    "open_amount": open_amount,
                    "overdue_amount": overdue,
                    "date_generated": fields.Datetime.now(),
                }
            )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_recompute(self):
        if self.filtered(lambda s: s.state != "draft"):
            raise UserError(self.env._("Only a draft statement can be computed again."))
        self._ka_compute_lines()
        return True

    def action_draft(self):
        """Back to draft, to correct and send again after a dispute."""
        if self.filtered(lambda s: s.state == "confirmed"):
            raise UserError(
                self.env._("A statement the customer confirmed cannot change.")
            )
        self.sudo().write({"state": "draft", "date_sent": False, "date_answer": False})
        self._ka_compute_lines()
        return True

    def _ka_file(self, file_format):
        """The statement as a PDF or XLSX file: ``(filename, bytes)``."""
        self.ensure_one()
        basename = self.env._("Statement %(name)s", name=self.name).replace("/", "-")
        if file_format == "xlsx":
            # the customer's own statement: whoever may read it, logged
            with self.env["bigaccount.export.log"]._ka_gate(
                "export", basename, director_only=False, records=self, model=self._name
            ) as out:
                xlsx = self.env["report.bigaccount_crm.statement"]._ka_xlsx_file(self)
                out["rows"] = len(self.line_ids)
            return f"{basename}.xlsx", xlsx
        report = self.env.ref("bigaccount_crm.action_report_bigaccount_statement")
        content, report_type = self.env["ir.actions.report"]._render_qweb_pdf(
            report, self.ids
        )
        extension = "pdf" if report_type == "pdf" else "html"
        return f"{basename}.{extension}", content

    def _ka_attachment(self, file_format):
        self.ensure_one()
        filename, content = self._ka_file(file_format)
        return self.env["ir.attachment"].create(
            {
                "name": filename,
                "datas": base64.b64encode(content),
                "res_model": self._name,
                "res_id": self.id,
            }
        )

    def action_send(self):
        """Open the email composer with the statement attached, in the
        statement's format; sending it marks the statement sent."""
        self.ensure_one()
        if self.state == "confirmed":
            raise UserError(
                self.env._("This statement is already confirmed by the customer.")
            )
        attachment = self._ka_attachment(self.file_format)
        template = self.env.ref(
            "bigaccount_crm.mail_template_bigaccount_statement",
            raise_if_not_found=False,
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "mail.compose.message",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {
                "default_model": self._name,
                "default_res_ids": self.ids,
                "default_composition_mode": "comment",
                "default_template_id": template.id if template else False,
                "default_attachment_ids": [attachment.id],
                "default_email_layout_xmlid": "mail.mail_notification_light",
                "force_email": True,
                "mark_statement_as_sent": True,
            },
        }

    def action_download_xlsx(self):
        self.ensure_one()
        attachment = self._ka_attachment("xlsx")
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{attachment.id}?download=true",
            "target": "self",
        }

    @api.returns("mail.message", lambda value: value.id)
    def message_post(self, **kwargs):
        if self.env.context.get("mark_statement_as_sent"):
            self.filtered(lambda s: s.state in ("draft", "disputed"))._ka_mark_sent()
        return super().message_post(**kwargs)

    def _ka_mark_sent(self):
        """Sent: the period's figures are frozen and the sending is logged
        among the account's collection actions."""
        today = fields.Date.context_today(self)
        self.sudo().write({"state": "sent", "date_sent": today})
        self.env["bigaccount.collection.action"].create(
            [
                {
                    "partner_id": statement.partner_id.id,
                    "company_id": statement.company_id.id,
                    "date": today,
                    "method": "statement",
                    "note": self.env._(
                        "Statement %(name)s sent (%(start)s to %(end)s), balance "
                        "%(balance)s.",
                        name=statement.name,
                        start=statement.date_from,
                        end=statement.date_to,
                        balance=statement.currency_id.format(statement.closing_balance),
                    ),
                }
                for statement in self
            ]
        )

    def action_mark_sent(self):
        """Sent by other means (post, handed over at a visit)."""
        if self.filtered(lambda s: s.state not in ("draft", "disputed")):
            raise UserError(self.env._("Only draft or disputed statements are sent."))
        self._ka_mark_sent()
        return True

    def _ka_check_answerable(self):
        if self.filtered(lambda s: s.state not in ("sent", "disputed")):
            raise UserError(
                self.env._(
                    "The customer can only confirm or dispute a statement that "
                    "was sent."
                )
            )

    def action_confirm(self):
        """The customer agrees with the balance."""
        self._ka_check_answerable()
        for statement in self:
            statement.sudo().write(
                {
                    "state": "confirmed",
                    "date_answer": fields.Date.context_today(self),
                    "customer_balance": statement.closing_balance,
                }
            )
        return True

    def action_dispute(self):
        """The customer disputes the statement: the differences must be
        noted, with the customer's balance."""
        self._ka_check_answerable()
        for statement in self:
            if not (statement.dispute_note or "").strip():
                raise UserError(
                    self.env._(
                        "Note the differences the customer reports on %(name)s "
                        "before marking it disputed.",
                        name=statement.name,
                    )
                )
        self.sudo().write(
            {"state": "disputed", "date_answer": fields.Date.context_today(self)}
        )
        return True

    # ------------------------------------------------------------------
    # Monthly job
    # ------------------------------------------------------------------
    @api.model
    def _cron_monthly_statements(self):
        """Draft statements of last month for every key account with
        receivable movements in the month or open items, once per account
        and period (idempotent)."""
        today = fields.Date.context_today(self)
        date_to = today.replace(day=1) - relativedelta(days=1)
        date_from = date_to.replace(day=1)
        self.env["account.move.line"].flush_model()
        self.env["res.partner"].flush_model(["ka_is_key_account"])
        # SQL: the accounts with movements and no statement yet in one query
        self.env.cr.execute(
            SQL(
                """
                SELECT DISTINCT partner.commercial_partner_id, aml.company_id
                  FROM account_move_line aml
                  JOIN res_partner partner ON partner.id = aml.partner_id
                  JOIN res_partner customer
                    ON customer.id = partner.commercial_partner_id
                  JOIN account_account account ON account.id = aml.account_id
                 WHERE customer.ka_is_key_account
                   AND aml.parent_state = 'posted'
                   AND account.account_type = 'asset_receivable'
                   AND aml.date <= %(date_to)s
                   AND (aml.date >= %(date_from)s OR aml.amount_residual != 0)
                   AND NOT EXISTS (
                       SELECT 1 FROM bigaccount_statement statement
                        WHERE statement.partner_id = partner.commercial_partner_id
                          AND statement.company_id = aml.company_id
                          AND statement.date_from = %(date_from)s
                          AND statement.date_to = %(date_to)s)
                """,
                date_from=date_from,
                date_to=date_to,
            )
        )
        return self.create(
            [
                self._prepare_statement_vals(partner_id, company_id, date_from, date_to)
                for partner_id, company_id in self.env.cr.fetchall()
            ]
        )

    @api.model
    def _prepare_statement_vals(self, partner_id, company_id, date_from, date_to):
        """The values of the monthly statement of the account ``partner_id``
        in ``company_id`` (ids) for ``date_from`` to ``date_to``."""
        return {
            "partner_id": partner_id,
            "company_id": company_id,
            "date_from": date_from,
            "date_to": date_to,
        }
