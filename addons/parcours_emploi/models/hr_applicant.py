from odoo import api, fields, models

USER_GROUP = "parcours_emploi.group_parcours_user"


class HrApplicant(models.Model):
    """An application on a CVthèque offer made on a person's pathway: applying records the
    "job offer" step, the hire closes the "hired" step and gives the pathway its outcome."""

    _inherit = "hr.applicant"

    pathway_id = fields.Many2one(
        "parcours.pathway",
        index="btree_not_null",
        ondelete="set null",
        groups=USER_GROUP,
        copy=False,
    )

    @api.model_create_multi
    def create(self, vals_list):
        applicants = super().create(vals_list)
        given = applicants.sudo().filtered("pathway_id")
        for applicant in given:
            applicant.pathway_id._record_step("job_offer", origin=applicant)
        given.filtered("date_closed")._parcours_record_hire()
        # An application of a person followed goes on their open pathway, wherever it is
        # made (the job offers page, a job dating, the back-office): superuser, the field is
        # the referents' and the application was just created by its author.
        others = applicants.sudo().filtered(lambda a: not a.pathway_id and a.partner_id)
        if others:
            open_pathways = (
                self.env["parcours.pathway"]
                .sudo()
                .search([("partner_id", "in", others.partner_id.ids), ("is_open", "=", True)])
            )
            by_partner = {pathway.partner_id: pathway for pathway in open_pathways}
            for applicant in others:
                if applicant.partner_id in by_partner:
                    applicant.pathway_id = by_partner[applicant.partner_id]
        return applicants

    def write(self, vals):
        watched = "stage_id" in vals or "date_closed" in vals or "pathway_id" in vals
        before = {a.id: (a.date_closed, a.pathway_id) for a in self.sudo()} if watched else {}
        result = super().write(vals)
        if watched:
            for applicant in self.sudo():
                was_closed, old_pathway = before[applicant.id]
                pathway = applicant.pathway_id
                if not pathway:
                    continue
                if pathway != old_pathway:
                    pathway._record_step("job_offer", origin=applicant)
                if applicant.date_closed and (not was_closed or pathway != old_pathway):
                    applicant._parcours_record_hire()
        return result

    def _parcours_origin_label(self):
        """How the application reads in a pathway's history: the offer and its establishment."""
        self.ensure_one()
        job = self.job_id
        if not job:
            return self.env._("Spontaneous application")
        if job.establishment_id:
            return self.env._(
                "Application: %(job)s – %(establishment)s", job=job.name, establishment=job.establishment_id.name
            )
        return self.env._("Application: %(job)s", job=job.name)

    def _parcours_record_hire(self):
        """The hire on the pathway: the "hired" step at the hire date and the outcome."""
        for applicant in self.sudo():
            pathway = applicant.pathway_id
            hire_date = fields.Date.to_date(applicant.date_closed) or fields.Date.context_today(applicant)
            pathway._record_step("hired", origin=applicant, date=hire_date)
            code = applicant.job_id.offer_contract_type_id.code
            outcome = "hired_cdi" if code == "permanent" else "hired_cdd"
            vals = {"outcome": outcome, "outcome_date": hire_date, "hired_date": hire_date}
            if applicant.job_id.establishment_id:
                vals["establishment_ids"] = [fields.Command.link(applicant.job_id.establishment_id.id)]
            pathway.write(vals)
