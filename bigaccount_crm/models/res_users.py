# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models

DIRECTOR_GROUP = "bigaccount_crm.group_ka_director"
GM_GROUP = "bigaccount_crm.group_ka_general_manager"


class ResUsers(models.Model):
    _inherit = "res.users"

    ka_manager_grade = fields.Selection(
        [
            ("senior", "Senior / VIP manager"),
            ("intermediate", "Intermediate manager"),
            ("ordinary", "Ordinary manager"),
        ],
        string="Account Manager Grade",
        help="Seed 003: senior (VIP), intermediate and ordinary account managers.",
    )
    ka_rating_average = fields.Float(
        string="Customers' Rating",
        compute="_compute_ka_rating_average",
        digits=(3, 2),
    )
    ka_account_count = fields.Integer(
        string="Accounts Managed", compute="_compute_ka_rating_average"
    )

    def _compute_ka_rating_average(self):
        ratings = {
            manager: average
            for manager, average in self.env["bigaccount.manager.rating"]
            .sudo()
            ._read_group(
                [("manager_id", "in", self.ids)], ["manager_id"], ["score:avg"]
            )
        }
        accounts = dict(
            self.env["res.partner"]
            .sudo()
            ._read_group(
                [("ka_manager_id", "in", self.ids)], ["ka_manager_id"], ["__count"]
            )
        )
        for user in self:
            user.ka_rating_average = ratings.get(user, 0.0)
            user.ka_account_count = accounts.get(user, 0)

    # ------------------------------------------------------------------
    # Roles resolved to people: who is "the director", "the general manager"
    # ------------------------------------------------------------------
    @api.model
    def _ka_role_users(self, group_xmlid, company=None, exclude=None):
        """Active internal users of a role in ``company`` (the current one by
        default), without ``exclude``, in a stable order (by id)."""
        company = company or self.env.company
        users = (
            self.env.ref(group_xmlid)
            .sudo()
            .users.filtered(
                lambda u: u.active and not u.share and company in u.company_ids
            )
        )
        return (users - (exclude or self.browse())).sorted("id")

    @api.model
    def _ka_directors(self, company=None, exclude=None):
        """The directors of ``company``: members of the Director group who
        are not general managers (the GM group implies Director); the
        general managers only where the company has no other director."""
        directors = self._ka_role_users(DIRECTOR_GROUP, company, exclude)
        managers = self._ka_role_users(GM_GROUP, company)
        return (directors - managers) or directors

    @api.model
    def _ka_director_for(self, partner=None, company=None, exclude=None):
        """ "The director" of an account: its manager when the manager is a
        director (and not merely a general manager), else the company's
        first director; never one of ``exclude``. Every activity that asks a
        director, and the first level of an escalation, goes to this user."""
        directors = self._ka_directors(company, exclude)
        manager = (
            partner.sudo().commercial_partner_id.ka_manager_id if partner else None
        )
        if manager and manager in directors:
            return manager
        return directors[:1]

    @api.model
    def _ka_general_manager(self, company=None, exclude=None):
        """The general manager of ``company`` (the first one)."""
        return self._ka_role_users(GM_GROUP, company, exclude)[:1]
