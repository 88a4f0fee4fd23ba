/** @odoo-module **/
// Copyright 2026 bigaccount_crm authors
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import {registry} from "@web/core/registry";

// A director's drill-down: filter the dashboard on a period and a manager,
// then open the records behind a card and behind a chart's slice.
registry.category("web_tour.tours").add("bigaccount_crm_dashboard", {
    url: "/odoo/action-bigaccount_crm.action_bigaccount_dashboard",
    steps: () => [
        {
            content: "The dashboard shows the portfolio",
            trigger: ".o_ka_dashboard .o_ka_card:contains('Accounts at Risk')",
        },
        {
            content: "The whole year",
            trigger: ".o_ka_dashboard_period",
            run: "select year",
        },
        {
            content: "One manager's accounts",
            trigger: ".o_ka_dashboard_manager",
            run: "selectByLabel Tour Dashboard Manager",
        },
        {
            content: "The tier chart now counts his one Diamond account",
            trigger:
                ".o_ka_chart[data-chart='tiers'] .o_ka_chart_point:contains('Diamond'):contains('1')",
            run: "click",
        },
        {
            content: "The slice opens its accounts",
            trigger: ".o_list_view .o_data_row:contains('Tour Dashboard Account')",
        },
        {
            content: "Back to the dashboard",
            trigger: ".o_breadcrumb .o_back_button a, .o_breadcrumb li:first-child a",
            run: "click",
        },
        {
            content: "A figure opens its records",
            trigger: ".o_ka_card:has(.o_ka_card_label:contains('Key Accounts'))",
            run: "click",
        },
        {
            content: "The key accounts are listed",
            trigger: ".o_list_view .o_data_row:contains('Tour Dashboard Account')",
        },
    ],
});
