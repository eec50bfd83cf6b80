import base64
from datetime import timedelta

from odoo import fields
from odoo.tests import new_test_user

from odoo.addons.reserve_medicosociale.tests.common import ReservePersonCommon

# A 1x1 PNG: what the portal's signature pad sends, drawn or typed.
SIGNATURE = base64.b64encode(
    bytes.fromhex(
        "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
        "1f15c4890000000d49444154789c6360f8cfc0000003010100c9fe92ef0000000049454e44ae426082"
    )
)


class LoanCommon(ReservePersonCommon):
    """A lent employee of `member` (lender) with a portal account, `other_member` borrowing,
    and a third member that is party to nothing."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.lender = cls.member
        cls.borrower = cls.other_member
        cls.lender_manager = cls.manager
        cls.borrower_manager = cls.other_manager
        cls.third_manager = new_test_user(
            cls.env, "t_third_manager", groups="reserve_medicosociale.reserve_medicosociale_group_member_manager"
        )
        cls.third_member = cls.env["res.partner"].create(
            {
                "name": "SSIAD Test Tiers",
                "is_company": True,
                "member_state": "member",
                "member_manager_ids": [(4, cls.third_manager.id)],
            }
        )
        cls.employee_user = new_test_user(cls.env, "t_lent_employee", groups="base.group_portal")
        cls.lent = cls._create_person(
            "Camille Prêtée", user=cls.employee_user, category="lent_employee", employer_id=cls.lender.id
        )
        cls.lent.with_user(cls.lender_manager).action_employer_agree()

    @classmethod
    def _loan_values(cls, **values):
        return {
            "lender_id": cls.lender.id,
            "borrower_id": cls.borrower.id,
            "employee_id": cls.lent.id,
            "date_start": fields.Date.today() + timedelta(days=7),
            "date_end": fields.Date.today() + timedelta(days=37),
            "job_id": cls.job_care_assistant.id,
            "place": "EHPAD Test Les Chênes, 1 rue des Chênes, Nantes",
            "work_description": "Soins d'hygiène et de confort des résidents.",
            "working_hours": "7:00-14:30 du lundi au vendredi",
            "weekly_hours": 35,
            "planned_hours": 150,
            "hourly_cost": 14.50,
            "charges_rate": 42.0,
            **values,
        }

    @classmethod
    def _create_loan(cls, **values):
        return cls.env["reserve.loan.contract"].create(cls._loan_values(**values))

    def _sign_all(self, loan):
        """The employee, then both employers sign (those the framework does not dispense)."""
        loan.action_send_for_consent()
        loan.with_user(self.employee_user)._sign_as_employee("Camille Prêtée", SIGNATURE, "127.0.0.1")
        if loan.state == "employee_signed":
            loan.with_user(self.lender_manager)._sign_as_employer("lender", "Directrice Prêteuse", SIGNATURE)
            loan.with_user(self.borrower_manager)._sign_as_employer("borrower", "Directeur Emprunteur", SIGNATURE)
        return loan
