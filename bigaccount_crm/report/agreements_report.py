# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Excel report ``agreements``: the agreements running in the period and
their achievement."""

from odoo import models


class AgreementsReport(models.AbstractModel):
    """The agreements of the period with their annual target, what was
    invoiced in the period and the achievement."""

    _name = "report.bigaccount_crm.agreements"
    _inherit = "bigaccount.report.xlsx"
    _description = "Agreement Achievement"
    # what its queries read, flushed before them
    _ka_reads = (
        "bigaccount.agreement",
        "res.partner",
        "account.move",
    )

    def _ka_columns(self):
        return [
            (self.env._("Agreement"), "text", 16),
            (self.env._("Customer"), "text", 32),
            (self.env._("Account Manager"), "text", 20),
            (self.env._("Kind"), "text", 14),
            (self.env._("Start"), "date", 12),
            (self.env._("End"), "date", 12),
            (self.env._("Status"), "text", 12),
            (self.env._("Annual Target"), "money", 15),
            (self.env._("Invoiced (Agreement Period)"), "money", 18),
            (self.env._("Achievement (%)"), "percent", 14),
        ]

    def _ka_table(self, filters):
        domain = [
            ("date_start", "<=", filters["date_to"]),
            ("date_end", ">=", filters["date_from"]),
            ("company_id", "in", self._ka_companies(filters)),
        ]
        if filters["user_ids"]:
            domain.append(("user_id", "in", filters["user_ids"]))
        if filters["tier_ids"]:
            domain.append(("partner_id.ka_tier_id", "in", filters["tier_ids"]))
        agreements = self.env["bigaccount.agreement"].search(
            domain, order="date_end, name"
        )
        kinds = self._ka_selection_labels("bigaccount.agreement", "kind")
        states = self._ka_selection_labels("bigaccount.agreement", "state")
        rows = [
            (
                agreement.name,
                agreement.partner_id.name,
                agreement.user_id.name,
                kinds.get(agreement.kind),
                agreement.date_start,
                agreement.date_end,
                states.get(agreement.state),
                agreement.target_amount,
                agreement.invoiced_amount,
                agreement.achievement,
            )
            for agreement in agreements
        ]
        return {"rows": [rows], "count": len(rows)}
