from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from .event_event import PARCOURS_USER_GROUP, one_line_address

AGREEMENT_STATES = [
    ("draft", "Draft"),
    ("to_sign", "To sign"),
    ("signed", "Signed"),
    ("cancelled", "Cancelled"),
]
# The two sides that sign: the person, and a manager of the host establishment.
SIGNING_PARTIES = ("person", "establishment")
SIGNATURE_SUFFIXES = ("signature", "signed_by", "signed_on", "signed_ip")
SIGNATURE_FIELDS = frozenset(f"{party}_{suffix}" for party in SIGNING_PARTIES for suffix in SIGNATURE_SUFFIXES) | {
    "establishment_signer_id"
}
# The terms both sides sign: they change only before the agreement goes out for signature.
TERMS_FIELDS = frozenset(
    {
        "partner_id",
        "establishment_id",
        "immersion_date",
        "schedule",
        "place",
        "tutor_name",
        "tutor_function",
        "objectives",
        "job_id",
        "event_id",
        "registration_id",
    }
)


class ParcoursImmersionAgreement(models.Model):
    """The agreement (convention d'immersion) of a "Vis ma vie" day: a person spends a day in a
    member establishment with a tutor, to discover a trade. Signed on the portal by the person
    and by a manager of the establishment (Odoo's signature form: name, drawn or typed
    signature; the date and the IP address are kept); valid once both signed, and printed
    with both signatures.

    Who writes what (``reserve.write.guard``): the person writes nothing; the establishment's
    manager may complete the tutor, the schedule, the place and the objectives while the
    agreement is a draft; signatures are given only through the signing method, by their own
    side, and nobody rewrites them afterwards.
    """

    _name = "parcours.immersion.agreement"
    _description = "Immersion agreement"
    _inherit = ["mail.thread", "mail.activity.mixin", "portal.mixin", "reserve.write.guard"]
    _order = "immersion_date desc, id desc"

    _manager_write_fields = frozenset({"tutor_name", "tutor_function", "schedule", "place", "objectives"})
    _write_guard_assigned_fields = frozenset({"name"})

    name = fields.Char(string="Reference", required=True, readonly=True, copy=False, default="/")
    state = fields.Selection(
        AGREEMENT_STATES, default="draft", required=True, readonly=True, tracking=True, copy=False, index=True
    )
    event_id = fields.Many2one(
        "event.event", string="Immersion", index="btree_not_null", domain=[("parcours_kind", "=", "immersion")]
    )
    registration_id = fields.Many2one("event.registration", index="btree_not_null", ondelete="set null")
    partner_id = fields.Many2one("res.partner", string="Person", required=True, index=True, tracking=True)
    partner_name = fields.Char(related="partner_id.name", string="Person's name")
    pathway_id = fields.Many2one(
        "parcours.pathway", index="btree_not_null", ondelete="set null", groups=PARCOURS_USER_GROUP
    )
    establishment_id = fields.Many2one(
        "res.partner",
        string="Host establishment",
        required=True,
        index=True,
        tracking=True,
        domain=[("member_state", "=", "member")],
    )
    job_id = fields.Many2one("reserve.job", string="Trade discovered")
    immersion_date = fields.Date(string="Date of the immersion", required=True, tracking=True)
    schedule = fields.Char(default="9 h – 17 h", help="The hours of the day, e.g. 9 h – 17 h with a lunch break.")
    place = fields.Char(help="The address where the person is expected.")
    tutor_name = fields.Char(
        string="Tutor", tracking=True, help="The employee who welcomes and accompanies the person."
    )
    tutor_function = fields.Char(string="Tutor's function")
    objectives = fields.Text(help="What the person comes to discover and observe.")

    person_signature = fields.Image(
        string="Person's signature", attachment=True, copy=False, max_width=1024, max_height=1024
    )
    person_signed_by = fields.Char(string="Signed by the person as", copy=False, readonly=True)
    person_signed_on = fields.Datetime(string="Person signed on", copy=False, readonly=True)
    person_signed_ip = fields.Char(string="Person's signature IP address", copy=False, readonly=True)
    establishment_signature = fields.Image(
        string="Establishment's signature", attachment=True, copy=False, max_width=1024, max_height=1024
    )
    establishment_signed_by = fields.Char(string="Signed for the establishment by", copy=False, readonly=True)
    establishment_signed_on = fields.Datetime(string="Establishment signed on", copy=False, readonly=True)
    establishment_signed_ip = fields.Char(string="Establishment's signature IP address", copy=False, readonly=True)
    establishment_signer_id = fields.Many2one(
        "res.users", string="Establishment's signatory", copy=False, readonly=True
    )
    is_valid = fields.Boolean(compute="_compute_is_valid", string="Valid", help="Both sides signed.")

    @api.depends("person_signed_on", "establishment_signed_on", "state")
    def _compute_is_valid(self):
        for agreement in self:
            agreement.is_valid = bool(
                agreement.state == "signed" and agreement.person_signed_on and agreement.establishment_signed_on
            )

    def _compute_access_url(self):
        res = super()._compute_access_url()
        for agreement in self:
            agreement.access_url = f"/my/parcours/immersions/{agreement.id}"
        return res

    @api.constrains("partner_id", "establishment_id")
    def _check_parties(self):
        for agreement in self:
            if agreement.partner_id == agreement.establishment_id:
                raise ValidationError(
                    self.env._("The person and the host establishment must be two different parties.")
                )

    # ------------------------------------------------------------------ CRUD

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su and not self.env["event.event"]._is_parcours_staff():
            raise AccessError(self.env._("Only the association's pathway referents prepare immersion agreements."))
        for vals in vals_list:
            self._ensure_no_protected_write(vals)
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"].sudo().next_by_code("parcours.immersion.agreement") or "/"
            if vals.get("establishment_id") and not vals.get("place"):
                vals["place"] = one_line_address(self.env["res.partner"].sudo().browse(vals["establishment_id"]))
        agreements = super().create(vals_list)
        for agreement in agreements.sudo().filtered(lambda a: not a.pathway_id):
            agreement.pathway_id = self.env["parcours.pathway"].sudo()._get_or_create_for_partner(agreement.partner_id)
        return agreements

    def write(self, vals):
        self._ensure_no_protected_write(vals)
        if TERMS_FIELDS.union(self._manager_write_fields) & set(vals) and not self.env.su:
            if self.filtered(lambda a: a.state != "draft"):
                raise UserError(
                    self.env._(
                        "The terms of an agreement sent for signature cannot change: cancel it and prepare a new one."
                    )
                )
        return super().write(vals)

    def _ensure_no_protected_write(self, vals):
        """Signatures and the state change only through the signing and workflow methods."""
        if not self.env.su and (SIGNATURE_FIELDS | {"state"}) & set(vals):
            raise AccessError(
                self.env._("Signatures and the state of an immersion agreement change only through their buttons.")
            )

    # ------------------------------------------------------------------ actions

    def action_send_for_signature(self):
        self.env["event.event"]._check_parcours_staff()
        for agreement in self:
            if agreement.state != "draft":
                raise UserError(self.env._("Only a draft agreement can be sent for signature."))
            if not agreement.tutor_name or not agreement.objectives:
                raise UserError(
                    self.env._("Give the tutor and the objectives of the day before sending the agreement.")
                )
        self.sudo().write({"state": "to_sign"})
        for agreement in self.sudo():
            agreement._portal_ensure_token()
            agreement.message_post(
                body=self.env._("Sent for signature to the person and to the establishment, on their portal."),
                subtype_xmlid="mail.mt_note",
            )
        return True

    def action_cancel(self):
        self.env["event.event"]._check_parcours_staff()
        self.sudo().write({"state": "cancelled"})
        return True

    def action_reset_draft(self):
        """Back to draft to change the terms: the signatures given are cleared."""
        self.env["event.event"]._check_parcours_staff()
        values = dict.fromkeys(SIGNATURE_FIELDS, False)
        self.sudo().write({**values, "state": "draft"})
        return True

    # ------------------------------------------------------------------ signing

    def _signing_parties_of(self, user=None):
        """The sides ``user`` signs for here: 'person' (their own agreement), 'establishment'
        (a manager of the host establishment)."""
        self.ensure_one()
        user = user or self.env.user
        agreement = self.sudo()
        parties = []
        if not user._is_public() and user.partner_id == agreement.partner_id:
            parties.append("person")
        if user in agreement.establishment_id.member_manager_ids:
            parties.append("establishment")
        return parties

    def _signatures_due(self, user=None):
        """The signatures ``user`` may give now."""
        self.ensure_one()
        if self.sudo().state != "to_sign":
            return []
        return [party for party in self._signing_parties_of(user) if not self.sudo()[f"{party}_signed_on"]]

    def _sign(self, party, name, signature, ip_address=None):
        """Record the signature of ``party`` by the current user, who must be that side:
        the person themselves, or a manager of the host establishment. Private (never over RPC).
        The agreement is signed (valid) when both sides signed.
        """
        self.ensure_one()
        if party not in SIGNING_PARTIES:
            raise UserError(self.env._("Unknown party to sign for."))
        agreement = self.sudo()
        if party not in self._signing_parties_of():
            if party == "person":
                raise AccessError(self.env._("Only %(person)s signs for themselves.", person=agreement.partner_id.name))
            raise AccessError(
                self.env._(
                    "Only a manager of %(establishment)s may sign for it.",
                    establishment=agreement.establishment_id.name,
                )
            )
        if agreement.state != "to_sign":
            raise UserError(self.env._("This agreement is not awaiting signatures."))
        if agreement[f"{party}_signed_on"]:
            raise UserError(self.env._("This side has already signed."))
        name = (name or "").strip()
        if not name:
            raise UserError(self.env._("Type your full name to sign."))
        if not signature:
            raise UserError(self.env._("Draw or type your signature to sign."))
        values = {
            f"{party}_signature": signature,
            f"{party}_signed_by": name,
            f"{party}_signed_on": fields.Datetime.now(),
            f"{party}_signed_ip": ip_address or False,
        }
        if party == "establishment":
            values["establishment_signer_id"] = self.env.uid
        agreement.write(values)
        who = agreement.partner_id.name if party == "person" else agreement.establishment_id.name
        agreement.message_post(
            body=self.env._("Signed for %(who)s by %(name)s.", who=who, name=name), subtype_xmlid="mail.mt_note"
        )
        if agreement.person_signed_on and agreement.establishment_signed_on:
            agreement.write({"state": "signed"})
            agreement.message_post(
                body=self.env._("Both sides signed: the immersion agreement is valid."), subtype_xmlid="mail.mt_note"
            )
        return True

    # ------------------------------------------------------------------ helpers

    @api.model
    def _values_from_registration(self, registration):
        registration = registration.sudo()
        event = registration.event_id.with_context(tz=event_tz(registration.event_id))
        begin = fields.Datetime.context_timestamp(event, event.date_begin)
        end = fields.Datetime.context_timestamp(event, event.date_end)
        return {
            "event_id": event.id,
            "registration_id": registration.id,
            "partner_id": registration.partner_id.id,
            "pathway_id": registration.parcours_pathway_id.id,
            "establishment_id": registration.parcours_establishment_id.id,
            "immersion_date": begin.date(),
            "schedule": f"{begin:%H:%M} – {end:%H:%M}",
        }

    @api.model
    def _demo_agreement_to_sign(self, event_id, user_id, tutor_name, objectives):
        """Demo: the reservist's demo account registered for the immersion, its agreement sent
        for signature, so that the portal shows a signature awaited (person and establishment)."""
        event = self.env["event.event"].browse(event_id).with_context(install_mode=True)
        registration = event._parcours_register_partner(self.env["res.users"].browse(user_id).partner_id)
        if registration.parcours_agreement_ids:  # the demo loaded again by an update
            return registration.parcours_agreement_ids[0].id
        agreement = self.create(
            {**self._values_from_registration(registration), "tutor_name": tutor_name, "objectives": objectives}
        )
        agreement.action_send_for_signature()
        return agreement.id

    @api.model
    def _one_line_address(self, partner):
        return one_line_address(partner)

    def _get_report_base_filename(self):
        self.ensure_one()
        return f"Convention d'immersion {self.name}"


def event_tz(event):
    return event.date_tz or "Europe/Paris"
