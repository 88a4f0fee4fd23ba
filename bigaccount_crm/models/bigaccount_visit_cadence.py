# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Visit cadence (拜访频率): the last and next visit of every key account kept
from the visits done, in SQL for any number of accounts, and the daily
reminders: a draft visit with an activity for the manager of an account
overdue for a visit, and service callbacks (电话回访) planned for the
customers who agreed to them."""

from datetime import datetime, time, timedelta

from odoo import api, fields, models
from odoo.tools import SQL

from .bigaccount_visit import (
    CADENCE_KINDS,
)
from .tools import schedule_activities


class BigaccountVisit(models.Model):
    _inherit = "bigaccount.visit"

    @api.model
    def _ka_update_visit_cadence(self, partners=None):
        """Store last visit, next visit due and overdue flag of the given
        partners (all commercial partners with visits or a tier when None)
        in one statement, whatever their number; returns how many changed."""
        self.flush_model(["partner_id", "state", "kind", "date_start"])
        self.env["res.partner"].flush_model(
            ["ka_is_key_account", "ka_tier_id", "commercial_partner_id"]
        )
        self.env["bigaccount.tier"].flush_model(["visit_interval_days"])
        self.env["bigaccount.nomination"].flush_model(
            ["partner_id", "state", "kind", "date_decision"]
        )
        today = fields.Date.context_today(self)
        scope = (
            SQL("p.id = ANY(%s)", list(partners.commercial_partner_id.ids))
            if partners is not None
            else SQL(
                "(p.ka_tier_id IS NOT NULL OR p.ka_last_visit_date IS NOT NULL "
                "OR p.id IN (SELECT partner_id FROM last_visits))"
            )
        )
        # SQL: the cadence of any number of accounts in one UPDATE
        self.env.cr.execute(
            SQL(
                """
                WITH last_visits AS (
                    -- the last visit that took place: never a future one
                    SELECT partner_id, MAX(date_start)::date AS last_date
                      FROM bigaccount_visit
                     WHERE state IN ('done', 'reported')
                       AND kind IN %(kinds)s
                       AND date_start::date <= %(today)s
                     GROUP BY partner_id
                ),
                key_since AS (
                    -- a key account never visited is due from the day it
                    -- became one
                    SELECT partner_id, MAX(date_decision)::date AS since
                      FROM bigaccount_nomination
                     WHERE state = 'approved' AND kind = 'nominate'
                     GROUP BY partner_id
                ),
                due AS (
                    SELECT p.id, lv.last_date,
                           CASE WHEN p.ka_is_key_account
                                 AND tier.visit_interval_days > 0
                                THEN COALESCE(lv.last_date, ks.since,
                                              p.create_date::date)
                                     + tier.visit_interval_days
                           END AS next_date
                      FROM res_partner p
                      LEFT JOIN bigaccount_tier tier ON tier.id = p.ka_tier_id
                      LEFT JOIN last_visits lv ON lv.partner_id = p.id
                      LEFT JOIN key_since ks ON ks.partner_id = p.id
                     WHERE %(scope)s
                ),
                cadence AS (
                    SELECT id, last_date, next_date,
                           COALESCE(next_date < %(today)s, FALSE) AS overdue
                      FROM due
                )
                UPDATE res_partner p
                   SET ka_last_visit_date = cadence.last_date,
                       ka_next_visit_date = cadence.next_date,
                       ka_visit_overdue = cadence.overdue
                  FROM cadence
                 WHERE cadence.id = p.id
                   AND (p.ka_last_visit_date IS DISTINCT FROM cadence.last_date
                        OR p.ka_next_visit_date IS DISTINCT FROM cadence.next_date
                        OR p.ka_visit_overdue IS DISTINCT FROM cadence.overdue)
                RETURNING p.id
                """,
                kinds=CADENCE_KINDS,
                today=today,
                scope=scope,
            )
        )
        changed = [row[0] for row in self.env.cr.fetchall()]
        self.env["res.partner"].browse(changed).invalidate_recordset(
            ["ka_last_visit_date", "ka_next_visit_date", "ka_visit_overdue"]
        )
        return len(changed)

    @api.model
    def _cron_visit_cadence(self):
        """Daily: recompute the cadence, remind account managers of overdue
        key accounts (one open reminder per account) and plan the service
        callbacks that are due."""
        self._ka_update_visit_cadence()
        return self._ka_visit_reminders(), self._ka_plan_callbacks()

    @api.model
    def _prepare_reminder_visit_vals(self, partner, kind, purpose, start, note):
        """The values of the draft visit of ``partner`` with its manager
        that carries a reminder: ``kind`` and ``purpose`` (selection keys),
        an hour from ``start`` (a naive UTC datetime), its objective
        ``note(partner)`` written in the manager's language."""
        return {
            "partner_id": partner.id,
            "user_id": partner.ka_manager_id.id,
            "company_id": (partner.company_id or self.env.company).id,
            "kind": kind,
            "purpose": purpose,
            "date_start": start,
            "date_end": start + timedelta(hours=1),
            # in the manager's language (the job runs in its own)
            "objective": note(partner.with_context(lang=partner.ka_manager_id.lang)),
        }

    @api.model
    def _ka_plan_reminder_visits(self, partners, activity_xmlid, purpose, kind, note):
        """A draft visit of each account of ``partners`` with its manager, for
        tomorrow, carrying the reminder ``activity_xmlid`` for the manager —
        unless an open reminder of that type is already on one of its
        planned visits (idempotent). Reminders live on visits, which only the
        account team, the directors and finance read, never on the customer.

        :param note: a function of the account (in its manager's language)
            giving the reminder's note
        :return: the number of visits planned
        """
        activity_type = self.env.ref(activity_xmlid)
        partners = partners.filtered("ka_manager_id")
        reminded = (
            self.sudo()
            .search(
                [
                    ("partner_id", "in", partners.ids),
                    ("state", "in", ("draft", "submitted", "reviewed", "approved")),
                    ("activity_ids.activity_type_id", "=", activity_type.id),
                ]
            )
            .partner_id
        )
        todo = partners - reminded
        start = datetime.combine(
            fields.Date.context_today(self) + timedelta(days=1), time(2, 0)
        )
        visits = (
            self.sudo()
            .with_context(mail_create_nolog=True, tracking_disable=True)
            .create(
                [
                    self._prepare_reminder_visit_vals(
                        partner, kind, purpose, start, note
                    )
                    for partner in todo
                ]
            )
        )
        schedule_activities(
            visits,
            activity_type,
            lambda visit: visit.user_id,
            # in the manager's language, as the objective
            summary_of=lambda visit: (
                activity_type.with_context(lang=visit.user_id.lang).summary
            ),
            note_of=lambda visit: visit.objective,
            once=False,
        )
        return len(visits)

    @api.model
    def _ka_visit_reminders(self):
        """A visit to plan for each key account overdue for one, unless a
        visit is already planned."""
        overdue = (
            self.env["res.partner"]
            .sudo()
            .search([("ka_visit_overdue", "=", True), ("ka_manager_id", "!=", False)])
        )
        planned = (
            self.sudo()
            .search(
                [
                    ("partner_id", "in", overdue.ids),
                    ("state", "in", ("draft", "submitted", "reviewed", "approved")),
                ]
            )
            .partner_id
        )
        return self._ka_plan_reminder_visits(
            overdue - planned,
            "bigaccount_crm.mail_activity_type_visit_due",
            "maintenance",
            "onsite",
            lambda partner: partner.env._(
                "Visit due. Last visit: %(last)s; due on %(due)s.",
                last=partner.ka_last_visit_date or partner.env._("never"),
                due=partner.ka_next_visit_date or partner.env._("now"),
            ),
        )

    @api.model
    def _ka_plan_callbacks(self):
        """A service callback for each consenting account whose tier plans
        them, when the last one is older than the tier's callback interval
        and none is planned yet."""
        Visit = self.sudo()
        partners = (
            self.env["res.partner"]
            .sudo()
            .search(
                [
                    ("ka_callback_consent", "=", True),
                    ("ka_tier_id.callback_interval_days", ">", 0),
                    ("ka_manager_id", "!=", False),
                ]
            )
        )
        if not partners:
            return 0
        groups = Visit._read_group(
            [
                ("partner_id", "in", partners.ids),
                ("kind", "=", "callback"),
                ("state", "!=", "cancelled"),
            ],
            ["partner_id", "state"],
            ["date_start:max"],
        )
        last_done, planned = {}, set()
        for partner, state, last in groups:
            if state in ("done", "reported"):
                last_done[partner] = max(last, last_done.get(partner, last))
            else:
                planned.add(partner)
        today = fields.Date.context_today(self)
        vals_list = []
        for partner in partners.filtered(lambda p: p not in planned):
            interval = partner.ka_tier_id.callback_interval_days
            last = last_done.get(partner)
            if last and last.date() + timedelta(days=interval) > today:
                continue
            start = datetime.combine(today + timedelta(days=1), time(2, 0))
            vals_list.append(
                {
                    "partner_id": partner.id,
                    "user_id": partner.ka_manager_id.id,
                    "company_id": (partner.company_id or self.env.company).id,
                    "kind": "callback",
                    "purpose": "callback",
                    "date_start": start,
                    "date_end": start + timedelta(minutes=30),
                    "objective": self.env._("Scheduled service callback."),
                }
            )
        return len(Visit.create(vals_list))
