import datetime
import json

from werkzeug.exceptions import NotFound

from odoo import fields, http
from odoo.exceptions import UserError, ValidationError
from odoo.http import content_disposition, request
from odoo.tools.misc import format_datetime
from odoo.tools.translate import LazyTranslate

from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager

from ..models.reserve_person import DOCUMENT_MAX_SIZE
from ..tools.local_time import RESERVE_TZ, local_to_naive_utc, to_local

_lt = LazyTranslate(__name__)

# Messages shown after a redirect, keyed by the `done` query parameter (never echoed).
DONE_MESSAGES = {
    "profile": _lt("Your profile is saved."),
    "submitted": _lt("Your profile was sent to the coordinators for validation."),
    "paused": _lt("Your profile is paused: you will get no proposal until you resume it."),
    "resumed": _lt("Your profile is active again: you can receive proposals."),
    "qualification": _lt("The qualification is added: the coordinators will verify it."),
    "document": _lt("The document is added: the coordinators will verify it."),
    "document_deleted": _lt("The document is removed."),
    "qualification_deleted": _lt("The qualification is removed."),
    "availability": _lt("Your availability is saved."),
    "slot": _lt("The period is added."),
    "slot_deleted": _lt("The period is removed."),
    "available_today": _lt("You are shown as available until the end of the day."),
    "confirmed": _lt("Thank you: your availability is marked as up to date."),
    "erasure_requested": _lt("Your request is recorded: a coordinator will erase your data and tell you."),
    "erasure_cancelled": _lt("Your request for erasure is withdrawn."),
    "channels": _lt("Your choice of e-mail and SMS is saved."),
}


def _to_int(value, default=False):
    value = (value or "").strip() if isinstance(value, str) else value
    if value in (None, "", False):
        return default
    try:
        return int(value)
    except (TypeError, ValueError):
        raise UserError(request.env._("“%s” is not a whole number: enter digits only.", value)) from None


def _form_text(form, name):
    """The posted text of a field, without surrounding spaces ("" when absent)."""
    return (form.get(name) or "").strip()


def _hour_label(hour):
    return f"{int(hour):02d}:{round((hour % 1) * 60):02d}"


def reserve_list_page(model, domain, url, page, step, order=None):
    """One page of a /my list: the records of ``model`` in ``domain`` (record rules apply),
    Odoo's pager over all of them, and the line that says how many there are.

    :return: dict with ``records``, ``pager`` and ``pager_summary`` for the template
    """
    Model = request.env[model]
    total = Model.search_count(domain) if Model.has_access("read") else 0
    pager = portal_pager(url=url, total=total, page=page, step=step)
    records = Model.search(domain, order=order, limit=step, offset=pager["offset"]) if total else Model
    if pager["page_count"] > 1:
        summary = request.env._(
            "%(total)s in all, page %(page)s of %(pages)s",
            total=total,
            page=pager["page"]["num"],
            pages=pager["page_count"],
        )
    else:
        summary = request.env._("%(total)s in all", total=total) if total else ""
    return {"records": records, "pager": pager, "pager_summary": summary}


class ReserveCustomerPortal(CustomerPortal):
    """The reservist's own pages: profile, documents, availability, pause, data."""

    # ------------------------------------------------------------------ helpers

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "reserve_count" in counters:
            Person = request.env["reserve.person"]
            values["reserve_count"] = (
                Person.search_count([("user_id", "=", request.env.uid)]) if Person.has_access("read") else 0
            )
        return values

    def _reserve_person(self):
        """The profile of the signed-in user; record rules apply, never sudo."""
        Person = request.env["reserve.person"]
        if not Person.has_access("read"):
            return Person
        return Person.search([("user_id", "=", request.env.uid)], limit=1)

    def _reserve_person_or_404(self):
        """The signed-in user's profile; a user without one gets a 404."""
        person = self._reserve_person()
        if not person:
            raise NotFound()
        return person

    def _reserve_values(self, person, page_name, **values):
        done = request.params.get("done")
        return {
            **self._prepare_portal_layout_values(),
            "person": person,
            "page_name": page_name,
            "done_message": str(DONE_MESSAGES[done]) if done in DONE_MESSAGES else False,
            "error": False,
            "error_fields": set(),
            **values,
        }

    def _reserve_own_record(self, getter, record_id):
        """The signed-in user's profile and one of its records, found by the profile's method
        ``getter`` (e.g. ``_portal_get_slot``); a record that is not theirs gets a 404.

        :return: (person, record)
        """
        person = self._reserve_person()
        record = person and getattr(person, getter)(record_id)
        if not record:
            raise NotFound()
        return person, record

    def _reserve_no_profile(self):
        return request.render(
            "reserve_medicosociale.portal_reserve_no_profile",
            {
                **self._prepare_portal_layout_values(),
                "page_name": "reserve",
            },
        )

    def _reserve_error_message(self, error):
        return error.args[0] if error.args else str(error)

    # ------------------------------------------------------------------ profile

    def _reserve_profile_form(self, person):
        """The profile as the form shows it."""
        return {
            "name": person.name or "",
            "phone": person.phone or "",
            "category": person.category,
            "employer_id": person.employer_id.id,
            "school_name": person.school_name or "",
            "study_year": person.study_year or "",
            "internship_constraints": person.internship_constraints or "",
            "administration": person.administration or "",
            "commune_id": person.commune_id.id,
            "commune_search": "",
            **person._portal_preferences(),
            "preferred_sector_ids": set(person.preferred_sector_ids.ids),
            "contract_type_ids": set(person.contract_type_ids.ids),
            "jobs": {line.job_id.id: line.years_experience for line in person.job_line_ids},
        }

    def _reserve_parse_profile(self, form):
        """Turn the posted form into a dict of the same shape as `_reserve_profile_form`.

        :return: (the form, list of messages); a value that is not a number stays as typed
        """
        params = request.httprequest.form
        errors = []

        def number(value, default=False):
            value = (value or "").strip()
            if not value:
                return default
            if value.isdigit():
                return int(value)
            errors.append(request.env._("“%s” is not a whole number: enter digits only.", value))
            return value

        jobs = {}
        for raw in params.getlist("job_ids"):
            job_id = number(raw)
            if isinstance(job_id, int):
                jobs[job_id] = number(params.get(f"years_{job_id}"), 0)
        parsed = {
            "name": _form_text(form, "name"),
            "phone": _form_text(form, "phone"),
            "category": form.get("category") or False,
            "employer_id": number(form.get("employer_id")),
            "school_name": _form_text(form, "school_name"),
            "study_year": number(form.get("study_year")),
            "internship_constraints": _form_text(form, "internship_constraints"),
            "administration": _form_text(form, "administration"),
            "commune_id": number(form.get("commune_id")),
            "commune_search": _form_text(form, "commune_search"),
            "radius_km": number(form.get("radius_km"), 0),
            "has_vehicle": bool(form.get("has_vehicle")),
            "has_driving_licence": bool(form.get("has_driving_licence")),
            "shift_day": bool(form.get("shift_day")),
            "shift_night": bool(form.get("shift_night")),
            "shift_weekend": bool(form.get("shift_weekend")),
            "min_notice_hours": number(form.get("min_notice_hours"), 0),
            "preferred_sector_ids": {number(v) for v in params.getlist("preferred_sector_ids")},
            "contract_type_ids": {number(v) for v in params.getlist("contract_type_ids")},
            "jobs": jobs,
        }
        return parsed, errors

    def _reserve_profile_render(self, person, form, error=False, error_fields=(), status=200, communes=None):
        env = request.env
        if communes is None:
            communes = env["reserve.commune"].browse(form.get("commune_id") or []).exists()
        values = self._reserve_values(
            person,
            "reserve_profile",
            form=form,
            error=error,
            error_fields=set(error_fields),
            categories=env["reserve.person"]._fields["category"]._description_selection(env),
            communes=communes,
            jobs=env["reserve.job"].search([]),
            sectors=env["reserve.sector"].search([]),
            contract_types=env["reserve.contract.type"].search([]),
            employers=env["reserve.person"]._signup_member_establishments(),
        )
        values["missing"], values["advice"] = self._reserve_missing(person)
        return request.render("reserve_medicosociale.portal_reserve_profile", values, status=status)

    def _reserve_missing(self, person):
        """What the profile lacks: (what blocks sending it, what the coordinators will ask for)."""
        missing = person._get_missing_for_submission_message()
        if missing:
            return missing, False
        # The employer's agreement of a lent employee is not the person's to give: not asked here.
        return False, person._get_missing_for_validation_message()

    @http.route("/my/reserve", type="http", auth="user", website=True, methods=["GET", "POST"])
    def portal_reserve_profile(self, **form):
        person = self._reserve_person()
        if not person:
            return self._reserve_no_profile()
        if request.httprequest.method != "POST":
            return self._reserve_profile_render(person, self._reserve_profile_form(person))
        parsed, errors = self._reserve_parse_profile(form)
        if errors:
            return self._reserve_profile_render(person, parsed, error=" ".join(errors), status=400)
        values = dict(parsed)
        if parsed["commune_search"]:
            # Without JavaScript, the commune comes from the text typed.
            commune, matches = request.env["reserve.commune"]._pick_typed(parsed["commune_search"])
            if not commune:
                if matches:
                    message = request.env._(
                        "Several communes match “%s”: choose yours in the list.", parsed["commune_search"]
                    )
                else:
                    message = request.env._(
                        "No commune matches “%s”: type its postal code, e.g. 50000.", parsed["commune_search"]
                    )
                return self._reserve_profile_render(
                    person,
                    {**parsed, "commune_search": "", "commune_id": False},
                    error=message,
                    error_fields={"commune_id"},
                    status=400,
                    communes=matches,
                )
            values["commune_id"] = commune.id
        values.pop("commune_search")
        for many in ("preferred_sector_ids", "contract_type_ids"):
            values[many] = [fields.Command.set(list(values[many]))]
        if not values["commune_id"]:
            values.pop("commune_id")
        try:
            person._portal_update_profile(values)
        except (UserError, ValidationError) as error:
            return self._reserve_profile_render(person, parsed, error=self._reserve_error_message(error), status=400)
        return request.redirect("/my/reserve?done=profile")

    @http.route("/my/reserve/channels", type="http", auth="user", website=True, methods=["POST"])
    def portal_reserve_channels(self, notify_by_email=None, notify_by_sms=None, **kw):
        """How proposals reach the person: e-mail, SMS (urgent needs), or both; untick SMS to stop them."""
        return self._reserve_profile_action(
            lambda person: person._portal_set_channels(bool(notify_by_email), bool(notify_by_sms)), "channels"
        )

    def _reserve_profile_action(self, action, done):
        """Run ``action(person)`` on the signed-in user's profile, then back to the profile page.

        :param done: the key of DONE_MESSAGES shown after the redirect
        """
        person = self._reserve_person_or_404()
        try:
            action(person)
        except UserError as error:
            return self._reserve_profile_render(
                person,
                self._reserve_profile_form(person),
                error=self._reserve_error_message(error),
                status=400,
            )
        return request.redirect(f"/my/reserve?done={done}")

    @http.route("/my/reserve/submit", type="http", auth="user", website=True, methods=["POST"])
    def portal_reserve_submit(self, **kw):
        return self._reserve_profile_action(lambda person: person.action_portal_submit(), "submitted")

    @http.route("/my/reserve/pause", type="http", auth="user", website=True, methods=["POST"])
    def portal_reserve_pause(self, reason=None, **kw):
        reason = (reason or "").strip()[:200] or None
        return self._reserve_profile_action(lambda person: person.action_portal_pause(reason=reason), "paused")

    @http.route("/my/reserve/resume", type="http", auth="user", website=True, methods=["POST"])
    def portal_reserve_resume(self, **kw):
        return self._reserve_profile_action(lambda person: person.action_portal_resume(), "resumed")

    # ------------------------------------------------------------------ documents

    def _reserve_documents_render(self, person, form=None, error=False, status=200):
        values = self._reserve_values(
            person,
            "reserve_documents",
            form=form or {},
            error=error,
            qualifications=request.env["reserve.qualification"].search([]),
            documents=person._portal_documents(),
            max_size_mb=DOCUMENT_MAX_SIZE // 1024 // 1024,
        )
        return request.render("reserve_medicosociale.portal_reserve_documents", values, status=status)

    def _reserve_uploaded_files(self):
        return [
            (storage.filename, storage.read())
            for storage in request.httprequest.files.getlist("file")
            if storage and storage.filename
        ]

    @http.route("/my/reserve/documents", type="http", auth="user", website=True, methods=["GET"])
    def portal_reserve_documents(self, **kw):
        person = self._reserve_person()
        if not person:
            return self._reserve_no_profile()
        return self._reserve_documents_render(person)

    @http.route("/my/reserve/qualification/add", type="http", auth="user", website=True, methods=["POST"])
    def portal_reserve_qualification_add(self, qualification_id=None, date_obtained=None, **kw):
        person = self._reserve_person_or_404()
        form = {"qualification_id": qualification_id, "date_obtained": date_obtained or ""}
        try:
            qualification_id = _to_int(qualification_id)
            try:
                date_value = fields.Date.to_date(date_obtained) if date_obtained else False
            except ValueError:
                raise UserError(request.env._("Enter the date as shown by the calendar, e.g. 2021-06-30.")) from None
            person._portal_add_qualification(qualification_id, date_value, self._reserve_uploaded_files())
        except (UserError, ValidationError) as error:
            return self._reserve_documents_render(person, form, error=self._reserve_error_message(error), status=400)
        return request.redirect("/my/reserve/documents?done=qualification")

    @http.route(
        "/my/reserve/qualification/<int:line_id>/upload", type="http", auth="user", website=True, methods=["POST"]
    )
    def portal_reserve_document_upload(self, line_id, **kw):
        person, line = self._reserve_own_record("_portal_get_qualification_line", line_id)
        files = self._reserve_uploaded_files()
        try:
            if not files:
                raise UserError(request.env._("Choose a file to send: a PDF, or a photo in JPEG or PNG."))
            for filename, data in files:
                person._get_document_mimetype(filename, data)
            for filename, data in files:
                person._portal_attach_document(line, filename, data)
        except (UserError, ValidationError) as error:
            return self._reserve_documents_render(person, error=self._reserve_error_message(error), status=400)
        return request.redirect("/my/reserve/documents?done=document")

    @http.route(
        "/my/reserve/qualification/<int:line_id>/delete", type="http", auth="user", website=True, methods=["POST"]
    )
    def portal_reserve_qualification_delete(self, line_id, **kw):
        person, line = self._reserve_own_record("_portal_get_qualification_line", line_id)
        try:
            person._portal_remove_qualification(line)
        except UserError as error:
            return self._reserve_documents_render(person, error=self._reserve_error_message(error), status=400)
        return request.redirect("/my/reserve/documents?done=qualification_deleted")

    @http.route("/my/reserve/document/<int:attachment_id>", type="http", auth="user", website=True, methods=["GET"])
    def portal_reserve_document_download(self, attachment_id, **kw):
        person, attachment = self._reserve_own_record("_portal_get_document", attachment_id)
        # The attachment comes with sudo from the person's own documents only.
        stream = request.env["ir.binary"]._get_stream_from(attachment, "raw")
        return stream.get_response(as_attachment=True)

    @http.route(
        "/my/reserve/document/<int:attachment_id>/delete", type="http", auth="user", website=True, methods=["POST"]
    )
    def portal_reserve_document_delete(self, attachment_id, **kw):
        person, attachment = self._reserve_own_record("_portal_get_document", attachment_id)
        try:
            person._portal_remove_document(attachment)
        except UserError as error:
            return self._reserve_documents_render(person, error=self._reserve_error_message(error), status=400)
        return request.redirect("/my/reserve/documents?done=document_deleted")

    # ------------------------------------------------------------------ availability

    def _reserve_parse_week(self, form):
        params = request.httprequest.form
        blocks = set(params.getlist("blocks"))
        custom = []
        days = params.getlist("custom_weekday")
        starts = params.getlist("custom_from")
        stops = params.getlist("custom_to")
        for day, start, stop in zip(days, starts, stops, strict=False):
            if day == "" and start == "" and stop == "":
                continue
            try:
                custom.append({"weekday": int(day), "hour_from": float(start), "hour_to": float(stop)})
            except ValueError:
                raise UserError(request.env._("Choose a day, a start and an end for each range of hours.")) from None
        return {"blocks": blocks, "custom": custom, "max_hours_week": form.get("max_hours_week", "")}

    def _reserve_availability_render(self, person, week=None, slot_form=None, error=False, status=200):
        now = fields.Datetime.now()
        slots = person.slot_ids.filtered(lambda s: s.stop >= now).sorted("start")
        week = week or person.pattern_ids._week_grid()
        if "max_hours_week" not in week:
            week["max_hours_week"] = person.max_hours_week or ""
        values = self._reserve_values(
            person,
            "reserve_availability",
            week=week,
            slots=slots,
            slot_form=slot_form or {"kind": "available", "start_time": "08:00", "stop_time": "18:00"},
            error=error,
            weekdays=request.env["reserve.availability.pattern"]._fields["weekday"]._description_selection(request.env),
            hours=[(h / 2, _hour_label(h / 2)) for h in range(0, 49)],
            times=[_hour_label(h / 2) for h in range(0, 48)],
            hour_label=_hour_label,
            week_blocks=request.env["reserve.availability.pattern"]._week_block_selection(),
            fmt=lambda value: format_datetime(request.env, value, tz=RESERVE_TZ, dt_format="EEE d MMM y HH:mm"),
            today=fields.Date.to_string(to_local(now).date()),
        )
        return request.render("reserve_medicosociale.portal_reserve_availability", values, status=status)

    @http.route("/my/reserve/availability", type="http", auth="user", website=True, methods=["GET", "POST"])
    def portal_reserve_availability(self, **form):
        person = self._reserve_person()
        if not person:
            return self._reserve_no_profile()
        if request.httprequest.method != "POST":
            return self._reserve_availability_render(person)
        week = {
            "blocks": set(request.httprequest.form.getlist("blocks")),
            "custom": [],
            "max_hours_week": form.get("max_hours_week", ""),
        }
        try:
            week = self._reserve_parse_week(form)
            person._portal_set_weekly_pattern(
                [(line["weekday"], line["hour_from"], line["hour_to"]) for line in week["custom"]],
                max_hours_week=_to_int(week["max_hours_week"], 0),
                blocks=week["blocks"],
            )
        except (UserError, ValidationError) as error:
            return self._reserve_availability_render(
                person, week=week, error=self._reserve_error_message(error), status=400
            )
        return request.redirect("/my/reserve/availability?done=availability")

    @http.route("/my/reserve/availability/slot/add", type="http", auth="user", website=True, methods=["POST"])
    def portal_reserve_slot_add(self, **form):
        person = self._reserve_person_or_404()
        slot_form = {
            key: form.get(key, "") for key in ("kind", "start_date", "start_time", "stop_date", "stop_time", "note")
        }
        try:
            try:
                start_day = datetime.date.fromisoformat(slot_form["start_date"])
                stop_day = datetime.date.fromisoformat(slot_form["stop_date"] or slot_form["start_date"])
                start_time = datetime.time.fromisoformat(slot_form["start_time"] or "00:00")
                stop_time = datetime.time.fromisoformat(slot_form["stop_time"] or "00:00")
            except ValueError:
                raise UserError(
                    request.env._("Choose the first and the last day of the period, and its hours.")
                ) from None
            # The form is in Paris time; the period is stored in UTC.
            person._portal_add_slot(
                slot_form["kind"],
                local_to_naive_utc(start_day, start_time),
                local_to_naive_utc(stop_day, stop_time),
                slot_form["note"],
            )
        except (UserError, ValidationError) as error:
            return self._reserve_availability_render(
                person, slot_form=slot_form, error=self._reserve_error_message(error), status=400
            )
        return request.redirect("/my/reserve/availability?done=slot")

    @http.route(
        "/my/reserve/availability/slot/<int:slot_id>/delete", type="http", auth="user", website=True, methods=["POST"]
    )
    def portal_reserve_slot_delete(self, slot_id, **kw):
        person, slot = self._reserve_own_record("_portal_get_slot", slot_id)
        person._portal_remove_slot(slot)
        return request.redirect("/my/reserve/availability?done=slot_deleted")

    @http.route("/my/reserve/availability/today", type="http", auth="user", website=True, methods=["POST"])
    def portal_reserve_available_today(self, **kw):
        person = self._reserve_person_or_404()
        person._portal_ensure_owner()
        person.action_available_today()
        return request.redirect("/my/reserve/availability?done=available_today")

    @http.route("/my/reserve/availability/confirm", type="http", auth="user", website=True, methods=["POST"])
    def portal_reserve_availability_confirm(self, **kw):
        person = self._reserve_person_or_404()
        person._portal_ensure_owner()
        person.action_confirm_availability()
        return request.redirect("/my/reserve/availability?done=confirmed")

    # ------------------------------------------------------------------ my data

    @http.route("/my/reserve/data", type="http", auth="user", website=True, methods=["GET"])
    def portal_reserve_data(self, **kw):
        person = self._reserve_person()
        if not person:
            return self._reserve_no_profile()
        return request.render("reserve_medicosociale.portal_reserve_data", self._reserve_values(person, "reserve_data"))

    @http.route("/my/reserve/export", type="http", auth="user", website=True, methods=["GET"])
    def portal_reserve_export(self, format="json", **kw):
        person = self._reserve_person_or_404()
        stamp = fields.Date.to_string(fields.Date.context_today(person))
        if format == "zip":
            content = person._export_personal_zip()
            filename = f"my-reserve-data-{stamp}.zip"
            mimetype = "application/zip"
        else:
            content = json.dumps(person._export_personal_data(), indent=2, ensure_ascii=False).encode()
            filename = f"my-reserve-data-{stamp}.json"
            mimetype = "application/json; charset=utf-8"
        return request.make_response(
            content,
            headers=[
                ("Content-Type", mimetype),
                ("Content-Disposition", content_disposition(filename)),
                ("Cache-Control", "no-store"),
            ],
        )

    @http.route("/my/reserve/erase", type="http", auth="user", website=True, methods=["GET", "POST"])
    def portal_reserve_erase(self, confirm=None, **kw):
        person = self._reserve_person()
        if not person:
            return self._reserve_no_profile()
        if request.httprequest.method == "POST":
            if not confirm:
                return request.render(
                    "reserve_medicosociale.portal_reserve_erase",
                    self._reserve_values(
                        person,
                        "reserve_erase",
                        error=request.env._("Tick the box to confirm that you want your data erased."),
                    ),
                    status=400,
                )
            person.action_request_erasure()
            return request.redirect("/my/reserve/data?done=erasure_requested")
        return request.render(
            "reserve_medicosociale.portal_reserve_erase", self._reserve_values(person, "reserve_erase")
        )

    @http.route("/my/reserve/erase/cancel", type="http", auth="user", website=True, methods=["POST"])
    def portal_reserve_erase_cancel(self, **kw):
        person = self._reserve_person_or_404()
        person.action_cancel_erasure_request()
        return request.redirect("/my/reserve/data?done=erasure_cancelled")
