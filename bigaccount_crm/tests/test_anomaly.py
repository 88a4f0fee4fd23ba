# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .test_complaint import ComplaintCase


@tagged("post_install", "-at_install")
class TestAnomaliesAndReturnRequests(ComplaintCase):
    def test_anomaly_handled_or_made_a_complaint(self):
        Anomaly = self.env["bigaccount.anomaly"].with_user(self.ka_user)
        handled = Anomaly.create(
            {"what": "Label printed upside down", "where": "Dock 2"}
        )
        self.assertTrue(handled.name.startswith("AN/"))
        with self.assertRaises(UserError):
            handled.action_done()  # no action recorded
        handled.action_taken = "Relabelled before loading"
        handled.action_done()
        self.assertEqual(handled.state, "done")
        with self.assertRaises(UserError):
            handled.action_promote()
        with self.assertRaises(AccessError):
            handled.write({"state": "open"})
        no_customer = Anomaly.create({"what": "Wet cartons"})
        with self.assertRaises(UserError):
            no_customer.action_promote()
        anomaly = Anomaly.create(
            {
                "what": "Wet cartons at delivery",
                "where": "Customer's store",
                "partner_id": self.customer.id,
            }
        )
        action = anomaly.action_promote()
        complaint = anomaly.complaint_id
        self.assertEqual(action["res_id"], complaint.id)
        self.assertEqual(anomaly.state, "promoted")
        self.assertEqual(complaint.partner_id, self.customer)
        self.assertIn("Wet cartons at delivery", complaint.description)
        self.assertIn("Customer's store", complaint.description)
        self.assertRegex(complaint.name, r"^\d{6}$")

    def _request(self, picking, goods, user=None, **vals):
        return (
            self.env["bigaccount.return.request"]
            .with_user(user or self.ka_user)
            .create(
                dict(
                    {
                        "picking_id": picking.id,
                        "product_id": goods.id,
                        "quantity": 3,
                        "reason": "Ordered too many",
                    },
                    **vals,
                )
            )
        )

    def test_return_request_rules(self):
        _order, picking, _invoice, goods = self._delivered()
        request = self._request(picking, goods)
        self.assertTrue(request.name.startswith("RR/"))
        self.assertEqual(request.partner_id, self.customer)
        self.assertTrue(request.within_window)
        request.action_submit()
        with self.assertRaises(AccessError):
            request.action_approve()  # not a director
        request.with_user(self.director).action_approve()
        self.assertEqual(request.state, "approved")
        self.assertEqual(request.return_picking_id.move_ids.product_uom_qty, 3)
        self.assertEqual(request.approver_id, self.director)
        # an opened package goes back only when defective
        opened = self._request(picking, goods, package_opened=True)
        opened.action_submit()
        with self.assertRaises(UserError):
            opened.with_user(self.director).action_approve()
        self.assertEqual(opened.state, "submitted")
        with self.assertRaises(UserError):
            opened.with_user(self.director).action_refuse()  # no reason
        opened.refuse_reason = "Opened and not defective"
        opened.with_user(self.director).action_refuse()
        self.assertEqual(opened.state, "refused")
        defective = self._request(picking, goods, package_opened=True, defective=True)
        defective.action_submit()
        defective.with_user(self.director).action_approve()
        self.assertEqual(defective.state, "approved")
        # outside the return window (7 days)
        picking.date_done = fields.Datetime.now() - timedelta(days=8)
        late = self._request(picking, goods)
        self.assertFalse(late.within_window)
        late.action_submit()
        with self.assertRaises(UserError):
            late.with_user(self.director).action_approve()
        self.assertFalse(late.return_picking_id)
        own = self._request(picking, goods, user=self.director)
        own.action_submit()
        with self.assertRaises(AccessError):
            own.with_user(self.director).action_approve()
        with self.assertRaises(ValidationError):
            self._request(picking, goods, quantity=0)
        with self.assertRaises(AccessError):
            late.with_user(self.ka_user_other).check_access("read")
        self.assertIn(
            late,
            self.env["bigaccount.return.request"].with_user(self.warehouse).search([]),
        )
