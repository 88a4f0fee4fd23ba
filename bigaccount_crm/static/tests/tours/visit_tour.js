/** @odoo-module **/
// Copyright 2026 bigaccount_crm authors
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("bigaccount_crm_visit", {
    url: "/odoo/action-bigaccount_crm.action_bigaccount_visit",
    steps: () => [
        {
            content: "Plan a new visit",
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            content: "Choose the customer",
            trigger: ".o_field_widget[name='partner_id'] input",
            run: "edit Tour Visit Customer",
        },
        {
            trigger: ".o-autocomplete--dropdown-item > a:contains('Tour Visit Customer')",
            run: "click",
        },
        {
            content: "A phone call",
            trigger: ".o_field_widget[name='kind'] select",
            run: 'select "phone"',
        },
        {
            content: "Submit: a call without costs is approved at once",
            trigger: ".o_form_view button[name='action_submit']",
            run: "click",
        },
        {
            trigger: ".o_statusbar_status .o_arrow_button_current:contains('Approved')",
        },
        {
            content: "The call took place",
            trigger: ".o_form_view button[name='action_done']",
            run: "click",
        },
        {
            trigger: ".o_statusbar_status .o_arrow_button_current:contains('Done')",
        },
        {
            content: "Write the report",
            trigger: ".o_notebook .nav-link:contains('Report')",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name='report_place'] input",
            run: "edit By phone from the office",
        },
        {
            trigger: ".o_field_widget[name='report_key_points'] textarea",
            run: "edit Satisfied with the last delivery",
        },
        {
            trigger: ".o_field_widget[name='report_needs'] textarea",
            run: "edit Wants a monthly statement",
        },
        {
            trigger: ".o_field_widget[name='report_competitors'] textarea",
            run: "edit Nothing new",
        },
        {
            trigger: ".o_field_widget[name='report_next_steps'] textarea",
            run: "edit Send the statement on the first of the month",
        },
        {
            content: "Close the visit with its report",
            trigger: ".o_form_view button[name='action_report']",
            run: "click",
        },
        {
            content: "The visit is reported",
            trigger: ".o_statusbar_status .o_arrow_button_current:contains('Reported')",
        },
    ],
});
