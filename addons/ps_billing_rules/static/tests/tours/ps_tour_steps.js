/** @odoo-module */
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
// Steps that the browser tours of the ps_* addons share.

/** The current stage of a form's status bar */
export const currentStage = (label) =>
    `.o_statusbar_status .o_arrow_button_current:contains(${label})`;

/** From the apps menu to the Engagements app, then through its menus
 * (xml ids, a section first, then maybe one of its items) */
export function openEngagementsMenu(...menus) {
    return [
        {
            content: "The apps",
            trigger: ".o_navbar_apps_menu button",
            run: "click",
        },
        {
            content: "Open the Engagements app",
            trigger: ".o_app[data-menu-xmlid='ps_billing_rules.ps_billing_menu_root']",
            run: "click",
        },
        ...menus.map((xmlid) => ({
            content: `Menu ${xmlid}`,
            trigger: `:is(.o_menu_sections, .dropdown-menu) [data-menu-xmlid='${xmlid}']`,
            run: "click",
        })),
    ];
}
