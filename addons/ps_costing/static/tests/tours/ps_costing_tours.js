/** @odoo-module */
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
// Browser tours of the cost manager, started by ps_costing/tests/test_tours.py,
// which builds the data they expect: Jane costs 50/h from 1 January 2026.
// One adds rates from Jane's group of the list, the other opens Cost Rates
// from the Engagements app and picks Jane for a new rate in the plain list.
import { registry } from "@web/core/registry";
import { openEngagementsMenu } from "@ps_billing_rules/../tests/tours/ps_tour_steps";

const row = ".o_data_row.o_selected_row";

/** Jane's rates, grouped by person, her group open */
const janesRates = () => [
    {
        content: "Look for Jane's rates",
        trigger: ".o_searchview_input",
        run: "edit Jane",
    },
    {
        content: "... by employee",
        trigger: ".o_searchview_autocomplete .o_menu_item:contains(Employee)",
        run: "click",
    },
    {
        content: "Group them by person",
        trigger: ".o_searchview_dropdown_toggler",
        run: "click",
    },
    {
        trigger: ".o_group_by_menu .o_menu_item:contains(Person)",
        run: "click",
    },
    {
        content: "Only Jane's group is listed",
        trigger: ".o_list_table:not(:has(.o_group_header:not(:contains(Jane))))",
    },
    {
        content: "Open it",
        trigger: ".o_group_header:contains(Jane)",
        run: "click",
    },
];

registry.category("web_tour.tours").add("ps_costing_new_effective_dated_rate", {
    url: "/odoo/action-ps_costing.ps_cost_rate_action",
    steps: () => [
        ...janesRates(),
        {
            content: "Her rate in force: 50/h from 1 January",
            trigger: ".o_data_row:contains(01/01/2026) td[name=hourly_cost]:contains(50.00)",
        },
        {
            content: "Close it at the end of June",
            trigger: ".o_data_row:contains(01/01/2026) td[name=date_to]",
            run: "click",
        },
        {
            trigger: `${row} .o_field_widget[name=date_to] input`,
            run: "edit 06/30/2026",
        },
        {
            content: "Save it",
            trigger: ".o_list_button_save",
            run: "click",
        },
        {
            content: "It is closed",
            trigger: ".o_data_row:not(.o_selected_row) td[name=date_to]:contains(06/30/2026)",
        },
        {
            content: "A new rate of Jane's",
            trigger: ".o_group_field_row_add a",
            run: "click",
        },
        {
            content: "It is hers",
            trigger: `${row} .o_field_widget[name=employee_id] input:value(Jane)`,
        },
        {
            content: "From 1 July",
            trigger: `${row} .o_field_widget[name=date_from] input`,
            run: "edit 07/01/2026",
        },
        {
            content: "At 60 an hour",
            trigger: `${row} .o_field_widget[name=hourly_cost] input`,
            run: "edit 60",
        },
        {
            content: "Save it",
            trigger: ".o_list_button_save",
            run: "click",
        },
        {
            content: "The new rate is listed",
            trigger:
                ".o_data_row:not(.o_selected_row):contains(07/01/2026) " +
                "td[name=hourly_cost]:contains(60.00)",
        },
    ],
});

registry.category("web_tour.tours").add("ps_costing_overlapping_rate_refused", {
    url: "/odoo",
    steps: () => [
        ...openEngagementsMenu("ps_costing.ps_costing_menu", "ps_costing.ps_cost_rate_menu"),
        {
            content: "A new rate, in the plain list",
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            content: "Whose? Jane's (the picker offers the people of the user's companies)",
            trigger: `${row} .o_field_widget[name=employee_id] input`,
            run: "edit Jane",
        },
        {
            trigger: ".o-autocomplete--dropdown-item:contains(Jane)",
            run: "click",
        },
        {
            content: "From 1 September",
            trigger: `${row} .o_field_widget[name=date_from] input`,
            run: "edit 09/01/2026",
        },
        {
            trigger: `${row} .o_field_widget[name=hourly_cost] input`,
            run: "edit 70",
        },
        {
            content: "Save it",
            trigger: ".o_list_button_save",
            run: "click",
        },
        {
            content: "Refused, naming the rate it overlaps",
            trigger: ".modal:contains(Cost rate of Jane):contains(overlaps the rate)",
        },
        {
            content: "Close the message",
            trigger: ".modal .modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "Discard the overlapping rate",
            trigger: ".o_list_button_discard",
            run: "click",
        },
        {
            content: "Her one rate remains",
            trigger: ".o_list_table:not(:has(.o_selected_row)):not(:has(td:contains(70.00)))",
        },
    ],
});
