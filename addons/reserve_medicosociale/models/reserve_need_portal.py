import datetime
from zoneinfo import ZoneInfo

from odoo import api, fields, models
from odoo.exceptions import UserError

from .reserve_person_availability import RESERVE_TZ

MAX_PORTAL_SHIFTS = 7


class ReserveNeed(models.Model):
    _inherit = "reserve.need"

    @api.model
    def _portal_establishments(self):
        """The member establishments the current user manages (record rules apply)."""
        return self.env["res.partner"].search(
            [("member_state", "=", "member"), ("member_manager_ids", "in", [self.env.uid])], order="name"
        )

    @api.model
    def _portal_shift_utc(self, day, start, stop):
        """Turn a local date and two local times (Europe/Paris) into naive UTC datetimes.

        An end at or before the start means the shift ends the next day (a night shift).

        :param day: a ``datetime.date``
        :param start: a ``datetime.time``
        :param stop: a ``datetime.time``
        :return: (start, stop) as naive UTC datetimes
        """
        tz = ZoneInfo(RESERVE_TZ)
        local_start = datetime.datetime.combine(day, start, tzinfo=tz)
        stop_day = day + datetime.timedelta(days=1) if stop <= start else day
        local_stop = datetime.datetime.combine(stop_day, stop, tzinfo=tz)
        return tuple(dt.astimezone(datetime.UTC).replace(tzinfo=None) for dt in (local_start, local_stop))

    @api.model
    def _portal_create(self, values):
        """Validate a need posted on the portal, create it as the current user and open it.

        :param values: a dict with ``establishment_id``, ``job_id``, ``headcount``,
            ``urgency``, ``shifts`` (a list of ``{"date", "start", "stop"}`` strings:
            ``YYYY-MM-DD`` and ``HH:MM`` in Europe/Paris time), ``contract_type_ids``,
            ``qualification_ids``, ``wished_qualification_ids`` and ``notes``
        :return: the open need
        :raise UserError: with a message saying what to correct; nothing is created
        """
        establishment = self._portal_establishments().filtered(lambda p: p.id == values.get("establishment_id"))
        if not establishment:
            raise UserError(self.env._("Choose one of the establishments you manage."))
        job = self.env["reserve.job"].browse(values.get("job_id") or []).exists()
        if not job:
            raise UserError(self.env._("Choose the job you need."))
        headcount = values.get("headcount")
        if not isinstance(headcount, int) or headcount < 1:
            raise UserError(self.env._("Enter how many people you need: one at least."))
        if values.get("urgency") not in dict(self._fields["urgency"].selection):
            raise UserError(self.env._("Choose how urgent the need is."))
        shifts = [s for s in values.get("shifts") or [] if any(s.values())]
        if not shifts:
            raise UserError(self.env._("Add at least one shift: its date, start and end times."))
        if len(shifts) > MAX_PORTAL_SHIFTS:
            raise UserError(self.env._("Post %s shifts at most; post another need for the others.", MAX_PORTAL_SHIFTS))
        now = fields.Datetime.now()
        shift_commands = []
        for index, shift in enumerate(shifts, start=1):
            try:
                day = datetime.date.fromisoformat(shift.get("date") or "")
                start = datetime.time.fromisoformat(shift.get("start") or "")
                stop = datetime.time.fromisoformat(shift.get("stop") or "")
            except ValueError:
                raise UserError(self.env._("Shift %s: enter its date, start and end times.", index)) from None
            if start == stop:
                raise UserError(self.env._("Shift %s ends when it starts: correct its end time.", index))
            utc_start, utc_stop = self._portal_shift_utc(day, start, stop)
            if utc_start <= now:
                raise UserError(self.env._("Shift %s starts in the past: correct its date or start time.", index))
            shift_commands.append(fields.Command.create({"start": utc_start, "stop": utc_stop}))
        contract_types = self.env["reserve.contract.type"].browse(values.get("contract_type_ids") or []).exists()
        if not contract_types:
            raise UserError(self.env._("Choose at least one contract type you accept."))
        # Only the job's qualifying diplomas can be asked for.
        qualifications = self.env["reserve.qualification"].browse(values.get("qualification_ids") or [])
        wished = self.env["reserve.qualification"].browse(values.get("wished_qualification_ids") or [])
        need = self.create(
            {
                "establishment_id": establishment.id,
                "job_id": job.id,
                "headcount": headcount,
                "urgency": values["urgency"],
                "shift_ids": shift_commands,
                "contract_type_ids": [fields.Command.set(contract_types.ids)],
                "qualification_ids": [fields.Command.set((qualifications & job.qualification_ids).ids)],
                "wished_qualification_ids": [fields.Command.set((wished & job.qualification_ids).ids)],
                "notes": (values.get("notes") or "").strip() or False,
            }
        )
        need.action_open()
        return need
