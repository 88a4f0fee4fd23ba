# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.tools.mail import generate_tracking_message_id

from .tools import insert_rows

# The columns of a history row the tier job inserts, with their SQL types.
HISTORY_COLUMNS = [
    ("partner_id", "int4"),
    ("company_id", "int4"),
    ("old_tier_id", "int4"),
    ("new_tier_id", "int4"),
    ("basis", "numeric"),
    ("currency_id", "int4"),
    ("date", "timestamp"),
    ("user_id", "int4"),
    ("source", "varchar"),
    ("run_id", "int4"),
    ("reason", "varchar"),
]


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
    # (``_ka_log_changes``) rather than a related field, which
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

    @api.model
    def _prepare_tier_history_vals(
        self, partner, old, new, basis, source, run, reason, now, currency_id
    ):
        """The values of the history row of one tier change of ``partner``
        (``old`` and ``new`` tiers, the monthly gross profit ``basis``), as
        the ORM would store them: one value per column of
        ``HISTORY_COLUMNS``."""
        return {
            "partner_id": partner.id,
            "company_id": partner.company_id.id or None,
            "old_tier_id": old.id or None,
            "new_tier_id": new.id or None,
            "basis": basis,
            "currency_id": currency_id,
            "date": now,
            "user_id": self.env.uid,
            "source": source,
            "run_id": run.id if run else None,
            "reason": reason or None,
        }

    @api.model
    def _ka_log_changes(self, changes, run=None, source="job", reason=False):
        """History rows and chatter tracking for tier changes, in batch.

        ``changes`` is a list of ``(partner, old_tier, new_tier, basis)``;
        ``source`` a value of the ``source`` field, ``run`` the job's run.
        The rows are inserted in SQL, one statement per table whatever the
        number of changes: the nightly job may change thousands of tiers,
        and the ORM would insert them 100 at a time, computing each row's
        defaults. The values are those the ORM would store.
        """
        partners = (
            self.env["res.partner"].browse([change[0].id for change in changes]).sudo()
        )
        partners.fetch(["company_id"])  # that column only, for all at once
        now = fields.Datetime.now()
        currency_id = self.env.company.currency_id.id
        rows = [
            self._prepare_tier_history_vals(
                partner, old, new, basis, source, run, reason, now, currency_id
            )
            for partner, (_partner, old, new, basis) in zip(
                partners, changes, strict=True
            )
        ]
        insert_rows(
            self.env,
            self._name,
            HISTORY_COLUMNS,
            [tuple(row[column] for column, _type in HISTORY_COLUMNS) for row in rows],
        )
        partners.invalidate_recordset(["ka_tier_history_ids"])
        if source != "job":
            # by hand: the ORM write has tracked the change already
            return
        # The job's changes are logged as ORM tracking would, with the values
        # Odoo gives notes logged on many documents at once
        # (mail.thread._message_log_batch), then their tracking values.
        author_id, email_from = partners._message_compute_author(raise_on_email=False)
        reply_to = self.env["mail.thread"]._notify_get_reply_to(default=email_from)
        subtype_id = self.env["ir.model.data"]._xmlid_to_res_id("mail.mt_note")
        message_ids = insert_rows(
            self.env,
            "mail.message",
            [
                ("model", "varchar"),
                ("res_id", "int4"),
                ("message_type", "varchar"),
                ("subtype_id", "int4"),
                ("is_internal", "bool"),
                ("author_id", "int4"),
                ("email_from", "varchar"),
                ("reply_to", "varchar"),
                ("message_id", "varchar"),
                ("email_add_signature", "bool"),
                ("body", "text"),
                ("date", "timestamp"),
            ],
            [
                (
                    "res.partner",
                    partner.id,
                    "notification",
                    subtype_id,
                    True,
                    author_id,
                    email_from,
                    reply_to[False],
                    generate_tracking_message_id("message-notify"),
                    False,
                    "",
                    now,
                )
                for partner in partners
            ],
        )
        field = self.env["ir.model.fields"]._get("res.partner", "ka_tier_id")
        insert_rows(
            self.env,
            "mail.tracking.value",
            [
                ("mail_message_id", "int4"),
                ("field_id", "int4"),
                ("old_value_integer", "int4"),
                ("old_value_char", "varchar"),
                ("new_value_integer", "int4"),
                ("new_value_char", "varchar"),
            ],
            [
                (
                    message_id,
                    field.id,
                    old.id or 0,
                    old.display_name or "",
                    new.id or 0,
                    new.display_name or "",
                )
                for message_id, (_partner, old, new, _basis) in zip(
                    message_ids, changes, strict=True
                )
            ],
        )
        partners.invalidate_recordset(["message_ids"])
