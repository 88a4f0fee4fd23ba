# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
{
    "name": "Key Accounts",
    "summary": "Key-account management: qualification, automatic tiers, "
    "classes and account managers",
    "version": "18.0.1.0.0",
    "category": "Sales/Sales",
    "website": "https://github.com/bigaccount-crm/bigaccount_crm",
    "author": "bigaccount_crm authors",
    "license": "LGPL-3",
    "application": True,
    "depends": ["sale_management", "sale_stock", "sale_margin", "account", "mail"],
    "external_dependencies": {"python": ["xlsxwriter"]},
    "data": [
        "security/bigaccount_crm_security.xml",
        "security/ir.model.access.csv",
        "data/bigaccount_tier_data.xml",
        "data/ir_cron_data.xml",
        "data/bigaccount_credit_data.xml",
        "data/bigaccount_statement_data.xml",
        "report/bigaccount_statement_report.xml",
        "views/bigaccount_tier_views.xml",
        "views/bigaccount_tier_history_views.xml",
        "views/bigaccount_tier_run_views.xml",
        "views/bigaccount_credit_request_views.xml",
        "views/bigaccount_credit_review_views.xml",
        "views/bigaccount_overdue_report_views.xml",
        "views/bigaccount_statement_views.xml",
        "views/sale_order_views.xml",
        "views/stock_picking_views.xml",
        "views/res_partner_views.xml",
        "views/res_config_settings_views.xml",
        "wizards/bigaccount_tier_pin_wizard_views.xml",
        "views/menus.xml",
    ],
    "demo": ["demo/bigaccount_crm_demo.xml"],
    "assets": {
        "web.assets_tests": [
            "bigaccount_crm/static/tests/tours/key_accounts_tour.js",
        ],
    },
}
