# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import timedelta

from odoo import api, fields, models, tools
from odoo.tools.misc import format_amount, formatLang

from .bigaccount_development import OPEN_STAGES, STAGES
from .bigaccount_visit import DIRECTOR_GROUP

# Share of the credit limit above which an account shows as near its limit.
NEAR_LIMIT = 0.8
OPEN_COMPLAINT = [("state", "not in", ("resolved", "closed", "cancelled"))]
# The list each figure opens in, per model: its columns are the figure's.
LIST_VIEWS = {
    "res.partner": "bigaccount_crm.view_partner_list_key_account",
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
    def _ka_accounts_domain(self):
        """Directors see the whole portfolio; managers their own accounts and
        those whose team they are in."""
        domain = [("ka_is_key_account", "=", True)]
        if not self.env.user.has_group(DIRECTOR_GROUP):
            domain += [
                "|",
                ("ka_manager_id", "=", self.env.uid),
                ("ka_team_user_ids", "in", self.env.uid),
            ]
        return domain

    @api.readonly
    @api.model
    def get_dashboard_data(self):
        key_accounts = self._ka_accounts_domain()
        return {
            "sections": [
                {
                    "title": self.env._("Portfolio"),
                    "cards": self._ka_portfolio_cards(key_accounts),
                },
                {
                    "title": self.env._("Credit"),
                    "cards": self._ka_credit_cards(key_accounts),
                },
                {
                    "title": self.env._("Visits"),
                    "cards": self._ka_visit_cards(key_accounts),
                },
                {
                    "title": self.env._("Complaints"),
                    "cards": self._ka_complaint_cards(),
                },
                {
                    "title": self.env._("Development Funnel"),
                    "cards": self._ka_funnel_cards(),
                },
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

    def _ka_credit_cards(self, key_accounts):
        """Credit exposure of the key accounts against their credit limits
        in the current company, from the credit service (one query for
        every account); a group credit pool counts once."""
        company = self.env.company
        accounts = self.env["res.partner"].search(key_accounts)
        figures = accounts._ka_credit_figures(company) if accounts else {}
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

    def _ka_visit_cards(self, key_accounts):
        partners = self.env["res.partner"]
        today = fields.Date.context_today(self)
        overdue = key_accounts + [("ka_visit_overdue", "=", True)]
        due = key_accounts + [
            ("ka_visit_overdue", "=", False),
            ("ka_next_visit_date", "<=", today + timedelta(days=7)),
        ]
        planned = [
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

    def _ka_complaint_cards(self):
        complaints = self.env["bigaccount.complaint"]
        year_start = fields.Date.context_today(self).replace(month=1, day=1)
        counts = {
            (state, overdue, green, status): count
            for state, overdue, green, status, count in complaints._read_group(
                OPEN_COMPLAINT,
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
        resolved = complaints._read_group(
            [
                ("state", "in", ("resolved", "closed")),
                ("date_received", ">=", year_start),
            ],
            ["sla_met"],
            ["__count"],
        )
        met = sum(count for sla_met, count in resolved if sla_met)
        total = sum(count for _sla_met, count in resolved)
        rate = round(100.0 * met / total, 1) if total else 0.0
        model = "bigaccount.complaint"
        return [
            self._card(
                self.env._("Open Complaints"), open_count, model, OPEN_COMPLAINT
            ),
            self._card(
                self.env._("At Risk"),
                at_risk,
                model,
                OPEN_COMPLAINT
                + [("sla_status", "=", "at_risk"), ("state", "!=", "waiting")],
                tone="warning",
            ),
            self._card(
                self.env._("Past Their Deadline"),
                late,
                model,
                OPEN_COMPLAINT + [("is_overdue", "=", True)],
                tone="danger",
            ),
            self._card(
                self.env._("Green Channel"),
                green,
                model,
                OPEN_COMPLAINT + [("green_channel", "=", True)],
                tone="warning",
            ),
            dict(
                self._card(
                    self.env._("Resolved in Time This Year"),
                    rate,
                    model,
                    # the click opens those resolved in time (the rate's
                    # numerator), never the late ones
                    [
                        ("state", "in", ("resolved", "closed")),
                        ("date_received", ">=", fields.Date.to_string(year_start)),
                        ("sla_met", "=", True),
                    ],
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

    def _ka_funnel_cards(self):
        labels = self.env["bigaccount.report.xlsx"]._ka_selection_labels(
            "bigaccount.development", "stage"
        )
        year_start = fields.Date.context_today(self).replace(month=1, day=1)
        counts = dict(
            self.env["bigaccount.development"]._read_group(
                [
                    "|",
                    ("stage", "in", OPEN_STAGES),
                    ("date_won", ">=", year_start),
                ],
                ["stage"],
                ["__count"],
            )
        )
        model = "bigaccount.development"
        cards = [
            self._card(
                labels[stage], counts.get(stage, 0), model, [("stage", "=", stage)]
            )
            for stage, _label in STAGES
            if stage in OPEN_STAGES
        ]
        cards.append(
            self._card(
                self.env._("Won This Year"),
                counts.get("won", 0),
                model,
                [
                    ("stage", "=", "won"),
                    ("date_won", ">=", fields.Date.to_string(year_start)),
                ],
                tone="success",
            )
        )
        return cards
