# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import float_compare


class BigaccountCompetitor(models.Model):
    """A competitor serving one of our accounts: what it sells there, its
    strengths and weaknesses, its estimated share and how close it is."""

    _name = "bigaccount.competitor"
    _inherit = ["bigaccount.document.mixin"]
    _check_company_auto = True
    _description = "Competitor at an Account"
    _order = "partner_id, share desc, id"

    partner_id = fields.Many2one(string="Account", ondelete="cascade")
    competitor_id = fields.Many2one(
        "res.partner",
        string="Competitor",
        required=True,
        ondelete="restrict",
        check_company=True,
    )
    products = fields.Text(string="Products Supplied")
    strengths = fields.Text()
    weaknesses = fields.Text()
    share = fields.Float(
        string="Estimated Share (%)",
        digits=(5, 2),
        help="Its estimated share of the account's purchases of our kind of "
        "goods; the shares of one account total 100 % at most.",
    )
    closeness = fields.Selection(
        [
            ("distant", "Distant"),
            ("acquainted", "Acquainted"),
            ("close", "Close"),
            ("very_close", "Very close"),
        ],
        string="Closeness to the Customer",
        default="acquainted",
    )

    @api.constrains("share", "partner_id")
    def _check_share(self):
        if any(not 0 <= competitor.share <= 100 for competitor in self):
            raise ValidationError(
                self.env._("A competitor's share goes from 0 to 100 %.")
            )
        # every competitor of the accounts, whoever may read them
        totals = self.sudo()._read_group(
            [("partner_id", "in", self.partner_id.ids)], ["partner_id"], ["share:sum"]
        )
        for _partner, total in totals:
            if float_compare(total or 0.0, 100, precision_digits=2) > 0:
                raise ValidationError(
                    self.env._(
                        "The competitors' shares of an account total %(total)s %%, "
                        "more than 100 %%.",
                        total=round(total, 2),
                    )
                )
