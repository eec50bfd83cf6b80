import { registry } from "@web/core/registry";

/** Draw a stroke on the signature pad, as a finger or a mouse does. */
function drawSignature() {
    const canvas = this.anchor;
    const rect = canvas.getBoundingClientRect();
    const point = (x, y, type, buttons) =>
        new PointerEvent(type, {
            bubbles: true,
            cancelable: true,
            isPrimary: true,
            pointerId: 1,
            pointerType: "mouse",
            button: 0,
            buttons,
            clientX: rect.left + rect.width * x,
            clientY: rect.top + rect.height * y,
        });
    canvas.dispatchEvent(point(0.2, 0.6, "pointerdown", 1));
    for (const [x, y] of [
        [0.3, 0.3],
        [0.4, 0.7],
        [0.5, 0.3],
        [0.6, 0.7],
        [0.7, 0.4],
    ]) {
        canvas.dispatchEvent(point(x, y, "pointermove", 1));
    }
    canvas.dispatchEvent(point(0.7, 0.4, "pointerup", 0));
}

/** Open the loan awaiting a signature from the list, sign it with `name`, drawn or typed. */
function signSteps(name, mode) {
    return [
        {
            content: "Open the loan awaiting my signature",
            trigger: ".o_reserve_loan_card:has(.o_reserve_loan_to_sign)",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Sign: the signature form opens",
            trigger: "button.o_reserve_loan_sign_button",
            async run() {
                // The form resets its pad once the modal is shown: wait for it before signing.
                const modal = document.querySelector("#reserve_loan_modal_sign");
                const shown = new Promise((resolve) =>
                    modal.addEventListener("shown.bs.modal", resolve, { once: true })
                );
                this.anchor.click();
                await shown;
            },
        },
        { content: "Clear the name", trigger: ".modal .o_web_sign_name_and_signature input", run: "clear" },
        { content: "Without a name, nothing can be sent", trigger: ".modal .o_portal_sign_submit:disabled" },
        { content: "Type my name", trigger: ".modal .o_web_sign_name_and_signature input", run: `fill ${name}` },
        ...(mode === "draw"
            ? [
                  { content: "Draw", trigger: ".modal .o_web_sign_draw_button", run: "click" },
                  { content: "The pad is empty", trigger: ".modal .o_portal_sign_submit:disabled" },
                  { content: "Draw my signature", trigger: ".modal canvas.o_web_sign_signature", run: drawSignature },
              ]
            : [{ content: "Typed signature", trigger: ".modal .o_web_sign_auto_button", run: "click" }]),
        { content: "The signature is there", trigger: ".modal canvas.o_web_sign_signature", run: "canvasNotEmpty" },
        {
            content: "Confirm",
            trigger: ".modal .o_portal_sign_submit:enabled",
            run: "click",
            expectUnloadPage: true,
        },
        { content: "The signature is recorded", trigger: ".o_reserve_loan_message" },
    ];
}

// The employee opens their staff loans from /my, reads the loan and signs with a typed signature.
registry.category("web_tour.tours").add("reserve_loan_employee_sign_tour", {
    url: "/my",
    steps: () => [
        {
            content: "Open my staff loans",
            trigger: ".o_portal_my_home a[href='/my/loans']",
            run: "click",
            expectUnloadPage: true,
        },
        ...signSteps("Camille Prêtée", "auto"),
        {
            content: "The loan is signed by the employee",
            trigger: ".o_reserve_loan_state[data-state=employee_signed]:contains(Signed by the employee)",
        },
        {
            content: "My signature shows",
            trigger: ".o_reserve_loan_signature[data-signed='1']:contains(Camille Prêtée) img",
        },
        { content: "Nothing is left to sign", trigger: "body:not(:has(button.o_reserve_loan_sign_button))" },
    ],
});

// The lender's manager then signs the convention, drawing their signature.
registry.category("web_tour.tours").add("reserve_loan_employer_sign_tour", {
    url: "/my/loans",
    steps: () => [
        ...signSteps("Directrice Prêteuse", "draw"),
        {
            content: "My signature shows",
            trigger: ".o_reserve_loan_signature[data-signed='1']:contains(Directrice Prêteuse) img",
        },
        {
            content: "The borrower has not signed yet",
            trigger: ".o_reserve_loan_state[data-state=employee_signed]",
        },
        { content: "Nothing is left to sign", trigger: "body:not(:has(button.o_reserve_loan_sign_button))" },
    ],
});
