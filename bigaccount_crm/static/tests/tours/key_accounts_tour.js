/** @odoo-module **/
// Copyright 2026 bigaccount_crm authors
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import {registry} from "@web/core/registry";
import {stepUtils} from "@web_tour/tour_service/tour_utils";

registry.category("web_tour.tours").add("bigaccount_crm_key_accounts", {
    url: "/odoo",
    steps: () => [
        ...stepUtils.goToAppSteps(
            "bigaccount_crm.menu_bigaccount_root",
            "Open the Key Accounts app"
        ),
        {
            content: "The app opens on its dashboard; open the key-account list",
            trigger: ".o_ka_dashboard",
        },
        {
            trigger: ".o_main_navbar a[data-menu-xmlid='bigaccount_crm.menu_bigaccount_accounts']",
            run: "click",
        },
        {
            content: "The list shows the customer with its tier",
            trigger:
                ".o_list_view .o_data_row:contains('Tour Diamond Customer'):contains('Diamond')",
        },
        {
            content: "Open the customer",
            trigger: ".o_data_row td[name='display_name']:contains('Tour Diamond Customer')",
            run: "click",
        },
        {
            content: "Open the Key Account tab",
            trigger: ".o_notebook .nav-link:contains('Key Account')",
            run: "click",
        },
        {
            content: "The tab shows the tier and its history",
            trigger:
                ".o_field_widget[name='ka_tier_id']:contains('Diamond'), .o_field_widget[name='ka_tier_history_ids'] .o_data_row:contains('Diamond')",
        },
        {
            content: "Switch to the kanban view grouped by tier",
            trigger: ".o_breadcrumb .o_back_button, .o_breadcrumb a:contains('Key Accounts')",
            run: "click",
        },
        {
            trigger: ".o_switch_view.o_kanban",
            run: "click",
        },
        {
            content: "The Diamond column holds the customer",
            trigger:
                ".o_kanban_group:has(.o_column_title:contains('Diamond')) .o_kanban_record:contains('Tour Diamond Customer')",
        },
    ],
});
