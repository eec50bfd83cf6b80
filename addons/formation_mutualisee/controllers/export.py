import io

import xlsxwriter

from odoo import http
from odoo.http import request

from odoo.addons.reserve_medicosociale.tools.http_records import readable_or_404, xlsx_response

TRAINING_MANAGER_GROUP = "formation_mutualisee.formation_mutualisee_group_manager"


class FormationExport(http.Controller):
    """Spreadsheets of the shared trainings: a member's statement, the OPCO funding file."""

    @http.route("/formation/statement/<int:statement_id>/xlsx", type="http", auth="user", readonly=True)
    def statement_xlsx(self, statement_id):
        statement = readable_or_404("formation.cost.statement", statement_id)
        return xlsx_response(statement._build_xlsx(), statement._xlsx_file_name())

    @http.route("/formation/opco/export", type="http", auth="user", readonly=True)
    def opco_export(self, session_ids="", **kw):
        if not request.env.user.has_group(TRAINING_MANAGER_GROUP):
            raise request.not_found()
        try:
            ids = [int(value) for value in session_ids.split(",") if value]
        except ValueError:
            raise request.not_found() from None
        sessions = request.env["event.event"].browse(ids).exists().filtered("is_training")
        if not sessions:
            raise request.not_found()
        return xlsx_response(build_opco_xlsx(sessions), "dossier-opco-formations.xlsx")


def build_opco_xlsx(sessions):
    """The OPCO funding file: one line per attendee per session, with the hours planned and
    attended and the cost of the seat (the member's share divided by its seats)."""
    output = io.BytesIO()
    workbook = xlsxwriter.Workbook(output, {"in_memory": True})
    sheet = workbook.add_worksheet("Stagiaires")
    bold = workbook.add_format({"bold": True})
    money = workbook.add_format({"num_format": "#,##0.00 €"})
    date_format = workbook.add_format({"num_format": "dd/mm/yyyy"})
    funding_labels = dict(sessions.env["event.type"]._fields["funding"]._description_selection(sessions.env))
    headers = [
        "Formation",
        "Organisme",
        "N° de déclaration",
        "Financement",
        "Session",
        "Début",
        "Fin",
        "Stagiaire",
        "Établissement",
        "FINESS",
        "Heures prévues",
        "Heures suivies",
        "Attestation",
        "Coût",
    ]
    for col, header in enumerate(headers):
        sheet.write(0, col, header, bold)
    row = 1
    for session in sessions.sudo().sorted("date_begin"):
        training = session.event_type_id
        shares = {share.member_id: share for share in session.cost_share_ids}
        seat_counts = session._seats_taken_by_member()
        for registration in session.registration_ids.filtered(lambda r: r.state in ("open", "done")).sorted("name"):
            member = registration.establishment_id
            share = shares.get(member)
            seat_cost = share.amount / seat_counts[member] if share and seat_counts.get(member) else 0.0
            values = [
                training.name,
                training.organisation_name or "",
                training.declaration_number or "",
                funding_labels.get(training.funding, ""),
                session.name,
            ]
            for col, value in enumerate(values):
                sheet.write(row, col, value)
            sheet.write_datetime(row, 5, session.date_begin, date_format)
            sheet.write_datetime(row, 6, session.date_end, date_format)
            sheet.write(row, 7, registration.name or "")
            sheet.write(row, 8, member.name or registration.person_id.employer_id.name or "")
            sheet.write(row, 9, (member or registration.person_id.employer_id).finess_et or "")
            sheet.write_number(row, 10, session.duration_hours)
            sheet.write_number(row, 11, registration.attended_hours)
            sheet.write(row, 12, "oui" if registration.certificate_state == "issued" else "non")
            sheet.write_number(row, 13, round(seat_cost, 2), money)
            row += 1
    sheet.set_column(0, 0, 36)
    sheet.set_column(1, 9, 18)
    workbook.close()
    return output.getvalue()
