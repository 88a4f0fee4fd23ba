# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Excel report ``complaints``: complaint statistics and SLA compliance."""

from datetime import timedelta

from odoo import models
from odoo.tools import SQL

from ..models.bigaccount_complaint import (
    UNRESOLVED_STATES as UNRESOLVED_COMPLAINT_STATES,
)


class ComplaintsReport(models.AbstractModel):
    """Complaints received in the period by category, severity, tier and
    handler: the share resolved within the deadline (SLA, counted in
    working hours on each complaint's working time), those open at risk
    or past their deadline, and the average working hours allowed and
    taken to resolve (time waiting for the customer excluded)."""

    _name = "report.bigaccount_crm.complaints"
    _inherit = "bigaccount.report.xlsx"
    _description = "Complaint Statistics and SLA"
    # what its queries read, flushed before them
    _ka_reads = (
        "bigaccount.complaint",
        "res.partner",
        "res.users",
        "bigaccount.tier",
    )

    def _ka_columns(self):
        return [
            (self.env._("Category"), "text", 20),
            (self.env._("Severity"), "text", 12),
            (self.env._("Tier"), "text", 12),
            (self.env._("Handler"), "text", 20),
            (self.env._("Received"), "int", 11),
            (self.env._("Resolved"), "int", 11),
            (self.env._("Resolved in Time"), "int", 15),
            (self.env._("SLA Compliance (%)"), "percent", 16),
            (self.env._("Open at Risk"), "int", 12),
            (self.env._("Open Past Deadline"), "int", 16),
            (self.env._("Allowed (working hours)"), "float", 16),
            (self.env._("To Resolve (working hours)"), "float", 18),
            (self.env._("Satisfaction (1-5)"), "float", 15),
            (self.env._("Settlements"), "money", 14),
        ]

    def _ka_table(self, filters):
        domain = [
            ("date_received", ">=", filters["date_from"]),
            ("date_received", "<", filters["date_to"] + timedelta(days=1)),
            ("company_id", "in", self._ka_companies(filters)),
        ]
        if filters["user_ids"]:
            domain.append(("user_id", "in", filters["user_ids"]))
        if filters["tier_ids"]:
            domain.append(("tier_id", "in", filters["tier_ids"]))
        Complaint = self.env["bigaccount.complaint"]
        complaints = Complaint._search(domain)
        Complaint.flush_model()
        self.env.cr.execute(
            SQL(
                """
                SELECT c.category, c.severity, c.tier_id, c.user_id, COUNT(*),
                       COUNT(*) FILTER (WHERE c.state IN ('resolved', 'closed')),
                       COUNT(*) FILTER (WHERE c.sla_met),
                       COUNT(*) FILTER (WHERE c.sla_status = 'at_risk'
                                        AND c.state IN %(unresolved)s),
                       COUNT(*) FILTER (WHERE c.is_overdue
                                        AND c.state IN %(unresolved)s),
                       ROUND(AVG(c.sla_hours)::numeric, 1),
                       ROUND(AVG(c.resolution_hours) FILTER (
                           WHERE c.state IN ('resolved', 'closed'))::numeric, 1),
                       ROUND(AVG(NULLIF(c.satisfaction, 0)), 1),
                       COALESCE(SUM(c.settlement_amount), 0)
                  FROM bigaccount_complaint c
                 WHERE c.id IN %(complaints)s
                 GROUP BY c.category, c.severity, c.tier_id, c.user_id
                 ORDER BY c.category, c.severity, c.tier_id, c.user_id
                """,
                complaints=complaints.subselect(),
                unresolved=UNRESOLVED_COMPLAINT_STATES,
            )
        )
        figures = self.env.cr.fetchall()
        categories = self._ka_selection_labels("bigaccount.complaint", "category")
        severities = self._ka_selection_labels("bigaccount.complaint", "severity")
        tiers = {
            tier.id: tier.name
            for tier in self.env["bigaccount.tier"]
            .sudo()
            .with_context(active_test=False)
            .browse({row[2] for row in figures if row[2]})
        }
        handlers = {
            user.id: user.name
            for user in self.env["res.users"]
            .sudo()
            .browse({row[3] for row in figures if row[3]})
        }
        rows = []
        for (
            category,
            severity,
            tier,
            handler,
            received,
            resolved,
            in_time,
            at_risk,
            late,
            allowed,
            taken,
            sat,
            paid,
        ) in figures:
            rows.append(
                (
                    categories.get(category, category),
                    severities.get(severity, severity),
                    tiers.get(tier, ""),
                    handlers.get(handler, ""),
                    received,
                    resolved,
                    in_time,
                    self._ka_rate(in_time, resolved),
                    at_risk,
                    late,
                    float(allowed) if allowed is not None else None,
                    float(taken) if taken is not None else None,
                    float(sat) if sat is not None else None,
                    float(paid),
                )
            )
        resolved = sum(row[5] for row in rows)
        notes = [
            (self.env._("Complaints received"), sum(row[4] for row in rows)),
            (
                self.env._("SLA compliance (%)"),
                self._ka_rate(sum(row[6] for row in rows), resolved),
            ),
        ]
        return {"rows": [rows], "count": len(rows), "notes": notes}
