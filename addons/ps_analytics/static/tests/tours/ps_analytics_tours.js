/** @odoo-module */
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
// Browser tours of the margin report, started by
// ps_analytics/tests/test_tours.py, which builds the data they expect:
// on engagement ACME-ERP in March 2026, Bob (Consultant) 4 h at 50/h and
// Jane (Senior consultant) 2 h at 80/h: 360 of cost, no revenue yet.
import { registry } from "@web/core/registry";
import { openEngagementsMenu } from "@ps_billing_rules/../tests/tours/ps_tour_steps";

const ENGAGEMENT = "Engagement ACME-ERP";

/** From the apps menu to Engagements > Reporting > Margin, in the pivot */
const openMargin = () => [
    ...openEngagementsMenu(
        "ps_analytics.ps_analytics_menu",
        "ps_analytics.ps_analytics_margin_menu"
    ),
    {
        content: "The engagement's total cost, 360, in the pivot",
        trigger: `.o_pivot tr:has(th:contains(${ENGAGEMENT})) .o_pivot_cell_value:contains(360.00)`,
    },
];

registry.category("web_tour.tours").add("ps_analytics_pm_margin_totals", {
    url: "/odoo",
    steps: () => [
        ...openMargin(),
        {
            content: "... and its margin, -360",
            trigger: `.o_pivot tr:has(th:contains(${ENGAGEMENT})) .o_pivot_cell_value:contains(-360.00)`,
        },
        {
            content: "Open the engagement by role",
            trigger: `.o_pivot th.o_pivot_header_cell_closed:contains(${ENGAGEMENT})`,
            run: "click",
        },
        {
            content: "It groups by role, not by person: no Person among its custom groups",
            trigger:
                ".o-dropdown--menu:has(.o_add_custom_group_menu option:contains(Role))" +
                ":not(:has(.o_add_custom_group_menu option:contains(Person)))",
        },
        {
            trigger: ".o-dropdown--menu .dropdown-item:contains(Role)",
            run: "click",
        },
        {
            content:
                "One person per role: their cost and margin stay blank for a project " +
                "manager (fewer than 2 people behind a figure), the engagement's total stays",
            trigger:
                ".o_pivot table:has(th:contains(Senior consultant)):has(th:contains(Consultant))" +
                ":not(:has(.o_pivot_cell_value:contains(160.00)))" +
                ":not(:has(.o_pivot_cell_value:contains(200.00)))" +
                `:has(tr:has(th:contains(${ENGAGEMENT})) .o_pivot_cell_value:contains(360.00))`,
        },
        {
            content: "Costs: the engagement expenses, no cost rates",
            trigger: ".o_menu_sections [data-menu-xmlid='ps_costing.ps_costing_menu']",
            run: "click",
        },
        {
            trigger:
                ".o-dropdown--menu:has([data-menu-xmlid='ps_costing.ps_engagement_expense_menu'])" +
                ":not(:has([data-menu-xmlid='ps_costing.ps_cost_rate_menu']))",
        },
        {
            content: "Close the menu",
            trigger: ".o_menu_sections [data-menu-xmlid='ps_costing.ps_costing_menu']",
            run: "click",
        },
        {
            content: "Open the records behind the engagement's cost",
            trigger: `.o_pivot tr:has(th:contains(${ENGAGEMENT})) .o_pivot_cell_value:contains(360.00)`,
            run: "click",
        },
        {
            content: "Refused, saying why: the rows show one person's cost",
            trigger:
                ".modal:contains(finance reads them):contains(Project managers read the margin's totals)",
        },
        {
            content: "Close the message",
            trigger: ".modal .modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "Back on the totals",
            trigger: "body:not(:has(.modal)) .o_pivot",
        },
    ],
});

registry.category("web_tour.tours").add("ps_analytics_finance_margin_drilldown", {
    url: "/odoo",
    steps: () => [
        ...openMargin(),
        {
            content: "Finance may group by person",
            trigger: `.o_pivot th.o_pivot_header_cell_closed:contains(${ENGAGEMENT})`,
            run: "click",
        },
        {
            trigger: ".o-dropdown--menu:has(.o_add_custom_group_menu option:contains(Person))",
        },
        {
            content: "Close the menu",
            trigger: `.o_pivot th.o_pivot_header_cell_closed:contains(${ENGAGEMENT})`,
            run: "click",
        },
        {
            content: "Open the records behind the engagement's cost",
            trigger: `.o_pivot tr:has(th:contains(${ENGAGEMENT})) .o_pivot_cell_value:contains(360.00)`,
            run: "click",
        },
        {
            content: "One row per time entry, with the person and its cost",
            trigger: ".o_list_view .o_data_row:contains(Bob Stone) td[name=cost]:contains(200.00)",
        },
        {
            trigger: ".o_list_view .o_data_row:contains(Jane Park) td[name=cost]:contains(160.00)",
        },
        {
            content: "Open the time entry behind Bob's row",
            trigger: ".o_data_row:contains(Bob Stone) button[name=action_ps_open_records]",
            run: "click",
        },
        {
            content: "Bob's 4 hours of 2 March",
            trigger:
                ".o_form_view .o_field_widget[name=name]:contains(Work M-1), .o_form_view .o_field_widget[name=name] input:value(Work M-1)",
        },
    ],
});
