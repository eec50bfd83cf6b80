import { registry } from "@web/core/registry";

// A volunteer, signed in on a phone, finds a mission near them and applies in one tap.
registry.category("web_tour.tours").add("reserve_mission_apply_tour", {
    url: "/reserve/missions",
    steps: () => [
        {
            content: "The list is searched around the volunteer's own commune",
            trigger: ".o_reserve_mission_total:contains(Cherbourg-en-Cotentin)",
        },
        {
            content: "Only reading missions",
            trigger: "select#activity_id",
            run() {
                const option = [...this.anchor.options].find((o) => o.textContent.trim() === "Reading and conversation");
                this.anchor.value = option.value;
                this.anchor.dispatchEvent(new Event("change", { bubbles: true }));
            },
        },
        { content: "Search", trigger: "button.o_reserve_mission_search", run: "click", expectUnloadPage: true },
        {
            content: "The family-visits mission is filtered out",
            trigger: ".o_reserve_mission_list:not(:has(.o_reserve_mission_card:contains(Accompagner les visites)))",
        },
        {
            content: "The reading mission is near the volunteer, when they are available",
            trigger: ".o_reserve_mission_card:contains(Lire le journal) .o_reserve_mission_match",
        },
        {
            content: "Open it",
            trigger: ".o_reserve_mission_card:contains(Lire le journal) a",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The tutor on site is named",
            trigger: ".o_reserve_mission_page:contains(Mme Durand, animatrice)",
        },
        {
            content: "The apply button fits the phone's width",
            trigger: "button.o_reserve_mission_apply_button",
            run() {
                const width = this.anchor.getBoundingClientRect().width;
                if (window.innerWidth > 400 || width > window.innerWidth || width < window.innerWidth * 0.7) {
                    console.error(`apply button ${width}px wide in a ${window.innerWidth}px window`);
                }
            },
        },
        { content: "Apply", trigger: "button.o_reserve_mission_apply_button", run: "click", expectUnloadPage: true },
        { content: "Application sent", trigger: ".o_reserve_done" },
        { content: "Pending", trigger: ".o_reserve_mission_status[data-state=pending]" },
    ],
});
