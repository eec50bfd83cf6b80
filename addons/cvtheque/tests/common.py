import base64

from odoo.addons.reserve_medicosociale.tests.common import ReservePersonCommon

from ..tools.demo_files import make_docx, make_pdf


class CvthequeCommon(ReservePersonCommon):
    """The reserve's small world plus CVs: one per visibility, and a job offer per member."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Cv = cls.env["cvtheque.cv"]
        cls.contract_fixed_term = cls.env.ref("reserve_medicosociale.contract_type_fixed_term")
        cls.contract_permanent = cls.env.ref("cvtheque.contract_type_permanent")
        cls.cv_portal = cls._create_cv(
            "Aide-soignante de nuit",
            partner=cls.portal_user.partner_id,
            user=cls.portal_user,
            person=cls.portal_person,
            visibility="all",
            summary="Huit ans en EHPAD, nuits et week-ends.",
        )
        cls.cv_selected = cls._create_cv(
            "Infirmier en soins généraux",
            visibility="selected",
            member_ids=[(6, 0, cls.member.ids)],
            summary="Infirmier diplômé d'État, soins palliatifs.",
        )
        cls.cv_association = cls._create_cv(
            "Éducateur spécialisé", visibility="association", summary="Dix ans en MECS et en IME."
        )

    @classmethod
    def _create_cv(cls, name, partner=None, user=None, person=None, files=(), **values):
        if partner is None:
            partner = cls.env["res.partner"].create({"name": f"Candidat {name}", "email": "candidat@example.com"})
        cv = cls.env["cvtheque.cv"].create(
            {
                "name": name,
                "partner_id": partner.id,
                "user_id": user.id if user else False,
                "person_id": person.id if person else False,
                "commune_id": cls.commune_cherbourg.id,
                **values,
            }
        )
        if files:
            cv._add_documents(files)
        return cv

    @staticmethod
    def pdf(*paragraphs):
        return make_pdf(list(paragraphs), title="CV")

    @staticmethod
    def docx(*paragraphs):
        return make_docx(list(paragraphs))

    @staticmethod
    def b64(data):
        return base64.b64encode(data)
