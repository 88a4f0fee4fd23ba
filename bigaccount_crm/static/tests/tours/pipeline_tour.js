/** @odoo-module **/
// Copyright 2026 bigaccount_crm authors
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import { registry } from "@web/core/registry";

function nextStep(stage) {
    return [
        {
            content: `Move the development on to ${stage}`,
            trigger:
                ".o_form_view .o_statusbar_buttons button[name='action_ka_next_stage']",
            run: "click",
        },
        {
            content: `The opportunity is in ${stage}`,
            trigger: `.o_statusbar_status button.o_arrow_button_current:contains('${stage}')`,
        },
    ];
}

registry.category("web_tour.tours").add("bigaccount_crm_pipeline", {
    steps: () => [
        {
            content: "The development opens in the Key Accounts pipeline's first step",
            trigger:
                ".o_statusbar_status button.o_arrow_button_current:contains('Identify Target')",
        },
        {
            content: "Its development tab is there",
            trigger: ".o_notebook .nav-link:contains('Development Application')",
        },
        ...nextStep("Information and Demo"),
        ...nextStep("Value Assessment"),
        ...nextStep("Relationship Building"),
        ...nextStep("Closing"),
        {
            content: "Open the quotation made from the opportunity",
            trigger: ".o_form_view .oe_stat_button[name='action_view_sale_quotation']",
            run: "click",
        },
        {
            content: "Confirm it: the prospect's first order",
            trigger: ".o_form_view .o_statusbar_buttons button[name='action_confirm']",
            run: "click",
        },
        {
            content: "The order is confirmed",
            trigger:
                ".o_statusbar_status button.o_arrow_button_current:contains('Sales Order')",
        },
        {
            content: "Back to the opportunity",
            trigger:
                ".o_breadcrumb .breadcrumb-item a:contains('Tour Pipeline Prospect')",
            run: "click",
        },
        {
            content: "The opportunity is won by its first order",
            trigger: ".o_form_view .ribbon:contains('Won')",
        },
    ],
});
