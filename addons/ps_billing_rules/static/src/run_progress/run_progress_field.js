/** @odoo-module */
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import { onMounted, onWillUnmount, onWillUpdateProps } from "@odoo/owl";
import { browser } from "@web/core/browser/browser";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import {
    ProgressBarField,
    progressBarField,
} from "@web/views/fields/progress_bar/progress_bar_field";

// sent by ps.engagement.run.mixin._notify_progress when a line finishes
export const PROGRESS_NOTIFICATION = "ps_engagement_run_progress";
// while a run is running, the form also reloads it this often: the bus is
// not always there (no websocket behind some proxies, none in browser tests)
export const POLL_INTERVAL_MS = 2000;

/**
 * The progress bar of a billing or recognition run that keeps the open form
 * up to date: the run's jobs finish in the background, and the form reloads
 * the run (progress, counters, state, lines) when the bus says a line
 * finished, and every few seconds while the run is running.
 */
export class RunProgressField extends ProgressBarField {
    setup() {
        super.setup();
        this.busService = useService("bus_service");
        this.channel = null;
        this.reloading = false;
        this.onNotification = (payload) => {
            const record = this.props.record;
            if (payload && payload.model === record.resModel && payload.id === record.resId) {
                this.reload();
            }
        };
        onMounted(() => {
            this.listen(this.props.record);
            this.busService.subscribe(PROGRESS_NOTIFICATION, this.onNotification);
            this.timer = browser.setInterval(() => {
                if (this.props.record.data.state === "running") {
                    this.reload();
                }
            }, POLL_INTERVAL_MS);
        });
        onWillUpdateProps((nextProps) => this.listen(nextProps.record));
        onWillUnmount(() => {
            browser.clearInterval(this.timer);
            this.busService.unsubscribe(PROGRESS_NOTIFICATION, this.onNotification);
            if (this.channel) {
                this.busService.deleteChannel(this.channel);
            }
        });
    }

    /** Listen to the bus channel of the run ``record`` shows. */
    listen(record) {
        const channel = record.resId
            ? `ps_engagement_run:${record.resModel}:${record.resId}`
            : null;
        if (channel === this.channel) {
            return;
        }
        if (this.channel) {
            this.busService.deleteChannel(this.channel);
        }
        this.channel = channel;
        if (channel) {
            this.busService.addChannel(channel);
        }
    }

    /** Reload the run, unless the user is editing it or a reload is under way. */
    async reload() {
        const record = this.props.record;
        if (this.reloading || !record.resId || record.dirty) {
            return;
        }
        this.reloading = true;
        try {
            await record.load();
        } finally {
            this.reloading = false;
        }
    }
}

export const runProgressField = {
    ...progressBarField,
    component: RunProgressField,
};

registry.category("fields").add("ps_run_progress", runProgressField);
