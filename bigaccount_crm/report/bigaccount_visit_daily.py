# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""SQL-view report model ``bigaccount.visit.daily``: each manager's visits
of a day, the daily visit report (views in
``bigaccount_visit_daily_views.xml``)."""

from collections import defaultdict
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
        """The visits of each row, found with one search for all rows."""
        rows = self.filtered("date")
        (self - rows).visit_ids = False
        if not rows:
            return
        dates = rows.mapped("date")
        start = datetime.combine(min(dates) - timedelta(days=1), time.min)
        end = datetime.combine(max(dates) + timedelta(days=2), time.min)
        visits = self.env["bigaccount.visit"].search(
            [
                ("user_id", "in", rows.user_id.ids),
                ("company_id", "in", rows.company_id.ids),
                ("state", "in", ("done", "reported")),
                ("date_start", ">=", start),
                ("date_start", "<", end),
            ]
        )
        by_day = defaultdict(lambda: self.env["bigaccount.visit"])
        for visit in visits:
            tz = pytz.timezone(visit.user_id.tz or "UTC")
            day = pytz.UTC.localize(visit.date_start).astimezone(tz).date()
            by_day[visit.user_id, visit.company_id, day] |= visit
        for row in rows:
            row.visit_ids = by_day[row.user_id, row.company_id, row.date]
