import datetime

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.fields import Domain
from odoo.tools import html_escape

from odoo.addons.reserve_medicosociale.models.reserve_write_guard import COORDINATOR_GROUP, MEMBER_MANAGER_GROUP

from ..tools.hours import format_hours

OFFER_STATES = [("draft", "Draft"), ("open", "Published"), ("filled", "Filled"), ("closed", "Closed")]
# What a member manager gives on an offer of their establishment.
OFFER_FIELDS = frozenset(
    {
        "name",
        "establishment_id",
        "offer_job_id",
        "offer_contract_type_id",
        "weekly_hours",
        "commune_id",
        "salary_min",
        "salary_max",
        "start_date",
        "description",
        "no_of_recruitment",
        "interviewer_ids",
        "user_id",
        "sequence",
    }
)


class HrJob(models.Model):
    """A job offer of a member establishment, on Odoo's job position.

    Recruitment assumes one company recruiting for itself; here each member establishment
    posts its own offers: the offer carries its establishment, record rules give its
    managers its offers and their applications, and a job title is unique per establishment
    (two EHPAD may both post "Aide-soignant(e)").
    """

    _inherit = "hr.job"

    establishment_id = fields.Many2one(
        "res.partner",
        index="btree_not_null",
        tracking=True,
        domain=[("member_state", "=", "member")],
        help="The member establishment that posts this offer.",
    )
    offer_job_id = fields.Many2one("reserve.job", string="Job (ROME)", index="btree_not_null")
    offer_contract_type_id = fields.Many2one("reserve.contract.type", string="Contract type")
    weekly_hours = fields.Float(string="Hours per week")
    commune_id = fields.Many2one("reserve.commune", string="Place", index="btree_not_null")
    salary_min = fields.Monetary(string="Salary from", currency_field="offer_currency_id")
    salary_max = fields.Monetary(string="Salary up to", currency_field="offer_currency_id")
    offer_currency_id = fields.Many2one("res.currency", default=lambda self: self.env.ref("base.EUR"))
    start_date = fields.Date(string="Start date")
    offer_state = fields.Selection(
        OFFER_STATES,
        string="Offer",
        default="draft",
        required=True,
        tracking=True,
        readonly=True,
        index=True,
        copy=False,
    )
    offer_published_date = fields.Datetime(string="Published on", readonly=True, copy=False)
    is_managed = fields.Boolean(
        compute="_compute_is_managed", help="The current user works this offer's applications (their establishment's)."
    )

    # Odoo's unique(name, company_id, department_id) would forbid two establishments of the
    # one company from posting the same title: the establishment is part of the key.
    _name_company_uniq = models.Constraint(
        "unique(name, company_id, department_id, establishment_id)",
        "This establishment already has a job position of this name in this department.",
    )
    _offer_open_unique = models.UniqueIndex(
        "(establishment_id, name) WHERE offer_state = 'open' AND establishment_id IS NOT NULL",
        "This establishment already has a published offer of this title: close it or change the title.",
    )
    _salary_range = models.Constraint(
        "CHECK(salary_max IS NULL OR salary_min IS NULL OR salary_max >= salary_min)",
        "The top of the salary range is below its bottom.",
    )

    @api.depends_context("uid")
    @api.depends("establishment_id")
    def _compute_is_managed(self):
        if self._offer_role() is None:
            self.is_managed = True
            return
        for job in self:
            job.is_managed = self.env.user in job.establishment_id.sudo().member_manager_ids

    # ------------------------------------------------------------------ who writes what

    def _offer_role(self):
        user = self.env.user
        if (
            self.env.su
            or user.has_group(COORDINATOR_GROUP)
            or user.has_group("hr_recruitment.group_hr_recruitment_user")
        ):
            return None
        if user.has_group(MEMBER_MANAGER_GROUP):
            return "manager"
        return "other"

    def _offer_check_fields(self, vals):
        role = self._offer_role()
        if role is None:
            return
        refused = set(vals) - OFFER_FIELDS
        if role == "other" or refused:
            raise AccessError(
                self.env._(
                    "You cannot set %(fields)s on a job offer: only the association's coordinators can.",
                    fields=", ".join(sorted(refused)) or self.env._("anything"),
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._offer_check_fields(vals)
            if vals.get("establishment_id") and not vals.get("commune_id"):
                vals["commune_id"] = self.env["res.partner"].sudo().browse(vals["establishment_id"]).commune_id.id
        return super().create(vals_list)

    def write(self, vals):
        self._offer_check_fields(vals)
        result = super().write(vals)
        if self._offer_role():
            # The rules were checked on the offers as they were: they must still hold.
            self.check_access("write")
        return result

    # ------------------------------------------------------------------ actions

    def _check_manages(self):
        if self._offer_role() is None:
            return
        self.check_access("write")

    def action_publish_offer(self):
        self._check_manages()
        for job in self:
            if not job.establishment_id:
                raise UserError(self.env._("Choose the establishment that posts the offer before publishing it."))
            if job.offer_state not in ("draft", "closed"):
                raise UserError(self.env._("Only a draft or closed offer can be published."))
            if self.sudo().search_count(
                [
                    ("id", "!=", job.id),
                    ("establishment_id", "=", job.establishment_id.id),
                    ("name", "=", job.name),
                    ("offer_state", "=", "open"),
                ]
            ):
                raise UserError(
                    self.env._(
                        "%(establishment)s already has a published offer “%(name)s”: close it or change the title.",
                        establishment=job.establishment_id.name,
                        name=job.name,
                    )
                )
        self.sudo().write({"offer_state": "open", "offer_published_date": fields.Datetime.now()})
        return True

    def action_close_offer(self):
        """Close the offer without a hire: the remaining candidates are told."""
        self._check_manages()
        self.sudo().write({"offer_state": "closed"})
        self._tell_remaining_candidates()
        return True

    def action_mark_filled(self):
        """The position is filled: the offer closes and the remaining candidates are told."""
        self._check_manages()
        self.sudo().write({"offer_state": "filled"})
        self._tell_remaining_candidates()
        return True

    def _tell_remaining_candidates(self):
        """Refuse the applications still open, with Odoo's refusal (reason and its e-mail)."""
        applicants = (
            self.env["hr.applicant"].sudo().search([("job_id", "in", self.ids), ("application_status", "=", "ongoing")])
        )
        if not applicants:
            return
        reason = self.env.ref("cvtheque.refuse_reason_offer_filled")
        wizard = (
            self.env["applicant.get.refuse.reason"]
            .sudo()
            .with_context(active_test=False)
            .create({"refuse_reason_id": reason.id, "applicant_ids": [(6, 0, applicants.ids)], "send_mail": True})
        )
        if not self.env.user.email:
            wizard = wizard.with_user(self.env.ref("base.user_root"))
        wizard.action_refuse_reason_apply()

    # ------------------------------------------------------------------ public page

    def _weekly_hours_label(self):
        """The weekly hours as the pages show them: "17 h 30"."""
        self.ensure_one()
        return format_hours(self.weekly_hours)

    @api.model
    def _public_offer_domain(self, offer_job_id=None, contract_type_id=None, commune_ids=None):
        domain = Domain("offer_state", "=", "open") & Domain("establishment_id", "!=", False)
        if offer_job_id:
            domain &= Domain("offer_job_id", "=", offer_job_id)
        if contract_type_id:
            domain &= Domain("offer_contract_type_id", "=", contract_type_id)
        if commune_ids is not None:
            domain &= Domain("commune_id", "in", commune_ids)
        return domain

    # ------------------------------------------------------------------ demo

    @api.model
    def _demo_populate_offers(self, members, cvs, rng, count=15):
        """Offers of the demo members, and applications of the demo CVs in several stages."""
        from ..tools.demo_data import TRADES  # noqa: PLC0415

        env = self.env
        stages = env["hr.recruitment.stage"].search([], order="sequence, id", limit=20)
        permanent = env.ref("cvtheque.contract_type_permanent")
        fixed_term = env.ref("reserve_medicosociale.contract_type_fixed_term")
        trades = list(TRADES)
        offers = self.browse()
        used = set()
        for index in range(count):
            establishment = members[index % len(members)]
            for shift in range(len(trades)):
                job_xmlid = trades[(index * 7 + shift) % len(trades)]
                job = env.ref(f"reserve_medicosociale.{job_xmlid}")
                name = job.name if index % 4 or "nuit" in job.name else f"{job.name} de nuit"
                if (establishment.id, name) not in used:
                    break
            used.add((establishment.id, name))
            titles, sentences, _experience, _qualifications = TRADES[job_xmlid]
            contract = permanent if index % 3 else fixed_term
            offer = self.create(
                {
                    "name": name,
                    "establishment_id": establishment.id,
                    # The establishment's manager recruits (the pipeline shows them, not the installer).
                    "user_id": establishment.member_manager_ids[:1].id or False,
                    "offer_job_id": job.id,
                    "offer_contract_type_id": contract.id,
                    "weekly_hours": rng.choice((35, 35, 28, 24, 17.5)),
                    "salary_min": rng.choice((1850, 1950, 2100, 2400)),
                    "start_date": fields.Date.today() + datetime.timedelta(days=rng.randint(7, 60)),
                    "description": "".join(
                        f"<p>{html_escape(paragraph)}</p>"
                        for paragraph in (
                            # French demo text: the contract types' French names are loaded
                            # after the demo, so the text names them itself.
                            f"{establishment.name} recrute un(e) {job.name.lower()} en "
                            f"{'CDI' if contract == permanent else 'CDD'}.",
                            " ".join(rng.sample(sentences, k=min(2, len(sentences)))),
                            "Poste à pourvoir rapidement ; tickets restaurant, reprise d'ancienneté "
                            "selon la convention.",
                        )
                    ),
                }
            )
            offer.salary_max = offer.salary_min + 300
            offer.action_publish_offer()
            offers |= offer
            candidates = cvs.filtered(lambda cv, job=job: job in cv.job_ids)[: rng.randint(1, 4)]
            for position, cv in enumerate(candidates):
                applicant = env["hr.applicant"]._cvtheque_apply(offer, cv)
                stage = stages[min(position + index % 3, len(stages) - 2)] if stages else False
                if stage:
                    applicant.stage_id = stage
        # One offer filled: its other candidates are told.
        filled = offers[:1]
        hired = env["hr.applicant"].search([("job_id", "in", filled.ids)], limit=1)
        if hired and stages:
            hired.write({"stage_id": stages[-1].id})
        filled.action_mark_filled()
        return offers
