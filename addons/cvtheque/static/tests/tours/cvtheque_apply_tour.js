import { registry } from "@web/core/registry";

// A candidate signed in on a phone finds an offer by contract, opens it and applies
// with the CV of their space; then follows the application on /my.
registry.category("web_tour.tours").add("cvtheque_apply_tour", {
    url: "/offres-emploi",
    steps: () => [
        {
            content: "Filter the permanent contracts",
            trigger: "select#filter_contract_type_id",
            run: "selectByLabel CDI",
        },
        {
            content: "Search",
            trigger: ".o_cvtheque_offer_filters button[type=submit]",
            run: "click",
            expectUnloadPage: true,
        },
        { content: "One offer is left", trigger: ".o_cvtheque_offer_count:contains(1 offer)" },
        {
            content: "Open the offer",
            trigger: ".o_cvtheque_offer a:contains(Aide-soignant(e))",
            run: "click",
            expectUnloadPage: true,
        },
        { content: "Choose my CV", trigger: ".o_cvtheque_apply label:contains(Aide-soignante de nuit)", run: "click" },
        { content: "Write a word", trigger: "textarea#apply_message", run: "edit Disponible dès janvier." },
        {
            content: "Send the application",
            trigger: ".o_cvtheque_apply_button",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Follow my applications",
            trigger: ".o_cvtheque_thanks a[href='/my/applications']",
            run: "click",
            expectUnloadPage: true,
        },
        { content: "The application is there with its stage", trigger: ".o_cvtheque_application .o_cvtheque_stage" },
    ],
});
