# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Credit control of res.partner: the one exposure service.

Every place of the add-on that shows or uses a customer's exposure or overdue
amount (order confirmation, delivery validation, the quotation banner, the
customer's Credit tab, the overdue-receivables list and its job, the
dashboard, the credit workbook) reads it from :meth:`_ka_credit_figures`.

The exposure is the sum of named parts, each one small method returning the
SQL of its rows (``_ka_credit_part_<key>``, in ``res_partner_credit_parts.py``),
so that another module can add or change a part the way OCA's
``account_financial_risk`` extends ``_risk_field_list``:

- ``receivable``: residual of the posted, unreconciled receivable journal
  items (open credits, unapplied payments and credit notes, net against the
  debts);
- ``uninvoiced``: confirmed orders less what *posted* invoices took from
  them (down payments included, whatever the invoice policy), or what their
  draft invoices ask when that is more;
- ``paid_online``: what online payments (authorised or done transactions
  not yet booked as a payment) cover of those orders, as a negative amount;
- ``draft``: draft customer invoices and credit notes whose lines do not
  come from a confirmed order (those are counted with their order).

Overdue is not a part of the exposure: it is the residual of the receivable
items whose own due date (``date_maturity``: each instalment of a payment
term) is before the cut-off, less the open credits, never below zero.
"""

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.tools import SQL

from .bigaccount_credit_request import FINANCE_GROUP

CREDIT_MODES = [
    ("block", "Block"),
    ("warn", "Warn only"),
    ("none", "No check"),
]
KA_GROUP = "bigaccount_crm.group_ka_user"
DIRECTOR_GROUP = "bigaccount_crm.group_ka_director"
# Who may read credit figures at all; within the key-account users, only the
# account's manager and team (checked per record).
CREDIT_READERS = f"{KA_GROUP},{FINANCE_GROUP}"
# The figure fields of the Credit tab and the parts they show.
CREDIT_FIGURE_FIELDS = {
    "ka_credit_limit": "limit",
    "ka_credit_exposure": "exposure",
    "ka_credit_receivable": "receivable",
    "ka_credit_uninvoiced": "uninvoiced",
    "ka_credit_paid_online": "paid_online",
    "ka_credit_draft": "draft",
    "ka_credit_overdue": "overdue",
    "ka_credit_headroom": "headroom",
}


def _credit_figure(string, **kwargs):
    """A credit figure of the Credit tab: computed by the service, in the
    company currency, for its readers only."""
    return fields.Monetary(
        string=string,
        currency_field="ka_currency_id",
        compute="_compute_ka_credit_figures",
        groups=CREDIT_READERS,
        **kwargs,
    )


class ResPartner(models.Model):
    _inherit = "res.partner"

    ka_credit_hold = fields.Boolean(
        string="Credit Hold",
        tracking=True,
        copy=False,
        groups="base.group_user",
        help="Set by finance: orders cannot be confirmed and deliveries cannot "
        "be validated, whatever the company's credit settings.",
    )
    ka_credit_hold_reason = fields.Char(
        string="Credit Hold Reason", copy=False, groups="base.group_user"
    )
    ka_credit_mode = fields.Selection(
        CREDIT_MODES,
        string="Credit Check",
        tracking=True,
        groups="base.group_user",
        help="Block, warn only or no check when an order is confirmed; empty: "
        "as the customer's tier says (block without a tier).",
        copy=False,
    )
    ka_credit_pool = fields.Boolean(
        string="Group Credit Pool",
        tracking=True,
        groups="base.group_user",
        help="This company's credit limit covers its subsidiaries: their "
        "exposure adds up against it.",
        copy=False,
    )
    ka_credit_request_ids = fields.One2many(
        "bigaccount.credit.request",
        "partner_id",
        string="Guaranteed-Delivery Requests",
        groups="sales_team.group_sale_salesman,account.group_account_manager,"
        "stock.group_stock_user",
    )
    ka_collection_action_ids = fields.One2many(
        "bigaccount.collection.action",
        "partner_id",
        string="Collection Actions",
        groups=f"sales_team.group_sale_salesman,{FINANCE_GROUP}",
    )
    ka_credit_review_ids = fields.One2many(
        "bigaccount.credit.review",
        "partner_id",
        string="Credit Reviews",
        groups=f"sales_team.group_sale_salesman,{FINANCE_GROUP}",
    )
    ka_statement_ids = fields.One2many(
        "bigaccount.statement",
        "partner_id",
        string="Customer Statements",
        groups=CREDIT_READERS,
    )
    # Odoo's own credit limit, tracked: it changes through approved credit
    # reviews or by finance directly.
    credit_limit = fields.Float(tracking=True)

    ka_credit_visible = fields.Boolean(
        string="May Read the Credit Figures",
        compute="_compute_ka_credit_figures",
        groups=CREDIT_READERS,
    )
    ka_credit_limit = _credit_figure(
        "Applicable Credit Limit",
        help="The customer's own credit limit, or the company's default one; "
        "the group's with a group credit pool. Zero: no limit.",
    )
    ka_credit_exposure = _credit_figure(
        "Credit Exposure",
        help="Open receivables + confirmed orders not invoiced - paid online "
        "+ draft invoices.",
    )
    ka_credit_receivable = _credit_figure("Open Receivables")
    ka_credit_uninvoiced = _credit_figure("Confirmed Orders Not Invoiced")
    ka_credit_paid_online = _credit_figure("Paid Online, Not Yet Booked")
    ka_credit_draft = _credit_figure("Draft Invoices")
    ka_credit_overdue = _credit_figure("Overdue Beyond Grace")
    ka_credit_headroom = _credit_figure(
        "Headroom",
        help="Credit limit less exposure.",
    )
    ka_credit_blocked = fields.Boolean(
        string="Credit Blocked",
        compute="_compute_ka_credit_figures",
        groups="base.group_user",
    )
    ka_credit_message = fields.Text(
        string="Credit Decision",
        compute="_compute_ka_credit_figures",
        groups="base.group_user",
    )

    # ------------------------------------------------------------------
    # Who reads the figures
    # ------------------------------------------------------------------
    def _ka_credit_readable(self):
        """Whether the current user may read the credit figures of ``self``
        (a commercial partner): finance, directors, and the account's
        manager and team."""
        self.ensure_one()
        user = self.env.user
        if (
            user._is_superuser()
            or user.has_group(FINANCE_GROUP)
            or user.has_group(DIRECTOR_GROUP)
        ):
            return True
        if not user.has_group(KA_GROUP):
            return False
        account = self.sudo()
        return user in (account.ka_manager_id | account.ka_team_user_ids)

    @api.depends_context("uid", "company")
    def _compute_ka_credit_figures(self):
        empty = dict.fromkeys(CREDIT_FIGURE_FIELDS, 0.0)
        commercials = self.commercial_partner_id.filtered("id")
        figures = (
            commercials._ka_credit_figures(self.env.company) if commercials else {}
        )
        for partner in self:
            commercial = partner.commercial_partner_id
            figure = figures.get(commercial.id)
            if not figure:
                partner.update(
                    dict(
                        empty,
                        ka_credit_visible=False,
                        ka_credit_blocked=False,
                        ka_credit_message=False,
                    )
                )
                continue
            status = commercial._ka_credit_decide(figure)
            visible = commercial._ka_credit_readable()
            values = {
                fname: figure[key] if visible else 0.0
                for fname, key in CREDIT_FIGURE_FIELDS.items()
            }
            values.update(
                ka_credit_visible=visible,
                ka_credit_blocked=status["blocked"],
                ka_credit_message=commercial._ka_credit_message(
                    status, commercial.display_name, show_figures=visible
                )
                if status["reasons"]
                else False,
            )
            partner.update(values)

    # ------------------------------------------------------------------
    # The service
    # ------------------------------------------------------------------
    def _ka_credit_pool_root(self):
        """The partner whose credit limit applies to ``self`` (a commercial
        partner): the highest parent company with a group credit pool, or
        ``self``."""
        self.ensure_one()
        root = self
        ancestor = self.parent_id
        while ancestor:
            if ancestor.ka_credit_pool:
                root = ancestor
            ancestor = ancestor.parent_id
        return root

    def _ka_credit_settings(self):
        """Grace days, overdue scope and delivery blocking, from the settings
        (only these three: the check runs at every confirmation)."""
        cfg = self._ka_settings(
            (
                "ka_credit_grace_days",
                "ka_credit_overdue_scope",
                "ka_credit_block_deliveries",
            )
        )
        return {
            "grace_days": cfg["ka_credit_grace_days"],
            "overdue_scope": cfg["ka_credit_overdue_scope"],
            "block_deliveries": cfg["ka_credit_block_deliveries"],
        }

    def _ka_credit_figures(self, company, exclude_order=None, grace_days=None):
        """The credit figures of the commercial partners ``self`` in
        ``company``, read with sudo in one query.

        :param company: ``res.company``; figures are in its currency.
        :param exclude_order: a ``sale.order`` left out of the exposure (the
            order being confirmed).
        :param grace_days: days past the due date before an amount counts as
            overdue (default: the setting).
        :return: ``{partner id: dict}`` with, for each partner, the figures
            of its credit account (the group's with a group credit pool):
            every part of :meth:`_ka_credit_part_list` by key, ``exposure``
            (their sum), ``overdue``, ``oldest_due`` (date or False),
            ``limit`` (0.0 when there is none or the company does not use
            credit limits), ``headroom``, ``root`` (the account, a partner),
            ``company``, ``currency``, ``grace_days`` and ``parts`` (the
            ``[(key, label)]`` list). Rule: the module docstring.
        """
        company = company.sudo()
        settings = self._ka_credit_settings()
        if grace_days is None:
            grace_days = settings["grace_days"]
        # the query reads these tables: write what is pending in them
        for model in (
            "account.move",
            "account.move.line",
            "sale.order",
            "sale.order.line",
            "payment.transaction",
            "res.partner",
        ):
            self.env[model].flush_model()
        # each partner's credit account: its highest parent company with a
        # group credit pool, or itself; and the account's limit (Odoo's
        # company-dependent credit limit, the company default as fallback)
        use_limits = company.account_use_credit_limit
        fallback = (
            self.sudo()
            .with_company(company)
            ._fields["credit_limit"]
            .get_company_dependent_fallback(self.sudo().with_company(company))
        )
        # SQL: limits and credit accounts of all the customers in one query
        self.env.cr.execute(
            SQL(
                """
                WITH RECURSIVE up(partner, ancestor, depth) AS (
                    SELECT id, id, 0 FROM unnest(%(ids)s::int[]) AS id
                    UNION ALL
                    SELECT up.partner, p.parent_id, up.depth + 1
                      FROM up
                      JOIN res_partner p ON p.id = up.ancestor
                     WHERE p.parent_id IS NOT NULL
                )
                SELECT DISTINCT ON (up.partner) up.partner, up.ancestor,
                       COALESCE((a.credit_limit->>%(company)s)::numeric,
                                %(fallback)s),
                       COALESCE(a.ka_credit_pool, FALSE)
                  FROM up
                  JOIN res_partner a ON a.id = up.ancestor
                 WHERE up.depth = 0 OR a.ka_credit_pool
                 ORDER BY up.partner, up.depth DESC
                """,
                ids=self.ids,
                company=str(company.id),
                fallback=fallback or 0.0,
            )
        )
        roots = {}
        accounts = {}
        for partner_id, root_id, limit, pooled in self.env.cr.fetchall():
            roots[partner_id] = root_id
            accounts[root_id] = (float(limit or 0.0), pooled)
        today = fields.Date.context_today(self)
        cutoff = today - relativedelta(days=grace_days)
        # SQL: every exposure part of all the customers in one query
        rows = self._ka_credit_rows(
            list(accounts),
            [root for root, (_limit, pooled) in accounts.items() if pooled],
            [company.id],
            cutoff,
            exclude_order.id if exclude_order else 0,
        )
        part_list = self._ka_credit_part_list()
        currency = company.currency_id
        by_root = {
            root_id: dict(
                dict.fromkeys((key for key, _label in part_list), 0.0),
                overdue=0.0,
                oldest_due=False,
                overdue_count=0,
            )
            for root_id in accounts
        }
        for part, account, _company, amount, oldest, count in rows:
            figures = by_root[account]
            figures[part] += float(amount or 0.0)
            if part == "overdue":
                figures["oldest_due"] = oldest
                figures["overdue_count"] = count
        for root_id, (limit, _pooled) in accounts.items():
            figures = by_root[root_id]
            for key, value in figures.items():
                if isinstance(value, float):
                    figures[key] = currency.round(value)
            limit = limit if use_limits else 0.0
            figures["exposure"] = currency.round(
                sum(figures[key] for key, _label in part_list)
            )
            figures.update(
                root=self.browse(root_id).sudo(),
                company=company,
                currency=currency,
                grace_days=grace_days,
                parts=part_list,
                limit=limit,
                headroom=currency.round(limit - figures["exposure"]),
                use_limits=use_limits,
                overdue_scope=settings["overdue_scope"],
            )
        return {partner_id: by_root[root_id] for partner_id, root_id in roots.items()}

    def _ka_credit_decide(self, figures, amount=0.0):
        """The decision for the commercial partner ``self`` given its
        ``figures`` (from :meth:`_ka_credit_figures`) and ``amount``, what
        the caller is about to add (company currency).

        Rules (README, credit control): a credit hold set by finance always
        stops; nothing else is checked in a company that does not use credit
        limits. The limit applies where the account has one (its own or the
        company default). Overdue stops customers under credit control (with
        a limit) by default; the setting extends it to every customer or
        switches it off. The mode (customer, else tier, else block) says
        whether a failed check stops or only warns.

        :return: the figures updated with ``partner``, ``amount``, ``mode``,
            ``hold_reason``, ``reasons`` (list of ``hold``, ``overdue``,
            ``limit``) and ``blocked``.
        """
        self.ensure_one()
        partner = self.sudo()
        root = figures["root"]
        currency = figures["currency"]
        mode = partner.ka_credit_mode or partner.ka_tier_id.credit_mode or "block"
        reasons = []
        if partner.ka_credit_hold or root.ka_credit_hold:
            reasons.append("hold")
        limit = figures["limit"]
        if figures["use_limits"] and mode != "none":
            scope = figures["overdue_scope"]
            if (
                scope == "all" or (scope == "limited" and limit > 0)
            ) and currency.compare_amounts(figures["overdue"], 0) > 0:
                reasons.append("overdue")
            if (
                limit > 0
                and currency.compare_amounts(figures["exposure"] + amount, limit) > 0
            ):
                reasons.append("limit")
        return dict(
            figures,
            partner=partner,
            amount=amount,
            mode=mode,
            hold_reason=partner.ka_credit_hold_reason
            or root.ka_credit_hold_reason
            or "",
            reasons=reasons,
            blocked="hold" in reasons or (mode == "block" and bool(reasons)),
        )

    def _ka_credit_status(self, company=None, amount=0.0, order=None):
        """The credit decision for the commercial partner ``self``: its
        figures (:meth:`_ka_credit_figures`, with ``order`` left out) and
        the decision for adding ``amount`` (company currency) to them
        (:meth:`_ka_credit_decide`). Figures are read with sudo, so that a
        salesperson without accounting rights gets the same decision as
        finance."""
        self.ensure_one()
        partner = self.commercial_partner_id.sudo()
        company = company or self.env.company
        figures = partner._ka_credit_figures(company, exclude_order=order)[partner.id]
        return partner._ka_credit_decide(figures, amount)

    @api.model
    def _ka_credit_message(self, status, document, show_figures=True, order=None):
        """The translated explanation of a credit decision.

        :param status: from :meth:`_ka_credit_status`.
        :param document: the name of what is stopped (order, delivery,
            customer).
        :param show_figures: False for a user who may not read the figures:
            the reasons without amounts.
        :param order: the order being confirmed, if any: the message speaks
            of "this order" only then.
        """
        fmt = status["currency"].format
        lines = [
            self.env._(
                "%(document)s is stopped by the credit control of %(partner)s:",
                document=document,
                partner=status["partner"].display_name,
            )
        ]
        if "hold" in status["reasons"]:
            lines.append(
                self.env._(
                    "- the customer is on credit hold (%(reason)s);",
                    reason=status["hold_reason"] or self.env._("no reason given"),
                )
            )
        if "overdue" in status["reasons"]:
            if show_figures:
                lines.append(
                    self.env._(
                        "- %(amount)s of invoices are overdue beyond the "
                        "%(days)s-day grace period;",
                        amount=fmt(status["overdue"]),
                        days=status["grace_days"],
                    )
                )
            else:
                lines.append(
                    self.env._(
                        "- invoices are overdue beyond the %(days)s-day grace period;",
                        days=status["grace_days"],
                    )
                )
        if "limit" in status["reasons"]:
            pool = (
                self.env._(
                    " (group credit pool of %(root)s)",
                    root=status["root"].display_name,
                )
                if status["root"] != status["partner"]
                else ""
            )
            if order and show_figures:
                lines.append(
                    self.env._(
                        "- this order (%(amount)s) takes the exposure over the "
                        "credit limit of %(limit)s%(pool)s;",
                        amount=fmt(status["amount"]),
                        limit=fmt(status["limit"]),
                        pool=pool,
                    )
                )
            elif order:
                lines.append(
                    self.env._(
                        "- this order takes the exposure over the credit "
                        "limit%(pool)s;",
                        pool=pool,
                    )
                )
            elif show_figures:
                lines.append(
                    self.env._(
                        "- the exposure is over the credit limit of %(limit)s%(pool)s;",
                        limit=fmt(status["limit"]),
                        pool=pool,
                    )
                )
            else:
                lines.append(
                    self.env._(
                        "- the exposure is over the credit limit%(pool)s;", pool=pool
                    )
                )
        if show_figures:
            lines.append(self._ka_credit_summary(status))
        return "\n".join(lines)

    @api.model
    def _ka_credit_summary(self, status):
        """One translated line of the figures: limit, exposure by part,
        overdue."""
        fmt = status["currency"].format
        return self.env._(
            "Credit limit %(limit)s; exposure %(exposure)s = open receivables "
            "%(receivable)s + confirmed orders not invoiced %(uninvoiced)s "
            "- paid online %(paid)s + draft invoices %(draft)s; overdue "
            "%(overdue)s.",
            limit=fmt(status["limit"]) if status["limit"] else self.env._("none"),
            exposure=fmt(status["exposure"]),
            receivable=fmt(status["receivable"]),
            uninvoiced=fmt(status["uninvoiced"]),
            paid=fmt(-status["paid_online"]),
            draft=fmt(status["draft"]),
            overdue=fmt(status["overdue"]),
        )

    def _ka_credit_lock(self):
        """Serialise credit decisions on one pool: lock the root's row and
        give it a new row version, so that a concurrent confirmation waits
        and then fails to serialise (Odoo retries it and it sees this one).
        That failure is the expected answer under concurrency, not an error
        to log: Odoo logs the retry."""
        # SQL: a row lock without the ORM's write side effects
        self.env.cr.execute(
            SQL(
                "UPDATE res_partner SET write_date = write_date WHERE id = %s",
                self.id,
            ),
            log_exceptions=False,
        )
