import importlib.util
from pathlib import Path

from odoo.modules.module import get_module_path
from odoo.tests import TransactionCase, new_test_user


def run_migration(cr, module, version, script, installed_version):
    """Run one migration script of ``module`` as Odoo runs it on an update from the version
    before its own (odoo/modules/migration.py: ``migrate(cr, installed_version)``)."""
    path = Path(get_module_path(module)) / "migrations" / version / script
    spec = importlib.util.spec_from_file_location(f"{module}_migration_{version}", path)
    migration = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(migration)
    migration.migrate(cr, installed_version)


def use_english_pages(env):
    """Pages are checked against their English source texts whatever languages the database
    has loaded (`make test` loads French, the users' language): visitors and the users the
    test creates get English."""
    env["res.lang"]._activate_lang("en_US")
    env["ir.default"].set("res.partner", "lang", "en_US")


GROUP_PREFIX = "reserve_medicosociale.reserve_medicosociale_group_"


def create_managed_member(env, login, name, password=None):
    """A member establishment and its manager, a member manager user (password: ``login``
    unless given)."""
    manager = new_test_user(env, login, password=password or login, groups=GROUP_PREFIX + "member_manager")
    member = env["res.partner"].create(
        {"name": name, "is_company": True, "member_state": "member", "member_manager_ids": [(4, manager.id)]}
    )
    return manager, member


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


class ReservePersonCommon(ReserveCommon):
    """Reservists on top of the small world: the employees lent by each member, and two
    portal users with their own profile."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        ref = cls.env.ref
        cls.job_care_assistant = ref("reserve_medicosociale.job_aide_soignant")
        cls.job_nurse = ref("reserve_medicosociale.job_infirmier")
        cls.job_cleaner = ref("reserve_medicosociale.job_agent_entretien")
        cls.qualification_deas = ref("reserve_medicosociale.qualification_deas")
        cls.qualification_dei = ref("reserve_medicosociale.qualification_dei")
        cls.qualification_afgsu_2 = ref("reserve_medicosociale.qualification_afgsu_2")
        cls.check_rpps = ref("reserve_medicosociale.check_type_rpps")
        cls.check_honorabilite = ref("reserve_medicosociale.check_type_honorabilite")
        cls.category_mecs = ref("reserve_medicosociale.finess_category_177")
        cls.other_portal_user = new_test_user(cls.env, "t_portal_other", groups="base.group_portal")
        cls.employee = cls._create_person("Salariée Prêtée", category="lent_employee", employer_id=cls.member.id)
        cls.other_employee = cls._create_person(
            "Salarié Autre Membre", category="lent_employee", employer_id=cls.other_member.id
        )
        cls.portal_person = cls._create_person("Portail Un", user=cls.portal_user)
        cls.other_portal_person = cls._create_person("Portail Deux", user=cls.other_portal_user)

    @classmethod
    def _create_person(cls, name, user=None, jobs=None, **values):
        """A complete draft profile (consent, commune, job, e-mail), ready to be submitted."""
        if user:
            partner = user.partner_id
            partner.write({"name": name, "email": partner.email or f"{user.login}@example.com"})
        else:
            email = f"{name.lower().replace(' ', '.')}@example.com"
            partner = cls.env["res.partner"].create({"name": name, "email": email})
        values = {
            "partner_id": partner.id,
            "user_id": user.id if user else False,
            "category": "jobseeker",
            "commune_id": cls.commune_cherbourg.id,
            "consent_date": "2026-01-05 10:00:00",
            "consent_text": "I agree.",
            "job_line_ids": [(0, 0, {"job_id": job.id}) for job in (jobs or cls.job_care_assistant)],
            **values,
        }
        return cls.env["reserve.person"].create(values)
