import { registry } from "@web/core/registry";

/** Set the value of a date input as a phone's date picker does. */
function setDate(value) {
    return function () {
        this.anchor.value = value;
        this.anchor.dispatchEvent(new Event("input", { bubbles: true }));
        this.anchor.dispatchEvent(new Event("change", { bubbles: true }));
    };
}

// 1. The public signup form: a first try without consent is refused and keeps the
//    values typed; the second is accepted.
registry.category("web_tour.tours").add("reserve_portal_signup_tour", {
    url: "/reserve/inscription",
    steps: () => [
        { content: "Choose the situation", trigger: "select#category", run: "select student" },
        { content: "First name", trigger: "input#first_name", run: "edit Camille" },
        { content: "Last name", trigger: "input#last_name", run: "edit Tourte" },
        { content: "E-mail", trigger: "input#email", run: "edit camille.tourte@example.com" },
        { content: "Phone", trigger: "input#phone", run: "edit 06 12 34 56 78" },
        { content: "Search the commune by postal code", trigger: "input#commune_search", run: "edit 50000" },
        {
            content: "Pick the commune found",
            trigger: "select#commune_id:has(option:contains(Saint-Lô))",
            run: "selectByLabel Saint-Lô",
        },
        { content: "Choose a job", trigger: ".o_reserve_job_list label:contains(Aide-soignant)", run: "click" },
        {
            content: "Send without the consent",
            trigger: "form.o_reserve_signup_form button[type=submit]",
            run: "click",
            expectUnloadPage: true,
        },
        { content: "The consent is asked for", trigger: "#reserve_signup_errors" },
        { content: "The name typed is kept", trigger: "input#first_name[value=Camille]" },
        { content: "The commune chosen is kept", trigger: "select#commune_id:has(option:checked:contains(Saint-Lô))" },
        { content: "Agree to the processing of personal data", trigger: "input#consent", run: "check" },
        {
            content: "Sign up",
            trigger: "form.o_reserve_signup_form button[type=submit]",
            run: "click",
            expectUnloadPage: true,
        },
        { content: "The person is told to check their e-mail", trigger: ".o_reserve_signup_done h1" },
    ],
});

// 2. The link of the e-mail: choose a password, then complete the profile and the week.
registry.category("web_tour.tours").add("reserve_portal_confirm_tour", {
    steps: () => [
        { content: "Choose a password", trigger: "input#password", run: "edit camille.tourte@example.com" },
        { content: "Confirm it", trigger: "input#confirm_password", run: "edit camille.tourte@example.com" },
        {
            content: "Activate the account",
            trigger: "form.oe_signup_form button[type=submit]",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Open “My reserve” from the portal home",
            trigger: ".o_portal_my_home a[href='/my/reserve']",
            run: "click",
            expectUnloadPage: true,
        },
        { content: "The profile waits for validation", trigger: ".o_reserve_state[data-state=to_validate]" },
        { content: "Widen the radius", trigger: "input#radius_km", run: "edit 35" },
        { content: "Add a school", trigger: "input#school_name", run: "edit IFAS de Saint-Lô" },
        { content: "Year of study", trigger: "input#study_year", run: "edit 2" },
        { content: "Save the profile", trigger: "button.o_reserve_save", run: "click", expectUnloadPage: true },
        { content: "The profile is saved", trigger: ".o_reserve_done" },
        { content: "The school is kept", trigger: "input#school_name[value='IFAS de Saint-Lô']" },
        {
            content: "Go to the availability",
            trigger: ".o_reserve_tabs a[href='/my/reserve/availability']",
            run: "click",
            expectUnloadPage: true,
        },
        { content: "Monday morning", trigger: "label[for=block_0_morning]", run: "click" },
        { content: "Wednesday night", trigger: "label[for=block_2_night]", run: "click" },
        { content: "Other hours: Saturday", trigger: "select[name=custom_weekday]", run: "select 5" },
        { content: "from 09:00", trigger: "select[name=custom_from]", run: "selectByLabel 09:00" },
        { content: "to 12:00", trigger: "select[name=custom_to]", run: "selectByLabel 12:00" },
        { content: "Save the week", trigger: "button.o_reserve_save_week", run: "click", expectUnloadPage: true },
        { content: "The week is saved", trigger: ".o_reserve_done" },
        { content: "Monday morning is ticked", trigger: "input#block_0_morning:checked" },
        { content: "Wednesday night is ticked", trigger: "input#block_2_night:checked" },
    ],
});

// 3. Once validated: pause the profile.
registry.category("web_tour.tours").add("reserve_portal_pause_tour", {
    url: "/my/reserve",
    steps: () => [
        { content: "The profile is active", trigger: ".o_reserve_state[data-state=active]" },
        { content: "Say why", trigger: "input#pause_reason", run: "edit Examens" },
        { content: "Pause", trigger: "button.o_reserve_pause", run: "click", expectUnloadPage: true },
        { content: "The profile is paused", trigger: ".o_reserve_state[data-state=paused]" },
        { content: "It can be resumed", trigger: "button.o_reserve_resume" },
    ],
});

// A signed-in reservist updates their week and their dated periods.
registry.category("web_tour.tours").add("reserve_portal_availability_tour", {
    url: "/my/reserve/availability",
    steps: () => [
        { content: "Tuesday afternoon", trigger: "label[for=block_1_afternoon]", run: "click" },
        { content: "Save the week", trigger: "button.o_reserve_save_week", run: "click", expectUnloadPage: true },
        { content: "The week is saved", trigger: ".o_reserve_done" },
        { content: "Tuesday afternoon is ticked", trigger: "input#block_1_afternoon:checked" },
        { content: "Not available", trigger: "label[for=kind_unavailable]", run: "click" },
        { content: "From", trigger: "input#start_date", run: setDate("2031-03-03") },
        { content: "at", trigger: "select#start_time", run: "select 08:00" },
        { content: "To", trigger: "input#stop_date", run: setDate("2031-03-07") },
        { content: "at", trigger: "select#stop_time", run: "select 18:00" },
        { content: "Why", trigger: "input#slot_note", run: "edit Partiels" },
        { content: "Add the period", trigger: "button.o_reserve_add_slot", run: "click", expectUnloadPage: true },
        { content: "The period is listed", trigger: ".o_reserve_slot:contains(Partiels)" },
        {
            content: "Remove the holidays",
            trigger: ".o_reserve_slot:contains(Vacances) button[type=submit]",
            run: "click",
            expectUnloadPage: true,
        },
        { content: "The period is removed", trigger: ".o_reserve_done" },
        { content: "The holidays are gone", trigger: ".o_reserve_slots:not(:contains(Vacances))" },
    ],
});
