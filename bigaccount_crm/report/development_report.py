# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Excel report ``development``: the development funnel against the
managers' targets."""

from odoo import models


class DevelopmentReport(models.AbstractModel):
    """The targets of the managers for periods overlapping the report's,
    against their actual figures, with the prospects open in the funnel."""

    _name = "report.bigaccount_crm.development"
    _inherit = "bigaccount.report.xlsx"
    _description = "Development Funnel against Targets"
    # what its queries read, flushed before them
    _ka_reads = (
        "crm.lead",
        "bigaccount.target",
        "res.partner",
    )

    def _ka_columns(self):
        return [
            (self.env._("Account Manager"), "text", 22),
            (self.env._("From"), "date", 12),
            (self.env._("To"), "date", 12),
            (self.env._("Open Prospects"), "int", 13),
            (self.env._("Targets Identified: Target"), "int", 14),
            (self.env._("Targets Identified: Actual"), "int", 14),
            (self.env._("Decision Makers: Target"), "int", 14),
            (self.env._("Decision Makers: Actual"), "int", 14),
            (self.env._("Showroom: Target"), "int", 12),
            (self.env._("Showroom: Actual"), "int", 12),
            (self.env._("First Orders: Target"), "int", 12),
            (self.env._("First Orders: Actual"), "int", 12),
            (self.env._("Sales: Target"), "money", 14),
            (self.env._("Sales: Actual"), "money", 14),
            (self.env._("Sales (%)"), "percent", 10),
        ]

    def _ka_table(self, filters):
        domain = [
            ("date_from", "<=", filters["date_to"]),
            ("date_to", ">=", filters["date_from"]),
            ("company_id", "in", self._ka_companies(filters)),
        ]
        if filters["user_ids"]:
            domain.append(("user_id", "in", filters["user_ids"]))
        targets = self.env["bigaccount.target"].search(
            domain, order="user_id, date_from"
        )
        funnel = {
            user.id: count
            for user, count in self.env["crm.lead"]._read_group(
                [
                    ("ka_is_development", "=", True),
                    ("stage_id.is_won", "=", False),
                    ("user_id", "in", targets.user_id.ids),
                ],
                ["user_id"],
                ["__count"],
            )
        }
        rows = []
        for target in targets:
            rows.append(
                (
                    target.user_id.name,
                    target.date_from,
                    target.date_to,
                    funnel.get(target.user_id.id, 0),
                    target.target_prospects,
                    target.actual_prospects,
                    target.target_decision_makers,
                    target.actual_decision_makers,
                    target.target_showroom,
                    target.actual_showroom,
                    target.target_first_orders,
                    target.actual_first_orders,
                    target.target_sales,
                    target.actual_sales,
                    self._ka_rate(target.actual_sales, target.target_sales),
                )
            )
        return {"rows": [rows], "count": len(rows)}
