import datetime
from collections import defaultdict

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Domain
from odoo.tools import format_datetime

from odoo.addons.reserve_medicosociale.tools.local_time import local_to_naive_utc
from odoo.addons.reserve_medicosociale.tools.row_lock import serialize_on

TRAINING_MANAGER_GROUP = "formation_mutualisee.formation_mutualisee_group_manager"
TRAINER_GROUP = "reserve_medicosociale.reserve_medicosociale_group_trainer"
SESSION_STATES = [
    ("planned", "Planned"),
    ("open", "Open for registration"),
    ("confirmed", "Confirmed"),
    ("cancelled", "Cancelled"),
    ("done", "Done"),
]
# States in which members may book seats (before the registration deadline).
BOOKABLE_STATES = ("open", "confirmed")
# What a trainer (who is not a training manager) may change on their own sessions.
TRAINER_WRITE_FIELDS = frozenset({"description", "note", "online_url", "address_id", "half_day_ids"})


class EventEvent(models.Model):
    """A session of a shared training: half-days, trainers, seats shared between members
    (quotas, offered seats), a waitlist, attendance, certificates and cost sharing."""

    _inherit = "event.event"

    is_training = fields.Boolean(related="event_type_id.is_training", store=True, string="Training session")
    training_state = fields.Selection(
        SESSION_STATES, string="Session status", default="planned", required=True, copy=False, tracking=True, index=True
    )
    trainer_ids = fields.Many2many(
        "res.users",
        "formation_session_trainer_rel",
        "session_id",
        "user_id",
        string="Trainers",
        domain=lambda self: [("group_ids", "in", self.env.ref(TRAINER_GROUP).id)],
    )
    host_member_id = fields.Many2one(
        "res.partner",
        string="Offered by member",
        domain=[("member_state", "=", "member")],
        index="btree_not_null",
        help="A member establishment that runs this training for its own staff and offers its spare seats "
        "to the other members: the maximum seats are the seats it offers.",
    )
    seats_min = fields.Integer(string="Minimum seats")
    registration_deadline = fields.Datetime()
    cancellation_deadline = fields.Datetime(help="After it, members and attendees can no longer cancel themselves.")
    online_url = fields.Char(string="Online link")
    half_day_ids = fields.One2many("formation.half.day", "session_id", string="Half-days", copy=True)
    duration_hours = fields.Float(compute="_compute_duration_hours", string="Hours", store=True)
    quota_ids = fields.One2many("formation.seat.quota", "session_id", string="Seat quotas")
    waitlist_count = fields.Integer(compute="_compute_waitlist_count", string="On the waitlist")
    is_below_minimum = fields.Boolean(
        string="Below minimum at deadline",
        readonly=True,
        copy=False,
        help="Set when the registration deadline passed with fewer registrations than the minimum.",
    )
    attendance_ids = fields.One2many("formation.attendance", "session_id")
    currency_id = fields.Many2one(related="event_type_id.currency_id")
    cost_amount = fields.Monetary(string="Session cost", currency_field="currency_id", tracking=True)
    cost_split_method = fields.Selection(
        [("seats", "By seats used"), ("key", "By a chosen key")],
        string="Cost split",
        default="seats",
        required=True,
    )
    cost_share_ids = fields.One2many("formation.cost.share", "session_id", string="Cost shares")
    satisfaction_answer_count = fields.Integer(compute="_compute_satisfaction", string="Survey answers")
    satisfaction_average = fields.Float(compute="_compute_satisfaction", string="Satisfaction", digits=(3, 2))

    _seats_min_positive = models.Constraint("CHECK(seats_min >= 0)", "A minimum of seats cannot be negative.")
    _cost_positive = models.Constraint("CHECK(cost_amount >= 0)", "A session cost cannot be negative.")

    @api.depends("half_day_ids.duration_hours")
    def _compute_duration_hours(self):
        for session in self:
            session.duration_hours = sum(session.half_day_ids.mapped("duration_hours"))

    @api.depends("registration_ids.is_waitlisted", "registration_ids.state")
    def _compute_waitlist_count(self):
        counts = dict(
            self.env["event.registration"]._read_group(
                [("event_id", "in", self.ids), ("is_waitlisted", "=", True), ("state", "=", "draft")],
                ["event_id"],
                ["__count"],
            )
        )
        for session in self:
            session.waitlist_count = counts.get(session, 0)

    def _compute_satisfaction(self):
        for session in self:
            session.satisfaction_answer_count, session.satisfaction_average = session._satisfaction_figures()

    @api.constrains("seats_min", "seats_max", "seats_limited", "is_training")
    def _check_seats_min(self):
        for session in self.filtered("is_training"):
            if session.seats_max and session.seats_min > session.seats_max:
                raise ValidationError(self.env._("The minimum of seats cannot exceed the maximum."))

    @api.constrains("registration_deadline", "cancellation_deadline", "date_begin")
    def _check_deadlines(self):
        for session in self.filtered("is_training"):
            for deadline in (session.registration_deadline, session.cancellation_deadline):
                if deadline and session.date_begin and deadline > session.date_begin:
                    raise ValidationError(
                        self.env._("The registration and cancellation deadlines must be before the session starts.")
                    )

    # ------------------------------------------------------------------ CRUD

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if self.env["event.type"].browse(vals.get("event_type_id")).is_training:
                vals.setdefault("seats_limited", True)
        sessions = super().create(vals_list)
        sessions.filtered("is_training")._sync_dates_from_half_days()
        return sessions

    def write(self, vals):
        if self._is_restricted_trainer() and set(vals) - TRAINER_WRITE_FIELDS:
            raise AccessError(
                self.env._(
                    "As a trainer you may change the description, place, online link and half-days of your "
                    "sessions only; ask the training manager for anything else."
                )
            )
        result = super().write(vals)
        if "half_day_ids" in vals:
            self.filtered("is_training")._sync_dates_from_half_days()
        if {"seats_max", "seats_limited"} & set(vals):
            self.filtered(lambda s: s.is_training and s.training_state in BOOKABLE_STATES)._promote_waitlist()
        return result

    # ------------------------------------------------------------------ actions

    def action_open_registrations(self):
        for session in self:
            session._check_training_manager()
            if session.training_state != "planned":
                raise UserError(self.env._("Only a planned session can be opened for registration."))
            if not session.half_day_ids:
                raise UserError(self.env._("Add the half-days of the session before opening it."))
            if not session.seats_max:
                raise UserError(self.env._("Set the maximum seats of the session before opening it."))
            if not session.registration_deadline:
                raise UserError(self.env._("Set the registration deadline before opening the session."))
        self.training_state = "open"
        return True

    def action_confirm_session(self):
        self._check_training_manager()
        if self.filtered(lambda s: s.training_state != "open"):
            raise UserError(self.env._("Only a session open for registration can be confirmed."))
        self.training_state = "confirmed"
        self._ensure_attendance_lines()
        return True

    def action_cancel_session(self):
        self._check_training_manager()
        if self.filtered(lambda s: s.training_state in ("done", "cancelled")):
            raise UserError(self.env._("A done or already cancelled session cannot be cancelled."))
        self.training_state = "cancelled"
        registrations = self.registration_ids.filtered(lambda r: r.state in ("draft", "open"))
        template = self.env.ref("formation_mutualisee.mail_template_session_cancelled").sudo()
        for registration in registrations.filtered(lambda r: r.state == "open"):
            template.send_mail(registration.id)
        registrations.with_context(formation_no_promotion=True).sudo().write({"state": "cancel"})
        return True

    def action_reset_planned(self):
        self._check_training_manager()
        if self.filtered(lambda s: s.training_state != "cancelled"):
            raise UserError(self.env._("Only a cancelled session can be planned again."))
        self.training_state = "planned"
        return True

    def action_done(self):
        """Close the session: attendance must be complete; attendees who attended enough get
        their certificate and qualification, every attendee the satisfaction survey."""
        self._check_training_manager()
        for session in self:
            if session.training_state != "confirmed":
                raise UserError(self.env._("Only a confirmed session can be closed."))
            session._ensure_attendance_lines()
            unmarked = session.attendance_ids.filtered(
                lambda a: a.state == "to_mark" and a.registration_id.state == "open"
            )
            if unmarked:
                raise UserError(
                    self.env._(
                        "Mark the attendance of every attendee for every half-day before closing the session "
                        "(%(count)s left to mark).",
                        count=len(unmarked),
                    )
                )
        self.training_state = "done"
        for session in self:
            registrations = session.registration_ids.filtered(lambda r: r.state == "open")
            attended = registrations.filtered(lambda r: r.attended_hours > 0)
            attended.sudo().write({"state": "done"})
            (registrations - attended).sudo().write({"is_absent": True})
            attended._issue_certificates()
            attended._send_satisfaction_survey()
        return True

    def action_view_waitlist(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("formation_mutualisee.event_registration_action")
        action["domain"] = [("event_id", "=", self.id), ("is_waitlisted", "=", True), ("state", "=", "draft")]
        return action

    def action_view_satisfaction(self):
        self.ensure_one()
        return self._satisfaction_action([("registration_id.event_id", "=", self.id)], self.display_name)

    def action_compute_cost_shares(self):
        """Split the session cost between members, to the cent, by seats used or by the key."""
        self._check_training_manager()
        for session in self:
            session._compute_cost_shares()
        return True

    def action_print_sign_in_sheet(self):
        self.ensure_one()
        if not self._is_training_manager() and self.env.user not in self.trainer_ids:
            raise AccessError(
                self.env._("Only the trainers of the session and the training managers print its sign-in sheet.")
            )
        self._ensure_attendance_lines()
        return self.env.ref("formation_mutualisee.action_report_sign_in_sheet").report_action(self)

    def action_mark_attendance(self):
        """The trainer's phone page for this session's attendance."""
        self.ensure_one()
        return {"type": "ir.actions.act_url", "url": f"/formation/attendance/{self.id}", "target": "self"}

    def action_export_opco(self):
        self._check_training_manager()
        return {
            "type": "ir.actions.act_url",
            "url": "/formation/opco/export?session_ids=" + ",".join(str(i) for i in self.ids),
            "target": "download",
        }

    # ------------------------------------------------------------------ booking

    def action_book(self, person_ids, establishment_id=False):
        """Book seats in this session for employees of a member establishment.

        Called by a manager of ``establishment_id`` (the portal, the back-office or the API)
        or by a training manager. Seats go to the people in the order given while the member
        has seats (its quota, then the seats shared by nobody); the others are put on the
        waitlist. Concurrent bookings serialize on the session row.
        :return: {'registered': [person ids], 'waitlisted': [person ids]}
        """
        self.ensure_one()
        persons = self.env["reserve.person"].sudo().browse(person_ids).exists()
        if not persons or len(persons) != len(set(person_ids)):
            raise UserError(self.env._("Choose the people to register."))
        establishment = self.env["res.partner"].sudo().browse(establishment_id).exists()
        is_manager = self._is_training_manager()
        if not is_manager:
            if not establishment or self.env.user not in establishment.member_manager_ids:
                raise AccessError(self.env._("You can only book seats for an establishment you manage."))
            if persons.filtered(lambda p: p.employer_id != establishment):
                raise AccessError(self.env._("You can only register the employees of your establishment."))
        elif not establishment and len(persons.employer_id) == 1:
            establishment = persons.employer_id
        return self._book(persons, establishment)

    @api.model
    def action_offer_member_seats(self, member_id, training_id, first_day, day_count, seat_count):
        """A member's manager offers the spare seats of a training it runs for its own staff:
        a planned session of ``day_count`` days from ``first_day`` at the member, with
        ``seat_count`` seats for the other members, that a training manager opens.
        :return: the new session's id
        """
        member = self.env["res.partner"].sudo().browse(member_id).exists()
        if (
            not member
            or member.member_state != "member"
            or (self.env.user not in member.member_manager_ids and not self._is_training_manager())
        ):
            raise AccessError(self.env._("You can only offer seats of an establishment you manage."))
        training = self.env["event.type"].sudo().browse(training_id).exists()
        if not training or not training.is_training or not training.is_published:
            raise UserError(self.env._("Choose a training of the catalogue."))
        try:
            first_day = fields.Date.to_date(first_day)
            day_count, seat_count = int(day_count), int(seat_count)
        except (TypeError, ValueError):
            raise UserError(self.env._("Give the first day, the number of days and the number of seats.")) from None
        if not first_day or first_day <= fields.Date.context_today(self) + datetime.timedelta(days=2):
            raise UserError(self.env._("The first day must be at least three days from now."))
        if not 1 <= day_count <= 10:
            raise UserError(self.env._("A session lasts from one to ten days."))
        if not 1 <= seat_count <= 100:
            raise UserError(self.env._("Offer from one to one hundred seats."))
        days = [first_day + datetime.timedelta(days=n) for n in range(day_count)]
        start, _stop = half_day_datetimes(first_day, 9.0, 12.5)
        session = self.sudo().create(
            {
                "name": self.env._(
                    "%(training)s – seats offered by %(member)s", training=training.name, member=member.name
                ),
                "event_type_id": training.id,
                "host_member_id": member.id,
                "address_id": member.id,
                "date_begin": start,
                "date_end": half_day_datetimes(days[-1], 13.5, 17.0)[1],
                "seats_limited": True,
                "seats_max": seat_count,
                "registration_deadline": start - datetime.timedelta(days=2),
                "cancellation_deadline": start - datetime.timedelta(days=1),
                "half_day_ids": [
                    Command.create({"date": day, "period": period})
                    for day in days
                    for period in ("morning", "afternoon")
                ],
            }
        )
        session.message_post(
            body=self.env._(
                "%(member)s offers %(seats)s seats of its own training; open the session for registration.",
                member=member.name,
                seats=seat_count,
            )
        )
        managers = (
            self.env.ref(TRAINING_MANAGER_GROUP)
            .sudo()
            .all_user_ids.filtered(lambda u: u.active and not u.share)
            .sorted("id")[:1]
        )
        if managers:
            session.activity_schedule(
                "mail.mail_activity_data_todo",
                user_id=managers.id,
                summary=self.env._("Seats offered by a member: check and open the session"),
            )
        return session.id

    def action_register_self(self):
        """A reservist registers themselves (no member books the seat)."""
        self.ensure_one()
        person = self.env["reserve.person"].sudo().search([("user_id", "=", self.env.uid)], limit=1)
        if not person:
            raise UserError(self.env._("Complete your reserve profile before registering for a training."))
        if person.state not in ("to_validate", "active"):
            raise UserError(self.env._("Your reserve profile must be active to register for a training."))
        return self._book(person, self.env["res.partner"])

    def _book(self, persons, establishment):
        """Register ``persons`` for the member ``establishment`` (or for themselves when empty);
        the callers checked who asks. The session row is locked and updated first."""
        self.ensure_one()
        is_manager = self._is_training_manager()
        session = self.sudo()
        serialize_on(session)
        session._check_bookable(is_manager)
        already = session.registration_ids.filtered(lambda r: r.state != "cancel" and r.person_id in persons)
        if already:
            raise UserError(
                self.env._(
                    "Already registered or on the waitlist of this session: %(names)s.",
                    names=", ".join(already.person_id.mapped("name")),
                )
            )
        free = session._free_seats_for(establishment)
        registered, waitlisted = persons[:free], persons[free:]
        Registration = self.env["event.registration"].sudo()
        vals_list = []
        now = fields.Datetime.now()
        for person, state in [(p, "open") for p in registered] + [(p, "draft") for p in waitlisted]:
            vals_list.append(
                {
                    "event_id": session.id,
                    "person_id": person.id,
                    "establishment_id": establishment.id,
                    "booked_by_id": self.env.uid,
                    "partner_id": person.partner_id.id,
                    "name": person.name,
                    "email": person.partner_id.email,
                    "phone": person.partner_id.phone,
                    "state": state,
                    "is_waitlisted": state == "draft",
                    "waitlist_date": now if state == "draft" else False,
                }
            )
        registrations = Registration.create(vals_list)
        waitlist_template = self.env.ref("formation_mutualisee.mail_template_waitlisted").sudo()
        for registration in registrations.filtered("is_waitlisted"):
            waitlist_template.send_mail(registration.id)
        return {"registered": registered.ids, "waitlisted": waitlisted.ids}

    def _check_bookable(self, is_manager=False):
        self.ensure_one()
        if not self.is_training:
            raise UserError(self.env._("This event is not a training session."))
        if self.training_state not in BOOKABLE_STATES:
            raise UserError(self.env._("This session is not open for registration."))
        if self.registration_deadline and fields.Datetime.now() > self.registration_deadline and not is_manager:
            raise UserError(
                self.env._(
                    "Registrations for this session closed on %(deadline)s. Ask the training organiser if you "
                    "still need a seat.",
                    deadline=format_datetime(self.env, self.registration_deadline, tz="Europe/Paris"),
                )
            )

    def _seats_taken_by_member(self):
        """{member (res.partner, possibly empty): confirmed registrations count}."""
        self.ensure_one()
        taken = defaultdict(int)
        for registration in self.registration_ids:
            if registration.state in ("open", "done") and registration.active:
                taken[registration.establishment_id] += 1
        return taken

    def _free_seats_for(self, establishment):
        """Seats the member ``establishment`` (or a self-registered reservist when empty) may
        still take: the free seats, less what the other members' quotas still hold."""
        self.ensure_one()
        taken = self._seats_taken_by_member()
        total_taken = sum(taken.values())
        held_for_others = sum(
            max(0, quota.seat_count - taken.get(quota.member_id, 0))
            for quota in self.quota_ids
            if quota.member_id != establishment
        )
        if not self.seats_limited or not self.seats_max:
            return 10**6
        return max(0, self.seats_max - total_taken - held_for_others)

    def _promote_waitlist(self):
        """Give freed seats to the waitlist, first come first served, within the quotas: a
        promoted person is told by the confirmation e-mail."""
        for session in self.sudo():
            serialize_on(session)
            waiting = session.registration_ids.filtered(lambda r: r.is_waitlisted and r.state == "draft").sorted(
                lambda r: (r.waitlist_date or r.create_date, r.id)
            )
            for registration in waiting:
                if session._free_seats_for(registration.establishment_id) <= 0:
                    continue
                registration.write({"state": "open", "is_waitlisted": False, "is_promoted": True})
                registration.message_post(body=self.env._("A seat freed: promoted from the waitlist."))
                session.invalidate_recordset(["registration_ids"])

    # ------------------------------------------------------------------ helpers

    def _sync_dates_from_half_days(self):
        for session in self.filtered("half_day_ids"):
            starts = session.half_day_ids.mapped("start_datetime")
            stops = session.half_day_ids.mapped("end_datetime")
            values = {}
            if min(starts) != session.date_begin:
                values["date_begin"] = min(starts)
            if max(stops) != session.date_end:
                values["date_end"] = max(stops)
            if values:
                super(EventEvent, session.sudo()).write(values)
        return True

    def _ensure_attendance_lines(self):
        """One attendance line per confirmed attendee per half-day."""
        Attendance = self.env["formation.attendance"].sudo()
        vals_list = []
        for session in self.sudo():
            existing = {(a.registration_id.id, a.half_day_id.id) for a in session.attendance_ids}
            for registration in session.registration_ids.filtered(lambda r: r.state in ("open", "done")):
                for half_day in session.half_day_ids:
                    if (registration.id, half_day.id) not in existing:
                        vals_list.append({"registration_id": registration.id, "half_day_id": half_day.id})
        return Attendance.create(vals_list)

    def _compute_cost_shares(self):
        self.ensure_one()
        Share = self.env["formation.cost.share"]
        if self.cost_split_method == "seats":
            taken = self._seats_taken_by_member()
            weights = {member: count for member, count in taken.items() if member}
            self.cost_share_ids.filtered(lambda s: s.member_id not in weights).unlink()
            for member, count in weights.items():
                share = self.cost_share_ids.filtered(lambda s, m=member: s.member_id == m)
                values = {"seat_count": count, "weight": count}
                if share:
                    share.write(values)
                else:
                    Share.create({"session_id": self.id, "member_id": member.id, **values})
        shares = self.cost_share_ids
        total_weight = sum(shares.mapped("weight"))
        if not shares or total_weight <= 0:
            raise UserError(
                self.env._(
                    "No member to share the cost of %(session)s: register members' employees, or give each "
                    "member a share of the key.",
                    session=self.display_name,
                )
            )
        amounts = split_to_the_cent(self.cost_amount, [share.weight for share in shares], self.currency_id)
        for share, amount in zip(shares, amounts, strict=True):
            share.amount = amount

    def _satisfaction_figures(self):
        """(number of completed answers, average of the scale answers) of these sessions."""
        if not self.ids:
            return 0, 0.0
        inputs = (
            self.env["survey.user_input"]
            .sudo()
            .search([("registration_id.event_id", "in", self.ids), ("state", "=", "done")])
        )
        lines = inputs.user_input_line_ids.filtered(lambda line: line.answer_type == "scale" and not line.skipped)
        average = sum(lines.mapped("value_scale")) / len(lines) if lines else 0.0
        return len(inputs), average

    @api.model
    def _satisfaction_action(self, domain, name):
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Satisfaction – %(name)s", name=name),
            "res_model": "survey.user_input",
            "view_mode": "list,form",
            "domain": Domain.AND([domain, [("state", "=", "done")]]),
        }

    def _is_training_manager(self):
        return self.env.su or self.env.user.has_group(TRAINING_MANAGER_GROUP)

    def _check_training_manager(self):
        if not self._is_training_manager():
            raise AccessError(self.env._("Only the training managers can do this."))

    def _is_restricted_trainer(self):
        user = self.env.user
        return not self.env.su and user.has_group(TRAINER_GROUP) and not user.has_group(TRAINING_MANAGER_GROUP)

    def _local_range(self):
        """'lundi 3 mars 2027, 09:00 – 17:00'-like text of the first and last half-day."""
        self.ensure_one()
        return " ; ".join(self.half_day_ids.mapped("display_name"))

    # ------------------------------------------------------------------ crons

    @api.model
    def _cron_flag_below_minimum(self):
        """Sessions whose registration deadline passed with fewer registrations than their
        minimum are flagged to their organiser (an activity), once."""
        sessions = self.search(
            [
                ("is_training", "=", True),
                ("training_state", "in", BOOKABLE_STATES),
                ("is_below_minimum", "=", False),
                ("registration_deadline", "<", fields.Datetime.now()),
                ("seats_min", ">", 0),
            ]
        )
        below = sessions.filtered(lambda s: s.seats_taken < s.seats_min)
        for session in below:
            session.is_below_minimum = True
            session.message_post(
                body=self.env._(
                    "The registration deadline passed with %(taken)s registrations for a minimum of %(min)s.",
                    taken=session.seats_taken,
                    min=session.seats_min,
                )
            )
            session.activity_schedule(
                "mail.mail_activity_data_todo",
                user_id=(session.user_id or self.env.ref("base.user_admin")).id,
                summary=self.env._("Session under its minimum: confirm or cancel it"),
            )
        return below


def split_to_the_cent(total, weights, currency):
    """Split ``total`` in proportion to ``weights`` so that the parts, rounded to the
    currency, add up to ``total`` exactly (largest remainders get the leftover cents)."""
    factor = 10**currency.decimal_places
    cents = round(total * factor)
    weight_sum = sum(weights)
    exact = [cents * w / weight_sum for w in weights]
    parts = [int(x) for x in exact]
    leftover = cents - sum(parts)
    order = sorted(range(len(weights)), key=lambda i: exact[i] - parts[i], reverse=True)
    for i in order[:leftover]:
        parts[i] += 1
    return [p / factor for p in parts]


def half_day_datetimes(day, start_hour, end_hour):
    """Naive UTC start and end of a half-day given in local hours (9.5 = 09:30)."""

    def to_time(hour):
        minutes = round(hour * 60)
        return datetime.time(minutes // 60, minutes % 60)

    return local_to_naive_utc(day, to_time(start_hour)), local_to_naive_utc(day, to_time(end_hour))
