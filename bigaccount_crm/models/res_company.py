# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class ResCompany(models.Model):
    """Who approves company tours and who is told about them."""

    _inherit = "res.company"

    ka_service_manager_id = fields.Many2one(
        "res.users",
        string="Customer-Service Manager",
        help="Approves receptions and company tours; without one, the "
        "general manager does.",
    )
    ka_tour_notice_all_ids = fields.Many2many(
        "res.users",
        "bigaccount_company_tour_notice_all_rel",
        "company_id",
        "user_id",
        string="Tour Notice: All Departments",
        help="Told of key and group tours.",
    )
    ka_tour_notice_service_ids = fields.Many2many(
        "res.users",
        "bigaccount_company_tour_notice_service_rel",
        "company_id",
        "user_id",
        string="Tour Notice: Service Department",
        help="Told of ordinary tours.",
    )
    ka_tour_notice_reception_ids = fields.Many2many(
        "res.users",
        "bigaccount_company_tour_notice_reception_rel",
        "company_id",
        "user_id",
        string="Tour Notice: Reception",
        help="Told of ad-hoc visits.",
    )
