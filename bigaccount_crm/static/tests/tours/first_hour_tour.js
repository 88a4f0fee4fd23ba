/** @odoo-module **/
// Copyright 2026 bigaccount_crm authors
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import {registry} from "@web/core/registry";

// The README's "Try it" path of a key-account manager: open the Key
// Accounts app (its dashboard), open one of his key accounts, plan a visit.
registry.category("web_tour.tours").add("bigaccount_crm_first_hour", {
    url: "/odoo",
    steps: () => [
        {
            content: "Open the apps menu",
            trigger: ".o_navbar_apps_menu button",
            run: "click",
        },
        {
            content: "Open the Key Accounts app",
            trigger: ".o_app[data-menu-xmlid='bigaccount_crm.menu_bigaccount_root']",
            run: "click",
        },
        {
            content: "The dashboard opens, with its charts",
            trigger: ".o_ka_dashboard .o_ka_chart[data-chart='tiers'] canvas",
        },
        {
            content: "Open the key accounts",
            trigger: ".o_ka_card:has(.o_ka_card_label:contains('Key Accounts'))",
            run: "click",
        },
        {
            content: "Open one of them",
            trigger: ".o_list_view .o_data_row td:contains('Tour First Hour Account')",
            run: "click",
        },
        {
            content: "Its key-account tab",
            trigger: ".o_notebook .nav-link:contains('Key Account')",
            run: "click",
        },
        {
            trigger: ".o_notebook .tab-pane.active .o_field_widget[name='ka_tier_id']",
        },
        {
            content: "Its visits",
            trigger: ".oe_stat_button[name='action_ka_visits']",
            run: "click",
        },
        {
            content: "Plan a visit",
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            content: "A new visit reads New until it is saved",
            trigger: ".o_form_view .o_field_widget[name='name']:contains('New')",
        },
        {
            content: "The customer is already chosen",
            trigger: ".o_field_widget[name='partner_id'] input:value('Tour First Hour Account')",
        },
        {
            content: "A phone call",
            trigger: ".o_field_widget[name='kind'] select",
            run: 'select "phone"',
        },
        {
            content: "Submit it",
            trigger: ".o_form_view button[name='action_submit']",
            run: "click",
        },
        {
            content: "The visit is planned, with its number",
            trigger: ".o_statusbar_status .o_arrow_button_current:contains('Approved')",
        },
    ],
});
