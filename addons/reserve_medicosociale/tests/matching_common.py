from datetime import datetime

from .common import ReserveCommon

# Tuesday 10 March 2026, 08:00–16:00 in Paris (UTC+1).
SHIFT_START = datetime(2026, 3, 10, 7, 0)
SHIFT_STOP = datetime(2026, 3, 10, 15, 0)
NOW = "2026-03-02 08:00:00"
TUESDAY = "1"


class MatchingCommon(ReserveCommon):
    """A need of ``cls.member`` and a maker of people who pass every hard filter of it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        ref = cls.env.ref
        cls.deas = ref("reserve_medicosociale.qualification_deas")
        cls.afgsu = ref("reserve_medicosociale.qualification_afgsu_2")
        cls.loan = ref("reserve_medicosociale.contract_type_loan")
        cls.fixed_term = ref("reserve_medicosociale.contract_type_fixed_term")
        cls.temp = ref("reserve_medicosociale.contract_type_temp")
        cls.commune_valognes = ref("reserve_medicosociale.commune_50615")
        cls.commune_hague = ref("reserve_medicosociale.commune_50041")
        cls.commune_saint_lo = ref("reserve_medicosociale.commune_50502")
        cls.job = cls.env["reserve.job"].create(
            {"name": "Aide-soignant matching", "is_care": True, "qualification_ids": [(6, 0, cls.deas.ids)]}
        )
        cls.need = cls.env["reserve.need"].create(
            {
                "establishment_id": cls.member.id,
                "job_id": cls.job.id,
                "contract_type_ids": [(6, 0, (cls.loan | cls.fixed_term).ids)],
                "qualification_ids": [(6, 0, cls.deas.ids)],
                "radius_km": 30,
                "shift_ids": [(0, 0, {"start": SHIFT_START, "stop": SHIFT_STOP})],
            }
        )

    @classmethod
    def _person(cls, name, commune=None, years=2, qualifications=None, contract_types=None, week=True, **values):
        """An active reservist who passes every hard filter of ``cls.need`` unless told otherwise."""
        partner = cls.env["res.partner"].create({"name": name, "email": f"{name.replace(' ', '.')}@example.com"})
        qualifications = cls.deas if qualifications is None else qualifications
        person = cls.env["reserve.person"].create(
            {
                "partner_id": partner.id,
                "category": "jobseeker",
                "state": "active",
                "commune_id": (commune or cls.commune_cherbourg).id,
                "radius_km": 30,
                "contract_type_ids": [(6, 0, (contract_types or cls.fixed_term).ids)],
                "job_line_ids": [(0, 0, {"job_id": cls.job.id, "years_experience": years})],
                "qualification_line_ids": [
                    (0, 0, {"qualification_id": q.id, "state": "verified", "date_obtained": "2020-06-01"})
                    for q in qualifications
                ],
                "availability_confirmed_date": NOW,
                **values,
            }
        )
        if week:
            cls.env["reserve.availability.pattern"].create(
                {"person_id": person.id, "weekday": TUESDAY, "hour_from": 7, "hour_to": 18}
            )
        return person
