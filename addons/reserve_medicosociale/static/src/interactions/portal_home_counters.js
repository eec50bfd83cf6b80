import { patch } from "@web/core/utils/patch";
import { rpc } from "@web/core/network/rpc";
import { PortalHomeCounters } from "@portal/interactions/portal_home_counters";

/**
 * The /my home asks the counters of all its cards in one call, not up to three.
 *
 * Odoo splits them to compute slow counters in parallel on a large server; the reserve's
 * counters are indexed counts, and an association's server has few workers: three calls
 * from each phone that opens its home took three workers' turns for one person, and a third
 * of the server's requests at the morning peak (see `make load`). Same cards, same rules:
 * a card shows when its counter is not 0 or is always displayed.
 */
patch(PortalHomeCounters.prototype, {
    async updateCounters() {
        const needed = [...this.el.querySelectorAll("[data-placeholder_count]")].map(
            (counterEl) => counterEl.dataset.placeholder_count
        );
        const alwaysDisplayed = this.getCountersAlwaysDisplayed();
        const counters = needed.length ? await rpc("/my/counters", { counters: needed }) : {};
        for (const [name, value] of Object.entries(counters)) {
            const counterEl = this.el.querySelector(`[data-placeholder_count='${name}']`);
            if (!counterEl) {
                continue;
            }
            counterEl.textContent = value;
            if (value !== 0 || alwaysDisplayed.includes(name)) {
                counterEl.closest(".o_portal_index_card").classList.remove("d-none");
            }
        }
        this.el.querySelector(".o_portal_doc_spinner")?.remove();
        return counters;
    },
});
