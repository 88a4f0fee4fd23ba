# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import BigaccountCase


@tagged("post_install", "-at_install")
class TestArchiveCards(BigaccountCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.account = cls._key_account("Archived account")

    def _archive(self, user=None, **vals):
        return (
            self.env["bigaccount.archive"]
            .with_user(user or self.ka_user)
            .create(
                dict({"partner_id": self.account.id, "ownership": "private"}, **vals)
            )
        )

    def test_opened_after_the_first_transaction(self):
        with self.assertRaises(UserError):
            self._archive()
        self.assertFalse(
            self.env["bigaccount.archive"].search(
                [("partner_id", "=", self.account.id)]
            )
        )
        self._invoice(self.account, 100)
        archive = self._archive()
        self.assertTrue(archive.name.startswith("DA/"))
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"):
            with self.env.cr.savepoint():
                self._archive()
        with self.assertRaises(ValidationError):
            archive.market_share = 120

    def test_signed_by_manager_director_and_general_manager(self):
        self._invoice(self.account, 100)
        archive = self._archive()
        with self.assertRaises(AccessError):
            archive.with_user(self.director).action_sign()  # the manager first
        archive.action_sign()
        self.assertEqual(archive.state, "manager")
        with self.assertRaises(AccessError):
            archive.action_sign()  # a key-account user is no director
        archive.with_user(self.director).action_sign()
        self.assertEqual(archive.state, "director")
        with self.assertRaises(AccessError):
            archive.with_user(self.director).action_sign()
        archive.with_user(self.general_manager).action_sign()
        self.assertEqual(archive.state, "done")
        self.assertEqual(archive.gm_signed_by, self.general_manager)
        with self.assertRaises(UserError):
            archive.with_user(self.general_manager).action_sign()
        with self.assertRaises(AccessError):
            archive.write({"state": "draft"})
        # spot checks by directors; the account's team reads them
        audit = (
            self.env["bigaccount.archive.audit"]
            .with_user(self.director)
            .create({"archive_id": archive.id, "findings": "Bank account verified"})
        )
        audit.with_user(self.ka_user).check_access("read")
        with self.assertRaises(AccessError):
            self.env["bigaccount.archive.audit"].with_user(self.ka_user).create(
                {"archive_id": archive.id, "findings": "Self-audit"}
            )
        with self.assertRaises(AccessError):
            archive.with_user(self.ka_user_other).check_access("read")
