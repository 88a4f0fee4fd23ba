/** @odoo-module **/
// Copyright 2026 bigaccount_crm authors
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import {Component, onWillStart, onWillUnmount, useEffect, useRef} from "@odoo/owl";
import {loadBundle} from "@web/core/assets";
import {getColor} from "@web/core/colors/colors";
import {cookie} from "@web/core/browser/cookie";

/**
 * One chart of the dashboard, drawn with the chart library Odoo ships
 * (web.chartjs_lib, as the graph view draws). A click on a bar or a slice,
 * or on its line of the legend below, opens the records of that point.
 *
 * props.chart: {key, title, type, labels, datasets: [{label, data}],
 *               domains: [[domain per label] per dataset], horizontal}
 * props.onOpen(chart, datasetIndex, index)
 */
export class KeyAccountChart extends Component {
    static template = "bigaccount_crm.KeyAccountChart";
    static props = {chart: Object, onOpen: Function};

    setup() {
        this.canvasRef = useRef("canvas");
        this.chart = null;
        onWillStart(() => loadBundle("web.chartjs_lib"));
        useEffect(
            () => this.draw(),
            () => [this.props.chart]
        );
        onWillUnmount(() => this.chart && this.chart.destroy());
    }

    get isEmpty() {
        return this.props.chart.datasets.every((set) => set.data.every((value) => !value));
    }

    /** The legend lines: one per point of a one-set chart, else per set and point. */
    get points() {
        const {labels, datasets} = this.props.chart;
        const points = [];
        datasets.forEach((set, datasetIndex) => {
            set.data.forEach((value, index) => {
                if (value) {
                    const label =
                        datasets.length > 1 ? `${labels[index]} · ${set.label}` : labels[index];
                    points.push({datasetIndex, index, label, value});
                }
            });
        });
        return points;
    }

    draw() {
        if (this.chart) {
            this.chart.destroy();
            this.chart = null;
        }
        if (!this.canvasRef.el || this.isEmpty) {
            return;
        }
        const scheme = cookie.get("color_scheme");
        const {type, labels, datasets, horizontal} = this.props.chart;
        const doughnut = type === "doughnut";
        this.chart = new Chart(this.canvasRef.el, {
            type,
            data: {
                labels,
                datasets: datasets.map((set, index) => ({
                    label: set.label,
                    data: set.data,
                    backgroundColor: doughnut
                        ? labels.map((_label, i) => getColor(i, scheme))
                        : getColor(index, scheme),
                })),
            },
            options: {
                maintainAspectRatio: false,
                indexAxis: horizontal ? "y" : "x",
                plugins: {legend: {display: doughnut || datasets.length > 1}},
                scales: doughnut
                    ? {}
                    : {
                          x: {beginAtZero: true, ticks: {precision: 0}},
                          y: {beginAtZero: true, ticks: {precision: 0}},
                      },
                onClick: (_event, elements) => {
                    if (elements.length) {
                        const {datasetIndex, index} = elements[0];
                        this.props.onOpen(this.props.chart, datasetIndex, index);
                    }
                },
            },
        });
    }
}
