/** @odoo-module */
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
// Browser tour of a finance reviewer's alerts, started by
// ps_ops/tests/test_tours.py, which raises the two alerts it expects.
import { registry } from "@web/core/registry";
import {
    currentStage as current,
    openEngagementsMenu,
} from "@ps_billing_rules/../tests/tours/ps_tour_steps";

const UNBILLED = "Approved time not invoiced";
const CAP = "Engagement near or over its cap";

registry.category("web_tour.tours").add("ps_ops_acknowledge_and_snooze", {
    url: "/odoo",
    steps: () => [
        ...openEngagementsMenu("ps_ops.ps_alert_menu_finance"),
        {
            content: "Both alerts are live, with the money at stake",
            trigger: `.o_data_row:contains(${UNBILLED}) td[name=amount]:contains(2,300.00)`,
        },
        {
            trigger: `.o_data_row:contains(${CAP}) td[name=state]:contains(Open)`,
        },
        {
            content: "Open the unbilled time",
            trigger: `.o_data_row td[name=rule_id]:contains(${UNBILLED})`,
            run: "click",
        },
        {
            content: "It is open",
            trigger: current("Open"),
        },
        {
            content: "Acknowledge it",
            trigger: "button[name=action_acknowledge]",
            run: "click",
        },
        {
            content: "It is acknowledged, by whom",
            trigger: current("Acknowledged"),
        },
        {
            trigger: ".o_field_widget[name=acknowledged_by_id]:contains(Fiona Alerts)",
        },
        {
            content: "The chatter says so",
            trigger: ".o-mail-Message:contains(Acknowledged by Fiona Alerts)",
        },
        {
            content: "Back to the alerts",
            trigger: ".breadcrumb-item:contains(Alerts)",
            run: "click",
        },
        {
            content: "Open the engagement near its cap",
            trigger: `.o_data_row td[name=rule_id]:contains(${CAP})`,
            run: "click",
        },
        {
            content: "Snooze it",
            trigger: "button[name=action_open_snooze]",
            run: "click",
        },
        {
            content: "Until tomorrow by default",
            trigger: ".modal .o_field_widget[name=until] input:not(:value(''))",
        },
        {
            content: "Say why",
            trigger: ".modal .o_field_widget[name=reason] textarea",
            run: "edit The customer signs the change order on Monday.",
        },
        {
            content: "Snooze",
            trigger: ".modal button[name=action_snooze]",
            run: "click",
        },
        {
            content: "It is snoozed",
            trigger: `body:not(:has(.modal)) ${current("Snoozed")}`,
        },
        {
            content: "... with the reason",
            trigger: ".o_field_widget[name=snooze_reason]:contains(change order)",
        },
        {
            content: "The chatter says who snoozed it and why",
            trigger: ".o-mail-Message:contains(Snoozed by Fiona Alerts):contains(change order)",
        },
        {
            content: "Back to the alerts",
            trigger: ".breadcrumb-item:contains(Alerts)",
            run: "click",
        },
        {
            content: "Both are still live: acknowledged and snoozed",
            trigger: `.o_data_row:contains(${UNBILLED}) td[name=state]:contains(Acknowledged)`,
        },
        {
            trigger: `.o_data_row:contains(${CAP}) td[name=state]:contains(Snoozed)`,
        },
    ],
});
