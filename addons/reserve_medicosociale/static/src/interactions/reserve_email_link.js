import { Interaction } from "@web/public/interaction";
import { registry } from "@web/core/registry";

/**
 * The button of a one-click link's page (answer a proposal, confirm a mission, "still
 * available"): a second tap while the first is on its way sends nothing. Without it the
 * server answers the second tap with "already recorded", which would hide the first answer.
 */
export class ReserveEmailLinkForm extends Interaction {
    static selector = ".o_reserve_link_form";
    dynamicContent = {
        _root: { "t-on-submit": this.onSubmit },
        "button[type=submit]": {
            "t-att-disabled": () => this.sent,
            "t-att-aria-busy": () => (this.sent ? "true" : "false"),
        },
    };

    setup() {
        this.sent = false;
    }

    onSubmit(ev) {
        if (this.sent) {
            ev.preventDefault();
            return;
        }
        this.sent = true;
    }
}

registry.category("public.interactions").add("reserve_medicosociale.reserve_email_link_form", ReserveEmailLinkForm);
