import { registry } from "@web/core/registry";

// A reservist opens the "I accept" link of a proposal e-mail (signed, no session): the page
// says what they accept, the button accepts; then they sign in and find the proposal
// answered and the assignment in their space.
// Started on the link itself: the test builds it from the proposal.
registry.category("web_tour.tours").add("reserve_proposal_accept_tour", {
    steps: () => [
        {
            content: "The page says which establishment asks",
            trigger: "[data-answer=confirm] [data-detail=establishment]:contains(EHPAD Test Les Pins)",
        },
        { content: "for which job", trigger: "[data-answer=confirm] [data-detail=job]:contains(Aide-soignant test)" },
        { content: "when", trigger: "[data-answer=confirm] [data-detail=shifts] div" },
        { content: "under which contract", trigger: "[data-answer=confirm] [data-detail=contract_type]" },
        {
            content: "Accept with the button",
            trigger: "form.o_reserve_link_form button[type=submit]",
            run: "click",
            expectUnloadPage: true,
        },
        { content: "The acceptance is recorded", trigger: "[data-answer=accepted]" },
        { content: "The details are repeated", trigger: "[data-detail=establishment]:contains(EHPAD Test Les Pins)" },
        { content: "The calendar file is offered", trigger: "a[data-calendar-file][href$='/calendar.ics']" },
        {
            content: "See my proposals",
            trigger: "a[href='/my/proposals']",
            run: "click",
            expectUnloadPage: true,
        },
        { content: "Sign in: login", trigger: "form.oe_login_form input#login", run: "edit t_portal" },
        { content: "password", trigger: "form.oe_login_form input#password", run: "edit t_portal" },
        {
            content: "Sign in",
            trigger: "form.oe_login_form button[type=submit]",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The proposal is listed as accepted",
            trigger: ".o_portal_my_doc_table tr:contains(EHPAD Test Les Pins):contains(Accepted)",
        },
        {
            content: "Back to the portal home",
            trigger: ".o_portal_submenu a[href='/my/home'], .o_portal_submenu a[href='/my']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Open my assignments",
            trigger: ".o_portal_my_home a[href='/my/assignments']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The assignment is listed, planned",
            trigger: ".o_portal_my_doc_table tr:contains(EHPAD Test Les Pins):contains(Aide-soignant test):contains(Planned)",
        },
    ],
});
