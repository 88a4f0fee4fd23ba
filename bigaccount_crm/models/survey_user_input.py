# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Satisfaction surveys of key accounts (客户满意度调查) through Odoo Survey.

The tier's survey interval plans an invitation of the account's decision
contacts to the satisfaction survey (a ``survey.survey`` marked
*Key-Account Satisfaction*, shipped with one 1–5 scale question per
dimension): Odoo's survey invitation by email, with a token link per
contact. Their answers come back as the survey's user inputs; the average of
the scale answers of the latest completed one is the account's satisfaction
in its health score. The manager can also enter answers given by phone or
on paper (``bigaccount.survey.entry``).
"""

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models

from .tools import schedule_activities


class SurveyUserInput(models.Model):
    _inherit = "survey.user_input"

    ka_account_id = fields.Many2one(
        "res.partner",
        string="Key Account",
        related="partner_id.commercial_partner_id",
        store=True,
        index=True,
    )
    ka_satisfaction = fields.Float(
        string="Satisfaction (1–5)",
        compute="_compute_ka_satisfaction",
        store=True,
        digits=(3, 2),
        aggregator="avg",
        help="The average of the answered 1–5 scale questions.",
    )

    @api.depends("user_input_line_ids.value_scale", "user_input_line_ids.answer_type")
    def _compute_ka_satisfaction(self):
        for answer in self:
            scores = [
                line.value_scale
                for line in answer.user_input_line_ids
                if line.answer_type == "scale" and line.value_scale
            ]
            answer.ka_satisfaction = sum(scores) / len(scores) if scores else 0.0

    @api.model
    def _ka_survey(self):
        """The key-account satisfaction survey (the first active one)."""
        return (
            self.env["survey.survey"]
            .sudo()
            .search([("ka_satisfaction", "=", True), ("active", "=", True)], limit=1)
        )

    @api.model
    def _ka_decision_contacts(self, accounts):
        """``{account: contacts}``: the contacts with an email whose buying
        role is decision maker, else the account itself when it has an
        email."""
        profiles = (
            self.env["bigaccount.contact.profile"]
            .sudo()
            .search(
                [
                    ("account_id", "in", accounts.ids),
                    ("role", "=", "decision_maker"),
                    ("contact_id.email", "!=", False),
                ]
            )
        )
        contacts = {account: account.browse() for account in accounts}
        for profile in profiles:
            contacts[profile.account_id] |= profile.contact_id
        for account in accounts:
            if not contacts[account] and account.email:
                contacts[account] = account
        return contacts

    @api.model
    def _prepare_ka_invite_vals(self, survey, contacts, deadline):
        """The values of Odoo's survey invitation (``survey.invite``) of
        ``contacts`` to ``survey``."""
        return {
            "survey_id": survey.id,
            "partner_ids": [fields.Command.set(contacts.ids)],
            "existing_mode": "new",
            "deadline": deadline,
            "template_id": self.env.ref(
                "survey.mail_template_user_input_invite", raise_if_not_found=False
            ).id,
        }

    @api.model
    def _cron_ka_plan_surveys(self):
        """Daily: every key account whose tier asks for surveys, with no
        invitation pending and no survey answered within the tier's interval,
        gets its decision contacts invited to the satisfaction survey by
        email (deadline: one month), and its manager an activity to follow it
        up. Accounts without a contact to invite get only the activity (the
        manager enters the answers). Returns the invitations made
        (``survey.user_input`` records, state *new*)."""
        survey = self._ka_survey()
        if not survey:
            return self.browse()
        today = fields.Date.context_today(self)
        accounts = (
            self.env["res.partner"]
            .sudo()
            .search(
                [
                    ("ka_is_key_account", "=", True),
                    ("ka_tier_id.survey_interval_months", ">", 0),
                ]
            )
        )
        # an invitation is pending until answered or past its deadline
        now = fields.Datetime.now()
        pending = {
            account
            for [account] in self.sudo()._read_group(
                [
                    ("survey_id", "=", survey.id),
                    ("ka_account_id", "in", accounts.ids),
                    ("state", "!=", "done"),
                    "|",
                    ("deadline", "=", False),
                    ("deadline", ">=", now),
                ],
                ["ka_account_id"],
            )
        }
        answered = {
            account: last.date()
            for account, last in self.sudo()._read_group(
                [
                    ("survey_id", "=", survey.id),
                    ("ka_account_id", "in", accounts.ids),
                    ("state", "=", "done"),
                ],
                ["ka_account_id"],
                ["end_datetime:max"],
            )
            if last
        }
        due = accounts.filtered(
            lambda account: (
                account not in pending
                and (
                    account not in answered
                    or answered[account]
                    + relativedelta(months=account.ka_tier_id.survey_interval_months)
                    <= today
                )
            )
        )
        contacts = self._ka_decision_contacts(due)
        invited_contacts = self.env["res.partner"].union(
            *(contacts[account] for account in due)
        )
        pending_domain = [
            ("survey_id", "=", survey.id),
            ("partner_id", "in", invited_contacts.ids),
            ("state", "=", "new"),
        ]
        # the invitations made now: those pending after, less those before
        # (expired ones of the same contacts), in two searches for all
        before = self.sudo().search(pending_domain)
        deadline = today + relativedelta(months=1)
        for account in due:
            if not contacts[account]:
                continue
            invite = (
                self.env["survey.invite"]
                .sudo()
                .with_context(default_survey_id=survey.id)
                .create(
                    self._prepare_ka_invite_vals(survey, contacts[account], deadline)
                )
            )
            invite.action_invite()
        invited = self.sudo().search(pending_domain) - before
        # the manager follows the survey up (on the account)
        schedule_activities(
            due.filtered("ka_manager_id"),
            "bigaccount_crm.mail_activity_type_survey",
            lambda account: account.ka_manager_id,
        )
        return invited
