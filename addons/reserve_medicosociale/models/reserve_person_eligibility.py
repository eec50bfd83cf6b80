from collections import defaultdict

from odoo import fields, models
from odoo.fields import Domain


def _valid_lines_domain(person_ids, type_field, type_ids, date):
    """Verified qualification or check lines of these people and types, still valid on ``date``."""
    return Domain(
        [
            ("person_id", "in", person_ids),
            (type_field, "in", type_ids),
            ("state", "=", "verified"),
        ]
    ) & (Domain("date_end", "=", False) | Domain("date_end", ">=", date))


class ReservePerson(models.Model):
    """Eligibility of people for a job in an establishment: the checks the job or the
    establishment's FINESS category requires, and a qualifying diploma when the job needs one.

    Every method works on a recordset of people with a fixed number of queries, whatever its
    size, so that matching can filter thousands of candidates at once.
    """

    _inherit = "reserve.person"

    def _get_required_check_types(self, job, establishment=None):
        """The check types the job or the establishment's FINESS category requires."""
        required = job.check_type_ids.filtered("active")
        category = establishment.finess_category_id if establishment else False
        if category:
            required |= self.env["reserve.check.type"].search([("finess_category_ids", "in", category.ids)])
        return required

    def _get_valid_check_type_ids(self, check_types, date):
        """{person id: set of check type ids} verified for each person and still valid on ``date``."""
        valid = defaultdict(set)
        if not self or not check_types:
            return valid
        # Eligibility is a rule of the reserve: whoever runs the matching gets the same
        # answer, even a member manager who may not read every person's checks.
        rows = (
            self.env["reserve.person.check"]
            .sudo()
            ._read_group(
                _valid_lines_domain(self.ids, "check_type_id", check_types.ids, date),
                groupby=["person_id", "check_type_id"],
            )
        )
        for person, check_type in rows:
            valid[person.id].add(check_type.id)
        return valid

    def _get_missing_checks_by_person(self, job, establishment=None, date=None):
        """{person id: reserve.check.type recordset} of the required checks each person lacks,
        or has unverified, refused or expired on ``date`` (today by default)."""
        date = date or fields.Date.context_today(self)
        required = self._get_required_check_types(job, establishment)
        valid = self._get_valid_check_type_ids(required, date)
        return {
            person.id: required.filtered(lambda check_type, ids=valid[person.id]: check_type.id not in ids)
            for person in self
        }

    def _get_missing_checks(self, job, establishment=None, date=None):
        """The check types required by ``job`` or by the FINESS category of ``establishment``
        that this person lacks, or has unverified, refused or expired on ``date``."""
        self.ensure_one()
        return self._get_missing_checks_by_person(job, establishment, date)[self.id]

    def _get_qualified_for(self, job, date=None):
        """The people of self who hold a verified qualification for ``job``, valid on ``date``;
        all of them when the job lists no qualifying diploma."""
        qualifications = job.qualification_ids
        if not qualifications:
            return self
        date = date or fields.Date.context_today(self)
        # Same rule for every caller, as above.
        rows = (
            self.env["reserve.person.qualification"]
            .sudo()
            ._read_group(
                _valid_lines_domain(self.ids, "qualification_id", qualifications.ids, date),
                groupby=["person_id"],
            )
        )
        qualified_ids = {person.id for (person,) in rows}
        return self.filtered(lambda person: person.id in qualified_ids)

    def _filter_eligible(self, job, establishment=None, date=None):
        """The people of self eligible for ``job`` in ``establishment`` on ``date``: no missing
        check, and a qualifying diploma when the job needs one."""
        date = date or fields.Date.context_today(self)
        missing = self._get_missing_checks_by_person(job, establishment, date)
        candidates = self.filtered(lambda person: not missing[person.id])
        return candidates._get_qualified_for(job, date)

    def _is_eligible(self, job, establishment=None, date=None):
        """Whether this person may work as ``job`` in ``establishment`` on ``date``."""
        self.ensure_one()
        return bool(self._filter_eligible(job, establishment, date))
