/** @odoo-module **/
// Copyright 2026 bigaccount_crm authors
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("bigaccount_crm_credit_request", {
    steps: () => [
        {
            content: "The quotation's credit banner says confirming will be refused",
            trigger: ".alert-danger:contains('Confirming will be refused')",
        },
        {
            content: "Confirm the quotation of a customer with overdue invoices",
            trigger: ".o_form_view .o_statusbar_buttons button[name='action_confirm']",
            run: "click",
        },
        {
            content: "The credit control stops it and says why",
            trigger: ".modal .modal-body:contains('stopped by the credit control')",
        },
        {
            trigger: ".modal .modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "Ask for a guaranteed delivery",
            trigger:
                ".o_form_view .o_statusbar_buttons button[name='action_ka_credit_request']",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name='reason'] textarea",
            run: "edit The customer pays the overdue invoices on delivery",
        },
        {
            trigger: ".o_field_widget[name='date_expiry'] input",
            run: "edit 12/31/2099",
        },
        {
            content: "Submit the request to finance",
            trigger: ".o_form_view button[name='action_submit']",
            run: "click",
        },
        {
            content: "The request waits for finance",
            trigger: ".o_statusbar_status .o_arrow_button_current:contains('Submitted')",
        },
    ],
});
