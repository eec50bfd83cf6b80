import { Interaction } from "@web/public/interaction";
import { registry } from "@web/core/registry";

/**
 * The form where a member manager posts a need (/my/needs/new): only the diplomas that
 * qualify for the chosen job are listed, and the list follows the job select.
 * Without it the page lists every diploma and the server keeps only the job's ones.
 */
export class ReserveNeedForm extends Interaction {
    static selector = ".o_reserve_need_form";
    dynamicContent = {
        "#job_id": { "t-on-change": this.onJobChange },
        ".o_reserve_need_qualification": {
            "t-att-class": (el) => ({ "d-none": !this.isForJob(el) }),
        },
        ".o_reserve_need_qualification select": {
            // A hidden diploma is not sent; its choice comes back if the job is chosen again.
            "t-att-disabled": (el) => !this.isForJob(el.closest(".o_reserve_need_qualification")),
        },
        ".o_reserve_need_qualifications_empty": {
            "t-att-class": () => ({ "d-none": this.hasVisibleQualification() }),
        },
    };

    setup() {
        this.jobId = this.el.querySelector("#job_id")?.value || "";
    }

    onJobChange(ev) {
        this.jobId = ev.currentTarget.value;
    }

    /** Whether the diploma row qualifies for the job chosen (none chosen: none listed). */
    isForJob(rowEl) {
        const jobIds = (rowEl.dataset.jobIds || "").split(",").filter(Boolean);
        return Boolean(this.jobId) && jobIds.includes(this.jobId);
    }

    hasVisibleQualification() {
        return [...this.el.querySelectorAll(".o_reserve_need_qualification")].some((rowEl) =>
            this.isForJob(rowEl)
        );
    }
}

registry.category("public.interactions").add("reserve_medicosociale.reserve_need_form", ReserveNeedForm);
