import datetime
import re

from odoo import fields
from odoo.tests import new_test_user

from odoo.addons.reserve_medicosociale.tests.common import ReservePersonCommon, use_english_pages

PARCOURS_USER_GROUP = "parcours_emploi.group_parcours_user"
CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')
# A tiny PNG, as the portal's signature widget sends it (base64, without the data: prefix).
SIGNATURE_PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="


class ParcoursEventsCommon(ReservePersonCommon):
    """The reserve's small world with a pathway referent, and events of each kind in ten
    days hosted by the first member (and the other member for the job dating and the
    virtual day); a published offer of each member."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.referent = new_test_user(cls.env, "t_parcours_referent", groups=PARCOURS_USER_GROUP)
        cls.candidate_user = cls.portal_user
        cls.candidate = cls.portal_user.partner_id
        cls.other_candidate_user = cls.other_portal_user
        cls.other_candidate = cls.other_portal_user.partner_id
        cls.day = (fields.Datetime.now() + datetime.timedelta(days=10)).date()
        ref = cls.env.ref
        cls.cafe = cls._create_event("Café test", ref("parcours_emploi.event_type_cafe"), cls.member)
        cls.job_dating = cls._create_event(
            "Job dating test", ref("parcours_emploi.event_type_job_dating"), cls.member | cls.other_member
        )
        cls.immersion = cls._create_event(
            "Vis ma vie test", ref("parcours_emploi.event_type_immersion"), cls.member, seats_limited=True, seats_max=2
        )
        cls.virtual_day = cls._create_event(
            "Journée virtuelle test",
            ref("parcours_emploi.event_type_virtual_day"),
            cls.member | cls.other_member,
            event_url="https://visio.example.org/test",
        )
        cls.slots = cls.virtual_day.action_parcours_generate_slots()
        cls.offer = cls.env["hr.job"].create({"name": "Aide-soignant(e) test", "establishment_id": cls.member.id})
        cls.offer.action_publish_offer()
        cls.other_offer = cls.env["hr.job"].create(
            {"name": "Aide-soignant(e) test", "establishment_id": cls.other_member.id}
        )
        cls.other_offer.action_publish_offer()

    @classmethod
    def _create_event(cls, name, event_type, hosts, **values):
        # 8:00 to 12:00 UTC: 9:00 to 13:00 in Paris in winter, 10:00 to 14:00 in summer.
        start = datetime.datetime.combine(cls.day, datetime.time(7, 0))
        return cls.env["event.event"].create(
            {
                "name": name,
                "event_type_id": event_type.id,
                "date_begin": start,
                "date_end": start + datetime.timedelta(hours=6),
                "date_tz": "Europe/Paris",
                "parcours_host_ids": [(6, 0, hosts.ids)],
                "parcours_is_published": True,
                **values,
            }
        )

    def _slot(self, establishment, index=0):
        return self.slots.filtered(lambda s: s.establishment_id == establishment).sorted("start_datetime")[index]

    def _pathway(self, partner):
        return self.env["parcours.pathway"].sudo().search([("partner_id", "=", partner.id)], limit=1)

    def _step_codes(self, partner):
        return self._pathway(partner).step_ids.mapped("stage_code")

    def _agreement(self, user=None, send=True):
        """The agreement of ``user``'s immersion at the first member, prepared by the referent
        (and sent for signature unless ``send`` is false)."""
        registration = self.immersion.with_user(user or self.candidate_user).action_parcours_register()
        registration.with_user(self.referent).action_parcours_create_agreement()
        agreement = self.env["parcours.immersion.agreement"].search([("registration_id", "=", registration.id)])
        agreement.with_user(self.referent).write(
            {"tutor_name": "Nathalie Guérin", "tutor_function": "Aide-soignante", "objectives": "Découvrir le métier."}
        )
        if send:
            agreement.with_user(self.referent).action_send_for_signature()
        return agreement


class ParcoursPortalSession:
    """For the HttpCase tests of the portal pages: English pages, the candidates and managers
    with a known password, signed in and posting a form (with its CSRF token) as them."""

    def setUp(self):
        super().setUp()
        use_english_pages(self.env)
        for user in (self.candidate_user, self.other_candidate_user, self.manager, self.other_manager):
            user.write({"password": f"{user.login}_pw_1234", "lang": "en_US"})

    def _login(self, user):
        self.authenticate(user.login, f"{user.login}_pw_1234")

    def _post(self, url, **data):
        csrf = CSRF_RE.search(self.url_open("/my/account").text)[1]
        return self.url_open(url, data={"csrf_token": csrf, **data}, allow_redirects=False)
