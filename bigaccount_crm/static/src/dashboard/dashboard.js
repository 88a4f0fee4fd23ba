/** @odoo-module **/
// Copyright 2026 bigaccount_crm authors
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import {Component, onWillStart, useState} from "@odoo/owl";
import {registry} from "@web/core/registry";
import {escape} from "@web/core/utils/strings";
import {useService} from "@web/core/utils/hooks";

/**
 * Key-account dashboard: the portfolio at a glance. The figures come from
 * bigaccount.dashboard/get_dashboard_data (a read-only call); each card opens
 * the records it counts.
 */
export class KeyAccountDashboard extends Component {
    static template = "bigaccount_crm.KeyAccountDashboard";
    static props = ["*"];

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
        this.state = useState({sections: []});
        onWillStart(() => this.load());
    }

    async load() {
        const data = await this.orm.call("bigaccount.dashboard", "get_dashboard_data", []);
        this.state.sections = data.sections;
    }

    openCard(card) {
        return this.action.doAction({
            type: "ir.actions.act_window",
            name: card.label,
            res_model: card.model,
            domain: card.domain,
            views: [
                [card.list_view_id || false, "list"],
                [false, "form"],
            ],
            help: `<p class="o_view_nocontent_empty_folder">${escape(card.empty)}</p>`,
            target: "current",
        });
    }
}

registry.category("actions").add("bigaccount_crm.dashboard", KeyAccountDashboard);
