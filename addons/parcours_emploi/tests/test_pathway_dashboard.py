from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import ParcoursCommon


@tagged("post_install", "-at_install", "parcours_emploi")
class TestPathwayDashboard(ParcoursCommon):
    """The pathways' dashboard (parcours.pathway.report): pathways by public, step and
    outcome, hires, read by an authority, who reads no person."""

    def _by_public(self, user):
        groups = (
            self.env["parcours.pathway.report"]
            .with_user(user)
            ._read_group([("public", "in", ("rqth", "pupil"))], ["public", "stage_code"], ["__count", "hired:sum"])
        )
        return {(public, stage): (count, hired) for public, stage, count, hired in groups}

    def test_the_figures_count_each_pathway_once_by_public_and_step(self):
        before = self._by_public(self.authority)
        rqth = self._pathway(public="rqth")
        rqth._record_step("immersion")
        self._pathway(partner=self.other_person, public="pupil")
        archived = self._pathway(partner=self.env["res.partner"].create({"name": "Archivée Test"}), public="pupil")
        archived.active = False
        after = self._by_public(self.authority)
        delta = {key: (after[key][0] - before.get(key, (0, 0))[0]) for key in after}
        self.assertEqual(delta[("rqth", "immersion")], 1)
        self.assertEqual(delta[("pupil", "first_contact")], 1, "an archived pathway is not counted")
        self.assertEqual(sum(delta.values()), 2)

    def test_an_authority_reads_the_figures_never_the_people(self):
        self._pathway(public="rqth")
        rows = self.env["parcours.pathway.report"].with_user(self.authority).search_read([])
        self.assertTrue(rows)
        self.assertNotIn(self.person.name, str(rows))
        self.assertFalse({"partner_id", "referent_user_id", "adviser_partner_id"} & set(rows[0]))
        with self.assertRaises(AccessError):
            self.env["parcours.pathway"].with_user(self.authority).search_read([], ["partner_id"])
