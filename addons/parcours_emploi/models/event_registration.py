from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import plaintext2html

from .event_event import PARCOURS_USER_GROUP
from .event_type import APPLICATION_KINDS, ATTENDANCE_STEPS

ATTENDANCE_MARKS = [("attended", "Attended"), ("absent", "Absent")]


class EventRegistration(models.Model):
    """A person's registration for an event of the pathways: it belongs to the person's
    pathway, and attending (Odoo's state "Attended") records the step of the event's kind
    on it; an immersion or a job dating then leads to an application on an offer.

    Who writes what (``reserve.write.guard``): a manager of the host establishment marks,
    once the event has begun, whether each person registered with it came (the attendance),
    and nothing else; the person writes nothing (registering is a method).
    """

    _name = "event.registration"
    _inherit = ["event.registration", "reserve.write.guard"]

    _manager_write_fields = frozenset({"parcours_attendance"})

    parcours_kind = fields.Selection(related="event_id.parcours_kind", store=True, string="Pathway event")
    parcours_pathway_id = fields.Many2one(
        "parcours.pathway",
        string="Pathway",
        index="btree_not_null",
        ondelete="set null",
        copy=False,
        groups=PARCOURS_USER_GROUP,
    )
    parcours_establishment_id = fields.Many2one(
        "res.partner",
        string="Host establishment",
        index="btree_not_null",
        domain="[('id', 'in', parcours_host_ids)]",
        help="The establishment the person goes to (an immersion) or meets; its managers see the registration.",
    )
    parcours_host_ids = fields.Many2many(related="event_id.parcours_host_ids", string="Hosts of the event")
    parcours_step_recorded = fields.Boolean(string="Step recorded on the pathway", readonly=True, copy=False)
    parcours_applicant_id = fields.Many2one(
        "hr.applicant", string="Application", readonly=True, copy=False, index="btree_not_null", ondelete="set null"
    )
    parcours_agreement_ids = fields.One2many(
        "parcours.immersion.agreement", "registration_id", string="Immersion agreement"
    )
    parcours_can_apply = fields.Boolean(compute="_compute_parcours_can_apply")
    parcours_attendance = fields.Selection(
        ATTENDANCE_MARKS,
        string="Attendance",
        compute="_compute_parcours_attendance",
        store=True,
        readonly=False,
        copy=False,
        tracking=True,
        help="Marked by the host establishment or the association once the event has begun. "
        "Attended records the step on the person's pathway, as the “Attended” button does.",
    )

    _parcours_partner_event_unique = models.UniqueIndex(
        "(event_id, partner_id) WHERE parcours_kind IS NOT NULL AND partner_id IS NOT NULL AND state != 'cancel'",
        "This person is already registered for this event.",
    )

    @api.depends("parcours_kind", "state", "parcours_applicant_id")
    def _compute_parcours_can_apply(self):
        for registration in self:
            registration.parcours_can_apply = (
                registration.parcours_kind in APPLICATION_KINDS
                and registration.state in ("open", "done")
                and not registration.parcours_applicant_id
            )

    @api.depends("state", "parcours_kind")
    def _compute_parcours_attendance(self):
        # Attended in the back-office (Odoo's state) is attended here; absent is only said here.
        for registration in self:
            if not registration.parcours_kind:
                registration.parcours_attendance = False
            elif registration.state == "done":
                registration.parcours_attendance = "attended"
            elif registration.parcours_attendance == "attended":
                registration.parcours_attendance = False

    # ------------------------------------------------------------------ CRUD

    @api.model_create_multi
    def create(self, vals_list):
        registrations = super().create(vals_list)
        parcours = registrations.filtered(lambda r: r.parcours_kind and r.partner_id)
        for registration in parcours.sudo():
            hosts = registration.event_id.parcours_host_ids
            values = {}
            if not registration.parcours_pathway_id:
                # The person's open pathway, if they have one. A pathway is opened when the person
                # registers themselves (the portal), not for every visitor a referent registers.
                pathway = registration._parcours_open_pathway()
                if pathway:
                    values["parcours_pathway_id"] = pathway.id
            if not registration.parcours_establishment_id and len(hosts) == 1:
                values["parcours_establishment_id"] = hosts.id
            if values:
                registration.write(values)
        parcours.filtered(lambda r: r.state == "done")._parcours_record_attendance()
        return registrations

    def write(self, vals):
        if "parcours_attendance" in vals and not self.env.su:
            self._parcours_check_attendance_mark(vals["parcours_attendance"])
        result = super().write(vals)
        if "parcours_attendance" in vals:
            self._parcours_apply_attendance_mark(vals["parcours_attendance"])
        if vals.get("state") == "done" or (vals.get("parcours_pathway_id") and "state" not in vals):
            # Attended, or linked to a pathway after attending: the step goes on the pathway.
            self.filtered(lambda r: r.parcours_kind and r.state == "done")._parcours_record_attendance()
        return result

    def _update_mail_schedulers(self):
        """Pathway registrations are made inside the booking requests, which hold row locks
        and savepoints; Odoo's inline run of the "after registration" mails commits, so for
        them the mail schedulers run in their cron, triggered at once (Odoo's asynchronous
        mode, ``event.event_mail_async``)."""
        parcours = self.filtered("parcours_kind")
        super(EventRegistration, self - parcours)._update_mail_schedulers()
        if self.env.context.get("install_mode") or not parcours.filtered(lambda r: r.state == "open"):
            return
        self.env.ref("event.event_mail_scheduler")._trigger()
        self.env.ref("mail.ir_cron_mail_scheduler_action")._trigger()

    def _write_guard_role(self):
        # The association's referents are limited by their access rights, not by this list.
        if self.env["event.event"]._is_parcours_staff():
            return None
        return super()._write_guard_role()

    # ------------------------------------------------------------------ actions

    def action_parcours_create_application(self):
        """Open the form that makes this person an application on an offer of the establishment."""
        self.ensure_one()
        self._check_parcours_establishment_staff()
        if not self.parcours_can_apply:
            raise UserError(
                self.env._(
                    "Only a registration for an immersion, a job dating or a virtual day leads to an application, once."
                )
            )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Create an application"),
            "res_model": "parcours.application.create",
            "view_mode": "form",
            "target": "new",
            "context": {"default_registration_id": self.id},
        }

    def action_parcours_create_agreement(self):
        """The immersion agreement of this registration, made from the event and the host."""
        self.ensure_one()
        self.env["event.event"]._check_parcours_staff()
        if self.parcours_kind != "immersion":
            raise UserError(self.env._("Only an immersion has an immersion agreement."))
        agreement = self.sudo().parcours_agreement_ids.filtered(lambda a: a.state != "cancelled")[:1]
        if not agreement:
            if not self.partner_id or not self.parcours_establishment_id:
                raise UserError(self.env._("Set the person and the host establishment of the registration first."))
            agreement = self.env["parcours.immersion.agreement"].create(
                self.env["parcours.immersion.agreement"]._values_from_registration(self)
            )
        return {
            "type": "ir.actions.act_window",
            "res_model": "parcours.immersion.agreement",
            "res_id": agreement.id,
            "view_mode": "form",
        }

    # ------------------------------------------------------------------ business

    def _parcours_record_attendance(self):
        """Each attendance records the step of its event's kind on the person's pathway, once."""
        for registration in self.sudo().filtered(lambda r: not r.parcours_step_recorded):
            code = ATTENDANCE_STEPS.get(registration.parcours_kind)
            if not code:
                continue
            pathway = registration.parcours_pathway_id or registration._parcours_open_pathway()
            if not pathway:
                registration.message_post(
                    body=self.env._(
                        "Attended, without a pathway: open the person's pathway (or link it here) to record the step."
                    )
                )
                continue
            event = registration.event_id
            day = fields.Datetime.context_timestamp(event.with_context(tz=event.date_tz), event.date_begin).date()
            pathway._record_step(code, origin=registration, date=min(day, fields.Date.context_today(registration)))
            if registration.parcours_establishment_id and "establishment_ids" in pathway._fields:
                pathway.establishment_ids = [fields.Command.link(registration.parcours_establishment_id.id)]
            registration.write({"parcours_pathway_id": pathway.id, "parcours_step_recorded": True})

    def _parcours_check_attendance_mark(self, mark):
        """Refuse a mark that the rules of attendance forbid, before anything is written: a
        pathway event's confirmed registration (not a virtual day's, where people meet the
        establishments they booked), once the event has begun; a mark recorded on the
        pathway is corrected only by the association."""
        # Who may write which registration first (rules, access rights): the checks below read
        # the registrations as superuser and must not tell another host's anything.
        self.check_access("write")
        is_staff = self.env["event.event"]._is_parcours_staff()
        if mark not in dict(ATTENDANCE_MARKS) and not (is_staff and not mark):
            raise UserError(self.env._("Mark the person as attended or absent."))
        now = fields.Datetime.now()
        for registration in self.sudo():
            if not registration.parcours_kind or registration.parcours_kind == "virtual_day":
                raise UserError(
                    self.env._(
                        "Attendance is marked here only for the cafés, immersions, open days, breakfasts and "
                        "job datings of the pathways."
                    )
                )
            if registration.state not in ("open", "done"):
                raise UserError(
                    self.env._(
                        "%(person)s's registration is not confirmed: there is no attendance to mark.",
                        person=registration.name,
                    )
                )
            if registration.event_id.date_begin > now:
                raise UserError(
                    self.env._(
                        "%(event)s has not begun yet: mark the attendance on the day.", event=registration.event_id.name
                    )
                )
            if not is_staff and registration.parcours_step_recorded and mark != "attended":
                raise UserError(
                    self.env._(
                        "%(person)s's attendance is already recorded on their pathway: ask the association's "
                        "referent to correct it.",
                        person=registration.name,
                    )
                )

    def _parcours_apply_attendance_mark(self, mark):
        """The state that goes with the mark, by the back-office's own method: attended is
        Odoo's "Attended" (which records the pathway step); absent undoes an attended one."""
        registrations = self.sudo().filtered("parcours_kind")
        if mark == "attended":
            registrations.filtered(lambda r: r.state == "open").action_set_done()
        else:
            registrations.filtered(lambda r: r.state == "done").write({"state": "open"})

    def _parcours_open_pathway(self):
        """The open pathway of the registration's person, or an empty recordset (superuser)."""
        self.ensure_one()
        if not self.partner_id:
            return self.env["parcours.pathway"].sudo()
        return (
            self.env["parcours.pathway"]
            .sudo()
            .search([("partner_id", "=", self.partner_id.id), ("is_open", "=", True)], limit=1)
        )

    def _check_parcours_establishment_staff(self):
        """The association's referents, or a manager of the registration's host establishment."""
        if self.env["event.event"]._is_parcours_staff():
            return
        for registration in self:
            establishment = registration.sudo().parcours_establishment_id
            if self.env.user not in establishment.member_manager_ids:
                raise AccessError(
                    self.env._("Only the association's referents or a manager of the host establishment can do this.")
                )

    def _parcours_met_establishments(self):
        """The establishments the person met at the event: the registration's host, else the
        event's hosts (a Café, a job dating), and on a virtual day those they booked."""
        self.ensure_one()
        registration = self.sudo()
        if registration.parcours_kind == "virtual_day":
            return (
                self.env["parcours.slot.booking"]
                .sudo()
                .search([("registration_id", "=", registration.id), ("state", "=", "booked")])
                .establishment_id
            )
        return registration.parcours_establishment_id or registration.event_id.parcours_host_ids

    def _parcours_apply(self, job, note=None):
        """The person's application on ``job`` (the caller checked who asks and the offer),
        with their CV when they have one, on their pathway: the pathway records the
        "job offer" step. Superuser, private.

        :return: the hr.applicant
        """
        self.ensure_one()
        registration = self.sudo()
        partner = registration.partner_id
        if not partner:
            raise UserError(self.env._("Link the person's contact to the registration first."))
        Applicant = self.env["hr.applicant"].sudo()
        if Applicant.search_count([("job_id", "=", job.id), ("partner_id", "=", partner.id)]):
            raise UserError(self.env._("%(person)s has already applied to this offer.", person=partner.name))
        pathway = registration.parcours_pathway_id or self.env["parcours.pathway"].sudo()._get_or_create_for_partner(
            partner
        )
        cv = (
            self.env["cvtheque.cv"]
            .sudo()
            .search([("partner_id", "=", partner.id), ("state", "=", "published")], order="write_date desc", limit=1)
        )
        origin = self.env._("After %(event)s", event=registration.event_id.name)
        message = f"{origin}\n{note}" if note else origin
        if cv:
            applicant = Applicant._cvtheque_apply(job, cv, message)
            applicant.pathway_id = pathway
        else:
            applicant = Applicant.create(
                {
                    "partner_id": partner.id,
                    "partner_name": partner.name,
                    "email_from": partner.email,
                    "partner_phone": partner.phone,
                    "job_id": job.id,
                    "pathway_id": pathway.id,
                    "applicant_notes": plaintext2html(message),
                }
            )
        registration.write({"parcours_applicant_id": applicant.id, "parcours_pathway_id": pathway.id})
        registration.message_post(
            body=self.env._("Application made on the offer %(job)s.", job=job.display_name),
            subtype_xmlid="mail.mt_note",
        )
        return applicant
