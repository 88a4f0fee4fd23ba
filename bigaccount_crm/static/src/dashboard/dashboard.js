/** @odoo-module **/
// Copyright 2026 bigaccount_crm authors
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import {Component, onWillStart, useState} from "@odoo/owl";
import {registry} from "@web/core/registry";
import {escape} from "@web/core/utils/strings";
import {useService} from "@web/core/utils/hooks";
import {KeyAccountChart} from "./dashboard_chart";

/**
 * Key-account dashboard: the portfolio at a glance, for a period and a
 * manager. The figures and charts come from
 * bigaccount.dashboard/get_dashboard_data (a read-only call); each card,
 * bar or slice opens the records it counts.
 */
export class KeyAccountDashboard extends Component {
    static template = "bigaccount_crm.KeyAccountDashboard";
    static components = {KeyAccountChart};
    static props = ["*"];

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
        this.state = useState({
            sections: [],
            charts: [],
            filters: {period: "3m", manager_id: false, periods: [], managers: []},
        });
        onWillStart(() => this.load());
    }

    async load() {
        const {period, manager_id} = this.state.filters;
        const data = await this.orm.call("bigaccount.dashboard", "get_dashboard_data", [], {
            filters: {period, manager_id},
        });
        Object.assign(this.state, data);
    }

    onPeriod(ev) {
        this.state.filters.period = ev.target.value;
        return this.load();
    }

    onManager(ev) {
        this.state.filters.manager_id = parseInt(ev.target.value, 10) || false;
        return this.load();
    }

    openRecords(name, model, domain, listViewId) {
        return this.action.doAction({
            type: "ir.actions.act_window",
            name,
            res_model: model,
            domain,
            views: [
                [listViewId || false, "list"],
                [false, "form"],
            ],
            help: `<p class="o_view_nocontent_empty_folder">${escape(name)}</p>`,
            target: "current",
        });
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

    openPoint(chart, datasetIndex, index) {
        const set = chart.datasets[datasetIndex];
        const name =
            chart.datasets.length > 1
                ? `${chart.labels[index]} · ${set.label}`
                : `${chart.title} · ${chart.labels[index]}`;
        return this.openRecords(
            name,
            chart.model,
            chart.domains[datasetIndex][index],
            chart.list_view_id
        );
    }
}

registry.category("actions").add("bigaccount_crm.dashboard", KeyAccountDashboard);
