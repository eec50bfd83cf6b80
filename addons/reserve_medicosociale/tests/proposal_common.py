from datetime import timedelta

from odoo import fields

from .common import ReservePersonCommon


class ProposalCommon(ReservePersonCommon):
    """An open need of the member for two people, and active reservists to propose it to."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.loan = cls.env.ref("reserve_medicosociale.contract_type_loan")
        cls.job = cls.env["reserve.job"].create({"name": "Aide-soignant test", "rome_code": "J1501", "is_care": True})
        cls.need = cls._create_need(headcount=2)
        cls.reservists = cls.portal_person | cls.other_portal_person | cls.employee | cls.other_employee
        cls.reservists.sudo().write({"state": "active"})

    @classmethod
    def _create_need(cls, headcount=1, establishment=None):
        start = fields.Datetime.now().replace(microsecond=0, second=0) + timedelta(days=3)
        need = cls.env["reserve.need"].create(
            {
                "establishment_id": (establishment or cls.member).id,
                "job_id": cls.job.id,
                "headcount": headcount,
                "contract_type_ids": [(6, 0, cls.loan.ids)],
                "shift_ids": [(0, 0, {"start": start, "stop": start + timedelta(hours=8)})],
            }
        )
        need.action_open()
        return need
