# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models


class BigaccountAccountTeamMember(models.Model):
    """A member of an account's team (维护四人组) with their role; members
    are kept in the account's team, which gives them its records."""

    _name = "bigaccount.account.team.member"
    _description = "Account Team Member"
    _order = "partner_id, role, id"

    partner_id = fields.Many2one(
        "res.partner",
        string="Account",
        required=True,
        index=True,
        ondelete="cascade",
        domain=["|", ("is_company", "=", True), ("parent_id", "=", False)],
    )
    user_id = fields.Many2one("res.users", string="Member", required=True)
    role = fields.Selection(
        [
            ("maintenance_lead", "Maintenance lead"),
            ("reconciliation", "Order-reconciliation clerk"),
            ("delivery", "Delivery specialist"),
            ("product_support", "Product-support and special-purchase specialist"),
        ],
        required=True,
        help="With the account manager, the four who look after the account "
        "(维护四人组).",
    )

    _sql_constraints = [
        (
            "member_role_unique",
            "UNIQUE(partner_id, role)",
            "Each role of an account team is held by one person.",
        )
    ]

    @api.model_create_multi
    def create(self, vals_list):
        # wrong types get a clear error before anything reads them
        self._ka_check_input_list(vals_list)
        members = super().create(vals_list)
        members.partner_id._ka_sync_team_members()
        return members

    def write(self, vals):
        accounts, users = self.partner_id, self.user_id
        res = super().write(vals)
        (self.partner_id | accounts)._ka_sync_team_members(removed=users)
        return res

    def unlink(self):
        accounts, users = self.partner_id, self.user_id
        res = super().unlink()
        accounts._ka_sync_team_members(removed=users)
        return res
