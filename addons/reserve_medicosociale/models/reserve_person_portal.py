import io
import json
import logging
import re
import uuid
import zipfile

from odoo import SUPERUSER_ID, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.fields import Command, Domain
from odoo.tools import email_normalize, html2plaintext, single_email_re
from odoo.tools.mimetypes import guess_mimetype

from odoo.addons.auth_signup.models.res_partner import SignupError

from .reserve_person import COORDINATOR_GROUP

_logger = logging.getLogger(__name__)

# Proof documents a person may upload: what a phone's camera or a scanner produces.
DOCUMENT_MIMETYPES = {
    "application/pdf": "PDF",
    "image/jpeg": "JPEG",
    "image/png": "PNG",
}
DOCUMENT_MAX_SIZE = 10 * 1024 * 1024
PHONE_RE = re.compile(r"^\+?[0-9 ().\-]+$")

# The person's practical preferences, plain numbers and booleans shown as they are stored
# (profile form, export of personal data).
PORTAL_PREFERENCE_FIELDS = (
    "radius_km",
    "has_vehicle",
    "has_driving_licence",
    "shift_day",
    "shift_night",
    "shift_weekend",
    "min_notice_hours",
)
# The fields of reserve.person a person may change from the portal; everything else
# (state, validation, agreements, consent) changes through its own method.
PORTAL_PROFILE_FIELDS = {
    "name",
    "phone",
    "category",
    "employer_id",
    "school_name",
    "study_year",
    "internship_constraints",
    "administration",
    "commune_id",
    *PORTAL_PREFERENCE_FIELDS,
    "preferred_sector_ids",
    "contract_type_ids",
    "jobs",
}
PARTNER_PROFILE_FIELDS = ("name", "phone")

# Contact fields blanked on erasure (those of res.partner that can identify a person).
PARTNER_ERASED_FIELDS = (
    "email",
    "phone",
    "street",
    "street2",
    "zip",
    "city",
    "state_id",
    "country_id",
    "website",
    "comment",
    "function",
    "vat",
    "ref",
    "company_registry",
    "company_name",
    "barcode",
    "parent_id",
    "image_1920",
)
# Free text and identifying fields of the profile blanked on erasure.
PERSON_ERASED_FIELDS = (
    "state_reason",
    "school_name",
    "study_year",
    "internship_constraints",
    "administration",
    "commune_id",
    "employer_id",
    "employer_agreement",
    "employer_agreement_user_id",
    "employer_agreement_date",
    "host_structure_id",
    "consent_text",
    "consent_date",
    "email_confirmed_date",
)
# Tracked fields whose old values in the chatter would give the identity back.
PERSON_TRACKED_PERSONAL_FIELDS = ("name", "state_reason", "email", "phone")


class ReservePerson(models.Model):
    """What the person does from the portal: signup, own profile, documents, own data."""

    _inherit = "reserve.person"

    email_confirmed_date = fields.Datetime(
        string="E-mail confirmed on",
        readonly=True,
        copy=False,
        help="When the person activated their account from the link e-mailed at signup.",
    )
    erasure_requested_date = fields.Datetime(
        string="Erasure requested on",
        readonly=True,
        copy=False,
        tracking=True,
        help="The person asked for their personal data to be erased; a coordinator confirms it.",
    )
    erased_date = fields.Datetime(string="Personal data erased on", readonly=True, copy=False)

    # ------------------------------------------------------------------ signup

    @api.model
    def _get_consent_html(self):
        """The consent text shown at signup, in the language of the environment."""
        return self.env["ir.qweb"]._render(
            "reserve_medicosociale.reserve_consent_text",
            {"company": self.env.company},
        )

    @api.model
    def _get_consent_text(self):
        """The plain text version of the consent text, as stored on the person."""
        text = html2plaintext(self._get_consent_html())
        # One line per paragraph, whatever the indentation of the template.
        return "\n\n".join(" ".join(paragraph.split()) for paragraph in text.split("\n\n") if paragraph.strip())

    @api.model
    def _signup_check_values(self, values):
        """Check the values of the public signup form.

        :return: a dict {field name: message that says what to do}, empty when all is right
        """
        errors = {}
        categories = dict(self._fields["category"]._description_selection(self.env))
        if values.get("category") not in categories:
            errors["category"] = self.env._("Choose the situation that describes you.")
        if not (values.get("first_name") or "").strip():
            errors["first_name"] = self.env._("Enter your first name.")
        if not (values.get("last_name") or "").strip():
            errors["last_name"] = self.env._("Enter your last name.")
        # Whether the address is already known is not a form error: the answer would tell
        # anyone who is in the reserve (see _signup_request).
        email = (values.get("email") or "").strip()
        if not single_email_re.match(email):
            errors["email"] = self.env._("Enter a valid e-mail address, e.g. camille.martin@example.fr.")
        phone_error = self._check_phone_value(values.get("phone"))
        if phone_error:
            errors["phone"] = phone_error
        commune = self.env["reserve.commune"].sudo().browse(values.get("commune_id") or []).exists()
        if not commune or not commune.active:
            errors["commune_id"] = self.env._(
                "Choose your commune: type its postal code or its name, then pick it in the list."
            )
        job_ids = values.get("job_ids") or []
        jobs = self.env["reserve.job"].sudo().browse(job_ids).exists().filtered("active")
        if not jobs or len(jobs) != len(set(job_ids)):
            errors["job_ids"] = self.env._("Choose at least one job that you can do.")
        if values.get("category") == "lent_employee" and not self._is_member_establishment(values.get("employer_id")):
            errors["employer_id"] = self.env._("Choose the member establishment that employs you.")
        if not values.get("consent"):
            errors["consent"] = self.env._(
                "Tick the box to agree to the processing of your personal data: we cannot register you without it."
            )
        return errors

    @api.model
    def _signup_email_taken(self, email):
        return bool(self._signup_known_partner(email))

    @api.model
    def _signup_known_partner(self, email):
        """The contact that already holds this e-mail address: a user's (the address is
        their login or their e-mail) first, else a profile's.

        Addresses are compared normalised (``email_normalize``) and exactly: no pattern, so
        ``%`` or ``_`` in what was typed match nothing else.
        """
        normalized = email_normalize(email or "")
        if not normalized:
            return self.env["res.partner"]
        # Public signup: users and profiles are read with sudo, and only the neutral answer
        # of _signup_request goes back.
        Users = self.env["res.users"].sudo().with_context(active_test=False)
        user = Users.search(
            Domain("login", "in", list({email.strip(), normalized})) | Domain("email_normalized", "=", normalized),
            order="active desc, id",
            limit=1,
        )
        if user:
            return user.partner_id
        person = self.sudo().search([("partner_id.email_normalized", "=", normalized)], order="id", limit=1)
        return person.partner_id

    @api.model
    def _signup_request(self, values, client_address=None):
        """Handle one submission of the public signup form, with the same answer whether
        the address is known or not.

        A new address gets a profile, an account and the activation link; a known one gets
        an e-mail that says how to sign in (``mail_template_signup_known_address``); a
        filled honeypot field (a robot) gets nothing at all. The attempts are counted per
        client address and per e-mail address (``reserve.signup.attempt``).

        :param dict values: as for ``_signup_create``, plus ``honeypot``: the text of the
            field that people neither see nor hear
        :param str client_address: the IP address the form was sent from
        :return: {field name: message} for the values to correct, {"limit": message} when
            a limit is reached; empty when the submission was accepted
        """
        if values.get("honeypot"):
            _logger.info("Signup ignored: the hidden field was filled (from %s).", client_address)
            return {}
        email = email_normalize(values.get("email") or "")
        # Public signup: attempts are read and written with sudo; nobody else has access.
        Attempt = self.env["reserve.signup.attempt"].sudo()
        limit_message = Attempt._check_limits(client_address, email)
        if limit_message:
            return {"limit": limit_message}
        errors = self._signup_check_values(values)
        if errors:
            return errors
        Attempt._record(client_address, email)
        known_partner = self._signup_known_partner(values["email"])
        if known_partner:
            self._send_signup_known_email(known_partner, email)
            return {}
        try:
            self._signup_create(values)
        except UserError as error:
            if not isinstance(error.__cause__, SignupError):
                raise
            # The values were checked: the user could not be created because a request for
            # the same address went through at the same moment. That one answers the person.
            _logger.warning("Signup from %s: no account created (%s).", client_address, error.__cause__)
        return {}

    @api.model
    def _check_phone_value(self, phone):
        phone = (phone or "").strip()
        if not phone:
            return False
        digits = re.sub(r"\D", "", phone)
        if not PHONE_RE.match(phone) or not 6 <= len(digits) <= 15:
            return self.env._("Enter a phone number with its digits only, e.g. 06 12 34 56 78.")
        return False

    @api.model
    def _is_member_establishment(self, partner_id):
        if not partner_id:
            return False
        # The list of member establishments is public (it is shown on the signup form).
        partner = self.env["res.partner"].sudo().browse(partner_id).exists()
        return bool(partner) and partner.member_state == "member"

    @api.model
    def _signup_member_establishments(self):
        """The member establishments a lent employee may name as their employer."""
        # Names of member establishments are public information of the network.
        return (
            self.env["res.partner"]
            .sudo()
            .search(
                [("member_state", "=", "member"), ("is_company", "=", True)],
                order="name",
            )
        )

    @api.model
    def _signup_create(self, values):
        """Register a person from the public signup form.

        Creates the contact, the profile (draft, with the consent text and date) and a portal
        user, then e-mails the link with which the person sets their password; following that
        link confirms the e-mail address (see ``res.users.signup``).

        :param dict values: category, first_name, last_name, email, phone, commune_id,
            job_ids, employer_id, consent (bool), lang
        :return: the new reserve.person
        :raise UserError: when a value is missing or wrong, with every message
        """
        errors = self._signup_check_values(values)
        if errors:
            raise UserError("\n".join(errors.values()))
        # Callers other than the public form (_signup_request answers this case neutrally)
        # are told plainly.
        if self._signup_email_taken(values["email"]):
            raise UserError(
                self.env._(
                    "An account already exists with this e-mail address: sign in, "
                    "or use “Reset password” on the sign-in page if you forgot your password."
                )
            )
        # Public signup: every value was checked above, and the public user cannot create
        # contacts, profiles or users by itself.
        self = self.sudo()
        email = values["email"].strip()
        commune = self.env["reserve.commune"].browse(values["commune_id"])
        lang = values.get("lang") or self.env.lang
        if lang not in dict(self.env["res.lang"].get_installed()):
            lang = False
        # Nothing is left behind when the user cannot be created.
        with self.env.cr.savepoint():
            partner = self.env["res.partner"].create(
                {
                    "name": " ".join([values["first_name"].strip(), values["last_name"].strip()]),
                    "email": email,
                    "phone": (values.get("phone") or "").strip() or False,
                    "lang": lang,
                    "zip": (commune.postal_codes or "").split(" ")[0] or False,
                    "city": commune.name,
                    "country_id": self.env.ref("base.fr").id,
                }
            )
            person = self.with_context(mail_create_nosubscribe=True).create(
                {
                    "partner_id": partner.id,
                    "category": values["category"],
                    "employer_id": values.get("employer_id") if values["category"] == "lent_employee" else False,
                    "commune_id": commune.id,
                    "job_line_ids": [Command.create({"job_id": job_id}) for job_id in set(values["job_ids"])],
                    "consent_date": fields.Datetime.now(),
                    "consent_text": self.with_context(lang=lang or self.env.lang)._get_consent_text(),
                }
            )
            try:
                user_values = {"login": email, "partner_id": partner.id}
                if lang:
                    user_values["lang"] = lang
                user = self.env["res.users"].with_context(no_reset_password=True)._signup_create_user(user_values)
            except SignupError as error:
                raise UserError(
                    self.env._(
                        "An account already exists with this e-mail address: sign in, "
                        "or use “Reset password” on the sign-in page if you forgot your password."
                    )
                ) from error
            person.user_id = user
        person._send_signup_email()
        return person

    def _send_signup_email(self):
        """E-mail each person the link that activates their account and confirms the address."""
        template = self.env.ref("auth_signup.portal_set_password_email")
        for person in self.sudo():
            person.partner_id.signup_prepare(signup_type="signup")
            # Queued, not sent at once: a mail server that is down must not lose the signup.
            template.with_context(
                create_user=True,
                welcome_message=self.env._(
                    "Activating your account confirms your e-mail address; your profile then goes "
                    "to the coordinators of the reserve for validation."
                ),
            ).send_mail(
                person.user_id.id,
                force_send=False,
                email_values={
                    "email_to": person.user_id.email,
                    "email_cc": False,
                    "auto_delete": True,
                    "message_type": "user_notification",
                    "recipient_ids": [],
                    "partner_ids": [],
                    "scheduled_date": False,
                },
            )

    @api.model
    def _send_signup_known_email(self, partner, email):
        """E-mail an address that signed up again how to sign in, instead of a second account.

        :param partner: the contact that holds the address (see ``_signup_known_partner``)
        :param str email: the normalised address typed in the form
        """
        template = self.env.ref("reserve_medicosociale.mail_template_signup_known_address")
        # Public signup: the template renders the contact found with sudo. Queued like the
        # activation link, and to the address typed only, not to the contact's followers.
        template.sudo().send_mail(
            partner.id,
            force_send=False,
            email_values={
                "email_to": email,
                "email_cc": False,
                "auto_delete": True,
                "message_type": "user_notification",
                "recipient_ids": [],
                "partner_ids": [],
                "scheduled_date": False,
            },
        )

    def _portal_confirm_email(self):
        """The person followed the e-mailed link: the address is theirs.

        A complete draft profile that was never sent back goes to validation.
        """
        for person in self.filtered(lambda p: not p.email_confirmed_date):
            person.email_confirmed_date = fields.Datetime.now()
            if person.state == "draft" and not person.state_reason and person._is_complete():
                person.action_submit()

    def _is_complete(self):
        self.ensure_one()
        try:
            self._check_complete()
        except UserError:
            return False
        return True

    # ------------------------------------------------------------------ profile

    def _portal_preferences(self):
        """The values of PORTAL_PREFERENCE_FIELDS, by field name."""
        self.ensure_one()
        return {fname: self[fname] for fname in PORTAL_PREFERENCE_FIELDS}

    def _portal_check_owner(self):
        """Raise unless the current user is the person of every record of self."""
        self.check_access("write")
        if not self.env.su and any(person.user_id != self.env.user for person in self):
            raise AccessError(self.env._("You can only change your own profile."))

    def _portal_update_profile(self, values):
        """Write what the person changed on their profile from the portal.

        :param dict values: fields of PORTAL_PROFILE_FIELDS; ``jobs`` is a dict
            {job id: years of experience}
        :raise AccessError: on a field the person may not change
        :raise UserError: on a wrong value; nothing is written then
        """
        self.ensure_one()
        self._portal_check_owner()
        refused = set(values) - PORTAL_PROFILE_FIELDS
        if refused:
            raise AccessError(
                self.env._("These fields cannot be changed from the portal: %s", ", ".join(sorted(refused)))
            )
        values = self._portal_check_profile_values(dict(values))
        jobs = values.pop("jobs", None)
        if jobs is not None:
            values["job_line_ids"] = self._portal_job_commands(jobs)
        partner_values = {
            name: (values.pop(name) or "").strip() or False for name in PARTNER_PROFILE_FIELDS if name in values
        }
        employer_values = {
            fname: values.pop(fname) for fname in ("employer_id", "employer_agreement") if fname in values
        }
        # All or nothing: a wrong value must not leave half of the form saved.
        with self.env.cr.savepoint():
            if partner_values:
                # The person may change their own name and phone, checked above; portal users
                # have no write access on contacts.
                self.partner_id.sudo().write(partner_values)
            if values:
                self.write(values)
            if employer_values:
                # Not a field the person writes (it opens the profile to that employer's
                # managers): checked above as a member establishment, whose managers must
                # then agree anew.
                self.sudo().write(employer_values)
        return True

    def _portal_check_profile_values(self, values):
        """Check the values of the profile form; return them with what they imply."""
        if "name" in values and not (values["name"] or "").strip():
            raise UserError(self.env._("Enter your first and last name."))
        if "phone" in values and (error := self._check_phone_value(values["phone"])):
            raise UserError(error)
        category = values.get("category", self.category)
        employer_id = values.get("employer_id", self.employer_id.id)
        if category == "lent_employee":
            if not self._is_member_establishment(employer_id):
                raise UserError(self.env._("Choose the member establishment that employs you."))
            if employer_id != self.employer_id.id or self.category != "lent_employee":
                # A new employer has to agree again.
                values["employer_agreement"] = "pending"
        elif "employer_id" in values:
            values["employer_id"] = False
        if values.get("commune_id") and not self.env["reserve.commune"].browse(values["commune_id"]).exists():
            raise UserError(
                self.env._("Choose your commune: type its postal code or its name, then pick it in the list.")
            )
        if any((values.get(fname) or 0) < 0 for fname in ("radius_km", "min_notice_hours")):
            raise UserError(self.env._("Enter a positive number of kilometres or hours."))
        return values

    def _portal_job_commands(self, jobs):
        """The commands that make the job lines match {job id: years of experience}."""
        if not jobs:
            raise UserError(self.env._("Choose at least one job that you can do."))
        found = self.env["reserve.job"].browse(list(jobs)).exists().filtered("active")
        if len(found) != len(jobs):
            raise UserError(self.env._("One of the jobs you chose no longer exists: reload the page and choose again."))
        if any(years < 0 for years in jobs.values()):
            raise UserError(self.env._("Years of experience cannot be negative."))
        commands = []
        for line in self.job_line_ids:
            if line.job_id.id not in jobs:
                commands.append(Command.delete(line.id))
            elif line.years_experience != jobs[line.job_id.id]:
                commands.append(Command.update(line.id, {"years_experience": jobs[line.job_id.id]}))
        commands += [
            Command.create({"job_id": job_id, "years_experience": years})
            for job_id, years in jobs.items()
            if job_id not in self.job_line_ids.job_id.ids
        ]
        return commands

    def action_portal_submit(self):
        """The person sends their completed profile for validation."""
        self._portal_check_owner()
        return self.action_submit()

    # ------------------------------------------------------------------ documents

    @api.model
    def _check_document(self, filename, data):
        """Refuse a proof document that is empty, too big or of another type than PDF/JPEG/PNG.

        :return: the mimetype found in the content (the browser's is not trusted)
        """
        if not data:
            raise UserError(self.env._("The file “%(name)s” is empty: choose the file again.", name=filename or ""))
        if len(data) > DOCUMENT_MAX_SIZE:
            raise UserError(
                self.env._(
                    "The file “%(name)s” is too big (%(size).1f MB): send a file of %(max)s MB at most, "
                    "for instance a photo in a lower resolution.",
                    name=filename,
                    size=len(data) / 1024 / 1024,
                    max=DOCUMENT_MAX_SIZE // 1024 // 1024,
                )
            )
        mimetype = guess_mimetype(data, default="application/octet-stream")
        if mimetype not in DOCUMENT_MIMETYPES:
            raise UserError(
                self.env._(
                    "The file “%(name)s” is not a PDF, JPEG or PNG file: scan or photograph your document "
                    "and send it in one of these formats.",
                    name=filename,
                )
            )
        return mimetype

    def _portal_get_qualification_line(self, line_id):
        """The qualification line of this person with that id, or an empty recordset."""
        self.ensure_one()
        # Searched, not browsed: the record rules hide other people's lines.
        return self.env["reserve.person.qualification"].search([("id", "=", line_id), ("person_id", "=", self.id)])

    def _portal_add_qualification(self, qualification_id, date_obtained=False, documents=()):
        """Add a qualification to the profile, with its proof documents.

        :param documents: list of (filename, bytes)
        :return: the new reserve.person.qualification
        """
        self.ensure_one()
        self._portal_check_owner()
        qualification = self.env["reserve.qualification"].browse(qualification_id).exists()
        if not qualification or not qualification.active:
            raise UserError(self.env._("Choose the diploma or certificate in the list."))
        if date_obtained and date_obtained > fields.Date.context_today(self):
            raise UserError(self.env._("The date you obtained it cannot be in the future."))
        for filename, data in documents:
            self._check_document(filename, data)
        with self.env.cr.savepoint():
            line = self.env["reserve.person.qualification"].create(
                {
                    "person_id": self.id,
                    "qualification_id": qualification.id,
                    "date_obtained": date_obtained,
                }
            )
            for filename, data in documents:
                self._portal_attach_document(line, filename, data)
        return line

    def _portal_attach_document(self, line, filename, data):
        """Attach a proof document to one of the person's qualification lines."""
        self.ensure_one()
        self._portal_check_owner()
        line.check_access("write")
        if line.person_id != self:
            raise AccessError(self.env._("This qualification is not on your profile."))
        if line.state == "verified":
            raise UserError(
                self.env._(
                    "This qualification has been verified: its documents can no longer change. "
                    "Add it again if you have a new document."
                )
            )
        mimetype = self._check_document(filename, data)
        # Portal users have no access to attachments at all: the line was checked above
        # as theirs and writable, the file as a PDF/JPEG/PNG of a fair size.
        attachment = (
            self.env["ir.attachment"]
            .sudo()
            .create(
                {
                    "name": filename or self.env._("Document"),
                    "raw": data,
                    "mimetype": mimetype,
                    "res_model": line._name,
                    "res_id": line.id,
                }
            )
        )
        values = {"attachment_ids": [Command.link(attachment.id)]}
        if line.state == "refused":
            # A new proof sends a refused qualification back to the coordinators.
            values.update(state="to_verify", refuse_reason=False)
        # Linking an attachment needs read access on attachments, which portal users lack.
        line.sudo().write(values)
        return attachment

    def _portal_documents(self):
        """The proof documents of the person's qualification lines, {line: attachments}.

        The attachments are returned with sudo (portal users cannot read attachments):
        only after checking that the profile is the current user's.
        """
        self.ensure_one()
        self._portal_check_owner()
        return {line: line.sudo().attachment_ids for line in self.qualification_line_ids}

    def _portal_get_document(self, attachment_id):
        """The proof document of this person with that id (sudo), or an empty recordset."""
        self.ensure_one()
        for attachments in self._portal_documents().values():
            if attachment_id in attachments.ids:
                return attachments.browse(attachment_id)
        return self.env["ir.attachment"]

    def _portal_remove_document(self, attachment):
        self.ensure_one()
        self._portal_check_owner()
        lines = [line for line, attachments in self._portal_documents().items() if attachment in attachments]
        if len(lines) != 1 or len(attachment) != 1:
            raise AccessError(self.env._("This document is not on your profile."))
        if lines[0].state == "verified":
            raise UserError(self.env._("This qualification has been verified: its documents can no longer be removed."))
        # The document was found among the person's own, above.
        attachment.sudo().unlink()
        return True

    def _portal_remove_qualification(self, line):
        self.ensure_one()
        self._portal_check_owner()
        if line.person_id != self:
            raise AccessError(self.env._("This qualification is not on your profile."))
        if line.state == "verified":
            raise UserError(
                self.env._("This qualification has been verified: ask the coordinators if it should be removed.")
            )
        # The line was checked as the person's own, above.
        line.sudo().attachment_ids.unlink()
        line.unlink()
        return True

    # ------------------------------------------------------------------ pause / resume

    def action_portal_pause(self, reason=None):
        self._portal_check_owner()
        return self.action_pause(reason=reason)

    def action_portal_resume(self):
        self._portal_check_owner()
        return self.action_resume()

    # ------------------------------------------------------------------ availability

    def _portal_set_weekly_pattern(self, ranges, max_hours_week=None):
        """Replace the person's usual week by these ranges.

        :param ranges: iterable of (weekday 0-6, hour_from, hour_to), local time
        :param max_hours_week: the weekly cap (0: none), unchanged when None
        """
        self.ensure_one()
        self._portal_check_owner()
        lines = []
        for weekday, hour_from, hour_to in ranges:
            if not (0 <= int(weekday) <= 6 and 0 <= hour_from < hour_to <= 24):
                raise UserError(
                    self.env._(
                        "A range of hours ends after it starts, between 00:00 and 24:00. "
                        "For a night, tick “Night”: it runs until 07:00 the next morning."
                    )
                )
            lines.append(
                {"person_id": self.id, "weekday": str(int(weekday)), "hour_from": hour_from, "hour_to": hour_to}
            )
        if max_hours_week is not None and not 0 <= max_hours_week <= 168:
            raise UserError(self.env._("The maximum hours per week is between 0 (no limit) and 168."))
        current = {(p.weekday, p.hour_from, p.hour_to) for p in self.pattern_ids}
        wanted = {(line["weekday"], line["hour_from"], line["hour_to"]) for line in lines}
        with self.env.cr.savepoint():
            self.pattern_ids.filtered(lambda p: (p.weekday, p.hour_from, p.hour_to) not in wanted).unlink()
            self.env["reserve.availability.pattern"].create(
                [line for line in lines if (line["weekday"], line["hour_from"], line["hour_to"]) not in current]
            )
            if max_hours_week is not None and max_hours_week != self.max_hours_week:
                self.max_hours_week = max_hours_week
            # Saving the week, even unchanged, says that it is up to date.
            self.action_confirm_availability()
        return True

    def _portal_add_slot(self, kind, start, stop, note=False):
        """Add a dated period of availability or unavailability (naive UTC datetimes)."""
        self.ensure_one()
        self._portal_check_owner()
        if kind not in dict(self.env["reserve.availability.slot"]._fields["kind"]._description_selection(self.env)):
            raise UserError(self.env._("Say whether you are available or unavailable during this period."))
        if not (start and stop and stop > start):
            raise UserError(self.env._("The period ends after it starts: check its last day and its hours."))
        if stop < fields.Datetime.now():
            raise UserError(self.env._("This period is already over: choose dates to come."))
        return self.env["reserve.availability.slot"].create(
            {
                "person_id": self.id,
                "kind": kind,
                "start": start,
                "stop": stop,
                "note": (note or "").strip()[:200] or False,
            }
        )

    def _portal_get_slot(self, slot_id):
        """The dated period of this person with that id, or an empty recordset."""
        self.ensure_one()
        # Searched, not browsed: the record rules hide other people's periods.
        return self.env["reserve.availability.slot"].search([("id", "=", slot_id), ("person_id", "=", self.id)])

    def _portal_remove_slot(self, slot):
        self.ensure_one()
        self._portal_check_owner()
        if slot.person_id != self:
            raise AccessError(self.env._("This period is not on your profile."))
        slot.unlink()
        self._mark_availability_confirmed()
        return True

    # ------------------------------------------------------------------ export

    def _export_personal_data(self):
        """Everything the reserve holds on this person, as a JSON-ready dict.

        Other addons extend it (CVs, assignments) by adding keys.
        """
        self.ensure_one()
        self.check_access("read")
        # Access to the person was checked: read the linked records whatever their rules.
        person = self.sudo()
        selection = lambda fname, value: dict(  # noqa: E731
            person._fields[fname]._description_selection(self.env)
        ).get(value, value or None)
        date = lambda value: value and fields.Datetime.to_string(value) or None  # noqa: E731
        day = lambda value: value and fields.Date.to_string(value) or None  # noqa: E731
        data = {
            "exported_on": fields.Datetime.to_string(fields.Datetime.now()),
            "profile": {
                "name": person.name,
                "email": person.email or None,
                "phone": person.phone or None,
                "category": selection("category", person.category),
                "state": selection("state", person.state),
                "state_reason": person.state_reason or None,
                "commune": person.commune_id.display_name or None,
                **person._portal_preferences(),
                "preferred_sectors": person.preferred_sector_ids.mapped("display_name"),
                "preferred_establishment_categories": person.preferred_category_ids.mapped("display_name"),
                "contract_types": person.contract_type_ids.mapped("display_name"),
                "employer": person.employer_id.display_name or None,
                "employer_agreement": selection("employer_agreement", person.employer_agreement),
                "school": person.school_name or None,
                "study_year": person.study_year or None,
                "internship_constraints": person.internship_constraints or None,
                "administration": person.administration or None,
                "created_on": date(person.create_date),
                "email_confirmed_on": date(person.email_confirmed_date),
                "validated_on": date(person.validated_date),
                "erasure_requested_on": date(person.erasure_requested_date),
            },
            "consent": {
                "date": date(person.consent_date),
                "text": person.consent_text or None,
            },
            "account": {
                "login": person.user_id.login or None,
                "created_on": date(person.user_id.create_date),
                "last_login": date(person.user_id.login_date),
            },
            "jobs": [
                {
                    "job": line.job_id.name,
                    "rome_code": line.job_id.rome_code or None,
                    "years_experience": line.years_experience,
                }
                for line in person.job_line_ids
            ],
            "qualifications": [
                {
                    "qualification": line.qualification_id.display_name,
                    "date_obtained": day(line.date_obtained),
                    "valid_until": day(line.date_end),
                    "state": dict(line._fields["state"]._description_selection(self.env)).get(line.state),
                    "refuse_reason": line.refuse_reason or None,
                    "documents": [
                        {
                            "name": att.name,
                            "mimetype": att.mimetype,
                            "size": att.file_size,
                            "file": self._export_document_path(att),
                        }
                        for att in line.attachment_ids
                    ],
                }
                for line in person.qualification_line_ids
            ],
            "eligibility_checks": [
                {
                    "check": line.check_type_id.display_name,
                    "number": line.number or None,
                    "date": day(line.date_done),
                    "valid_until": day(line.date_end),
                    "state": dict(line._fields["state"]._description_selection(self.env)).get(line.state),
                }
                for line in person.check_line_ids
            ],
            "messages": [
                {
                    "date": date(message.date),
                    "author": message.author_id.display_name or None,
                    "subject": message.subject or None,
                    "body": html2plaintext(message.body or "") or None,
                }
                for message in person._export_messages()
            ],
        }
        data["weekly_availability"] = [
            {
                "weekday": pattern.weekday,
                "hour_from": pattern.hour_from,
                "hour_to": pattern.hour_to,
            }
            for pattern in person.pattern_ids
        ]
        data["dated_availability"] = [
            {
                "start": date(slot.start),
                "stop": date(slot.stop),
                "kind": slot.kind,
            }
            for slot in person.slot_ids
        ]
        return data

    def _export_messages(self):
        """The messages on the profile the person can see (not internal notes), and theirs."""
        self.ensure_one()
        Message = self.env["mail.message"].sudo()
        return Message.search(
            [
                ("model", "=", self._name),
                ("res_id", "=", self.id),
                ("message_type", "in", ("comment", "email", "email_outgoing")),
                # What the portal shows of a chatter: no internal note of the coordinators.
                ("is_internal", "=", False),
                ("subtype_id", "!=", False),
                ("subtype_id.internal", "=", False),
            ],
            order="date, id",
        ) | Message.search(
            [
                ("author_id", "=", self.partner_id.id),
                ("message_type", "=", "comment"),
            ],
            order="date, id",
        )

    def _export_document_path(self, attachment):
        name = re.sub(r"[^\w.\-]+", "_", attachment.name or "document")
        return f"documents/{attachment.id}_{name}"

    def _export_documents(self):
        """The files of the person for the ZIP export: (path in the archive, attachment)."""
        self.ensure_one()
        self.check_access("read")
        return [(self._export_document_path(att), att) for att in self.sudo().qualification_line_ids.attachment_ids]

    def _export_personal_zip(self):
        """A ZIP archive of data.json and the person's documents, as bytes."""
        self.ensure_one()
        data = self._export_personal_data()
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("data.json", json.dumps(data, indent=2, ensure_ascii=False))
            for path, attachment in self._export_documents():
                archive.writestr(path, attachment.raw or b"")
        return buffer.getvalue()

    # ------------------------------------------------------------------ erasure

    def action_request_erasure(self):
        """The person asks for their personal data to be erased; a coordinator confirms."""
        self._portal_check_owner()
        for person in self.filtered(lambda p: not p.erasure_requested_date and not p.erased_date):
            # An audit date: written here only, for the person checked above.
            person.sudo().erasure_requested_date = fields.Datetime.now()
            if person.state == "active":
                # No more proposals while the request waits for a coordinator.
                person.action_pause(reason=self.env._("Erasure of personal data requested"))
            # Portal users cannot schedule activities; the request is theirs, checked above.
            person.sudo().activity_schedule(
                "reserve_medicosociale.mail_activity_type_erasure",
                user_id=person._erasure_coordinator().id,
                note=self.env._(
                    "The person asked for their personal data to be erased. Check that no "
                    "assignment in progress needs them, then use “Erase personal data”."
                ),
            )
            person.sudo().message_post(body=self.env._("The person asked for their personal data to be erased."))
        return True

    def action_cancel_erasure_request(self):
        self._portal_check_owner()
        for person in self.filtered(lambda p: p.erasure_requested_date and not p.erased_date):
            person.sudo().erasure_requested_date = False
            # The activity was scheduled with sudo, it goes the same way.
            person.sudo().activity_unlink(["reserve_medicosociale.mail_activity_type_erasure"])
            person.sudo().message_post(body=self.env._("The person withdrew their request for erasure."))
        return True

    def _erasure_coordinator(self):
        self.ensure_one()
        coordinators = (
            self.env.ref(COORDINATOR_GROUP)
            .sudo()
            .all_user_ids.filtered(lambda user: user.active and user._is_internal() and user.id != SUPERUSER_ID)
            .sorted("id")
        )
        for user in (self.coordinator_id, self.validated_by_id):
            if user and user in coordinators:
                return user
        return coordinators[:1] or self.env.ref("base.user_admin")

    def action_erase(self):
        """Coordinator: anonymise the person; the profile and its history stay, without identity."""
        if not self.env.su and not self.env.user.has_group(COORDINATOR_GROUP):
            raise AccessError(self.env._("Only the association's coordinators can erase a person's data."))
        for person in self.sudo():
            if not person.erased_date:
                person._erase_personal_data()
        return True

    def _erase_personal_data(self):
        """Blank every personal field of the person, their contact and their user.

        Extended by the addons that keep more personal data (CVs).
        """
        self.ensure_one()
        person = self.sudo()
        partner = person.partner_id
        user = person.user_id
        anonymous_name = self.env._("Erased reservist %(ref)s", ref=person.id)
        # Documents and availability go; the qualification and check lines hold numbers
        # and dates that can identify.
        attachments = person.qualification_line_ids.attachment_ids | person.check_line_ids.attachment_ids
        attachments |= self.env["ir.attachment"].search(
            [
                "|",
                "&",
                ("res_model", "=", person._name),
                ("res_id", "=", person.id),
                "&",
                ("res_model", "=", "res.partner"),
                ("res_id", "=", partner.id),
            ]
        )
        messages = self.env["mail.message"].search([("model", "=", person._name), ("res_id", "=", person.id)])
        attachments |= messages.attachment_ids
        person.pattern_ids.unlink()
        person.slot_ids.unlink()
        attachments.unlink()
        person.qualification_line_ids.unlink()
        person.check_line_ids.unlink()
        # Chatter: the old values of the name and of free texts, and what the person wrote.
        tracked = self.env["ir.model.fields"]._get_ids(person._name)
        self.env["mail.tracking.value"].search(
            [
                ("mail_message_id", "in", messages.ids),
                ("field_id", "in", [tracked[f] for f in PERSON_TRACKED_PERSONAL_FIELDS if f in tracked]),
            ]
        ).unlink()
        messages.filtered(lambda m: m.author_id == partner).write({"body": ""})
        messages.write({"email_from": False, "reply_to": False, "record_name": anonymous_name})
        self.env["mail.message"].search([("model", "=", "res.partner"), ("res_id", "=", partner.id)]).unlink()
        self.env["mail.mail"].search([("recipient_ids", "in", partner.ids)]).unlink()
        if partner.email:
            self.env["mail.mail"].search([("email_to", "ilike", partner.email)]).unlink()
        # Nothing is left to do on a person who is no longer there.
        person.activity_ids.unlink()
        # The user cannot sign in any more; its login names nobody.
        if user:
            user.with_context(active_test=False).write(
                {
                    "active": False,
                    "login": f"erased-{person.id}-{uuid.uuid4().hex[:8]}",
                    "password": uuid.uuid4().hex,
                    "signature": False,
                }
            )
        partner_values = {fname: False for fname in PARTNER_ERASED_FIELDS if fname in partner._fields}
        partner_values.update(name=anonymous_name, active=False, partner_latitude=0.0, partner_longitude=0.0)
        partner.write(partner_values)
        person_values = {fname: False for fname in PERSON_ERASED_FIELDS if fname in person._fields}
        person_values.update(erased_date=fields.Datetime.now())
        if person.state != "archived":
            person_values.update(state="archived")
        person.with_context(tracking_disable=True).write(person_values)
        person.write({"state_reason": self.env._("Personal data erased")})
        person.message_post(body=self.env._("The personal data of this person were erased at their request."))
        return True
