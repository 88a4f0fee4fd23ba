# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import datetime, time, timedelta

import pytz

from odoo import api, fields, models, tools
from odoo.tools import SQL


class BigaccountVisitDaily(models.Model):
    """Daily visit report (每日拜访日报): each manager's visits of a day,
    in the manager's time zone; grouped by week it is the weekly summary
    for the sales head and the general manager."""

    _name = "bigaccount.visit.daily"
    _description = "Daily Visit Report"
    _auto = False
    _order = "date desc, user_id"
    _rec_name = "date"

    date = fields.Date(readonly=True)
    user_id = fields.Many2one("res.users", string="Manager", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    visit_count = fields.Integer(string="Visits", readonly=True)
    account_count = fields.Integer(string="Accounts", readonly=True)
    onsite_count = fields.Integer(string="On-site", readonly=True)
    phone_count = fields.Integer(string="Calls", readonly=True)
    reception_count = fields.Integer(string="Receptions and Tours", readonly=True)
    callback_count = fields.Integer(string="Callbacks", readonly=True)
    reported_count = fields.Integer(string="Reported", readonly=True)
    cost_total = fields.Monetary(string="Cost", readonly=True)
    visit_ids = fields.Many2many(
        "bigaccount.visit", string="Visits of the Day", compute="_compute_visit_ids"
    )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
                CREATE OR REPLACE VIEW %s AS (
                    SELECT MIN(visit.id) AS id,
                           (visit.date_start AT TIME ZONE 'UTC'
                               AT TIME ZONE COALESCE(owner.tz, 'UTC'))::date
                               AS date,
                           visit.user_id,
                           visit.company_id,
                           company.currency_id,
                           COUNT(*) AS visit_count,
                           COUNT(DISTINCT visit.partner_id) AS account_count,
                           COUNT(*) FILTER (WHERE visit.kind = 'onsite')
                               AS onsite_count,
                           COUNT(*) FILTER (WHERE visit.kind = 'phone')
                               AS phone_count,
                           COUNT(*) FILTER (
                               WHERE visit.kind IN ('reception', 'showroom'))
                               AS reception_count,
                           COUNT(*) FILTER (WHERE visit.kind = 'callback')
                               AS callback_count,
                           COUNT(*) FILTER (WHERE visit.state = 'reported')
                               AS reported_count,
                           SUM(visit.cost_total) AS cost_total
                      FROM bigaccount_visit visit
                      JOIN res_users users ON users.id = visit.user_id
                      JOIN res_partner owner ON owner.id = users.partner_id
                      JOIN res_company company ON company.id = visit.company_id
                     WHERE visit.state IN ('done', 'reported')
                     GROUP BY 2, visit.user_id, visit.company_id,
                              company.currency_id
                )
                """,
                SQL.identifier(self._table),
            )
        )

    @api.depends("date", "user_id")
    def _compute_visit_ids(self):
        Visit = self.env["bigaccount.visit"]
        for row in self:
            tz = pytz.timezone(row.user_id.tz or "UTC")
            start = tz.localize(datetime.combine(row.date, time.min))
            start = start.astimezone(pytz.UTC).replace(tzinfo=None)
            row.visit_ids = Visit.search(
                [
                    ("user_id", "=", row.user_id.id),
                    ("company_id", "=", row.company_id.id),
                    ("state", "in", ("done", "reported")),
                    ("date_start", ">=", start),
                    ("date_start", "<", start + timedelta(days=1)),
                ]
            )
