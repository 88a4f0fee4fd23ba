# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models


class PaymentTransaction(models.Model):
    _inherit = "payment.transaction"

    def _check_amount_and_confirm_order(self):
        """An order paid online confirms through the credit check like any
        other: what the payment covers asks nothing of the credit. A part
        left unpaid that the check refuses leaves the order a quotation
        with a message and an activity for its salesperson, instead of
        failing the payment's post-processing (which would be retried and
        fail again every run)."""
        confirmed = super(
            PaymentTransaction, self.with_context(ka_credit_no_raise=True)
        )._check_amount_and_confirm_order()
        return confirmed.filtered(lambda order: order.state == "sale")
