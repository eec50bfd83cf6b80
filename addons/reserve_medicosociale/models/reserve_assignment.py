from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from ..tools.link_details import address_lines

ASSIGNMENT_STATES = [
    ("planned", "Planned"),
    ("confirmed", "Confirmed"),
    ("done", "Done"),
    ("no_show", "No-show"),
    ("cancelled", "Cancelled"),
]
# What a member manager may change on the assignments of their establishments (the outcome,
# i.e. the state, changes through the buttons, which also archive the event or reopen the seat).
ESTABLISHMENT_FIELDS = frozenset({"hours_worked", "rating", "rating_comment"})
RATINGS = [("1", "1 - Poor"), ("2", "2 - Fair"), ("3", "3 - Good"), ("4", "4 - Very good"), ("5", "5 - Excellent")]


class ReserveAssignment(models.Model):
    """A person who comes to work for a need: born from an accepted proposal."""

    _name = "reserve.assignment"
    _description = "Assignment of a reservist to a need"
    _inherit = ["mail.thread", "mail.activity.mixin", "reserve.write.guard"]
    _order = "date_start desc, id desc"
    _rec_name = "need_id"
    # Assignments are born from accepted proposals (in sudo); a manager records the outcome.
    _manager_write_fields = ESTABLISHMENT_FIELDS

    need_id = fields.Many2one("reserve.need", required=True, ondelete="restrict", index=True)
    person_id = fields.Many2one("reserve.person", required=True, ondelete="restrict", index=True)
    proposal_id = fields.Many2one("reserve.proposal", ondelete="set null", index=True)
    establishment_id = fields.Many2one(related="need_id.establishment_id", store=True, index=True)
    job_id = fields.Many2one(related="need_id.job_id")
    contract_type_id = fields.Many2one("reserve.contract.type", tracking=True)
    date_start = fields.Datetime(related="need_id.date_start", store=True, index=True)
    date_stop = fields.Datetime(related="need_id.date_stop", store=True)
    state = fields.Selection(ASSIGNMENT_STATES, default="planned", required=True, tracking=True, index=True)
    hours_worked = fields.Float(tracking=True)
    rating = fields.Selection(RATINGS, string="Establishment's rating", tracking=True)
    rating_comment = fields.Text(string="Establishment's comment")
    # Indexed: the calendar's record rule looks events up by their assignment.
    calendar_event_id = fields.Many2one(
        "calendar.event", readonly=True, copy=False, ondelete="set null", index="btree_not_null"
    )

    @api.model_create_multi
    def create(self, vals_list):
        assignments = super().create(vals_list)
        # Work recorded after the fact (done, missed or cancelled, e.g. a history imported
        # from the association's files) invites nobody and tells nobody.
        upcoming = assignments.filtered(lambda a: a.state in ("planned", "confirmed"))
        upcoming._create_calendar_events()
        assignments.need_id._update_filled_state()
        upcoming._notify_establishment()
        return assignments

    def write(self, vals):
        if "state" in vals and not self.env.su:
            raise AccessError(
                self.env._("The state of an assignment changes only through its buttons (done, no-show, cancel…).")
            )
        if (
            not self.env.su
            and set(vals) - ESTABLISHMENT_FIELDS
            and not self.env.user.has_group("reserve_medicosociale.reserve_medicosociale_group_coordinator")
        ):
            raise AccessError(
                self.env._("An establishment only records the hours worked, its rating and comment, and the outcome.")
            )
        result = super().write(vals)
        if "state" in vals:
            self.need_id._update_filled_state()
        return result

    def _create_calendar_events(self):
        """One event per assignment, the person and the establishment invited with an ICS file."""
        # Created without Odoo's immediate sending; the invitations are queued below instead.
        events = (
            self.env["calendar.event"]
            .sudo()
            .with_context(no_mail_to_attendees=True, mail_create_nolog=True)
            .create(
                [
                    {
                        "name": self.env._(
                            "%(job)s at %(establishment)s", job=a.job_id.name, establishment=a.establishment_id.name
                        ),
                        "start": a.date_start,
                        "stop": a.date_stop,
                        "user_id": a.need_id.create_uid.id,
                        "partner_ids": [(6, 0, (a.person_id.partner_id | a.establishment_id).ids)],
                        "description": a.need_id.notes or False,
                        # In the invitation and in the calendar file of the link's page.
                        "location": ", ".join(address_lines(a.establishment_id)) or False,
                        "privacy": "private",
                    }
                    for a in self
                ]
            )
        )
        for assignment, event in zip(self, events, strict=True):
            assignment.calendar_event_id = event
        template = self.env.ref("calendar.calendar_template_meeting_invitation", raise_if_not_found=False)
        events.with_context(no_mail_to_attendees=False).attendee_ids.sudo()._notify_attendees(
            template, force_send=False
        )

    def _notify_establishment(self):
        """The establishment is told who comes, with their verified qualifications."""
        template = self.env.ref("reserve_medicosociale.mail_template_assignment_establishment")
        for assignment in self.sudo():
            # From the need's author, not from the public user who clicked the link.
            assignment.message_post_with_source(
                template,
                author_id=assignment.need_id.create_uid.partner_id.id,
                subtype_xmlid="mail.mt_comment",
                partner_ids=assignment.establishment_id.ids,
            )

    def _verified_qualifications(self):
        self.ensure_one()
        return self.sudo().person_id.qualification_line_ids.filtered(lambda line: line.state == "verified")

    def _write_outcome(self, vals):
        """The buttons' writes: the user needs write access to the assignments, then it is written."""
        self.check_access("write")
        return self.sudo().write(vals)

    def action_confirm(self):
        """A coordinator records that the person confirmed they are coming (on the phone);
        the person confirms with the reminder's link. Nobody else says it in their name."""
        coordinator = self.env.user.has_group("reserve_medicosociale.reserve_medicosociale_group_coordinator")
        if not (self.env.su or coordinator):
            raise AccessError(
                self.env._(
                    "Only the person, with the reminder's link, or a coordinator can confirm that they are coming."
                )
            )
        self._check_state(("planned",))
        self._write_outcome({"state": "confirmed"})

    def action_done(self):
        self._check_state(("planned", "confirmed"))
        for assignment in self:
            assignment._write_outcome(
                {
                    "state": "done",
                    "hours_worked": assignment.hours_worked
                    or sum(assignment.need_id.shift_ids.mapped("duration_hours")),
                }
            )

    def action_no_show(self):
        self._check_state(("planned", "confirmed"))
        self._write_outcome({"state": "no_show", "hours_worked": 0})

    def action_cancel(self):
        self._check_state(("planned", "confirmed"))
        self._write_outcome({"state": "cancelled"})
        self.calendar_event_id.sudo().action_archive()

    def _check_state(self, allowed):
        if self.filtered(lambda a: a.state not in allowed):
            raise UserError(self.env._("This action is not possible in the assignment's current state."))
