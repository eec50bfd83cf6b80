import { registry } from "@web/core/registry";

// A host establishment's manager on a phone opens the job events from /my, opens the open
// day their establishment hosts, marks the first person attended and the second absent.
registry.category("web_tour.tours").add("parcours_events_mark_attendance_tour", {
    url: "/my",
    steps: () => [
        {
            content: "Open the job events",
            trigger: "a[href='/my/parcours/events']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Open the event the establishment hosts, two people to mark",
            trigger: ".o_parcours_hosted_card:contains(Portes ouvertes en cours):contains(2 to mark)",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Mark Portail Un as attended",
            trigger: ".o_parcours_attendee:contains(Portail Un) button.o_parcours_mark_attended",
            run: "click",
            expectUnloadPage: true,
        },
        { content: "The step is recorded", trigger: ".o_parcours_done:contains(step is recorded)" },
        {
            content: "Portail Un is attended, recorded on the pathway",
            trigger: ".o_parcours_attendee:contains(Portail Un):has(.o_parcours_marked_attended):not(:has(form))",
        },
        {
            content: "Mark Portail Deux as absent",
            trigger: ".o_parcours_attendee:contains(Portail Deux) button.o_parcours_mark_absent",
            run: "click",
            expectUnloadPage: true,
        },
        { content: "Absence recorded", trigger: ".o_parcours_done:contains(Marked as absent)" },
        {
            content: "Portail Deux is absent and can still be corrected",
            trigger: ".o_parcours_attendee:contains(Portail Deux):has(.o_parcours_marked_absent) button.o_parcours_mark_attended",
        },
    ],
});
