# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL

from .bigaccount_visit import DIRECTOR_GROUP, GM_GROUP
from .tools import flush_models

LEVELS_5 = [(str(n), str(n)) for n in range(1, 6)]


class BigaccountArchive(models.Model):
    """The archive card of a key account (客户档案): opened after its first
    transaction, signed off by its manager, a director and the general
    manager, and audited by spot checks."""

    _name = "bigaccount.archive"
    _check_company_auto = True
    _description = "Customer Archive Card"
    _inherit = [
        "bigaccount.document.mixin",
        "mail.thread",
        "mail.activity.mixin",
        "bigaccount.workflow.mixin",
        "bigaccount.numbered.mixin",
    ]
    _order = "name desc"
    _ka_sequence_code = "bigaccount.archive"
    _ka_workflow_fields = frozenset(
        {"state", "manager_signed_by", "director_signed_by", "gm_signed_by"}
    )
    # the signatures cover the card as it was signed
    _ka_locked_states = ("manager", "director", "done")
    _ka_owner_field = None

    name = fields.Char(string="Archive Number")
    partner_id = fields.Many2one(
        string="Account", ondelete="cascade", domain=[("ka_is_key_account", "=", True)]
    )
    date_open = fields.Date(
        string="Opened On", required=True, default=fields.Date.context_today
    )
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("manager", "Signed by the Manager"),
            ("director", "Signed by the Director"),
            ("done", "Signed by the General Manager"),
        ],
        default="draft",
        required=True,
        tracking=True,
    )
    manager_signed_by = fields.Many2one("res.users", readonly=True, copy=False)
    director_signed_by = fields.Many2one("res.users", readonly=True, copy=False)
    gm_signed_by = fields.Many2one("res.users", readonly=True, copy=False)
    # Company facts
    ownership = fields.Selection(
        [
            ("state", "State-owned"),
            ("joint_venture", "Joint venture"),
            ("private", "Private"),
            ("joint_stock", "Joint-stock"),
            ("foreign", "Foreign"),
            ("public", "Public institution"),
        ]
    )
    supervising_authority = fields.Char()
    legal_representative = fields.Char()
    licence_number = fields.Char(string="Business Licence Number")
    bank_account = fields.Char()
    registered_capital = fields.Float()
    founding_year = fields.Integer()
    industry_position = fields.Selection(
        [("leading", "Leading"), ("middle", "Middle"), ("lagging", "Lagging")]
    )
    peer_reputation = fields.Selection(LEVELS_5, help="1 (poor) to 5 (excellent).")
    bank_credit = fields.Selection(LEVELS_5, help="1 (poor) to 5 (excellent).")
    funds = fields.Selection(
        [
            ("sufficient", "Sufficient"),
            ("normal", "Normal"),
            ("insufficient", "Insufficient"),
            ("tight", "Tight"),
        ],
        string="Funds Situation",
    )
    payment_attitude = fields.Selection(
        [
            ("prompt", "Prompt"),
            ("normal", "Normal"),
            ("slow", "Slow"),
            ("difficult", "Difficult"),
            ("chronic", "Chronic arrears"),
        ]
    )
    market_share = fields.Float(string="Its Market Share (%)", digits=(5, 2))
    monthly_sales = fields.Float(string="Its Monthly Sales")
    main_products = fields.Text()
    bidding_habits = fields.Text(string="Bidding and Contracting Habits")
    price_level = fields.Selection(
        [("high", "High"), ("medium", "Medium"), ("low", "Low")]
    )
    goods_usage = fields.Text(
        string="Use of Our Kind of Goods", help="Quantities and brands used."
    )
    willing_to_change = fields.Selection(
        [("yes", "Willing"), ("maybe", "Open to it"), ("no", "Not willing")],
        string="Willing to Change Suppliers",
    )
    current_suppliers = fields.Text()
    development_plan = fields.Text()
    referred_by_id = fields.Many2one(
        related="partner_id.ka_referred_by_id",
        readonly=False,
        help="The customer who referred this account to us.",
    )
    audit_ids = fields.One2many("bigaccount.archive.audit", "archive_id")

    _sql_constraints = [
        ("partner_unique", "UNIQUE(partner_id)", "An account has one archive card.")
    ]

    @api.constrains("market_share", "founding_year", "registered_capital")
    def _check_figures(self):
        for archive in self:
            if not 0 <= archive.market_share <= 100:
                raise ValidationError(
                    self.env._("A market share goes from 0 to 100 %.")
                )
            if archive.registered_capital < 0 or archive.founding_year < 0:
                raise ValidationError(
                    self.env._("Capital and founding year cannot be negative.")
                )

    @api.model_create_multi
    def create(self, vals_list):
        # wrong types get a clear error before anything reads them
        self._ka_check_input_list(vals_list)
        archives = super().create(vals_list)
        archives._ka_check_first_transaction()
        return archives

    def _ka_check_first_transaction(self):
        """An archive card is opened after the first transaction: a
        confirmed order or a posted invoice of the account."""
        # the query reads orders and invoices
        flush_models(self.env, ["sale.order", "account.move", "res.partner"])
        for archive in self:
            # SQL: one indexed existence test over orders and invoices together
            self.env.cr.execute(
                SQL(
                    """
                    SELECT 1 FROM sale_order so
                      JOIN res_partner p ON p.id = so.partner_id
                     WHERE p.commercial_partner_id = %(partner)s
                       AND so.state = 'sale'
                     UNION ALL
                    SELECT 1 FROM account_move am
                     WHERE am.commercial_partner_id = %(partner)s
                       AND am.state = 'posted'
                       AND am.move_type = 'out_invoice'
                     LIMIT 1
                    """,
                    partner=archive.partner_id.id,
                )
            )
            if not self.env.cr.fetchone():
                raise UserError(
                    self.env._(
                        "%(account)s has no order or invoice yet: its archive card "
                        "is opened after the first transaction.",
                        account=archive.partner_id.display_name,
                    )
                )

    def _ka_locked_message(self):
        return self.env._(
            "Archive card %(name)s is signed: it no longer changes.",
            name=self[:1].name,
        )

    def action_sign(self):
        """Sign off in turn: the account manager (who submits the card), a
        director, the general manager; nobody signs twice
        (``_check_not_own``)."""
        for archive in self:
            user = self.env.user
            if archive.state == "draft":
                if not self.env.su and user != archive.partner_id.sudo().ka_manager_id:
                    raise AccessError(
                        self.env._("The account manager signs the archive card first.")
                    )
                archive._ka_record_submission()
                archive._ka_workflow_write(
                    {"state": "manager", "manager_signed_by": user.id}
                )
            elif archive.state == "manager":
                self._check_group(
                    DIRECTOR_GROUP,
                    self.env._("A director signs the archive card next."),
                )
                archive._check_not_own(
                    self.env._("Nobody signs an archive card twice.")
                )
                archive._ka_workflow_write(
                    {"state": "director", "director_signed_by": user.id}
                )
            elif archive.state == "director":
                self._check_group(
                    GM_GROUP,
                    self.env._("The general manager signs the archive card last."),
                )
                archive._check_not_own(
                    self.env._("Nobody signs an archive card twice.")
                )
                archive._ka_workflow_write({"state": "done", "gm_signed_by": user.id})
            else:
                raise UserError(
                    self.env._("Archive card %(name)s is signed.", name=archive.name)
                )
        return True
