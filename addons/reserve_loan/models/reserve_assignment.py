import datetime

from odoo import api, fields, models

from odoo.addons.reserve_medicosociale.tools.local_time import to_local


def _format_shift(shift):
    return f"{to_local(shift.start):%d/%m/%Y %H:%M}-{to_local(shift.stop):%H:%M}"


class ReserveAssignment(models.Model):
    """An assignment of a lent employee under a staff loan leads to a loan contract."""

    _inherit = "reserve.assignment"

    loan_contract_id = fields.Many2one(
        "reserve.loan.contract", string="Staff-loan contract", index=True, ondelete="set null", copy=False
    )
    loan_hours_ids = fields.One2many("reserve.loan.hours", "assignment_id", string="Hours on the loan")

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
        start = to_local(self.date_start).date()
        # A night shift ending at 7:00 belongs to the day it started.
        stop = to_local(self.date_stop - datetime.timedelta(seconds=1)).date()
        return start, max(start, stop)

    def _prepare_loan_contracts(self):
        """A draft loan per assignment of a lent employee, under the members' framework agreement if any."""
        Contract = self.env["reserve.loan.contract"].sudo()
        assignments = self.sudo().filtered(lambda a: not a.loan_contract_id and a._is_staff_loan())
        if not assignments:
            return
        # The signed agreements between the members concerned, in one query.
        frameworks = (
            self.env["reserve.loan.framework"]
            .sudo()
            .search(
                [
                    ("lender_id", "in", assignments.person_id.employer_id.ids),
                    ("borrower_id", "in", assignments.establishment_id.ids),
                    ("state", "=", "signed"),
                ]
            )
        )
        for assignment in assignments:
            person = assignment.person_id
            date_from, date_to = assignment._local_dates()
            framework = frameworks.filtered(
                lambda f, a=assignment, p=person, d=date_from, e=date_to: (
                    f.lender_id == p.employer_id and f.borrower_id == a.establishment_id and f._covers(d, e)
                )
            )[:1]
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
        to_create = []
        for assignment in self.sudo().filtered("loan_contract_id"):
            line = assignment.loan_hours_ids[:1]
            if assignment.state == "done" and assignment.hours_worked > 0:
                if assignment.loan_contract_id.state not in ("signed", "running", "ended"):
                    continue
                if line:
                    line.hours = assignment.hours_worked
                else:
                    to_create.append(
                        {
                            "hours": assignment.hours_worked,
                            "contract_id": assignment.loan_contract_id.id,
                            "assignment_id": assignment.id,
                            "date": assignment._local_dates()[0],
                        }
                    )
            elif line:
                line.unlink()
        Hours.create(to_create)
