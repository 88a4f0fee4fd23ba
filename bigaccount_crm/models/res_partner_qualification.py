# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Qualification of a customer as a key account on the partner: its size
(employees, office area), organisation type and building, whether it meets
the key-account standard, is worth developing or is a potential key account,
and the ownership level (key-account department or branch) proposed from
them or set by a director. The thresholds come from the settings
(``res.partner._ka_settings``); a threshold change recomputes the stored
flags (``_ka_recompute_qualification``)."""

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .res_partner_tier import KA_GROUP

ORGANIZATION_TYPES = [
    ("government", "Government body"),
    ("education", "Education body"),
    ("public_hospital", "Public hospital"),
    ("finance_insurance", "Finance or insurance company"),
    ("global_500", "Fortune Global 500"),
    ("national_500", "National top-500 enterprise"),
    ("provincial_500", "Provincial top-500 enterprise"),
    ("city_500", "City top-500 enterprise"),
    ("other", "Other"),
]
LEVELS = [
    ("department", "Key-Account Department"),
    ("branch", "Branch"),
]


class ResPartner(models.Model):
    _inherit = "res.partner"

    ka_employee_count = fields.Integer(string="Employees", groups=KA_GROUP, copy=False)
    ka_office_area = fields.Float(
        string="Office Area (m²)",
        digits=(16, 1),
        groups=KA_GROUP,
        help="Office space only, not plant.",
        copy=False,
    )
    ka_organization_type = fields.Selection(
        ORGANIZATION_TYPES, string="Organisation Type", groups=KA_GROUP, copy=False
    )
    ka_building = fields.Char(
        string="Building / Territory",
        groups=KA_GROUP,
        help="Building or territory the account belongs to; important "
        "buildings are served by the branch.",
        copy=False,
    )
    ka_qualifies = fields.Boolean(
        string="Qualifies",
        compute="_compute_ka_qualification",
        store=True,
        groups=KA_GROUP,
        help="Meets the key-account standard: enough employees or office "
        "space (Settings).",
    )
    ka_level_proposed = fields.Selection(
        LEVELS,
        string="Proposed Level",
        compute="_compute_ka_qualification",
        store=True,
        groups=KA_GROUP,
    )
    ka_level_override = fields.Selection(
        LEVELS,
        string="Level Set by Director",
        groups=KA_GROUP,
        tracking=True,
        copy=False,
    )
    ka_level = fields.Selection(
        LEVELS,
        string="Ownership Level",
        compute="_compute_ka_level",
        store=True,
        groups=KA_GROUP,
    )
    ka_worth_developing = fields.Boolean(
        string="Worth Developing",
        compute="_compute_ka_qualification",
        store=True,
        groups=KA_GROUP,
    )
    ka_is_potential = fields.Boolean(
        string="Potential Key Account",
        compute="_compute_ka_is_potential",
        store=True,
        groups=KA_GROUP,
        help="Meets or comes close to the key-account standard but has not bought yet.",
    )

    @api.depends(
        "ka_employee_count",
        "ka_office_area",
        "ka_organization_type",
        "ka_building",
        "ka_is_key_account",
    )
    def _compute_ka_qualification(self):
        cfg = self._ka_settings()
        listed = {key for key, _label in ORGANIZATION_TYPES if key != "other"}
        for partner in self:
            staff = partner.ka_employee_count
            area = partner.ka_office_area
            partner.ka_qualifies = (
                staff >= cfg["ka_qualify_employees"]
                or area >= cfg["ka_qualify_office_area"]
            )
            department = (
                staff >= cfg["ka_department_employees"]
                or partner.ka_organization_type in listed
            )
            # branch level: qualifying companies below the department rule,
            # and customers of an important building or already key accounts
            branch = (
                partner.ka_qualifies or partner.ka_building or partner.ka_is_key_account
            )
            partner.ka_level_proposed = (
                "department" if department else ("branch" if branch else False)
            )
            partner.ka_worth_developing = (
                staff >= cfg["ka_develop_employees"]
                and area >= cfg["ka_develop_office_area"]
            )

    @api.depends("ka_employee_count", "ka_office_area", "ka_has_bought")
    def _compute_ka_is_potential(self):
        # apart from the rest of the qualification: the tier job sets "has
        # bought" and this flag itself, with the same rule, in one UPDATE
        cfg = self._ka_settings()
        for partner in self:
            partner.ka_is_potential = self._ka_potential(
                cfg,
                partner.ka_employee_count,
                partner.ka_office_area,
                partner.ka_has_bought,
            )

    @api.model
    def _ka_potential(self, cfg, staff, area, has_bought):
        """Whether a customer with ``staff`` employees and ``area`` m² of
        offices is a potential key account: it meets or comes close to the
        standard (``cfg``: the settings) and has not bought yet."""
        ratio = cfg["ka_potential_percent"] / 100.0
        close = (staff > 0 and staff >= cfg["ka_qualify_employees"] * ratio) or (
            area > 0 and area >= cfg["ka_qualify_office_area"] * ratio
        )
        return bool(close) and not has_bought

    @api.depends("ka_level_proposed", "ka_level_override")
    def _compute_ka_level(self):
        for partner in self:
            partner.ka_level = partner.ka_level_override or partner.ka_level_proposed

    @api.constrains("ka_employee_count", "ka_office_area")
    def _check_ka_size(self):
        for partner in self:
            if partner.ka_employee_count < 0 or partner.ka_office_area < 0:
                raise ValidationError(
                    self.env._(
                        "Employees and office area of %(partner)s cannot be negative.",
                        partner=partner.display_name,
                    )
                )

    # ------------------------------------------------------------------
    # Settings changes
    # ------------------------------------------------------------------
    @api.model
    def _ka_recompute_qualification(self):
        """Recompute the stored qualification flags after a threshold change.

        Only partners with qualification inputs can change.
        """
        partners = (
            self.sudo()
            .with_context(active_test=False)
            .search(
                [
                    "|",
                    "|",
                    "|",
                    ("ka_employee_count", ">", 0),
                    ("ka_office_area", ">", 0),
                    ("ka_organization_type", "!=", False),
                    ("ka_is_potential", "=", True),
                ]
            )
        )
        fnames = [
            "ka_qualifies",
            "ka_level_proposed",
            "ka_worth_developing",
            "ka_is_potential",
        ]
        for fname in fnames:
            self.env.add_to_compute(partners._fields[fname], partners)
        partners.flush_recordset(fnames + ["ka_level"])
        return len(partners)
