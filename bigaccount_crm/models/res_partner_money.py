# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Who reads the money figures of a key account (monthly gross profit,
margin, invoiced total, largest order, value grade): its manager, its team,
the directors and finance. Others read them empty, and a search, a sort or a
grouped read on them by a manager covers only the accounts he manages or is
on the team of (so that another manager's figures cannot be guessed)."""

from odoo import api, models
from odoo.osv import expression

from .bigaccount_credit_request import FINANCE_GROUP

# Money figures and the grade: read by the account's manager and team, the
# directors and finance only.
MONEY_FIELDS = {
    "ka_tier_basis",
    "ka_tier_basis_own",
    "ka_margin_percent",
    "ka_invoiced_total",
    "ka_largest_order_amount",
    "ka_grade",
    "ka_grade_incomplete",
}


class ResPartner(models.Model):
    _inherit = "res.partner"

    def _ka_reads_every_money_figure(self):
        """Whether the current user reads the money figures of every account
        (superuser, key-account directors, finance)."""
        user = self.env.user
        return (
            self.env.su
            or user.has_group("bigaccount_crm.group_ka_director")
            or user.has_group(FINANCE_GROUP)
        )

    @api.model
    def _ka_money_team_domain(self):
        """The accounts whose money figures the current user reads besides
        those every director reads: the ones he manages or is on the team of."""
        accounts = (
            self.sudo()
            .with_context(active_test=False)
            ._search(
                [
                    "|",
                    ("ka_manager_id", "=", self.env.uid),
                    ("ka_team_user_ids", "in", self.env.uid),
                ]
            )
        )
        return [("commercial_partner_id", "in", accounts)]

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None):
        """A condition on a money figure only matches the accounts whose
        figures the user reads (otherwise searching ``ka_tier_basis > x``
        would tell another manager's figures), and a sort on one is dropped
        for users who do not read every account's."""
        domain = list(domain or [])

        def on_money(leaf):
            return (
                isinstance(leaf, (list, tuple))
                and isinstance(leaf[0], str)
                and leaf[0].split(".")[0] in MONEY_FIELDS
            )

        if not self._ka_reads_every_money_figure() and any(map(on_money, domain)):
            team = self._ka_money_team_domain()
            domain = [
                part
                for leaf in domain
                for part in (["&", leaf, *team] if on_money(leaf) else [leaf])
            ]
        if order and not self._ka_reads_every_money_figure():
            # nor would sorting on them
            order = (
                ",".join(
                    term
                    for term in order.split(",")
                    if term.strip().split(" ")[0] not in MONEY_FIELDS
                )
                or self._order
            )
        return super()._search(domain, offset=offset, limit=limit, order=order)

    @api.model
    def _read_group(
        self,
        domain,
        groupby=(),
        aggregates=(),
        having=(),
        offset=0,
        limit=None,
        order=None,
    ):
        """Totals and groups of money figures cover only the accounts whose
        figures the user reads (his own and his team's), like ``read``."""
        touched = {
            spec.split(":")[0].split(".")[0]
            for spec in [*groupby, *aggregates]
            + [leaf[0] for leaf in having if isinstance(leaf, (list, tuple))]
        }
        if touched & MONEY_FIELDS and not self._ka_reads_every_money_figure():
            domain = expression.AND([domain or [], self._ka_money_team_domain()])
        return super()._read_group(
            domain,
            groupby=groupby,
            aggregates=aggregates,
            having=having,
            offset=offset,
            limit=limit,
            order=order,
        )

    def _read_format(self, fnames, load="_classic_read"):
        """The money figures and grade of an account are read by its
        manager, its team, the directors and finance; others get them
        empty."""
        result = super()._read_format(fnames, load=load)
        hidden = MONEY_FIELDS.intersection(fnames)
        user = self.env.user
        if not hidden or self._ka_reads_every_money_figure():
            return result
        records = self.browse([values["id"] for values in result])
        allowed = {
            record.id
            for record in records.sudo()
            if record.commercial_partner_id.ka_manager_id
            and user
            in (
                record.commercial_partner_id.ka_manager_id
                | record.commercial_partner_id.ka_team_user_ids
            )
        }
        for values in result:
            if values["id"] not in allowed:
                values.update(dict.fromkeys(hidden, False))
        return result
