import datetime

from odoo import fields
from odoo.tests import new_test_user

from odoo.addons.reserve_medicosociale.tests.common import GROUP_PREFIX, ReservePersonCommon
from odoo.addons.reserve_medicosociale.tools.local_time import local_to_naive_utc

MODERATOR_GROUP = "reserve_mission.reserve_mission_group_moderator"


def local(day, hour, minute=0):
    """Naive UTC of a local (Europe/Paris) day and hour."""
    return local_to_naive_utc(day, datetime.time(hour, minute))


class MissionCommon(ReservePersonCommon):
    """The small world of the reserve, plus: a referent moderating the Nord-Cotentin
    territory (Cherbourg), a moderator delegated by a partner structure (a civil-protection
    association in Saint-Lô), volunteers with their portal users."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        ref = cls.env.ref
        cls.commune_saint_lo = ref("reserve_medicosociale.commune_50502")
        cls.commune_nantes = ref("reserve_medicosociale.commune_44109")
        cls.referent = new_test_user(cls.env, "t_referent", groups=MODERATOR_GROUP)
        cls.other_referent = new_test_user(cls.env, "t_referent_other", groups=MODERATOR_GROUP)
        cls.delegate = new_test_user(cls.env, "t_delegate", groups=MODERATOR_GROUP)
        cls.partner_manager = new_test_user(cls.env, "t_partner_manager", groups=GROUP_PREFIX + "member_manager")
        # Territories of their own (the demo's would cover the same communes).
        cls.env["reserve.territory"].search([]).write({"active": False})
        cls.territory = cls.env["reserve.territory"].create(
            {
                "name": "Territoire Test Cotentin",
                "commune_ids": [(4, cls.commune_cherbourg.id)],
                "mission_moderator_ids": [(4, cls.referent.id)],
            }
        )
        cls.other_territory = cls.env["reserve.territory"].create(
            {
                "name": "Territoire Test Atlantique",
                "commune_ids": [(4, cls.commune_nantes.id)],
                "mission_moderator_ids": [(4, cls.other_referent.id)],
            }
        )
        cls.member.commune_id = cls.commune_cherbourg
        cls.other_member.commune_id = cls.commune_nantes
        # A partner structure, not a member, that delegated the moderation of its missions.
        cls.civil_protection = cls.env["res.partner"].create(
            {
                "name": "Protection civile Test de la Manche",
                "is_company": True,
                "is_mission_partner": True,
                "commune_id": cls.commune_saint_lo.id,
                "member_manager_ids": [(4, cls.partner_manager.id)],
                "mission_moderator_ids": [(4, cls.delegate.id)],
            }
        )
        cls.activity_visits = ref("reserve_mission.activity_family_visits")
        cls.activity_reading = ref("reserve_mission.activity_reading")
        cls.volunteering = ref("reserve_medicosociale.contract_type_volunteering")
        cls.volunteer_user = new_test_user(cls.env, "t_volunteer", groups="base.group_portal")
        cls.volunteer = cls._create_person(
            "Bénévole Un", user=cls.volunteer_user, category="volunteer", state="active", radius_km=30
        )
        cls.other_volunteer_user = new_test_user(cls.env, "t_volunteer_other", groups="base.group_portal")
        cls.other_volunteer = cls._create_person(
            "Bénévole Deux",
            user=cls.other_volunteer_user,
            category="retiree",
            state="active",
            contract_type_ids=[(4, cls.volunteering.id)],
        )
        # Next week, a Wednesday afternoon.
        today = fields.Date.today()
        cls.day = today + datetime.timedelta(days=7 + (2 - today.weekday()) % 7)

    @classmethod
    def _mission_values(cls, **values):
        return {
            "name": "Accompagner les visites des familles",
            "description": "Accueillir les familles à l'entrée et les accompagner jusqu'au salon des visites.",
            "activity_id": cls.activity_visits.id,
            "structure_id": cls.member.id,
            "commune_id": cls.commune_cherbourg.id,
            "place": "Accueil, 2 rue des Pins",
            "tutor_name": "Mme Durand, animatrice",
            "tutor_phone": "02 33 00 00 01",
            "seats": 2,
            "date_mode": "single",
            "date_ids": [(0, 0, {"start": local(cls.day, 14), "stop": local(cls.day, 17)})],
            **values,
        }

    @classmethod
    def _create_mission(cls, user=None, **values):
        Mission = cls.env["reserve.mission"]
        if user:
            Mission = Mission.with_user(user)
        return Mission.create(cls._mission_values(**values))

    @classmethod
    def _published_mission(cls, **values):
        mission = cls._create_mission(**values)
        mission.action_submit()
        assert mission.state == "submitted", mission.moderation_codes
        mission.action_publish()
        return mission
