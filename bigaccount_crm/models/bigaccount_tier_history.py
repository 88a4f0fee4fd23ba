# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class BigaccountTierHistory(models.Model):
    """One change of a customer's tier: by the job, a pin or its expiry."""

    _name = "bigaccount.tier.history"
    _check_company_auto = True
    _description = "Key-Account Tier Change"
    _order = "date desc, id desc"
    _rec_name = "partner_id"

    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
    )
    # the customer's company when the tier changed, set by the one writer
    # (res.partner._ka_log_tier_changes) rather than a related field, which
    # would cost the tier job one UPDATE per 100 rows after the INSERT
    company_id = fields.Many2one("res.company", index=True, readonly=True)
    old_tier_id = fields.Many2one(
        "bigaccount.tier", string="Old Tier", ondelete="restrict"
    )
    new_tier_id = fields.Many2one(
        "bigaccount.tier", string="New Tier", ondelete="restrict"
    )
    basis = fields.Monetary(
        string="Monthly Gross Profit",
        help="Average monthly gross profit the tier was computed from.",
    )
    currency_id = fields.Many2one("res.currency", required=True)
    date = fields.Datetime(required=True, default=fields.Datetime.now, index=True)
    user_id = fields.Many2one(
        "res.users", string="Changed By", default=lambda self: self.env.user
    )
    source = fields.Selection(
        [
            ("job", "Tier job"),
            ("pin", "Pinned by hand"),
            ("unpin", "Pin removed"),
        ],
        required=True,
        default="job",
    )
    run_id = fields.Many2one(
        "bigaccount.tier.run", string="Job Run", ondelete="set null"
    )
    reason = fields.Char()
