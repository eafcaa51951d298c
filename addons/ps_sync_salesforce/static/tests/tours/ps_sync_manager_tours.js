/** @odoo-module */
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
// Browser tour of the sync manager (issue 12), started by
// ps_sync_salesforce/tests/test_tours.py.
import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("ps_sync_manager_failed_pull", {
    url: "/odoo/action-ps_sync_core.ps_sync_backend_action",
    steps: () => [
        {
            content: "New backend",
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            content: "Name it",
            trigger: ".o_field_widget[name=name] input",
            run: "edit Salesforce Tour",
        },
        {
            content: "Its code",
            trigger: ".o_field_widget[name=code] input",
            run: "edit sf-tour",
        },
        {
            content: "A Salesforce org",
            trigger: ".o_field_widget[name=kind] select",
            run: "selectByLabel Salesforce",
        },
        {
            content: "Its Salesforce settings: no credentials filled",
            trigger: ".o_notebook .nav-link:contains(Salesforce)",
            run: "click",
        },
        {
            content: "Save",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Pull now",
            trigger: "button[name=action_pull]",
            run: "click",
        },
        {
            content: "The pull is queued",
            trigger: ".o_notification:contains(Pull queued)",
        },
        {
            content: "Open the exception workbench",
            trigger: ".o_menu_sections [data-menu-xmlid='ps_sync_core.ps_sync_log_menu_exceptions']",
            run: "click",
        },
        {
            content: "The failed pull is there, with a readable reason",
            trigger: ".o_data_row:contains(Salesforce Tour) td[name=message]:contains(login needs a username)",
            run: "click",
        },
        {
            content: "Its form says what failed and why",
            trigger: ".o_field_widget[name=message]:contains(login needs a username)",
        },
        {
            content: "... and it is failed",
            trigger: ".o_statusbar_status .o_arrow_button_current:contains(Failed)",
        },
    ],
});
