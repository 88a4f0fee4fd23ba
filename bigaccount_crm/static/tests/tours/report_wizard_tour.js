/** @odoo-module **/
// Copyright 2026 bigaccount_crm authors
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import {registry} from "@web/core/registry";

// A director exports the roster from the Excel report wizard: the file
// downloads and the wizard closes, so that it cannot be exported twice.
registry.category("web_tour.tours").add("bigaccount_crm_report_wizard", {
    url: "/odoo/action-bigaccount_crm.action_bigaccount_dashboard",
    steps: () => [
        {
            trigger: ".o_ka_dashboard .o_ka_card",
        },
        {
            content: "Open the Excel reports",
            trigger: ".o_main_navbar [data-menu-xmlid='bigaccount_crm.menu_bigaccount_reporting']",
            run: "click",
        },
        {
            trigger:
                ".o-dropdown--menu [data-menu-xmlid='bigaccount_crm.menu_bigaccount_report_wizard']",
            run: "click",
        },
        {
            content: "Export the roster",
            trigger: ".modal .modal-footer button[name='action_export']",
            run: "click",
        },
        {
            content: "The wizard closed after the download",
            trigger: "body:not(:has(.modal))",
        },
        {
            trigger: ".o_ka_dashboard .o_ka_card",
        },
    ],
});
