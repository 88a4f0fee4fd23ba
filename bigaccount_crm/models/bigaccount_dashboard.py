# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models, tools
from odoo.tools.misc import format_amount, formatLang

from .bigaccount_visit import DIRECTOR_GROUP
from .crm_stage import DEVELOPMENT_STEPS

# Share of the credit limit above which an account shows as near its limit.
NEAR_LIMIT = 0.8
# How many accounts the credit-headroom chart shows at most.
HEADROOM_TOP = 10
# The periods the dashboard can be filtered on: key → months back (0: this
# month, None: this calendar year).
PERIODS = {"month": 0, "3m": 3, "12m": 12, "year": None}
VISITED = ("done", "reported")
RESOLVED = ("resolved", "closed")
OPEN_COMPLAINT = [("state", "not in", ("resolved", "closed", "cancelled"))]
# The list each figure opens in, per model: its columns are the figure's.
LIST_VIEWS = {
    "res.partner": "bigaccount_crm.view_partner_list_key_account",
    "crm.lead": "bigaccount_crm.crm_lead_view_list",
}


class BigaccountDashboard(models.AbstractModel):
    """Figures of the key-account dashboard (client action
    ``bigaccount_crm.dashboard``). Every figure comes with the model and
    domain of its records, so that a click opens them. The figures are
    counted with grouped reads and the credit service's query over the records the
    user may read: the number of queries does not depend on the number of
    accounts."""

    _name = "bigaccount.dashboard"
    _description = "Key-Account Dashboard"

    @api.model
    def _card(self, label, value, model, domain, display=None, tone=None):
        """A figure and the records it counts (``domain`` on ``model``),
        opened in the list that shows that figure's columns (``list_view_id``)
        with an empty state of its own, never sample records."""
        return {
            "label": label,
            "value": value,
            "display": display
            if display is not None
            else formatLang(self.env, value, digits=0),
            "model": model,
            "domain": domain,
            "tone": tone or "",
            "list_view_id": self._ka_list_view_id(model),
            "empty": self.env._("Nothing here: %(figure)s is zero.", figure=label),
        }

    @api.model
    @tools.ormcache("model")
    def _ka_list_view_id(self, model):
        """The id of the list a figure of ``model`` opens in (None: the
        model's default list)."""
        view = LIST_VIEWS.get(model)
        return view and self.env.ref(view).id

    @api.model
    def _ka_accounts_domain(self, manager_id=False):
        """Directors see the whole portfolio; managers their own accounts and
        those whose team they are in; filtered on a manager, the accounts he
        manages or is on the team of."""
        domain = [("ka_is_key_account", "=", True)]
        users = [manager_id] if manager_id else []
        if not self.env.user.has_group(DIRECTOR_GROUP):
            users.append(self.env.uid)
        for user_id in users:
            domain += [
                "|",
                ("ka_manager_id", "=", user_id),
                ("ka_team_user_ids", "in", user_id),
            ]
        return domain

    @api.model
    def _ka_period_labels(self):
        return {
            "month": self.env._("This Month"),
            "3m": self.env._("Last 3 Months"),
            "12m": self.env._("Last 12 Months"),
            "year": self.env._("This Year"),
        }

    @api.model
    def _ka_period(self, period):
        """``(first day, last day)`` of the period ``period`` (a key of
        ``PERIODS``; anything else: the last 3 months), ending today in the
        user's time zone."""
        today = fields.Date.context_today(self)
        months = PERIODS.get(period, 3)
        if months is None:
            return today.replace(month=1, day=1), today
        if months == 0:
            return today.replace(day=1), today
        return today - relativedelta(months=months) + timedelta(days=1), today

    @api.model
    def _ka_managers(self):
        """``[(id, name)]`` of the managers a user may filter on: every
        account manager for a director, himself for anyone else."""
        if not self.env.user.has_group(DIRECTOR_GROUP):
            return [(self.env.uid, self.env.user.name)]
        managers = self.env["res.partner"]._read_group(
            [("ka_is_key_account", "=", True), ("ka_manager_id", "!=", False)],
            ["ka_manager_id"],
        )
        return sorted(
            ((manager.id, manager.name) for (manager,) in managers),
            key=lambda pair: pair[1],
        )

    @api.readonly
    @api.model
    def get_dashboard_data(self, filters=None):
        """The dashboard: ``{"filters", "sections", "charts"}``.

        ``filters``: ``{"period": key of PERIODS, "manager_id": user id or
        False}``; the period limits the charts over time, the won
        developments and the complaints resolved in time; the manager limits
        everything to the accounts he manages or is on the team of (the
        visits he made, the developments he leads). A section is ``{"title",
        "cards"}`` (``_card``); a chart is ``{"key", "title", "type",
        "labels", "datasets": [{"label", "data"}], "model", "domains":
        [[domain of each point] per dataset]}``, a click opening the records
        of its point. README: *Dashboard, reports and controlled exports*."""
        filters = filters or {}
        period = filters.get("period") if filters.get("period") in PERIODS else "3m"
        date_from, date_to = self._ka_period(period)
        managers = self._ka_managers()
        manager_id = filters.get("manager_id") or False
        if manager_id not in {manager for manager, _name in managers}:
            manager_id = False
        key_accounts = self._ka_accounts_domain(manager_id)
        credit = self._ka_credit_figures(key_accounts)
        scope = {"from": date_from, "to": date_to, "manager_id": manager_id}
        return {
            "filters": {
                "period": period,
                "manager_id": manager_id,
                "periods": list(self._ka_period_labels().items()),
                "managers": managers,
                "date_from": fields.Date.to_string(date_from),
                "date_to": fields.Date.to_string(date_to),
            },
            "sections": [
                {
                    "title": self.env._("Portfolio"),
                    "cards": self._ka_portfolio_cards(key_accounts),
                },
                {
                    "title": self.env._("Credit"),
                    "cards": self._ka_credit_cards(key_accounts, credit),
                },
                {
                    "title": self.env._("Visits"),
                    "cards": self._ka_visit_cards(key_accounts, scope),
                },
                {
                    "title": self.env._("Complaints"),
                    "cards": self._ka_complaint_cards(scope),
                },
                {
                    "title": self.env._("Development Funnel"),
                    "cards": self._ka_funnel_cards(scope),
                },
            ],
            "charts": [
                self._ka_tier_chart(key_accounts),
                self._ka_headroom_chart(credit),
                self._ka_visit_chart(scope),
                self._ka_complaint_chart(scope),
                self._ka_funnel_chart(scope),
            ],
        }

    def _ka_portfolio_cards(self, key_accounts):
        partners = self.env["res.partner"]
        by_tier = partners._read_group(key_accounts, ["ka_tier_id"], ["__count"])
        cards = [
            self._card(
                self.env._("Key Accounts"),
                sum(count for _tier, count in by_tier),
                "res.partner",
                key_accounts,
            )
        ]
        for tier, count in by_tier:
            cards.append(
                self._card(
                    tier.name or self.env._("No tier"),
                    count,
                    "res.partner",
                    key_accounts + [("ka_tier_id", "=", tier.id)],
                )
            )
        at_risk = key_accounts + [("ka_at_risk", "=", True)]
        cards.append(
            self._card(
                self.env._("Accounts at Risk"),
                partners.search_count(at_risk),
                "res.partner",
                at_risk,
                tone="danger",
            )
        )
        return cards

    def _ka_credit_figures(self, key_accounts):
        """``{partner id: credit figures}`` of the key accounts in the current
        company, from the credit service (one query for every account)."""
        accounts = self.env["res.partner"].search(key_accounts)
        return accounts._ka_credit_figures(self.env.company) if accounts else {}

    def _ka_credit_cards(self, key_accounts, figures):
        """Credit exposure of the key accounts against their credit limits
        in the current company; a group credit pool counts once."""
        company = self.env.company
        pools = {figure["root"].id: figure for figure in figures.values()}
        exposure = sum(figure["exposure"] for figure in pools.values())
        limits = sum(figure["limit"] for figure in pools.values())
        over = [
            partner_id
            for partner_id, figure in figures.items()
            if figure["limit"] > 0 and figure["exposure"] > figure["limit"]
        ]
        near = [
            partner_id
            for partner_id, figure in figures.items()
            if figure["limit"] > 0
            and NEAR_LIMIT * figure["limit"] < figure["exposure"] <= figure["limit"]
        ]
        currency = company.currency_id
        on_hold = key_accounts + [("ka_credit_hold", "=", True)]
        return [
            self._card(
                self.env._("Credit Exposure"),
                float(exposure),
                "res.partner",
                key_accounts,
                display=format_amount(self.env, float(exposure), currency),
            ),
            self._card(
                self.env._("Credit Limits"),
                float(limits),
                "res.partner",
                key_accounts + [("credit_limit", ">", 0)],
                display=format_amount(self.env, float(limits), currency),
            ),
            self._card(
                self.env._("Over Their Limit"),
                len(over),
                "res.partner",
                [("id", "in", over)],
                tone="danger",
            ),
            self._card(
                self.env._("Above 80% of Their Limit"),
                len(near),
                "res.partner",
                [("id", "in", near)],
                tone="warning",
            ),
            self._card(
                self.env._("On Credit Hold"),
                self.env["res.partner"].search_count(on_hold),
                "res.partner",
                on_hold,
                tone="danger",
            ),
        ]

    @api.model
    def _ka_user_domain(self, scope, field="user_id"):
        """The documents of the filtered manager (``field``), or all."""
        return [(field, "=", scope["manager_id"])] if scope["manager_id"] else []

    @api.model
    def _ka_account_domain(self, scope):
        """The documents of the accounts the filtered manager manages or is on
        the team of, or all."""
        manager_id = scope["manager_id"]
        if not manager_id:
            return []
        return [
            "|",
            ("partner_id.ka_manager_id", "=", manager_id),
            ("partner_id.ka_team_user_ids", "in", manager_id),
        ]

    def _ka_visit_cards(self, key_accounts, scope):
        partners = self.env["res.partner"]
        today = fields.Date.context_today(self)
        overdue = key_accounts + [("ka_visit_overdue", "=", True)]
        due = key_accounts + [
            ("ka_visit_overdue", "=", False),
            ("ka_next_visit_date", "<=", today + timedelta(days=7)),
        ]
        planned = self._ka_user_domain(scope) + [
            ("state", "in", ("submitted", "reviewed", "approved")),
            ("date_start", ">=", today),
        ]
        return [
            self._card(
                self.env._("Visits Overdue"),
                partners.search_count(overdue),
                "res.partner",
                overdue,
                tone="danger",
            ),
            self._card(
                self.env._("Visits Due in 7 Days"),
                partners.search_count(due),
                "res.partner",
                due,
                tone="warning",
            ),
            self._card(
                self.env._("Visits Planned"),
                self.env["bigaccount.visit"].search_count(planned),
                "bigaccount.visit",
                planned,
            ),
        ]

    def _ka_complaint_cards(self, scope):
        complaints = self.env["bigaccount.complaint"]
        mine = self._ka_account_domain(scope)
        open_domain = mine + OPEN_COMPLAINT
        counts = {
            (state, overdue, green, status): count
            for state, overdue, green, status, count in complaints._read_group(
                open_domain,
                ["state", "is_overdue", "green_channel", "sla_status"],
                ["__count"],
            )
        }
        open_count = sum(counts.values())
        late = sum(count for (_s, late, _g, _t), count in counts.items() if late)
        green = sum(count for (_s, _l, green, _t), count in counts.items() if green)
        # at risk while the clock runs (80 % of the working time used)
        at_risk = sum(
            count
            for (state, _l, _g, status), count in counts.items()
            if status == "at_risk" and state != "waiting"
        )
        received = mine + self._ka_datetime_domain("date_received", scope)
        resolved = complaints._read_group(
            received + [("state", "in", RESOLVED)], ["sla_met"], ["__count"]
        )
        met = sum(count for sla_met, count in resolved if sla_met)
        total = sum(count for _sla_met, count in resolved)
        rate = round(100.0 * met / total, 1) if total else 0.0
        model = "bigaccount.complaint"
        return [
            self._card(self.env._("Open Complaints"), open_count, model, open_domain),
            self._card(
                self.env._("At Risk"),
                at_risk,
                model,
                open_domain
                + [("sla_status", "=", "at_risk"), ("state", "!=", "waiting")],
                tone="warning",
            ),
            self._card(
                self.env._("Past Their Deadline"),
                late,
                model,
                open_domain + [("is_overdue", "=", True)],
                tone="danger",
            ),
            self._card(
                self.env._("Green Channel"),
                green,
                model,
                open_domain + [("green_channel", "=", True)],
                tone="warning",
            ),
            dict(
                self._card(
                    self.env._("Resolved in Time in the Period"),
                    rate,
                    model,
                    # the click opens those resolved in time (the rate's
                    # numerator), never the late ones
                    received + [("state", "in", RESOLVED), ("sla_met", "=", True)],
                    display=self.env._(
                        "%(rate)s %% (%(met)s of %(total)s)",
                        rate=formatLang(self.env, rate, digits=1),
                        met=met,
                        total=total,
                    ),
                ),
                count=met,
            ),
        ]

    def _ka_funnel_counts(self, scope):
        """``{step or "won": count}``: the open key-account developments (CRM
        opportunities of a key-account team) by development step, and those
        won in the period, of the filtered manager."""
        groups = self.env["crm.lead"]._read_group(
            self._ka_user_domain(scope)
            + [
                ("ka_is_development", "=", True),
                "|",
                ("stage_id.is_won", "=", False),
                "&",
                ("ka_date_won", ">=", scope["from"]),
                ("ka_date_won", "<=", scope["to"]),
            ],
            ["stage_id"],
            ["__count"],
        )
        counts = {}
        for stage, count in groups:
            key = "won" if stage.is_won else stage.ka_step
            if key:
                counts[key] = counts.get(key, 0) + count
        return counts

    def _ka_funnel_domain(self, scope, step):
        domain = self._ka_user_domain(scope) + [("ka_is_development", "=", True)]
        if step == "won":
            return domain + [
                ("stage_id.is_won", "=", True),
                ("ka_date_won", ">=", fields.Date.to_string(scope["from"])),
                ("ka_date_won", "<=", fields.Date.to_string(scope["to"])),
            ]
        return domain + [("stage_id.ka_step", "=", step)]

    def _ka_funnel_stages(self):
        """``[(step, label)]`` of the funnel: the five development steps, won."""
        labels = dict(
            self.env["crm.stage"]._fields["ka_step"]._description_selection(self.env)
        )
        return [(step, labels[step]) for step, _label in DEVELOPMENT_STEPS] + [
            ("won", self.env._("Won"))
        ]

    def _ka_funnel_cards(self, scope):
        counts = self._ka_funnel_counts(scope)
        model = "crm.lead"
        return [
            self._card(
                label if stage != "won" else self.env._("Won in the Period"),
                counts.get(stage, 0),
                model,
                self._ka_funnel_domain(scope, stage),
                tone="success" if stage == "won" else None,
            )
            for stage, label in self._ka_funnel_stages()
        ]
