import { registry } from "@web/core/registry";

// A person signed in on a phone opens the job events from /my, opens the virtual
// recruitment day, books the first time slot of the second establishment and sees the link.
registry.category("web_tour.tours").add("parcours_events_book_slot_tour", {
    url: "/my",
    steps: () => [
        {
            content: "Open the job events",
            trigger: "a[href='/my/parcours/events']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Open the virtual recruitment day",
            trigger: ".o_parcours_event_card:contains(Journée virtuelle test)",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Book the first time slot with the second establishment",
            trigger: ".o_parcours_host:contains(EHPAD Test Les Chênes) button.o_parcours_slot:first",
            run: "click",
            expectUnloadPage: true,
        },
        { content: "The booking is confirmed", trigger: ".o_parcours_done" },
        {
            content: "The meeting is listed with its video link",
            trigger: ".o_parcours_booking:contains(EHPAD Test Les Chênes) .o_parcours_meeting_link",
        },
        {
            content: "That establishment offers no other slot to me",
            trigger: ".o_parcours_host:contains(EHPAD Test Les Chênes):contains(Meeting booked)",
        },
    ],
});
