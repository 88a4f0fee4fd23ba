# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The dashboard's charts: each a list of labels and data sets with the
domain of every point, drawn by the client with the chart library Odoo
ships; the buckets of time (weeks, months) in the user's time zone."""

from datetime import datetime, time, timedelta

import pytz
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.tools.misc import format_date, get_lang

from .bigaccount_dashboard import HEADROOM_TOP, NEAR_LIMIT, RESOLVED, VISITED


class BigaccountDashboard(models.AbstractModel):
    _inherit = "bigaccount.dashboard"

    @api.model
    def _chart(self, key, title, kind, model, labels, datasets, **options):
        """A chart: ``datasets`` is ``[(label, [(value, domain) per label])]``;
        a click on a point opens the records of its domain."""
        return dict(
            {
                "key": key,
                "title": title,
                "type": kind,
                "model": model,
                "labels": labels,
                "datasets": [
                    {"label": label, "data": [value for value, _domain in points]}
                    for label, points in datasets
                ],
                "domains": [
                    [domain for _value, domain in points] for _label, points in datasets
                ],
                "list_view_id": self._ka_list_view_id(model),
            },
            **options,
        )

    def _ka_tier_chart(self, key_accounts):
        by_tier = self.env["res.partner"]._read_group(
            key_accounts, ["ka_tier_id"], ["__count"]
        )
        return self._chart(
            "tiers",
            self.env._("Key Accounts by Tier"),
            "doughnut",
            "res.partner",
            [tier.name or self.env._("No tier") for tier, _count in by_tier],
            [
                (
                    self.env._("Key Accounts"),
                    [
                        (count, key_accounts + [("ka_tier_id", "=", tier.id)])
                        for tier, count in by_tier
                    ],
                )
            ],
        )

    def _ka_headroom_chart(self, figures):
        """The accounts using more than 80 % of their credit limit, the most
        used first (at most ``HEADROOM_TOP``): % of the limit used."""
        used = sorted(
            (
                (100.0 * figure["exposure"] / figure["limit"], partner_id)
                for partner_id, figure in figures.items()
                if figure["limit"] > 0
                and figure["exposure"] > NEAR_LIMIT * figure["limit"]
            ),
            reverse=True,
        )[:HEADROOM_TOP]
        names = dict(
            self.env["res.partner"]
            .browse([partner_id for _share, partner_id in used])
            .mapped(lambda partner: (partner.id, partner.display_name))
        )
        return self._chart(
            "headroom",
            self.env._("Credit Used, Accounts above 80 % of Their Limit"),
            "bar",
            "res.partner",
            [names[partner_id] for _share, partner_id in used],
            [
                (
                    self.env._("% of the Credit Limit Used"),
                    [
                        (round(share, 1), [("id", "=", partner_id)])
                        for share, partner_id in used
                    ],
                )
            ],
            horizontal=True,
        )

    @api.model
    def _ka_tz(self):
        tz = self.env.context.get("tz")
        return pytz.timezone(tz) if tz in pytz.all_timezones_set else pytz.UTC

    @api.model
    def _ka_utc(self, day):
        """The UTC datetime string of midnight of ``day`` in the user's time
        zone (as grouped reads by week or month count)."""
        local = self._ka_tz().localize(datetime.combine(day, time.min))
        return fields.Datetime.to_string(
            local.astimezone(pytz.UTC).replace(tzinfo=None)
        )

    @api.model
    def _ka_datetime_domain(self, fname, scope, start=None, stop=None):
        """``fname`` from the day ``start`` (the period's first) to the day
        ``stop`` (the day after the period's last), in the user's time
        zone."""
        start = start or scope["from"]
        stop = stop or scope["to"] + timedelta(days=1)
        return [(fname, ">=", self._ka_utc(start)), (fname, "<", self._ka_utc(stop))]

    @api.model
    def _ka_buckets(self, scope, unit):
        """The first days of the weeks (``unit`` "week", as the user's
        language starts them) or months of the period, in order."""
        if unit == "week":
            week_start = int(get_lang(self.env).week_start)
            first = scope["from"] - timedelta(
                days=(scope["from"].isoweekday() - week_start) % 7
            )
            step = relativedelta(weeks=1)
        else:
            first = scope["from"].replace(day=1)
            step = relativedelta(months=1)
        buckets = []
        while first <= scope["to"]:
            buckets.append(first)
            first += step
        return buckets, step

    def _ka_time_chart(self, key, title, model, fname, unit, scope, base, series):
        """A bar chart of ``model`` over the weeks or months (``unit``) of the
        period, by the datetime ``fname``: one bar set per item of
        ``series``, ``(label, domain, fields, test)`` — the records of
        ``base`` and ``domain`` in the bucket; ``test`` tells from the values
        of ``fields`` of a group whether its records count. One grouped read
        whatever the history."""
        buckets, step = self._ka_buckets(scope, unit)
        fields_read = sorted({name for _l, _d, names, _t in series for name in names})
        groups = self.env[model]._read_group(
            base
            + self._ka_datetime_domain(
                fname, scope, start=buckets[0], stop=buckets[-1] + step
            ),
            [f"{fname}:{unit}", *fields_read],
            ["__count"],
        )
        counts = {}
        for bucket, *values, count in groups:
            row = dict(zip(fields_read, values, strict=True))
            for index, (_label, _domain, _names, test) in enumerate(series):
                if test(row):
                    cell = (bucket.date(), index)
                    counts[cell] = counts.get(cell, 0) + count
        label_format = "MMM d" if unit == "week" else "MMM yyyy"
        return self._chart(
            key,
            title,
            "bar",
            model,
            [format_date(self.env, day, date_format=label_format) for day in buckets],
            [
                (
                    label,
                    [
                        (
                            counts.get((day, index), 0),
                            base
                            + self._ka_datetime_domain(
                                fname, scope, start=day, stop=day + step
                            )
                            + domain,
                        )
                        for day in buckets
                    ],
                )
                for index, (label, domain, _names, _test) in enumerate(series)
            ],
        )

    def _ka_visit_chart(self, scope):
        """Per week of the period: the visits due (planned for that week,
        not cancelled) and those done (done or reported)."""
        return self._ka_time_chart(
            "visits",
            self.env._("Visits Due and Done per Week"),
            "bigaccount.visit",
            "date_start",
            "week",
            scope,
            self._ka_user_domain(scope) + [("state", "!=", "cancelled")],
            [
                (self.env._("Visits Due"), [], ["state"], lambda row: True),
                (
                    self.env._("Visits Done"),
                    [("state", "in", VISITED)],
                    ["state"],
                    lambda row: row["state"] in VISITED,
                ),
            ],
        )

    def _ka_complaint_chart(self, scope):
        """Per month of the period: the complaints received and, of them,
        those resolved within their deadline."""
        return self._ka_time_chart(
            "complaints",
            self.env._("Complaints Received and Resolved in Time per Month"),
            "bigaccount.complaint",
            "date_received",
            "month",
            scope,
            self._ka_account_domain(scope),
            [
                (self.env._("Complaints Received"), [], ["state"], lambda row: True),
                (
                    self.env._("Resolved within the Deadline"),
                    [("state", "in", RESOLVED), ("sla_met", "=", True)],
                    ["state", "sla_met"],
                    lambda row: row["state"] in RESOLVED and row["sla_met"],
                ),
            ],
        )

    def _ka_funnel_chart(self, scope):
        counts = self._ka_funnel_counts(scope)
        stages = self._ka_funnel_stages()
        return self._chart(
            "funnel",
            self.env._("Development Funnel"),
            "bar",
            "crm.lead",
            [label for _stage, label in stages],
            [
                (
                    self.env._("Developments by Stage"),
                    [
                        (counts.get(stage, 0), self._ka_funnel_domain(scope, stage))
                        for stage, _label in stages
                    ],
                )
            ],
            horizontal=True,
        )
