# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import BigaccountCase

ROLES = ("salesman", "ka_user", "director", "finance", "warehouse", "portal")
OPERATIONS = {"r": "read", "w": "write", "c": "create", "u": "unlink"}
# The rights of each role on every model of the add-on: read,
# write, create, unlink ("u"), "-" where forbidden; record rules narrow them
# further (own accounts, companies) and are tested per capability and below.
RIGHTS = {
    "bigaccount.account.class": "r--- r--- rw-- r--- r--- ----",
    "bigaccount.account.team.member": "---- r--- rwcu ---- ---- ----",
    "bigaccount.agreement": "r--- rwc- rwcu r--- r--- ----",
    "bigaccount.agreement.letter": "---- rwc- rwcu ---- ---- ----",
    "bigaccount.agreement.letter.line": "---- rwcu rwcu ---- ---- ----",
    "bigaccount.agreement.line": "r--- rwcu rwcu r--- r--- ----",
    "bigaccount.anomaly": "---- rwc- rwc- ---- ---- ----",
    "bigaccount.archive": "---- rwc- rwc- ---- ---- ----",
    "bigaccount.archive.audit": "---- r--- rwcu ---- ---- ----",
    "bigaccount.assessment": "---- rwc- rwc- ---- ---- ----",
    "bigaccount.assessment.criterion": "---- r--- rwcu ---- ---- ----",
    "bigaccount.assessment.line": "---- rwcu rwcu ---- ---- ----",
    "bigaccount.collection.action": "r--- rwc- rwc- rwcu r--- ----",
    "bigaccount.competitor": "---- rwcu rwcu ---- ---- ----",
    "bigaccount.complaint": "---- rwc- rwc- ---- ---- ----",
    "bigaccount.complaint.counter": "---- ---- r--- ---- ---- ----",
    "bigaccount.contact.profile": "---- rwcu rwcu ---- ---- ----",
    "bigaccount.credit.request": "rwc- rwc- rwc- rwc- rwc- ----",
    "bigaccount.credit.review": "r--- rwc- rwc- rwc- r--- ----",
    "bigaccount.event": "---- r--- rwcu ---- ---- ----",
    "bigaccount.event.attendee": "---- rw-- rwcu ---- ---- ----",
    "bigaccount.export.log": "---- r--- r--- ---- ---- ----",
    "bigaccount.holiday": "---- r--- rwcu ---- ---- ----",
    "bigaccount.lead.criterion": "---- rwcu rwcu ---- ---- ----",
    "bigaccount.lead.task": "---- rwcu rwcu ---- ---- ----",
    "bigaccount.manager.assignment": "---- r--- rw-- ---- ---- ----",
    "bigaccount.manager.rating": "---- rwc- rwcu ---- ---- ----",
    "bigaccount.nomination": "---- rwc- rwc- ---- ---- ----",
    "bigaccount.order.review": "---- rw-- rwcu ---- ---- ----",
    "bigaccount.overdue.report": "---- r--- r--- r--- ---- ----",
    "bigaccount.rebate": "---- r--- rwc- rw-- ---- ----",
    "bigaccount.rebate.bracket": "---- rwcu rwcu ---- ---- ----",
    "bigaccount.report.wizard": "---- ---- rwc- ---- ---- ----",
    "bigaccount.return.request": "---- rwc- rwc- ---- r--- ----",
    "bigaccount.service": "---- r--- rwcu ---- ---- ----",
    "bigaccount.service.delivery": "---- rwc- rwcu ---- ---- ----",
    "bigaccount.statement": "---- rwcu rwcu rwcu ---- ----",
    "bigaccount.statement.line": "---- r--- r--- r--- ---- ----",
    "bigaccount.survey.entry": "---- rwc- rwc- ---- ---- ----",
    "bigaccount.survey.entry.line": "---- rwcu rwcu ---- ---- ----",
    "bigaccount.target": "---- r--- rwcu ---- ---- ----",
    "bigaccount.target.analysis": "---- r--- r--- ---- ---- ----",
    # finance writes a tier's credit mode only (TestCreditExposure)
    "bigaccount.tier": "r--- r--- rwcu rw-- r--- ----",
    "bigaccount.tier.history": "---- r--- r--- ---- ---- ----",
    "bigaccount.tier.pin.wizard": "---- ---- rwc- ---- ---- ----",
    "bigaccount.tier.run": "---- ---- r--- ---- ---- ----",
    "bigaccount.trial": "---- rwc- rwcu ---- ---- ----",
    "bigaccount.trial.line": "---- rwcu rwcu ---- ---- ----",
    "bigaccount.visit": "---- rwc- rwc- r--- ---- ----",
    "bigaccount.visit.daily": "---- r--- r--- ---- ---- ----",
    "bigaccount.visit.expense": "---- rwcu rwcu r--- ---- ----",
    "bigaccount.visit.summary": "---- ---- rwc- ---- ---- ----",
    "bigaccount.visitor.class": "r--- r--- rwcu r--- r--- ----",
}


@tagged("post_install", "-at_install")
class TestAccessMatrix(BigaccountCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal = new_test_user(
            cls.env, login="ka_portal", groups="base.group_portal"
        )
        cls.users = {
            "salesman": cls.salesman,
            "ka_user": cls.ka_user,
            "director": cls.director,
            "finance": cls.finance,
            "warehouse": cls.warehouse,
            "portal": cls.portal,
        }

    def test_every_model_is_in_the_matrix(self):
        models = self.env["ir.model"].search([("model", "=like", "bigaccount.%")])
        concrete = {m.model for m in models if not self.env[m.model]._abstract}
        self.assertEqual(concrete, set(RIGHTS))

    def test_rights_both_ways(self):
        """Each role may do what the matrix allows and gets an AccessError
        for the rest."""
        for model, rights in RIGHTS.items():
            for role, allowed in zip(ROLES, rights.split(), strict=True):
                records = self.env[model].with_user(self.users[role])
                for letter, operation in OPERATIONS.items():
                    with self.subTest(model=model, role=role, operation=operation):
                        if letter in allowed:
                            records.check_access(operation)
                        else:
                            with self.assertRaises(AccessError):
                                records.check_access(operation)

    def test_another_key_account_users_records(self):
        """A manager's own target and export entries are out of reach of
        another key-account user, not of the manager or a director."""
        target = self.env["bigaccount.target"].create({"user_id": self.ka_user.id})
        log = self.env["bigaccount.export.log"].create(
            {"kind": "print", "name": "Statement", "user_id": self.ka_user.id}
        )
        for record in (target, log):
            record.with_user(self.ka_user).check_access("read")
            record.with_user(self.director).check_access("read")
            with self.assertRaises(AccessError):
                record.with_user(self.ka_user_other).check_access("read")

    def test_other_company_records(self):
        """Records of a company the user does not belong to are out of reach,
        even for a director; the same records in the user's company are
        not."""
        other = self.env["res.company"].create({"name": "KA Other Company"})
        partner = self._partner("Other company account")
        records = [
            self.env["bigaccount.target"].create(
                {"user_id": self.ka_user.id, "company_id": company.id}
            )
            for company in (self.company, other)
        ]
        records += [
            self.env["bigaccount.nomination"].create(
                {"partner_id": partner.id, "reason": "Test", "company_id": company.id}
            )
            for company in (self.company, other)
        ]
        records += [
            self.env["bigaccount.export.log"].create(
                {
                    "kind": "print",
                    "name": "Roster",
                    "user_id": self.director.id,
                    "company_id": company.id,
                }
            )
            for company in (self.company, other)
        ]
        for own, foreign in zip(records[::2], records[1::2], strict=True):
            with self.subTest(model=own._name):
                own.with_user(self.director).check_access("read")
                with self.assertRaises(AccessError):
                    foreign.with_user(self.director).check_access("read")
                with self.assertRaises(AccessError):
                    foreign.with_user(self.ka_user).check_access("read")
                self.assertNotIn(
                    foreign, self.env[own._name].with_user(self.director).search([])
                )
