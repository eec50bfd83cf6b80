import base64

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import format_datetime


class EventRegistration(models.Model):
    """A seat in a training session, for a reserve person, booked by a member establishment
    (or by the person themselves); waitlisted registrations stay unconfirmed (draft)."""

    _inherit = "event.registration"

    is_training = fields.Boolean(related="event_id.is_training", store=True)
    person_id = fields.Many2one("reserve.person", index="btree_not_null", ondelete="restrict")
    establishment_id = fields.Many2one(
        "res.partner",
        string="Member establishment",
        index="btree_not_null",
        help="The member establishment that booked the seat; empty when the person registered themselves.",
    )
    booked_by_id = fields.Many2one("res.users", string="Booked by user", readonly=True)
    is_waitlisted = fields.Boolean(string="On the waitlist", readonly=True, copy=False)
    waitlist_date = fields.Datetime(string="Waitlisted on", readonly=True, copy=False)
    is_promoted = fields.Boolean(string="Promoted from the waitlist", readonly=True, copy=False)
    is_absent = fields.Boolean(string="Did not attend", readonly=True, copy=False)
    attendance_ids = fields.One2many("formation.attendance", "registration_id", string="Half-day attendance")
    attended_hours = fields.Float(compute="_compute_attended_hours", store=True)
    attendance_percent = fields.Float(compute="_compute_attended_hours", store=True, string="Attendance (%)")
    certificate_state = fields.Selection(
        [("none", "None"), ("issued", "Issued")], default="none", required=True, readonly=True, copy=False
    )
    certificate_date = fields.Date(readonly=True, copy=False)
    qualification_line_id = fields.Many2one(
        "reserve.person.qualification", string="Qualification added", readonly=True, copy=False
    )
    survey_user_input_id = fields.Many2one("survey.user_input", string="Satisfaction answer", readonly=True, copy=False)

    _person_session_idx = models.Index("(event_id, person_id) WHERE person_id IS NOT NULL")

    @api.depends("attendance_ids.state", "attendance_ids.half_day_id.duration_hours", "event_id.duration_hours")
    def _compute_attended_hours(self):
        for registration in self:
            present = registration.attendance_ids.filtered(lambda a: a.state == "present")
            registration.attended_hours = sum(present.half_day_id.mapped("duration_hours"))
            total = registration.event_id.duration_hours
            registration.attendance_percent = 100.0 * registration.attended_hours / total if total else 0.0

    def write(self, vals):
        cancelling = vals.get("state") == "cancel" and not self.env.context.get("formation_no_promotion")
        sessions = self.filtered(lambda r: r.is_training and r.state in ("open", "done")).event_id
        result = super().write(vals)
        if cancelling and sessions:
            sessions.filtered(lambda s: s.training_state in ("open", "confirmed"))._promote_waitlist()
        return result

    # ------------------------------------------------------------------ actions

    def action_cancel_booking(self):
        """Cancel a seat (or leave the waitlist): the person themselves, a manager of the
        member that booked it or of the person's employer, or a training manager; before the
        session's cancellation deadline unless a training manager does it."""
        for registration in self:
            registration._check_may_cancel()
        self.sudo().write({"state": "cancel", "is_waitlisted": False})
        return True

    def _check_may_cancel(self):
        self.ensure_one()
        if self.event_id._is_training_manager():
            return
        session = self.event_id.sudo()
        user = self.env.user
        registration = self.sudo()
        managers = (
            registration.establishment_id.member_manager_ids | registration.person_id.employer_id.member_manager_ids
        )
        if registration.person_id.user_id != user and user not in managers:
            raise AccessError(self.env._("You can only cancel your own registrations or your employees'."))
        if registration.state not in ("draft", "open"):
            raise UserError(self.env._("This registration is already cancelled or attended."))
        if session.training_state not in ("open", "confirmed", "planned"):
            raise UserError(self.env._("This session is over or cancelled: its registrations can no longer change."))
        if session.cancellation_deadline and fields.Datetime.now() > session.cancellation_deadline:
            raise UserError(
                self.env._(
                    "The cancellation deadline of this session passed on %(deadline)s: you can no longer cancel "
                    "online. Write to the training organiser (%(email)s) if the person cannot come.",
                    deadline=format_datetime(self.env, session.cancellation_deadline, tz="Europe/Paris"),
                    email=session.organizer_id.email or self.env.company.email or "-",
                )
            )

    # ------------------------------------------------------------------ business

    def _issue_certificates(self):
        """Certificates of completion for attendees who attended enough, e-mailed with the
        PDF; the training's qualification goes on their reserve profile, verified."""
        template = self.env.ref("formation_mutualisee.mail_template_certificate").sudo()
        issued = self.env["event.registration"]
        for registration in self.sudo():
            training = registration.event_id.event_type_id
            if registration.certificate_state == "issued":
                continue
            if registration.attendance_percent + 1e-6 < training.min_attendance_percent:
                continue
            last_day = max(registration.event_id.half_day_ids.mapped("date"))
            registration.write({"certificate_state": "issued", "certificate_date": last_day})
            registration._add_qualification(last_day)
            # Not while installing demo data: rendering the PDF then can hang the server start.
            if not self.env.context.get("install_mode"):
                template.send_mail(registration.id)
            issued |= registration
        return issued

    def _add_qualification(self, date_obtained):
        """The training's qualification on the person's profile, verified by the training
        (the user closing the session), valid from the last day of the session."""
        self.ensure_one()
        qualification = self.event_id.event_type_id.qualification_id
        if not qualification or not self.person_id:
            return False
        Line = self.env["reserve.person.qualification"].sudo()
        values = {
            "date_obtained": date_obtained,
            "state": "verified",
            "refuse_reason": False,
            "verified_by_id": self.env.uid,
            "verified_date": fields.Datetime.now(),
            "training_registration_id": self.id,
        }
        line = Line.search(
            [("person_id", "=", self.person_id.id), ("qualification_id", "=", qualification.id)], limit=1
        )
        if line and line.date_obtained and line.date_obtained > date_obtained and line.state == "verified":
            # A more recent verified one already: keep it.
            self.qualification_line_id = line
            return line
        if line:
            line.write(values)
        else:
            line = Line.create({"person_id": self.person_id.id, "qualification_id": qualification.id, **values})
        line.message_post(
            body=self.env._(
                "Verified by the training %(training)s, session of %(date)s.",
                training=self.event_id.event_type_id.name,
                date=date_obtained,
            )
        )
        self.qualification_line_id = line
        return line

    def _send_satisfaction_survey(self):
        template = self.env.ref("formation_mutualisee.mail_template_satisfaction_survey").sudo()
        for registration in self.sudo():
            survey = registration.event_id.event_type_id.survey_id
            if not survey or registration.survey_user_input_id:
                continue
            answer = survey._create_answer(
                partner=registration.partner_id,
                email=registration.email,
                check_attempts=False,
                registration_id=registration.id,
            )
            registration.survey_user_input_id = answer
            template.send_mail(registration.id)

    def _formation_send_mail(self, template):
        """Send ``template`` to each registration with the session's calendar file."""
        for registration in self:
            ics = registration.event_id._get_ics_file(slot=registration.event_slot_id).get(registration.event_id.id)
            attachment_ids = []
            if ics:
                attachment = (
                    self.env["ir.attachment"]
                    .sudo()
                    .create(
                        {
                            "name": "session.ics",
                            "datas": base64.b64encode(ics),
                            "mimetype": "text/calendar",
                            "res_model": "event.registration",
                            "res_id": registration.id,
                        }
                    )
                )
                attachment_ids = [(4, attachment.id)]
            template.sudo().send_mail(registration.id, email_values={"attachment_ids": attachment_ids})

    def _certificate_survey_url(self):
        self.ensure_one()
        return self.survey_user_input_id.get_start_url() if self.survey_user_input_id else False
