import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("formation_manager_book_tour", {
    url: "/my/trainings",
    steps: () => [
        {
            content: "The page fits a phone",
            trigger: ".o_formation_portal",
            run() {
                if (document.documentElement.scrollWidth > window.innerWidth) {
                    throw new Error(`The page is wider than the phone: ${document.documentElement.scrollWidth}px`);
                }
            },
        },
        {
            content: "Open the session",
            trigger: ".o_formation_session_card:contains('AFGSU 2 test')",
            run: "click",
            expectUnloadPage: true,
        },
        { content: "Choose the first employee", trigger: ".o_formation_book_form label:contains('Salariée Prêtée')", run: "click" },
        { content: "Choose the second employee", trigger: ".o_formation_book_form label:contains('Salarié Deux')", run: "click" },
        {
            content: "Register them",
            trigger: ".o_formation_book_form button.o_formation_book",
            run: "click",
            expectUnloadPage: true,
        },
        { content: "Both are registered", trigger: ".o_formation_booked:contains('2 registered, 0 on the waitlist.')" },
        { content: "They are no longer offered", trigger: ".o_formation_book_form:not(:has(label:contains('Salarié Deux')))" },
    ],
});
