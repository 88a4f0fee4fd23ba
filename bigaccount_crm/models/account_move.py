# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models


class AccountMove(models.Model):
    _inherit = "account.move"

    ka_complaint_id = fields.Many2one(
        "bigaccount.complaint",
        string="Complaint",
        index="btree_not_null",
        copy=False,
        help="The customer complaint this credit note settles.",
    )

    @api.model
    def _ka_guarded_fields(self):
        # linked by the complaint's button that made it
        return super()._ka_guarded_fields() | {"ka_complaint_id"}

    @api.model
    def _build_credit_warning_message(
        self, record, current_amount=0.0, exclude_current=False, exclude_amount=0.0
    ):
        """Odoo's credit banner on invoices (and wherever Odoo builds it)
        with the add-on's exposure where the company uses credit limits, so
        that no screen shows a second, different figure. The document is
        counted in the exposure already (a draft invoice as a draft, one
        from an order in the order's part not invoiced)."""
        company = record.company_id
        partner = record.partner_id.commercial_partner_id
        if record._name != "account.move" or not company.account_use_credit_limit:
            return super()._build_credit_warning_message(
                record,
                current_amount=current_amount,
                exclude_current=exclude_current,
                exclude_amount=exclude_amount,
            )
        if not partner:
            return ""
        status = partner._ka_credit_status(company=company)
        if "limit" not in status["reasons"]:
            return ""
        if not partner._ka_credit_readable():
            return self.env._(
                "%(partner)s is over its credit limit.", partner=partner.name
            )
        return "\n".join(
            [
                self.env._(
                    "%(partner)s is over its credit limit of %(limit)s.",
                    partner=partner.name,
                    limit=status["currency"].format(status["limit"]),
                ),
                partner._ka_credit_summary(status),
            ]
        )
