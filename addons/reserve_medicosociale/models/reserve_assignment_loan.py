from datetime import timedelta

import pytz

from odoo import api, fields, models

PARIS = pytz.timezone("Europe/Paris")


def _format_shift(shift):
    start = pytz.utc.localize(shift.start).astimezone(PARIS)
    stop = pytz.utc.localize(shift.stop).astimezone(PARIS)
    return f"{start:%d/%m/%Y %H:%M}-{stop:%H:%M}"


class ReserveAssignment(models.Model):
    """An assignment of a lent employee under a staff loan leads to a loan contract."""

    _inherit = "reserve.assignment"

    loan_contract_id = fields.Many2one(
        "reserve.loan.contract", string="Staff-loan contract", index=True, ondelete="set null", copy=False
    )

    @api.model_create_multi
    def create(self, vals_list):
        assignments = super().create(vals_list)
        assignments._prepare_loan_contracts()
        return assignments

    def write(self, vals):
        result = super().write(vals)
        if {"state", "hours_worked"} & set(vals):
            self._sync_loan_hours()
        return result

    def _is_staff_loan(self):
        self.ensure_one()
        person = self.sudo().person_id
        return (
            person.category == "lent_employee"
            and person.employer_id
            and person.employer_id != self.establishment_id
            and self.contract_type_id.code == "loan"
        )

    def _local_dates(self):
        self.ensure_one()
        start = pytz.utc.localize(self.date_start).astimezone(PARIS).date()
        # A night shift ending at 7:00 belongs to the day it started.
        stop = pytz.utc.localize(self.date_stop - timedelta(seconds=1)).astimezone(PARIS).date()
        return start, max(start, stop)

    def _prepare_loan_contracts(self):
        """A draft loan per assignment of a lent employee, under the members' framework agreement if any."""
        Contract = self.env["reserve.loan.contract"].sudo()
        Framework = self.env["reserve.loan.framework"].sudo()
        for assignment in self.sudo().filtered(lambda a: not a.loan_contract_id and a._is_staff_loan()):
            person = assignment.person_id
            date_from, date_to = assignment._local_dates()
            framework = Framework.search(
                [
                    ("lender_id", "=", person.employer_id.id),
                    ("borrower_id", "=", assignment.establishment_id.id),
                    ("state", "=", "signed"),
                ],
            ).filtered(lambda f, a=date_from, b=date_to: f.covers(a, b))[:1]
            shifts = assignment.need_id.shift_ids
            contract = Contract.create(
                {
                    "lender_id": person.employer_id.id,
                    "borrower_id": assignment.establishment_id.id,
                    "employee_id": person.id,
                    "framework_id": framework.id,
                    "date_start": date_from,
                    "date_end": date_to,
                    "job_id": assignment.job_id.id,
                    "place": assignment.establishment_id._display_address(without_company=True).replace("\n", ", ")
                    or assignment.establishment_id.name,
                    "working_hours": ", ".join(_format_shift(shift) for shift in shifts.sorted("start")),
                    "planned_hours": sum(shifts.mapped("duration_hours")),
                    "work_description": assignment.need_id.notes or False,
                }
            )
            assignment.loan_contract_id = contract
            managers = person.employer_id.member_manager_ids
            contract.activity_schedule(
                "mail.mail_activity_data_todo",
                user_id=(managers[:1] or assignment.need_id.create_uid).id,
                summary=self.env._("Prepare the staff loan of %(person)s", person=person.name),
                note=self.env._(
                    "Fill in the gross hourly salary and send the loan to %(person)s for consent.", person=person.name
                ),
            )

    def _sync_loan_hours(self):
        """Done assignments put their hours on the signed loan; anything else takes them off."""
        Hours = self.env["reserve.loan.hours"].sudo()
        for assignment in self.sudo().filtered("loan_contract_id"):
            line = Hours.search([("assignment_id", "=", assignment.id)], limit=1)
            if assignment.state == "done" and assignment.hours_worked > 0:
                if assignment.loan_contract_id.state not in ("signed", "running", "ended"):
                    continue
                values = {"hours": assignment.hours_worked}
                if line:
                    line.write(values)
                else:
                    Hours.create(
                        dict(
                            values,
                            contract_id=assignment.loan_contract_id.id,
                            assignment_id=assignment.id,
                            date=assignment._local_dates()[0],
                        )
                    )
            elif line:
                line.unlink()
