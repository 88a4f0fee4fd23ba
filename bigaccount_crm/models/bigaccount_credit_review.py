# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .bigaccount_credit_request import FINANCE_GROUP
from .bigaccount_workflow_mixin import APPROVAL_STATES
from .tools import flush_models, schedule_activities


class BigaccountCreditReview(models.Model):
    """Periodic credit review (信用评估): the way a credit limit changes,
    besides finance editing it directly."""

    _name = "bigaccount.credit.review"
    _check_company_auto = True
    _description = "Credit Review"
    _inherit = [
        "bigaccount.document.mixin",
        "mail.thread",
        "mail.activity.mixin",
        "bigaccount.workflow.mixin",
    ]
    _order = "date desc, id desc"
    _rec_name = "partner_id"
    # who prepared it and what finance decided: the buttons only
    _ka_workflow_fields = frozenset(
        {"state", "approver_id", "current_limit", "user_id"}
    )
    _ka_decided_states = ("approved", "refused")
    _ka_decision_fields = frozenset(
        {
            "partner_id",
            "company_id",
            "proposed_limit",
            "approved_limit",
            "rating",
            "date",
        }
    )

    partner_id = fields.Many2one(tracking=True)
    date = fields.Date(required=True, default=fields.Date.context_today, tracking=True)
    rating = fields.Selection(
        [
            ("a", "A: excellent"),
            ("b", "B: good"),
            ("c", "C: acceptable"),
            ("d", "D: poor"),
            ("e", "E: no credit"),
        ],
        required=True,
        tracking=True,
    )
    current_limit = fields.Monetary(
        string="Limit Before", readonly=True, help="Credit limit when approved."
    )
    proposed_limit = fields.Monetary(required=True, tracking=True)
    approved_limit = fields.Monetary(tracking=True)
    note = fields.Text(string="Assessment")
    user_id = fields.Many2one(
        "res.users",
        string="Prepared By",
        required=True,
        default=lambda self: self.env.user,
        readonly=True,
    )
    approver_id = fields.Many2one("res.users", string="Approved By", readonly=True)
    state = fields.Selection(
        APPROVAL_STATES,
        default="draft",
        required=True,
        tracking=True,
        index=True,
    )

    @api.constrains("proposed_limit", "approved_limit")
    def _check_limits(self):
        for review in self:
            if review.proposed_limit < 0 or review.approved_limit < 0:
                raise ValidationError(self.env._("A credit limit cannot be negative."))

    def action_submit(self):
        self._check_state({"draft"})
        self._ka_workflow_write({"state": "submitted"})
        self._ka_record_submission()
        return True

    def _check_finance(self):
        """Finance decides a submitted review; not the person who prepared
        or submitted it (``_check_not_own``)."""
        self._check_group(
            FINANCE_GROUP, self.env._("Only finance approves credit reviews.")
        )
        self._check_state({"submitted"})
        self._check_not_own(
            self.env._("Nobody approves the credit review they prepared.")
        )

    def action_approve(self):
        """Apply the approved limit (the proposed one unless finance set
        another) to the customer; the review keeps the record."""
        self._check_finance()
        for review in self:
            limit = review.approved_limit or review.proposed_limit
            partner = review.partner_id.commercial_partner_id.with_company(
                review.company_id
            )
            review._ka_workflow_write(
                {
                    "state": "approved",
                    "approver_id": self.env.user.id,
                    "approved_limit": limit,
                    "current_limit": partner.sudo().credit_limit,
                }
            )
            partner.with_context(bigaccount_credit_review=review.id).write(
                {"credit_limit": limit}
            )
            # on the review, which the account team, directors and finance
            # read; not on the customer, which every user reads
            review.message_post(
                body=self.env._(
                    "Credit limit set to %(limit)s by credit review of %(date)s "
                    "(rating %(rating)s).",
                    limit=review.currency_id.format(limit),
                    date=review.date,
                    rating=dict(
                        review._fields["rating"]._description_selection(self.env)
                    )[review.rating],
                )
            )
        return True

    def action_refuse(self):
        self._check_finance()
        self._ka_workflow_write({"state": "refused", "approver_id": self.env.user.id})
        return True

    @api.model
    def _prepare_review_vals(self, partner, user, last_rating):
        """The values of the periodic review of ``partner`` prepared for
        ``user`` (finance): its current limit proposed again, its last
        approved rating (``c`` without one)."""
        company = partner.company_id or self.env.company
        return {
            "partner_id": partner.id,
            "company_id": company.id,
            "user_id": user.id,
            "rating": last_rating or "c",
            "proposed_limit": partner.with_company(company).credit_limit,
            "note": self.env._("Periodic review due."),
        }

    @api.model
    def _cron_review_reminders(self):
        """A draft review prepared for finance, with its activity, for each
        key account whose last approved review is older than the review
        interval, unless one is already open (idempotent); on the review,
        which the account team, directors and finance read, not on the
        customer."""
        months = self.env["res.partner"]._ka_settings()["ka_credit_review_months"]
        due_before = fields.Date.context_today(self) - relativedelta(months=months)
        flush_models(self.env, [self._name, "res.partner"])
        # SQL: the accounts due for a review in one anti-join
        self.env.cr.execute(
            """
            SELECT partner.id
              FROM res_partner partner
             WHERE partner.ka_is_key_account
               AND partner.active
               AND NOT EXISTS (
                   SELECT 1 FROM bigaccount_credit_review review
                    WHERE review.partner_id = partner.id
                      AND review.state = 'approved'
                      AND review.date > %s)
            """,
            [due_before],
        )
        partners = self.env["res.partner"].browse(
            [row[0] for row in self.env.cr.fetchall()]
        )
        activity_type = self.env.ref("bigaccount_crm.mail_activity_type_credit_review")
        finance = self.env.ref(FINANCE_GROUP).users.filtered(lambda u: not u.share)[:1]
        pending = self.search(
            [
                ("partner_id", "in", partners.ids),
                ("state", "in", ("draft", "submitted")),
            ]
        ).partner_id
        todo = partners - pending
        last_ratings = {}
        for review in self.search(
            [("partner_id", "in", todo.ids), ("state", "=", "approved")],
            order="date desc, id desc",
        ):
            last_ratings.setdefault(review.partner_id, review.rating)
        reviews = self.with_context(tracking_disable=True).create(
            [
                self._prepare_review_vals(
                    partner, finance or self.env.user, last_ratings.get(partner)
                )
                for partner in todo
            ]
        )
        schedule_activities(reviews, activity_type, lambda review: review.user_id)
        return len(todo)
