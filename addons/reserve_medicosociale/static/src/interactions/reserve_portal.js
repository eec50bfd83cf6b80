import { Interaction } from "@web/public/interaction";
import { registry } from "@web/core/registry";

/**
 * The forms of the reservist (signup and /my/reserve pages), on a phone first.
 * Every form also works without it: the server resolves a typed commune, shows all
 * fields and keeps one empty row of hours.
 */
export class ReservePortal extends Interaction {
    static selector = ".o_reserve_portal";
    dynamicContent = {
        _root: {
            "t-on-input": this.onInput,
            "t-on-change": this.onChange,
            "t-on-click": this.onClick,
            "t-on-submit": this.onSubmit,
        },
    };

    setup() {
        this.searchCommunes = this.debounced(this.searchCommunes, 250);
        // The text typed only chooses the commune; the select is what is sent.
        const searchEl = this.el.querySelector("#commune_search");
        if (searchEl) {
            searchEl.removeAttribute("name");
        }
        this.el.querySelector(".o_reserve_add_range")?.classList.remove("d-none");
        this.toggleCategoryFields();
        for (const checkboxEl of this.el.querySelectorAll(".o_reserve_jobs input[name='job_ids']")) {
            this.toggleYears(checkboxEl);
        }
    }

    onInput(ev) {
        if (ev.target.id === "commune_search") {
            this.searchCommunes(ev.target.value);
        }
    }

    onChange(ev) {
        if (ev.target.id === "category") {
            this.toggleCategoryFields();
        } else if (ev.target.name === "job_ids") {
            this.toggleYears(ev.target);
        }
    }

    onClick(ev) {
        const removeEl = ev.target.closest(".o_reserve_remove_range");
        if (removeEl) {
            const rowEl = removeEl.closest(".o_reserve_custom_range");
            if (this.el.querySelectorAll(".o_reserve_custom_range").length > 1) {
                rowEl.remove();
            } else {
                rowEl.querySelectorAll("select").forEach((selectEl) => (selectEl.value = ""));
            }
            return;
        }
        if (ev.target.closest(".o_reserve_add_range")) {
            const rowEls = this.el.querySelectorAll(".o_reserve_custom_range");
            const newRowEl = rowEls[rowEls.length - 1].cloneNode(true);
            newRowEl.querySelectorAll("select").forEach((selectEl) => (selectEl.value = ""));
            rowEls[rowEls.length - 1].after(newRowEl);
            newRowEl.querySelector("select").focus();
        }
    }

    onSubmit(ev) {
        const message = ev.target.getAttribute("confirm");
        if (message && !window.confirm(message)) {
            ev.preventDefault();
        }
    }

    async searchCommunes(query) {
        const selectEl = this.el.querySelector("#commune_id");
        if (!selectEl || query.trim().length < 2) {
            return;
        }
        const response = await this.waitFor(fetch(`/reserve/communes?q=${encodeURIComponent(query.trim())}`));
        if (!response.ok) {
            return;
        }
        const communes = await this.waitFor(response.json());
        this.protectSyncAfterAsync(() => {
            const placeholderEl = selectEl.querySelector("option[value='']");
            selectEl.replaceChildren(...(placeholderEl ? [placeholderEl] : []));
            for (const commune of communes) {
                const optionEl = document.createElement("option");
                optionEl.value = commune.id;
                optionEl.textContent = commune.label;
                selectEl.append(optionEl);
            }
            if (communes.length) {
                selectEl.value = String(communes[0].id);
            }
            selectEl.classList.toggle("is-invalid", !communes.length);
        })();
    }

    toggleCategoryFields() {
        const category = this.el.querySelector("#category")?.value;
        for (const fieldEl of this.el.querySelectorAll("[data-reserve-show-for]")) {
            const categories = fieldEl.dataset.reserveShowFor.split(" ");
            fieldEl.classList.toggle("d-none", !categories.includes(category));
        }
    }

    toggleYears(checkboxEl) {
        const yearsEl = checkboxEl.closest(".list-group-item")?.querySelector(".o_reserve_years");
        if (yearsEl) {
            yearsEl.classList.toggle("invisible", !checkboxEl.checked);
        }
    }
}

registry.category("public.interactions").add("reserve_medicosociale.reserve_portal", ReservePortal);
