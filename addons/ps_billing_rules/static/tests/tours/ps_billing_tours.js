/** @odoo-module */
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
// Browser tours of the finance reviewer's month (issue 12), started by
// ps_billing_rules/tests/test_tours.py, which builds the data they expect.
import { registry } from "@web/core/registry";

const current = (label) => `.o_statusbar_status .o_arrow_button_current:contains(${label})`;

// TT-BAD-1 came from the time tool with an e-mail that is no employee's;
// the reviewer corrects it to Bob's and replays it (test_tours.py sends it)
const CORRECTED_PAYLOAD = JSON.stringify({
    external_id: "TT-BAD-1",
    employee_email: "bob@meridian.example",
    project_code: "ACME-ERP",
    date: "2026-03-02",
    hours: 3,
    status: "approved",
    description: "Work TT-BAD-1",
});

registry.category("web_tour.tours").add("ps_workbench_fix_and_replay", {
    url: "/odoo/action-ps_sync_core.ps_sync_log_action_exceptions",
    steps: () => [
        {
            content: "The rejected time entry is on the workbench",
            trigger: ".o_data_row:contains(unknown employee) td[name=external_id]:contains(TT-BAD-1)",
            run: "click",
        },
        {
            content: "Its reason is shown",
            trigger: ".o_field_widget[name=message]:contains(unknown employee)",
        },
        {
            content: "Correct the payload",
            trigger: ".o_field_widget[name=payload_display] textarea",
            run: `edit ${CORRECTED_PAYLOAD}`,
        },
        {
            content: "Save the correction",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Replay it: a data error's primary action",
            trigger: "button.btn-primary[name=action_replay]",
            run: "click",
        },
        {
            content: "The entry landed",
            trigger: current("Done"),
        },
        {
            content: "The chatter says who corrected what",
            trigger: ".o-mail-Message:contains(Payload corrected by):contains(bob@meridian.example)",
        },
        {
            content: "Back to the workbench",
            trigger: ".breadcrumb-item:contains(Exception Workbench)",
            run: "click",
        },
        {
            content: "Open the other rejected entry",
            trigger: ".o_data_row td[name=external_id]:contains(TT-BAD-2)",
            run: "click",
        },
        {
            content: "Resolve it",
            trigger: "button[name=action_open_resolve]",
            run: "click",
        },
        {
            content: "Say why",
            trigger: ".modal .o_field_widget[name=reason] textarea",
            run: "edit Entered twice in the time tool; the right entry came as TT-88121.",
        },
        {
            content: "Confirm",
            trigger: ".modal button[name=action_confirm]",
            run: "click",
        },
        {
            content: "It is resolved, with the reason",
            trigger: current("Resolved"),
        },
        {
            content: "The reason is kept",
            trigger: ".o_field_widget[name=resolution_reason]:contains(Entered twice)",
        },
    ],
});

registry.category("web_tour.tours").add("ps_billing_run_to_posted_invoice", {
    url: "/odoo/action-ps_billing_rules.ps_billing_run_action",
    steps: () => [
        {
            content: "New billing run",
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            content: "The period end has a default (the last closed month)",
            trigger: ".o_field_widget[name=date_to] input",
            run() {
                if (!this.anchor.value) {
                    throw new Error("the billing run has no default period end");
                }
            },
        },
        {
            content: "Start it",
            trigger: "button[name=action_start]",
            run: "click",
        },
        {
            content: "The run is running",
            trigger: current("Running"),
        },
        {
            content: "The progress bar moves by itself: one engagement of two done",
            trigger: ".o_field_widget[name=progress] .o_progress[aria-valuenow='50']",
        },
        {
            content: "The run finishes by itself",
            trigger: ".o_field_widget[name=progress] .o_progress[aria-valuenow='100']",
        },
        {
            content: "... and says it is done",
            trigger: current("Done"),
        },
        {
            content: "Both engagements were proposed",
            trigger: ".o_field_widget[name=line_ids] .o_data_row:contains(Invoice proposed):eq(1)",
        },
        {
            content: "Open the proposals",
            trigger: "button[name=action_open_proposals]",
            run: "click",
        },
        {
            content: "Review the proposal of the ERP engagement",
            trigger: ".o_data_row td:contains(560.00)",
            run: "click",
        },
        {
            content: "Post it",
            trigger: "button[name=action_post]",
            run: "click",
        },
        {
            content: "It is posted",
            trigger: current("Posted"),
        },
    ],
});
