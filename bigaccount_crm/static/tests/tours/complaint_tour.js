/** @odoo-module **/
// Copyright 2026 bigaccount_crm authors
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("bigaccount_crm_complaint", {
    url: "/odoo/action-bigaccount_crm.action_bigaccount_complaint?view_type=list",
    steps: () => [
        {
            content: "File a new complaint",
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name='partner_id'] input",
            run: "edit Tour Complaint Customer",
        },
        {
            trigger:
                ".o-autocomplete--dropdown-item > a:contains('Tour Complaint Customer')",
            run: "click",
        },
        {
            content: "A service complaint of low severity",
            trigger: ".o_field_widget[name='category'] select",
            run: 'select "service"',
        },
        {
            trigger: ".o_field_widget[name='severity'] select",
            run: 'select "low"',
        },
        {
            trigger: ".o_field_widget[name='description'] textarea",
            run: "edit The engineer came without calling first",
        },
        {
            content: "Investigate",
            trigger: ".o_form_view button[name='action_investigate']",
            run: "click",
        },
        {
            trigger: ".o_statusbar_status .o_arrow_button_current:contains('Investigating')",
        },
        {
            content: "Resolve it",
            trigger: ".o_form_view button[name='action_resolve_start']",
            run: "click",
        },
        {
            trigger: ".o_form_view button[name='action_resolved']",
            run: "click",
        },
        {
            trigger: ".o_statusbar_status .o_arrow_button_current:contains('Resolved')",
        },
        {
            content: "Record the callback",
            trigger: ".o_notebook .nav-link:contains('Callback')",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name='callback_date'] input",
            run: "edit 01/05/2026",
        },
        {
            trigger: ".o_field_widget[name='satisfaction'] input",
            run: "edit 4",
        },
        {
            content: "Close the complaint",
            trigger: ".o_form_view button[name='action_close']",
            run: "click",
        },
        {
            content: "The complaint is closed",
            trigger: ".o_statusbar_status .o_arrow_button_current:contains('Closed')",
        },
    ],
});
