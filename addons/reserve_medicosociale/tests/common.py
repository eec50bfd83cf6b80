from odoo.tests import TransactionCase, new_test_user

GROUP_PREFIX = "reserve_medicosociale.reserve_medicosociale_group_"


class ReserveCommon(TransactionCase):
    """A small world: two member establishments under one legal entity, another member,
    and one user per role."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.coordinator = new_test_user(cls.env, "t_coordinator", groups=GROUP_PREFIX + "coordinator")
        cls.manager = new_test_user(cls.env, "t_manager", groups=GROUP_PREFIX + "member_manager")
        cls.other_manager = new_test_user(cls.env, "t_other_manager", groups=GROUP_PREFIX + "member_manager")
        cls.authority = new_test_user(cls.env, "t_authority", groups=GROUP_PREFIX + "authority")
        cls.trainer = new_test_user(cls.env, "t_trainer", groups=GROUP_PREFIX + "trainer")
        cls.portal_user = new_test_user(cls.env, "t_portal", groups="base.group_portal")
        Partner = cls.env["res.partner"]
        cls.category_ehpad = cls.env.ref("reserve_medicosociale.finess_category_500")
        cls.commune_cherbourg = cls.env.ref("reserve_medicosociale.commune_50129")
        cls.legal_entity = Partner.create(
            {
                "name": "Association Test du Cotentin",
                "is_company": True,
                "finess_ej": "500000013",
            }
        )
        cls.member = Partner.create(
            {
                "name": "EHPAD Test Les Pins",
                "is_company": True,
                "parent_id": cls.legal_entity.id,
                "finess_et": "500000021",
                "finess_category_id": cls.category_ehpad.id,
                "commune_id": cls.commune_cherbourg.id,
                "member_state": "member",
                "member_manager_ids": [(4, cls.manager.id)],
            }
        )
        cls.member_contact = Partner.create({"name": "Infirmière coordinatrice", "parent_id": cls.member.id})
        cls.other_member = Partner.create(
            {
                "name": "EHPAD Test Les Chênes",
                "is_company": True,
                "finess_et": "440000032",
                "finess_category_id": cls.category_ehpad.id,
                "member_state": "member",
                "member_manager_ids": [(4, cls.other_manager.id)],
            }
        )
