/** @odoo-module **/
// Copyright 2026 bigaccount_crm authors
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("bigaccount_crm_dashboard", {
    url: "/odoo/action-bigaccount_crm.action_bigaccount_dashboard",
    steps: () => [
        {
            content: "The dashboard shows the portfolio",
            trigger: ".o_ka_dashboard .o_ka_card:contains('Accounts at Risk')",
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
