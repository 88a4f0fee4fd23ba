/** @odoo-module **/
// Copyright 2026 bigaccount_crm authors
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
//
// Client action "bigaccount_crm.download": downloads params.url as Odoo
// downloads its reports (the page stays, a refusal opens Odoo's error
// dialog) and then closes the dialog that asked for it, so that a wizard
// does not invite a second export.
import { download } from "@web/core/network/download";
import { registry } from "@web/core/registry";

async function downloadAndClose(env, action) {
    env.services.ui.block();
    try {
        await download({ url: action.params.url, data: {} });
    } finally {
        env.services.ui.unblock();
    }
    return { type: "ir.actions.act_window_close" };
}

registry.category("actions").add("bigaccount_crm.download", downloadAndClose);
