from odoo.tests import HttpCase, tagged

from odoo.addons.reserve_medicosociale.tests.common import use_english_pages

from .common import MissionCommon


@tagged("post_install", "-at_install")
class TestMissionTour(MissionCommon, HttpCase):
    """A volunteer finds a mission near them and applies, on a phone-sized window."""

    browser_size = "375x812"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        use_english_pages(cls.env)
        cls.volunteer_user.lang = "en_US"
        cls.env["reserve.availability.pattern"].create(
            {"person_id": cls.volunteer.id, "weekday": str(cls.day.weekday()), "hour_from": 9.0, "hour_to": 18.0}
        )
        cls.visits = cls._published_mission()
        cls.reading = cls._published_mission(
            name="Lire le journal aux résidents", activity_id=cls.activity_reading.id, seats=3
        )

    def test_volunteer_finds_a_mission_near_them_and_applies(self):
        self.start_tour("/reserve/missions", "reserve_mission_apply_tour", login="t_volunteer")
        participation = self.reading.participation_ids
        self.assertEqual((participation.person_id, participation.state), (self.volunteer, "pending"))
        self.assertFalse(self.visits.participation_ids)
