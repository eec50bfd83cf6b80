from odoo import api, models
from odoo.exceptions import AccessError

from ..models.reserve_mission import COORDINATOR_GROUP


class ReportMissionAttestation(models.AbstractModel):
    """Rendering values of the volunteer attestation.

    Whoever may read the person (the volunteer themself, a coordinator) gets the whole
    attestation, with the missions and structures they could not read otherwise.
    """

    _name = "report.reserve_mission.report_mission_attestation"
    _description = "Volunteer attestation"

    @api.model
    def _get_report_values(self, docids, data=None):
        docs = self.env["reserve.person"].browse(docids)
        docs.check_access("read")
        # Only the volunteer themself and the coordinators: a structure reading a profile
        # through its missions does not print the person's whole volunteering record.
        if not (self.env.su or self.env.user.has_group(COORDINATOR_GROUP)) and any(
            person.user_id != self.env.user for person in docs
        ):
            raise AccessError(self.env._("Only the volunteer and the coordinators can print this attestation."))
        signatory = self.env["ir.config_parameter"].sudo().get_param("reserve_mission.attestation_signatory")
        return {
            "doc_ids": docs.ids,
            "doc_model": "reserve.person",
            "docs": docs.sudo(),
            "signatory": signatory,
            "data": data,
        }
