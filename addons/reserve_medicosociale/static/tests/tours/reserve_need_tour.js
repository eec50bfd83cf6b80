import { registry } from "@web/core/registry";

/** Set the value of a date or time input as a phone's picker does. */
function setValue(value) {
    return function () {
        this.anchor.value = value;
        this.anchor.dispatchEvent(new Event("input", { bubbles: true }));
        this.anchor.dispatchEvent(new Event("change", { bubbles: true }));
    };
}

// A member manager posts a need with a night shift and a day shift, from /my.
registry.category("web_tour.tours").add("reserve_need_post_tour", {
    url: "/my",
    steps: () => [
        {
            content: "Open the reinforcement needs",
            trigger: ".o_portal_my_home a[href='/my/needs']",
            run: "click",
            expectUnloadPage: true,
        },
        { content: "Post a need", trigger: "a.o_reserve_need_new", run: "click", expectUnloadPage: true },
        {
            content: "The only establishment is chosen",
            trigger: "select#establishment_id:has(option:checked:contains(EHPAD Tour Les Mimosas))",
        },
        {
            content: "No job chosen yet: no diploma is listed",
            trigger: ".o_reserve_need_qualifications_empty",
        },
        {
            content: "Job",
            trigger: "select#job_id",
            run() {
                const option = [...this.anchor.options].find((o) => o.textContent.trim() === "Aide-soignant(e)");
                this.anchor.value = option.value;
                this.anchor.dispatchEvent(new Event("change", { bubbles: true }));
            },
        },
        {
            content: "The job's diplomas are listed",
            trigger: ".o_reserve_need_qualification:contains(aide-soignant) select:enabled",
        },
        {
            content: "Another job's diplomas are hidden and not sent",
            trigger: ".o_reserve_need_qualification:hidden:contains(assistant de service social) select:disabled",
        },
        {
            content: "The hint to choose a job is gone",
            trigger: ".o_reserve_need_qualifications_empty:hidden",
        },
        { content: "Two people", trigger: "input#headcount", run: "edit 2" },
        { content: "Today", trigger: "select#urgency", run: "select today" },
        { content: "Night shift: date", trigger: "input#shift_date_0", run: setValue("2031-07-15") },
        { content: "starts at 21:00", trigger: "input#shift_start_0", run: setValue("21:00") },
        { content: "ends at 07:00", trigger: "input#shift_stop_0", run: setValue("07:00") },
        {
            content: "Add a shift",
            trigger: "button.o_reserve_need_add_shift",
            run: "click",
            expectUnloadPage: true,
        },
        { content: "The night shift is kept", trigger: "input#shift_start_0[value='21:00']" },
        {
            content: "Only the job's diplomas are listed again",
            trigger: ".o_reserve_need_qualification:hidden:contains(assistant de service social)",
        },
        { content: "Day shift: date", trigger: "input#shift_date_1", run: setValue("2031-07-16") },
        { content: "starts at 07:00", trigger: "input#shift_start_1", run: setValue("07:00") },
        { content: "ends at 14:00", trigger: "input#shift_stop_1", run: setValue("14:00") },
        { content: "Accept a staff loan", trigger: "label:contains(Staff loan)", run: "click" },
        {
            content: "The DEAS is required",
            trigger: ".o_reserve_need_qualification:contains(aide-soignant) select",
            run: "select required",
        },
        { content: "Notes", trigger: "textarea#notes", run: "edit Unité protégée, 2e étage" },
        { content: "Publish", trigger: "button.o_reserve_need_publish", run: "click", expectUnloadPage: true },
        { content: "The need is published", trigger: ".o_reserve_done" },
        { content: "It is open", trigger: ".o_reserve_need_state[data-state=open]" },
        { content: "Both shifts are listed", trigger: ".o_reserve_need_shifts:has(.o_reserve_need_shift + .o_reserve_need_shift)" },
    ],
});
