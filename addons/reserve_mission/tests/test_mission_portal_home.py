from odoo.tests import HttpCase, tagged

from odoo.addons.reserve_medicosociale.tests.common import use_english_pages
from odoo.addons.reserve_medicosociale.tests.test_portal_home_phone import HOME_READY_JS, home_check_js

from .common import MissionCommon


@tagged("post_install", "-at_install")
class TestMissionPortalHomePhone(HttpCase, MissionCommon):
    """The volunteer-missions card of the /my home on a 375-px phone is one of the reserve's
    cards: an Odoo-sized pictogram, the whole title (in French, the longer), its counter on
    the right; shown once the person applied to a mission."""

    browser_size = "375x812"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("fr_FR")
        use_english_pages(cls.env)
        cls.volunteer_user.partner_id.lang = "fr_FR"
        cls._published_mission()._apply(cls.volunteer)

    def test_volunteer_sees_the_missions_card_whole(self):
        self.browser_js(
            "/my", home_check_js(["Mes missions de bénévolat"], subset=True), ready=HOME_READY_JS, login="t_volunteer"
        )
