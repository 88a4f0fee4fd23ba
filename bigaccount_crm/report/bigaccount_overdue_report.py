# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""SQL-view report model ``bigaccount.overdue.report``: overdue receivables
per account, company and account manager, and the daily collection calls
planned from it (views in ``bigaccount_overdue_report_views.xml``)."""

from odoo import api, fields, models, tools
from odoo.tools import SQL


class BigaccountOverdueReport(models.Model):
    """Receivables routine (应收帐款每天必做): overdue receivables per
    account, company and account manager, as the credit service counts
    them."""

    _name = "bigaccount.overdue.report"
    _description = "Overdue Receivables per Account"
    _auto = False
    _order = "amount_overdue desc"
    _rec_name = "partner_id"
    # what the view reads: written to the database before it is searched
    _depends = {
        "account.move.line": [
            "account_id",
            "amount_residual",
            "company_id",
            "date",
            "date_maturity",
            "move_id",
            "parent_state",
            "partner_id",
            "reconciled",
        ],
        "account.account": ["account_type"],
        "res.partner": ["commercial_partner_id", "ka_manager_id"],
    }

    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    manager_id = fields.Many2one("res.users", string="Account Manager", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    amount_overdue = fields.Monetary(string="Overdue", readonly=True)
    invoice_count = fields.Integer(
        string="Documents",
        readonly=True,
        help="Invoices (or their instalments' documents) with an amount past due.",
    )
    oldest_due_date = fields.Date(string="Oldest Due Date", readonly=True)
    days_overdue = fields.Integer(string="Days Overdue", readonly=True)

    def init(self):
        """Net overdue per account and company from the credit service's
        SQL (``res.partner._ka_credit_ctes`` and ``_ka_credit_overdue_sql``):
        receivable items past their own due date, instalments included,
        less open credits; due before today, without grace days."""
        partners = self.env["res.partner"]
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
                CREATE OR REPLACE VIEW %(view)s AS (
                    WITH %(ctes)s
                    SELECT ROW_NUMBER() OVER (ORDER BY overdue.account,
                                              overdue.company_id) AS id,
                           overdue.account AS partner_id,
                           partner.ka_manager_id AS manager_id,
                           overdue.company_id,
                           company.currency_id,
                           overdue.amount AS amount_overdue,
                           overdue.move_count AS invoice_count,
                           overdue.oldest_due AS oldest_due_date,
                           CURRENT_DATE - overdue.oldest_due AS days_overdue
                      FROM (%(overdue)s) overdue
                      JOIN res_partner partner ON partner.id = overdue.account
                      JOIN res_company company ON company.id = overdue.company_id
                     WHERE overdue.amount > 0
                )
                """,
                view=SQL.identifier(self._table),
                ctes=partners._ka_credit_ctes(
                    SQL(
                        "SELECT commercial_partner_id AS account, id AS partner"
                        "  FROM res_partner"
                    ),
                    SQL("ARRAY(SELECT id FROM res_company)"),
                    SQL("CURRENT_DATE"),
                ),
                overdue=partners._ka_credit_overdue_sql(),
            )
        )

    @api.model
    def _cron_overdue_activities(self):
        """Each day, a collection call to plan for the account manager of
        every account with overdue invoices, unless its reminder is still
        open (idempotent); on the visit, which the account team reads, not
        on the customer."""
        rows = self.sudo().search([("manager_id", "!=", False)])
        return self.env["bigaccount.visit"]._ka_plan_reminder_visits(
            rows.partner_id,
            "bigaccount_crm.mail_activity_type_overdue",
            "collection",
            "phone",
            lambda partner: partner.env._(
                "Overdue receivables to collect: see Key Accounts > Credit > "
                "Overdue Receivables."
            ),
        )
