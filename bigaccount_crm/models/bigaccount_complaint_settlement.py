# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Settling a complaint: the settlement within the approval level for its
amount (核决权限), the returns and credit notes made from it, and the
customer's rating asked on closing (Odoo's rating mixin)."""

from odoo import Command, fields, models
from odoo.exceptions import UserError

from .bigaccount_visit import DIRECTOR_GROUP, GM_GROUP


class BigaccountComplaint(models.Model):
    _inherit = "bigaccount.complaint"

    # Settlement within the approval level for its amount (核决权限)
    settlement_amount = fields.Monetary(tracking=True)

    settlement_note = fields.Text(string="Settlement")

    settlement_approved_by = fields.Many2one(
        "res.users", readonly=True, copy=False, tracking=True
    )

    return_picking_ids = fields.One2many(
        "stock.picking", "ka_complaint_id", string="Returns"
    )

    credit_note_ids = fields.One2many(
        "account.move", "ka_complaint_id", string="Credit Notes"
    )

    return_count = fields.Integer(compute="_compute_link_counts")

    credit_note_count = fields.Integer(compute="_compute_link_counts")

    def _compute_link_counts(self):
        for complaint in self:
            complaint.return_count = len(complaint.sudo().return_picking_ids)
            complaint.credit_note_count = len(complaint.sudo().credit_note_ids)

    def _rating_get_partner(self):
        """The contact who complained rates, else the customer."""
        return self.contact_id or self.partner_id

    def _ka_request_rating(self):
        """When the settings ask for it, send the closed complaints' contacts
        Odoo's rating request (the 1–5 faces by email); contacts without an
        email are skipped, with a note on the complaint."""
        if not self.env["res.partner"]._ka_settings()["ka_complaint_rating"]:
            return
        template = self.env.ref(
            "bigaccount_crm.mail_template_complaint_rating", raise_if_not_found=False
        )
        if not template:
            return
        for complaint in self.sudo():
            partner = complaint._rating_get_partner()
            if not partner.email:
                complaint.message_post(
                    body=self.env._(
                        "No rating request: %(contact)s has no email address.",
                        contact=partner.display_name,
                    ),
                    subtype_xmlid="mail.mt_note",
                )
                continue
            complaint.rating_send_request(template, lang=partner.lang, force_send=False)

    def rating_apply(
        self,
        rate,
        token=None,
        rating=None,
        feedback=None,
        subtype_xmlid=None,
        notify_delay_send=False,
    ):
        """Record the customer's rating as the complaint's satisfaction: the
        latest given, callback or rating, is the one that counts."""
        rating = super().rating_apply(
            rate,
            token=token,
            rating=rating,
            feedback=feedback,
            subtype_xmlid=subtype_xmlid,
            notify_delay_send=notify_delay_send,
        )
        complaint = self.browse(rating.res_id).sudo()
        complaint.with_context(ka_from_rating=True)._ka_workflow_write(
            {
                "satisfaction": round(rate),
                "satisfaction_source": "rating",
                "date_satisfaction": fields.Datetime.now(),
            }
        )
        return rating

    def _ka_settlement_level(self, amount):
        """Who may approve a settlement of this amount: ``user`` (the
        key-account user handling it), ``director`` or ``gm``."""
        settings = self.env["res.partner"]._ka_settings()
        if amount <= settings["ka_settlement_user_limit"]:
            return "user"
        if amount <= settings["ka_settlement_director_limit"]:
            return "director"
        return "gm"

    def _ka_owners(self):
        """A complaint belongs to its handler and its responsible person."""
        self.ensure_one()
        return self.sudo().user_id | self.sudo().responsible_user_id

    def action_approve_settlement(self):
        groups = {
            "user": "bigaccount_crm.group_ka_user",
            "director": DIRECTOR_GROUP,
            "gm": GM_GROUP,
        }
        for complaint in self:
            if not complaint.settlement_amount or complaint.settlement_approved_by:
                raise UserError(
                    self.env._(
                        "Complaint %(name)s has no settlement to approve.",
                        name=complaint.name,
                    )
                )
            level = self._ka_settlement_level(complaint.settlement_amount)
            if level != "user":
                # above the handler's own authority: another person decides
                complaint._check_not_own(
                    self.env._(
                        "Nobody approves the settlement of a complaint they "
                        "handle or submitted."
                    )
                )
            self._check_group(
                groups[level],
                self.env._(
                    "A settlement of %(amount)s is above your approval level.",
                    amount=complaint.currency_id.format(complaint.settlement_amount),
                ),
            )
        self._ka_workflow_write({"settlement_approved_by": self.env.user.id})
        return True

    def action_create_return(self):
        """A return of the defective quantity from the linked delivery."""
        self.ensure_one()
        if not self.picking_id:
            raise UserError(
                self.env._("Link the delivery, done, that the return comes from.")
            )
        returned = self.picking_id._ka_create_return(
            self.product_id, self.qty_defective
        )
        returned.sudo().ka_complaint_id = self
        self.message_post(
            body=self.env._("Return %(name)s created.", name=returned.name)
        )
        return self._ka_view(returned, "stock.action_picking_tree_all")

    def action_create_credit_note(self):
        """A draft credit note of the linked invoice, through Odoo's
        reversal; for a complaint naming a product and a defective quantity,
        of that product's line only, for that quantity (at most the
        invoiced one), as the return takes back that quantity."""
        self.ensure_one()
        invoice = self.invoice_id
        if not invoice or invoice.state != "posted":
            raise UserError(self.env._("Link the posted invoice to credit."))
        reversal = (
            self.env["account.move.reversal"]
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create(
                {
                    "journal_id": invoice.journal_id.id,
                    "reason": self.env._("Complaint %(name)s", name=self.name),
                }
            )
        )
        action = reversal.refund_moves()
        credit_note = self.env["account.move"].browse(action["res_id"])
        self._ka_limit_to_defective(credit_note)
        credit_note.sudo().ka_complaint_id = self
        return action

    def _ka_limit_to_defective(self, credit_note):
        """Keep on the draft ``credit_note`` the lines of the complaint's
        product only, with the defective quantity spread over them in
        order; unchanged when the complaint names no product or quantity,
        or when the invoice does not hold that product."""
        lines = credit_note.invoice_line_ids.filtered(
            lambda line: line.display_type == "product"
        )
        product_lines = lines.filtered(lambda line: line.product_id == self.product_id)
        if not (self.product_id and self.qty_defective and product_lines):
            return
        left = self.qty_defective
        commands = [Command.unlink(line.id) for line in lines - product_lines]
        for line in product_lines:
            quantity = min(left, line.quantity)
            left -= quantity
            commands.append(
                Command.update(line.id, {"quantity": quantity})
                if quantity
                else Command.unlink(line.id)
            )
        credit_note.write({"invoice_line_ids": commands})

    def action_view_returns(self):
        return self._ka_view(self.return_picking_ids, "stock.action_picking_tree_all")

    def action_view_credit_notes(self):
        return self._ka_view(
            self.credit_note_ids, "account.action_move_out_refund_type"
        )

    def _ka_view(self, records, xmlid):
        action = self.env["ir.actions.actions"]._for_xml_id(xmlid)
        action["domain"] = [("id", "in", records.ids)]
        if len(records) == 1:
            action.update({"views": [(False, "form")], "res_id": records.id})
        return action
