from odoo.tests import new_test_user

from odoo.addons.reserve_medicosociale.tests.common import ReservePersonCommon

USER_GROUP = "parcours_emploi.group_parcours_user"
MANAGER_GROUP = "parcours_emploi.group_parcours_manager"
ADVISER_GROUP = "parcours_emploi.group_parcours_adviser"


class ParcoursCommon(ReservePersonCommon):
    """The reserve's small world plus: a referent, a pathway manager, a partner adviser of
    France Travail who is an Odoo user and another one who is a mere contact, a person
    followed, and a published offer of the member."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Pathway = cls.env["parcours.pathway"]
        cls.Stage = cls.env["parcours.pathway.stage"]
        cls.referent = new_test_user(cls.env, "t_parcours_referent", groups=USER_GROUP, email="referent@example.com")
        cls.pathway_manager = new_test_user(cls.env, "t_parcours_manager", groups=MANAGER_GROUP)
        cls.adviser_user = new_test_user(
            cls.env, "t_parcours_adviser", groups=ADVISER_GROUP, email="adviser@francetravail.example"
        )
        cls.adviser = cls.adviser_user.partner_id
        cls.other_adviser = cls.env["res.partner"].create(
            {"name": "Conseiller Test Mission locale", "email": "conseiller@missionlocale.example"}
        )
        cls.person = cls.env["res.partner"].create({"name": "Personne Test Suivie", "email": "suivie@example.com"})
        cls.other_person = cls.env["res.partner"].create({"name": "Autre Personne Test", "email": "autre@example.com"})
        cls.offer = (
            cls.env["hr.job"]
            .with_user(cls.manager)
            .create(
                {
                    "name": "Aide-soignant(e) Test Parcours",
                    "establishment_id": cls.member.id,
                    "offer_job_id": cls.job_care_assistant.id,
                    "offer_contract_type_id": cls.env.ref("cvtheque.contract_type_permanent").id,
                }
            )
        )
        cls.offer.with_user(cls.manager).action_publish_offer()
        cls.hired_stage = cls.env["hr.recruitment.stage"].search([("hired_stage", "=", True)], limit=1)

    @classmethod
    def _pathway(cls, partner=None, **values):
        return cls.Pathway.with_user(cls.referent).create(
            {"partner_id": (partner or cls.person).id, "referent_user_id": cls.referent.id, **values}
        )

    def _adviser_mails(self, pathway):
        steps = pathway.sudo().step_ids
        return (
            self.env["mail.mail"].sudo().search([("model", "=", "parcours.pathway.step"), ("res_id", "in", steps.ids)])
        )
