# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import UserError

from .tools import schedule_activities


class StockPicking(models.Model):
    _inherit = "stock.picking"

    ka_complaint_id = fields.Many2one(
        "bigaccount.complaint",
        string="Complaint",
        index="btree_not_null",
        copy=False,
        help="The customer complaint this return comes from.",
    )

    @api.model
    def _ka_guarded_fields(self):
        # linked by the complaint's button that made it
        return super()._ka_guarded_fields() | {"ka_complaint_id"}

    ka_credit_hold_message = fields.Text(
        string="Credit Hold",
        compute="_compute_ka_credit_hold_message",
        help="Why this delivery cannot be validated.",
    )

    def _ka_credit_blocking_message(self):
        """The reason a delivery is held, or an empty string.

        Rules (README, credit control): outgoing deliveries of a customer on
        credit hold are always held. Where the setting "Credit Check Stops
        Deliveries" is on, a customer failing the credit check (limit or
        overdue, in block mode) is held too, unless its order was let
        through by an approved guaranteed-delivery request.
        """
        self.ensure_one()
        picking = self.sudo()
        if picking.picking_type_code != "outgoing" or not picking.partner_id:
            return ""
        order = picking.sale_id
        partner = (order.partner_invoice_id or picking.partner_id).commercial_partner_id
        status = partner._ka_credit_status(company=picking.company_id)
        if not status["blocked"]:
            return ""
        if "hold" not in status["reasons"]:
            if not partner._ka_credit_settings()["block_deliveries"]:
                return ""
            if order and order._ka_approved_credit_request():
                return ""
        return partner._ka_credit_message(
            status, picking.name, show_figures=partner._ka_credit_readable()
        )

    def _compute_ka_credit_hold_message(self):
        for picking in self:
            picking.ka_credit_hold_message = (
                picking._ka_credit_blocking_message()
                if picking.state not in ("done", "cancel")
                else ""
            )

    def button_validate(self):
        for picking in self:
            message = picking._ka_credit_blocking_message()
            if message:
                raise UserError(message)
        return super().button_validate()

    def _ka_create_return(self, product, quantity):
        """A return of ``quantity`` of ``product`` (the first product when
        none is given) from this done delivery; the new picking."""
        self.ensure_one()
        move = self.move_ids.filtered(
            lambda m: m.state == "done" and (not product or m.product_id == product)
        )[:1]
        quantity = quantity or move.quantity
        if self.state != "done" or not move or quantity <= 0:
            raise UserError(
                self.env._(
                    "Nothing of delivery %(name)s can be returned.", name=self.name
                )
            )
        wizard = (
            self.env["stock.return.picking"]
            .with_context(active_id=self.id, active_model="stock.picking")
            .create({"picking_id": self.id})
        )
        for line in wizard.product_return_moves:
            line.quantity = quantity if line.move_id == move else 0
        return self.browse(wizard.action_create_returns()["res_id"])

    @api.model
    def _cron_ka_late_delivery_alerts(self):
        """An activity for the account manager of each key-account delivery
        past its scheduled date and not done (idempotent)."""
        activity_type = self.env.ref("bigaccount_crm.mail_activity_type_late_delivery")
        late = self.search(
            [
                ("picking_type_code", "=", "outgoing"),
                ("state", "not in", ("done", "cancel", "draft")),
                ("scheduled_date", "<", fields.Datetime.now()),
                ("partner_id.commercial_partner_id.ka_is_key_account", "=", True),
                ("partner_id.commercial_partner_id.ka_manager_id", "!=", False),
            ]
        )
        todo = schedule_activities(
            late,
            activity_type,
            lambda picking: picking.partner_id.commercial_partner_id.ka_manager_id,
            note_of=lambda picking: self.env._(
                "Delivery %(picking)s for %(customer)s was due on %(date)s.",
                picking=picking.name,
                customer=picking.partner_id.commercial_partner_id.display_name,
                date=picking.scheduled_date,
            ),
        )
        return len(todo)
