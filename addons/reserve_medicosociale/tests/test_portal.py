import base64
import io
import json
import os
import zipfile

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from .common import use_english_pages

GROUP_PREFIX = "reserve_medicosociale.reserve_medicosociale_group_"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)


class ReservePortalCommon(HttpCase):
    """Two reservists with a diploma, a document and a dated period each, and one user
    per back-office role."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        use_english_pages(cls.env)
        cls.coordinator = new_test_user(cls.env, "t_portal_coordinator", groups=GROUP_PREFIX + "coordinator")
        cls.manager = new_test_user(cls.env, "t_portal_manager", groups=GROUP_PREFIX + "member_manager")
        cls.authority = new_test_user(cls.env, "t_portal_authority", groups=GROUP_PREFIX + "authority")
        cls.trainer = new_test_user(cls.env, "t_portal_trainer", groups=GROUP_PREFIX + "trainer")
        cls.commune = cls.env.ref("reserve_medicosociale.commune_50129")
        cls.job = cls.env.ref("reserve_medicosociale.job_aide_soignant")
        cls.qualification = cls.env.ref("reserve_medicosociale.qualification_deas")
        cls.alice_user, cls.alice = cls._make_reservist(
            "t_alice", "Alice Portalova", "alice.portalova@example.com", "06 11 11 11 11"
        )
        cls.bob_user, cls.bob = cls._make_reservist(
            "t_bob", "Bob Secretov", "bob.secretov@example.com", "06 22 22 22 22"
        )
        cls.bob_line = cls.bob.qualification_line_ids
        cls.bob_document = cls.bob_line.attachment_ids
        cls.bob_slot = cls.bob.slot_ids

    @classmethod
    def _make_reservist(cls, login, name, email, phone):
        user = new_test_user(cls.env, login, groups="base.group_portal", name=name, email=email)
        user.partner_id.phone = phone
        person = cls.env["reserve.person"].create(
            {
                "partner_id": user.partner_id.id,
                "user_id": user.id,
                "category": "student",
                "school_name": f"École de {name}",
                "study_year": 2,
                "internship_constraints": f"Stage de {name} en mars",
                "commune_id": cls.commune.id,
                "job_line_ids": [fields.Command.create({"job_id": cls.job.id, "years_experience": 2})],
                "consent_date": fields.Datetime.now(),
                "consent_text": "I agree.",
            }
        )
        person.action_submit()
        person.with_user(cls.coordinator).action_validate()
        line = cls.env["reserve.person.qualification"].create(
            {
                "person_id": person.id,
                "qualification_id": cls.qualification.id,
            }
        )
        person.with_user(user)._portal_attach_document(line.with_user(user), f"diploma-{login}.pdf", PDF)
        cls.env["reserve.availability.slot"].create(
            {
                "person_id": person.id,
                "kind": "unavailable",
                "start": "2031-01-05 08:00:00",
                "stop": "2031-01-09 18:00:00",
                "note": f"Vacances {login}",
            }
        )
        return user, person


@tagged("post_install", "-at_install")
class TestPortal(ReservePortalCommon):
    # ------------------------------------------------------------------ access per role

    def test_reservist_reads_only_own_profile(self):
        Person = self.env["reserve.person"].with_user(self.alice_user)
        self.assertEqual(Person.search([]), self.alice)
        with self.assertRaises(AccessError):
            self.bob.with_user(self.alice_user).read(["name"])
        with self.assertRaises(AccessError):
            self.bob_line.with_user(self.alice_user).read(["state"])
        with self.assertRaises(AccessError):
            self.bob_slot.with_user(self.alice_user).read(["start"])
        with self.assertRaises(AccessError):
            self.bob_document.with_user(self.alice_user).read(["raw"])

    def test_reservist_cannot_write_another_profile(self):
        with self.assertRaises(AccessError):
            self.bob.with_user(self.alice_user)._portal_update_profile({"radius_km": 99})
        with self.assertRaises(AccessError):
            self.bob.with_user(self.alice_user).action_portal_pause()
        self.assertEqual(self.bob.state, "active")

    def test_reservist_cannot_change_protected_fields(self):
        with self.assertRaises(AccessError):
            self.alice.with_user(self.alice_user)._portal_update_profile({"state": "active", "radius_km": 5})
        with self.assertRaises(AccessError):
            self.alice.with_user(self.alice_user)._portal_update_profile({"consent_text": "Nothing"})

    def test_back_office_roles_on_profiles(self):
        self.assertEqual(self.alice.with_user(self.coordinator).read(["name"])[0]["name"], "Alice Portalova")
        for user in (self.manager, self.authority, self.trainer):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.alice.with_user(user).read(["name"])

    def test_only_coordinator_erases(self):
        for user in (self.alice_user, self.manager):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.alice.with_user(user).action_erase()
        self.assertFalse(self.alice.erased_date)

    # ------------------------------------------------------------------ pages and URLs

    def test_anonymous_is_sent_to_login(self):
        response = self.url_open("/my/reserve", allow_redirects=False)
        self.assertIn(response.status_code, (302, 303))
        self.assertIn("/web/login", response.headers["Location"])

    def test_own_profile_page(self):
        self.authenticate("t_alice", "t_alice")
        response = self.url_open("/my/reserve")
        self.assertEqual(response.status_code, 200)
        self.assertIn("Alice Portalova", response.text)
        self.assertNotIn("Bob Secretov", response.text)
        for url in ("/my/reserve/documents", "/my/reserve/availability", "/my/reserve/data", "/my/reserve/erase"):
            with self.subTest(url=url):
                response = self.url_open(url)
                self.assertEqual(response.status_code, 200)
                self.assertNotIn("Secretov", response.text)

    def test_home_counter(self):
        self.authenticate("t_alice", "t_alice")
        result = self.make_jsonrpc_request("/my/counters", {"counters": ["reserve_count"]})
        self.assertEqual(result["reserve_count"], 1)
        self.authenticate(self.manager.login, self.manager.login)
        result = self.make_jsonrpc_request("/my/counters", {"counters": ["reserve_count"]})
        self.assertEqual(result["reserve_count"], 0)

    @mute_logger("odoo.http")
    def test_other_document_by_url_is_refused(self):
        self.authenticate("t_alice", "t_alice")
        for url in (
            f"/my/reserve/document/{self.bob_document.id}",
            f"/web/content/{self.bob_document.id}",
            f"/web/content/ir.attachment/{self.bob_document.id}/datas",
        ):
            with self.subTest(url=url):
                response = self.url_open(url)
                self.assertIn(response.status_code, (403, 404))
                self.assertNotIn(PDF, response.content)

    @mute_logger("odoo.http")
    def test_other_records_by_id_are_refused(self):
        self.authenticate("t_alice", "t_alice")
        attempts = [
            (f"/my/reserve/qualification/{self.bob_line.id}/upload", {}, {"file": ("x.pdf", PDF, "application/pdf")}),
            (f"/my/reserve/qualification/{self.bob_line.id}/delete", {}, None),
            (f"/my/reserve/document/{self.bob_document.id}/delete", {}, None),
            (f"/my/reserve/availability/slot/{self.bob_slot.id}/delete", {}, None),
        ]
        for url, data, files in attempts:
            with self.subTest(url=url):
                response = self.url_open(url, data={**data, "csrf_token": self._csrf()}, files=files)
                self.assertEqual(response.status_code, 404)
        self.assertTrue(self.bob_line.exists())
        self.assertEqual(self.bob_line.attachment_ids, self.bob_document)
        self.assertTrue(self.bob_document.exists())
        self.assertTrue(self.bob_slot.exists())

    def test_own_document_download(self):
        self.authenticate("t_alice", "t_alice")
        document = self.alice.qualification_line_ids.attachment_ids
        response = self.url_open(f"/my/reserve/document/{document.id}")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.content, PDF)

    def _csrf(self):
        return self.url_open("/my/reserve").text.split('name="csrf_token" value="')[1].split('"')[0]

    # ------------------------------------------------------------------ forms

    def test_profile_update(self):
        self.authenticate("t_alice", "t_alice")
        other_job = self.env.ref("reserve_medicosociale.job_infirmier")
        response = self.url_open(
            "/my/reserve",
            data={
                "csrf_token": self._csrf(),
                "name": "Alice Portalova-Durand",
                "phone": "07 00 00 00 01",
                "category": "student",
                "commune_id": self.commune.id,
                "radius_km": "40",
                "min_notice_hours": "12",
                "job_ids": [self.job.id, other_job.id],
                f"years_{self.job.id}": "3",
                f"years_{other_job.id}": "1",
                "shift_night": "1",
                "school_name": "IFSI de Cherbourg",
            },
            allow_redirects=False,
        )
        self.assertEqual(response.status_code, 303, response.text[:500])
        self.assertEqual(self.alice.name, "Alice Portalova-Durand")
        self.assertEqual(self.alice.phone, "07 00 00 00 01")
        self.assertEqual(self.alice.radius_km, 40)
        self.assertEqual(self.alice.school_name, "IFSI de Cherbourg")
        self.assertTrue(self.alice.shift_night)
        self.assertFalse(self.alice.shift_day)
        self.assertEqual(
            {(line.job_id, line.years_experience) for line in self.alice.job_line_ids}, {(self.job, 3), (other_job, 1)}
        )

    def test_profile_bad_input_keeps_typed_values_and_saves_nothing(self):
        self.authenticate("t_alice", "t_alice")
        response = self.url_open(
            "/my/reserve",
            data={
                "csrf_token": self._csrf(),
                "name": "Alice Changed",
                "phone": "call me maybe",
                "category": "student",
                "commune_id": self.commune.id,
                "radius_km": "55",
                "job_ids": [self.job.id],
                "school_name": "Typed school",
            },
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("phone number", response.text)
        self.assertIn('value="Alice Changed"', response.text)
        self.assertIn('value="Typed school"', response.text)
        self.assertEqual(self.alice.name, "Alice Portalova")
        self.assertEqual(self.alice.radius_km, 20)

    def test_profile_not_a_number_is_refused_with_message(self):
        self.authenticate("t_alice", "t_alice")
        response = self.url_open(
            "/my/reserve",
            data={
                "csrf_token": self._csrf(),
                "name": "Alice Portalova",
                "category": "student",
                "commune_id": self.commune.id,
                "radius_km": "twenty",
                "job_ids": [self.job.id],
            },
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("is not a whole number", response.text)
        self.assertIn('value="twenty"', response.text)

    def test_upload_document(self):
        self.authenticate("t_alice", "t_alice")
        line = self.alice.qualification_line_ids
        response = self.url_open(
            f"/my/reserve/qualification/{line.id}/upload",
            data={"csrf_token": self._csrf()},
            files={"file": ("photo.png", PNG, "image/png")},
            allow_redirects=False,
        )
        self.assertEqual(response.status_code, 303)
        self.assertEqual(len(line.attachment_ids), 2)
        self.assertIn("image/png", line.attachment_ids.mapped("mimetype"))

    def test_upload_wrong_type_or_size_is_refused(self):
        self.authenticate("t_alice", "t_alice")
        line = self.alice.qualification_line_ids
        cases = [
            ("script.pdf", b"#!/bin/sh\necho not a pdf\n", "not a PDF, JPEG or PNG"),
            ("big.pdf", PDF + os.urandom(10 * 1024 * 1024), "too big"),
            ("empty.pdf", b"", "empty"),
        ]
        for filename, content, message in cases:
            with self.subTest(filename=filename):
                response = self.url_open(
                    f"/my/reserve/qualification/{line.id}/upload",
                    data={"csrf_token": self._csrf()},
                    files={"file": (filename, content, "application/pdf")},
                )
                self.assertIn(response.status_code, (400, 200))
                self.assertIn(message, response.text)
                self.assertEqual(len(line.attachment_ids), 1)

    def test_add_qualification_with_bad_file_keeps_nothing(self):
        self.authenticate("t_alice", "t_alice")
        other = self.env.ref("reserve_medicosociale.qualification_dei")
        response = self.url_open(
            "/my/reserve/qualification/add",
            data={
                "csrf_token": self._csrf(),
                "qualification_id": other.id,
                "date_obtained": "2020-06-30",
            },
            files={"file": ("notes.txt", b"plain text", "text/plain")},
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("not a PDF, JPEG or PNG", response.text)
        self.assertIn('value="2020-06-30"', response.text)
        self.assertEqual(self.alice.qualification_line_ids.qualification_id, self.qualification)

    def test_verified_document_cannot_be_removed(self):
        line = self.alice.qualification_line_ids
        line.with_user(self.coordinator).action_verify()
        with self.assertRaises(UserError):
            self.alice.with_user(self.alice_user)._portal_remove_document(
                line.attachment_ids.with_user(self.alice_user)
            )
        self.assertEqual(len(line.attachment_ids), 1)

    def test_pause_and_resume(self):
        self.authenticate("t_alice", "t_alice")
        self.url_open("/my/reserve/pause", data={"csrf_token": self._csrf(), "reason": "Examens"})
        self.assertEqual(self.alice.state, "paused")
        self.assertEqual(self.alice.state_reason, "Examens")
        self.url_open("/my/reserve/resume", data={"csrf_token": self._csrf()})
        self.assertEqual(self.alice.state, "active")

    def test_weekly_pattern_and_slots(self):
        self.authenticate("t_alice", "t_alice")
        response = self.url_open(
            "/my/reserve/availability",
            data={
                "csrf_token": self._csrf(),
                "blocks": ["0_morning", "6_night"],
                "custom_weekday": ["5", ""],
                "custom_from": ["9.0", ""],
                "custom_to": ["12.5", ""],
                "max_hours_week": "20",
            },
            allow_redirects=False,
        )
        self.assertEqual(response.status_code, 303, response.text[:500])
        self.assertEqual(
            sorted((p.weekday, p.hour_from, p.hour_to) for p in self.alice.pattern_ids),
            [("0", 0.0, 7.0), ("0", 7.0, 13.0), ("5", 9.0, 12.5), ("6", 21.0, 24.0)],
        )
        self.assertEqual(self.alice.max_hours_week, 20)
        page = self.url_open("/my/reserve/availability").text
        self.assertIn('id="block_6_night" value="6_night" checked', page)
        # A range that ends before it starts is refused; the week stays as it was.
        response = self.url_open(
            "/my/reserve/availability",
            data={
                "csrf_token": self._csrf(),
                "blocks": ["1_morning"],
                "custom_weekday": ["2"],
                "custom_from": ["14.0"],
                "custom_to": ["10.0"],
            },
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn('id="block_1_morning" value="1_morning" checked', response.text)
        self.assertEqual(len(self.alice.pattern_ids), 4)
        response = self.url_open(
            "/my/reserve/availability/slot/add",
            data={
                "csrf_token": self._csrf(),
                "kind": "unavailable",
                "start_date": "2031-07-01",
                "start_time": "08:00",
                "stop_date": "2031-07-15",
                "stop_time": "18:00",
                "note": "Congés",
            },
            allow_redirects=False,
        )
        self.assertEqual(response.status_code, 303)
        slot = self.alice.slot_ids.filtered(lambda s: s.note == "Congés")
        # 08:00 in Paris in summer is 06:00 UTC.
        self.assertEqual(fields.Datetime.to_string(slot.start), "2031-07-01 06:00:00")
        self.url_open(f"/my/reserve/availability/slot/{slot.id}/delete", data={"csrf_token": self._csrf()})
        self.assertFalse(slot.exists())

    # ------------------------------------------------------------------ export

    def test_export_json_contains_own_data_only(self):
        self.authenticate("t_alice", "t_alice")
        response = self.url_open("/my/reserve/export?format=json")
        self.assertEqual(response.status_code, 200)
        self.assertIn("attachment", response.headers["Content-Disposition"])
        data = json.loads(response.content)
        self.assertEqual(data["profile"]["email"], "alice.portalova@example.com")
        self.assertEqual(data["consent"]["text"], "I agree.")
        self.assertEqual(data["jobs"][0]["years_experience"], 2)
        self.assertEqual(len(data["qualifications"][0]["documents"]), 1)
        self.assertEqual(data["dated_availability"][0]["kind"], "unavailable")
        for secret in ("Secretov", "bob.secretov", "22 22 22", "t_bob"):
            self.assertNotIn(secret, response.text)

    def test_export_zip_has_data_and_documents(self):
        self.authenticate("t_alice", "t_alice")
        response = self.url_open("/my/reserve/export?format=zip")
        self.assertEqual(response.status_code, 200)
        archive = zipfile.ZipFile(io.BytesIO(response.content))
        names = archive.namelist()
        self.assertIn("data.json", names)
        documents = [name for name in names if name.startswith("documents/")]
        self.assertEqual(len(documents), 1)
        self.assertEqual(archive.read(documents[0]), PDF)
        data = json.loads(archive.read("data.json"))
        self.assertEqual(data["qualifications"][0]["documents"][0]["file"], documents[0])

    # ------------------------------------------------------------------ erasure

    def test_erasure_request_needs_confirmation(self):
        self.authenticate("t_alice", "t_alice")
        response = self.url_open("/my/reserve/erase", data={"csrf_token": self._csrf()})
        self.assertEqual(response.status_code, 400)
        self.assertFalse(self.alice.erasure_requested_date)

    def test_erasure_request_then_withdraw(self):
        self.authenticate("t_alice", "t_alice")
        self.url_open("/my/reserve/erase", data={"csrf_token": self._csrf(), "confirm": "1"})
        self.assertTrue(self.alice.erasure_requested_date)
        self.assertEqual(self.alice.state, "paused")
        erasure_type = self.env.ref("reserve_medicosociale.mail_activity_type_erasure")
        activity = self.alice.activity_ids.filtered(lambda a: a.activity_type_id == erasure_type)
        self.assertEqual(len(activity), 1)
        self.assertTrue(activity.user_id.has_group(GROUP_PREFIX + "coordinator"))
        self.url_open("/my/reserve/erase/cancel", data={"csrf_token": self._csrf()})
        self.assertFalse(self.alice.erasure_requested_date)
        self.assertFalse(self.alice.activity_ids.filtered(lambda a: a.activity_type_id == erasure_type))

    def test_erasure_leaves_no_personal_field(self):
        alice, user, partner = self.alice, self.alice_user, self.alice.partner_id
        alice.with_user(user)._portal_update_profile({"name": "Alice Renamed"})  # a tracked old name
        alice.with_user(user).action_request_erasure()
        documents = alice.qualification_line_ids.attachment_ids
        self.assertTrue(documents)
        alice.with_user(self.coordinator).action_erase()

        personal = ("Alice", "Portalova", "alice.portalova", "11 11 11", "École de", "Stage de", "t_alice")
        texts = []
        for record, names in (
            (
                partner,
                [
                    "name",
                    "display_name",
                    "email",
                    "phone",
                    "street",
                    "street2",
                    "zip",
                    "city",
                    "comment",
                    "function",
                    "website",
                    "ref",
                    "vat",
                ],
            ),
            (
                alice,
                [
                    "name",
                    "email",
                    "phone",
                    "school_name",
                    "internship_constraints",
                    "administration",
                    "consent_text",
                    "state_reason",
                ],
            ),
            (user.with_context(active_test=False), ["login", "name", "email"]),
        ):
            for name in names:
                texts.append(f"{record._name}.{name}={record[name] or ''}")
        messages = self.env["mail.message"].search([("model", "=", "reserve.person"), ("res_id", "=", alice.id)])
        texts += [str(message.body) + (message.email_from or "") + (message.record_name or "") for message in messages]
        trackings = self.env["mail.tracking.value"].search([("mail_message_id", "in", messages.ids)])
        texts += [f"{t.old_value_char} {t.new_value_char}" for t in trackings]
        for text in texts:
            for secret in personal:
                self.assertNotIn(secret, text)
        self.assertFalse(documents.exists())
        self.assertFalse(alice.qualification_line_ids or alice.slot_ids or alice.pattern_ids or alice.commune_id)
        self.assertFalse(user.active)
        self.assertFalse(partner.active)
        self.assertEqual(alice.state, "archived")
        self.assertTrue(alice.erased_date)
        # The history stays, without identity: the profile and its jobs are still there.
        self.assertTrue(alice.exists())
        self.assertEqual(alice.job_line_ids.job_id, self.job)
        # Bob is untouched.
        self.assertEqual(self.bob.name, "Bob Secretov")
        self.assertTrue(self.bob_document.exists())
