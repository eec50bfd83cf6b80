from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

USER_GROUP = "parcours_emploi.group_parcours_user"
REMINDER_ACTIVITY = "parcours_emploi.mail_activity_type_pathway_reminder"
FOLLOW_UP_ACTIVITY = "parcours_emploi.mail_activity_type_pathway_follow_up"

PUBLICS = [
    ("jobseeker", "Jobseeker"),
    ("youth", "Young person (mission locale)"),
    ("rqth", "Disabled worker (RQTH)"),
    ("rsa", "RSA recipient"),
    ("career_changer", "Career change"),
    ("pupil", "Pupil"),
]
OUTCOMES = [
    ("in_progress", "In progress"),
    ("hired_cdi", "Hired (permanent contract)"),
    ("hired_cdd", "Hired (fixed-term contract)"),
    ("training", "Entered a training"),
    ("abandoned", "Abandoned"),
    ("other", "Other"),
]
FOLLOW_UP_OUTCOMES = [
    ("in_job", "In a job"),
    ("in_training", "In training"),
    ("seeking", "Seeking a job"),
    ("unknown", "Unknown"),
]


class ParcoursPathway(models.Model):
    """A person's accompanied way to a job, from the first contact to the follow-up six
    months after the hire. The association's referent follows it; a partner adviser
    (France Travail, mission locale, Cap emploi) is told of each step only if the person
    consented to it."""

    _name = "parcours.pathway"
    _description = "Pathway to a job"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "stage_sequence, stage_date desc, id desc"

    def _default_referent_user_id(self):
        # env.user is the real user even under sudo(): workflow code run for an event
        # manager who is not a referent leaves the referent to be chosen.
        user = self.env.user
        return user if user.has_group(USER_GROUP) else False

    def _default_stage_id(self):
        return self.env["parcours.pathway.stage"]._get_by_code("first_contact")

    name = fields.Char(related="partner_id.name", store=True, string="Name")
    partner_id = fields.Many2one(
        "res.partner", string="Person", required=True, index=True, tracking=True, ondelete="restrict"
    )
    person_id = fields.Many2one(
        "reserve.person",
        string="Reservist profile",
        compute="_compute_person_id",
        store=True,
        readonly=False,
        index="btree_not_null",
        groups=USER_GROUP,
        help="The person's profile in the reserve, if they registered as a reservist.",
    )
    email = fields.Char(related="partner_id.email")
    phone = fields.Char(related="partner_id.phone")
    public = fields.Selection(
        PUBLICS,
        required=True,
        default="jobseeker",
        tracking=True,
    )
    france_travail_registered = fields.Boolean(string="Registered with France Travail", tracking=True)
    referent_user_id = fields.Many2one(
        "res.users",
        string="Referent",
        default=lambda self: self._default_referent_user_id(),
        index=True,
        tracking=True,
        domain=lambda self: [("all_group_ids", "in", self.env.ref(USER_GROUP).ids)],
    )
    adviser_partner_id = fields.Many2one(
        "res.partner",
        string="Partner adviser",
        index="btree_not_null",
        tracking=True,
        help="The person's adviser at France Travail, the mission locale or Cap emploi.",
    )
    adviser_organisation = fields.Selection(
        [
            ("france_travail", "France Travail"),
            ("mission_locale", "Mission locale"),
            ("cap_emploi", "Cap emploi"),
            ("other", "Other"),
        ],
        string="Adviser's organisation",
        tracking=True,
    )
    adviser_consent = fields.Boolean(
        string="Consents to inform the adviser",
        tracking=True,
        help="The person agreed that their adviser receives a short e-mail at each step. "
        "Without it, the adviser is told nothing.",
    )
    adviser_consent_date = fields.Date(string="Consent date", readonly=True, copy=False)
    stage_id = fields.Many2one(
        "parcours.pathway.stage",
        string="Step",
        required=True,
        default=lambda self: self._default_stage_id(),
        index=True,
        tracking=True,
        ondelete="restrict",
        group_expand="_read_group_stage_ids",
        copy=False,
    )
    stage_code = fields.Selection(related="stage_id.code", store=True, string="Step code")
    stage_sequence = fields.Integer(related="stage_id.sequence", store=True)
    stage_date = fields.Date(string="In this step since", default=fields.Date.context_today, required=True, copy=False)
    outcome = fields.Selection(
        OUTCOMES,
        required=True,
        default="in_progress",
        tracking=True,
        copy=False,
    )
    outcome_date = fields.Date(string="Outcome date", copy=False)
    hired_date = fields.Date(string="Hire date", copy=False, tracking=True)
    follow_3m_date = fields.Date(string="Follow-up at 3 months due", compute="_compute_follow_dates", store=True)
    follow_6m_date = fields.Date(string="Follow-up at 6 months due", compute="_compute_follow_dates", store=True)
    follow_3m_scheduled = fields.Boolean(string="Follow-up at 3 months asked", copy=False, readonly=True)
    follow_6m_scheduled = fields.Boolean(string="Follow-up at 6 months asked", copy=False, readonly=True)
    outcome_3m = fields.Selection(FOLLOW_UP_OUTCOMES, string="Situation at 3 months", tracking=True, copy=False)
    outcome_6m = fields.Selection(FOLLOW_UP_OUTCOMES, string="Situation at 6 months", tracking=True, copy=False)
    establishment_ids = fields.Many2many(
        "res.partner",
        "parcours_pathway_establishment_rel",
        "pathway_id",
        "partner_id",
        string="Establishments involved",
        domain=[("is_member", "=", True)],
    )
    applicant_ids = fields.One2many("hr.applicant", "pathway_id", string="Applications", groups=USER_GROUP)
    applicant_count = fields.Integer(
        string="Number of applications", compute="_compute_applicant_count", groups=USER_GROUP
    )
    step_ids = fields.One2many("parcours.pathway.step", "pathway_id", string="History")
    note = fields.Html(string="Notes", groups=USER_GROUP)
    active = fields.Boolean(default=True)
    is_open = fields.Boolean(
        string="Open",
        compute="_compute_is_open",
        store=True,
        help="Still followed: not archived, not abandoned or ended, follow-up at 6 months not given.",
    )

    _one_open_per_person = models.UniqueIndex(
        "(partner_id) WHERE is_open",
        "This person already has an open pathway: continue it instead of opening another one.",
    )

    @api.depends("partner_id")
    def _compute_person_id(self):
        persons = self.env["reserve.person"].sudo().search([("partner_id", "in", self.partner_id.ids)])
        by_partner = {person.partner_id.id: person.id for person in persons}
        for pathway in self:
            pathway.person_id = by_partner.get(pathway.partner_id.id, False)

    @api.depends("hired_date")
    def _compute_follow_dates(self):
        for pathway in self:
            hired = pathway.hired_date
            pathway.follow_3m_date = hired and hired + relativedelta(months=3)
            pathway.follow_6m_date = hired and hired + relativedelta(months=6)

    def _compute_applicant_count(self):
        # A count only: referents who do not work the recruitment pipelines see how many.
        counts = dict(
            self.env["hr.applicant"].sudo()._read_group([("pathway_id", "in", self.ids)], ["pathway_id"], ["__count"])
        )
        for pathway in self:
            pathway.applicant_count = counts.get(pathway.sudo(), 0)

    @api.depends("active", "outcome", "outcome_6m")
    def _compute_is_open(self):
        for pathway in self:
            pathway.is_open = bool(
                pathway.active and pathway.outcome not in ("abandoned", "other") and not pathway.outcome_6m
            )

    @api.model
    def _read_group_stage_ids(self, stages, domain):
        return stages.search([], limit=None)  # every stage is a column, even empty

    @api.model
    def _outcome_vals(self, vals, pathway=None):
        """Dates that follow the person's choices, whoever writes them."""
        today = fields.Date.context_today(self)
        if "adviser_consent" in vals:
            vals["adviser_consent_date"] = today if vals["adviser_consent"] else False
        if "outcome" in vals and "outcome_date" not in vals:
            vals["outcome_date"] = False if vals["outcome"] == "in_progress" else today
        return vals

    @api.model_create_multi
    def create(self, vals_list):
        vals_list = [self._outcome_vals(dict(vals)) for vals in vals_list]
        partner_ids = [vals.get("partner_id") for vals in vals_list if vals.get("active", True)]
        if len(set(partner_ids)) < len(partner_ids) or self.sudo().search_count(
            [("partner_id", "in", partner_ids), ("is_open", "=", True)], limit=1
        ):
            # The unique index says the same under concurrent requests; this says it clearly.
            raise ValidationError(
                self.env._("This person already has an open pathway: continue it instead of opening another one.")
            )
        pathways = super().create(vals_list)
        for pathway in pathways:
            step = pathway._create_step_line(pathway.stage_id, pathway.stage_date, self.env._("Pathway opened"), None)
            pathway._after_step(step, entered=True)
        return pathways

    def write(self, vals):
        vals = self._outcome_vals(dict(vals))
        record_steps = "stage_id" in vals and not self.env.context.get("parcours_step_recorded")
        before = {pathway.id: pathway.stage_id for pathway in self} if record_steps else {}
        if record_steps and "stage_date" not in vals:
            vals["stage_date"] = fields.Date.context_today(self)
        follow_ups = {
            fname: self.filtered(lambda p, f=fname: not p[f])
            for fname in ("outcome_3m", "outcome_6m")
            if vals.get(fname)
        }
        result = super().write(vals)
        for pathway in self:
            if record_steps and before[pathway.id] != pathway.stage_id:
                # Moved by hand (kanban, form): the history keeps it, forward or back.
                step = pathway._create_step_line(
                    pathway.stage_id, pathway.stage_date, self.env._("Moved by %s", self.env.user.name), None
                )
                pathway._after_step(step, entered=True)
        for fname, pathways in follow_ups.items():
            code = "follow_3m" if fname == "outcome_3m" else "follow_6m"
            for pathway in pathways:
                if code not in pathway.sudo().step_ids.mapped("stage_code"):
                    pathway._record_step(code, origin=self.env._("Follow-up recorded"))
                pathway.sudo().activity_feedback([FOLLOW_UP_ACTIVITY], feedback=self.env._("Situation recorded."))
        return result

    def action_view_applicants(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Applications"),
            "res_model": "hr.applicant",
            "view_mode": "list,form",
            "domain": [("pathway_id", "=", self.id)],
            "context": {"default_pathway_id": self.id, "default_partner_id": self.partner_id.id},
        }

    # ------------------------------------------------------------------
    # Public API of the pathways for the other addons (events, survey…)
    # ------------------------------------------------------------------

    @api.model
    def _get_or_create_for_partner(self, partner, public=None):
        """The open pathway of ``partner``, opened at the first contact if there is none.

        Workflow code calls it (an attendance, an application) for people it already
        checked; the pathway is searched and created as superuser and returned in the
        caller's environment.

        :param partner: res.partner record (one)
        :param public: a ``public`` value for a new pathway (default: jobseeker)
        :return: parcours.pathway record
        """
        partner.ensure_one()
        pathways = self.sudo().with_context(active_test=True)
        pathway = pathways.search([("partner_id", "=", partner.id), ("is_open", "=", True)], limit=1)
        if not pathway:
            # Serialize the openings for one person: a concurrent request opening the same
            # person's pathway fails to serialize on this update, and Odoo retries it on a
            # fresh snapshot where it finds the pathway opened here.
            self.env.cr.execute(SQL("UPDATE res_partner SET write_date = write_date WHERE id = %s", partner.id))
            vals = {"partner_id": partner.id}
            if public:
                vals["public"] = public
            pathway = pathways.create(vals)
        return pathway.with_env(self.env)

    def _record_step(self, code, origin=None, date=None, note=None):
        """Record that the person reached the step ``code`` (a stage code): a line in the
        history, the pathway moved forward to that stage if it is later than the current
        one (never back), a note in the chatter, the adviser's e-mail if the person
        consented, and the referent's reminder of the new stage.

        :param code: stage code (``info_session``, ``immersion``, ``hired``…)
        :param origin: the record the step comes from (event registration, applicant…)
            or a short text
        :param date: the date of the step (default: today)
        :param note: a note kept on the history line
        :return: the parcours.pathway.step created
        """
        self.ensure_one()
        # Superuser: a workflow of another addon records the step for a person it checked;
        # the method is private, never reachable over RPC.
        pathway = self.sudo()
        stage = self.env["parcours.pathway.stage"]._get_by_code(code).sudo()
        date = date or fields.Date.context_today(self)
        step = pathway._create_step_line(stage, date, origin, note)
        entered = (stage.sequence, stage.id) > (pathway.stage_id.sequence, pathway.stage_id.id)
        if entered:
            pathway.with_context(parcours_step_recorded=True).write({"stage_id": stage.id, "stage_date": date})
        if code == "hired" and not pathway.hired_date:
            pathway.hired_date = date
        pathway._after_step(step, entered=entered)
        return step.with_env(self.env)

    # ------------------------------------------------------------------

    def _create_step_line(self, stage, date, origin, note):
        self.ensure_one()
        vals = {"pathway_id": self.id, "stage_id": stage.id, "date": date, "note": note or False}
        if isinstance(origin, models.BaseModel):
            origin = origin.sudo()[:1]
            # A model may say how it reads in a pathway's history (its own label method).
            label = getattr(origin, "_parcours_origin_label", None)
            vals["origin"] = label() if label else origin.display_name
            if origin._name in self.env["parcours.pathway.step"]._origin_models():
                vals["origin_ref"] = f"{origin._name},{origin.id}"
        elif origin:
            vals["origin"] = origin
        return self.env["parcours.pathway.step"].sudo().create(vals)

    def _after_step(self, step, entered):
        """Chatter note, the adviser's mail (consent only) and the reminder of a new stage."""
        self.ensure_one()
        pathway = self.sudo()
        informed = pathway._send_adviser_mail(step)
        body = self.env._("Step recorded: %(step)s", step=step.stage_id.name)
        if step.origin:
            body = self.env._("%(body)s (%(origin)s)", body=body, origin=step.origin)
        if informed:
            body = self.env._("%(body)s. The adviser was informed.", body=body)
        pathway.message_post(body=body, message_type="comment", subtype_xmlid="mail.mt_note")
        if entered:
            pathway._schedule_stage_reminder()

    def _send_adviser_mail(self, step):
        """Queue the adviser's short e-mail about ``step``: only with the person's consent."""
        self.ensure_one()
        if not (self.adviser_consent and self.adviser_partner_id.email):
            return False
        template = self.env.ref("parcours_emploi.mail_template_pathway_step_adviser", raise_if_not_found=False)
        if not template:
            return False
        template.sudo().send_mail(step.id)
        return True

    def _schedule_stage_reminder(self):
        """One pending reminder per pathway: that of the stage it is in."""
        for pathway in self.sudo():
            pathway.activity_unlink([REMINDER_ACTIVITY])
            stage = pathway.stage_id
            if not (stage.reminder_days and pathway.referent_user_id):
                continue
            pathway.activity_schedule(
                REMINDER_ACTIVITY,
                date_deadline=pathway.stage_date + relativedelta(days=stage.reminder_days),
                summary=self.env._("Check on %(person)s: %(step)s", person=pathway.partner_id.name, step=stage.name),
                user_id=pathway.referent_user_id.id,
            )

    def _mail_adviser_partners(self):
        return self.adviser_partner_id if self.adviser_consent else self.env["res.partner"]

    # ------------------------------------------------------------------
    # Crons
    # ------------------------------------------------------------------

    @api.model
    def _cron_schedule_follow_ups(self):
        """Activities for the referents when a follow-up at 3 or 6 months after a hire is due."""
        today = fields.Date.context_today(self)
        for months in (3, 6):
            due = self.search(
                [
                    (f"follow_{months}m_date", "<=", today),
                    (f"follow_{months}m_scheduled", "=", False),
                    (f"outcome_{months}m", "=", False),
                    ("active", "=", True),
                ]
            )
            for pathway in due:
                pathway.activity_schedule(
                    FOLLOW_UP_ACTIVITY,
                    date_deadline=pathway[f"follow_{months}m_date"],
                    summary=self.env._(
                        "Follow-up at %(months)s months: %(person)s", months=months, person=pathway.partner_id.name
                    ),
                    user_id=(pathway.referent_user_id or self.env.user).id,
                )
            due.write({f"follow_{months}m_scheduled": True})

    # ------------------------------------------------------------------
    # Demo
    # ------------------------------------------------------------------

    @api.model
    def _demo_populate(self):
        """The French demo: 25 people of every public at every step, with their history,
        three partner advisers (some people consented that they be told), two hires on
        offers of the CVthèque and hires followed at 3 and 6 months."""
        if self.env.ref("parcours_emploi.parcours_pathway_1_demo", raise_if_not_found=False):
            return
        env = self.env(context=dict(self.env.context, mail_create_nolog=True, mail_notrack=True, lang="fr_FR"))
        today = fields.Date.context_today(self)
        referent = env.ref("reserve_medicosociale.user_coordinator_demo", raise_if_not_found=False) or env.user
        Partner = env["res.partner"]

        def adviser(company, name, email):
            organisation = Partner.create({"name": company, "is_company": True, "city": "Saint-Lô"})
            return Partner.create({"name": name, "parent_id": organisation.id, "email": email, "lang": "fr_FR"})

        advisers = {
            "france_travail": adviser(
                "France Travail Saint-Lô", "Sophie Marchand", "sophie.marchand@francetravail-demo.fr"
            ),
            "mission_locale": adviser(
                "Mission locale du Centre Manche", "Karim Benali", "karim.benali@missionlocale-demo.fr"
            ),
            "cap_emploi": adviser("Cap emploi Manche", "Nathalie Roussel", "nathalie.roussel@capemploi-demo.fr"),
        }
        adviser_user = (
            env["res.users"]
            .with_context(no_reset_password=True)
            .create(
                {
                    "name": "Sophie Marchand",
                    "login": "conseiller",
                    "password": "conseiller",
                    "partner_id": advisers["france_travail"].id,
                    "lang": "fr_FR",
                    "tz": "Europe/Paris",
                    "group_ids": [fields.Command.set([env.ref("parcours_emploi.group_parcours_adviser").id])],
                }
            )
        )
        self._demo_xmlid(adviser_user, "user_adviser_demo")
        organisation_of = {
            "jobseeker": "france_travail",
            "rsa": "france_travail",
            "career_changer": "france_travail",
            "youth": "mission_locale",
            "rqth": "cap_emploi",
            "pupil": False,
        }
        names = [
            "Léa Moreau",
            "Hugo Lambert",
            "Inès Girard",
            "Théo Bonnet",
            "Manon Fontaine",
            "Lucas Chevalier",
            "Chloé Robin",
            "Nathan Masson",
            "Emma Gauthier",
            "Louis Perrin",
            "Jade Morel",
            "Enzo Fournier",
            "Sarah Lemaire",
            "Mathis Roux",
            "Louise Garnier",
            "Yanis Faure",
            "Camille Dupuis",
            "Noah Brun",
            "Zoé Meunier",
            "Adam Blanc",
            "Lina Guérin",
            "Tom Boyer",
            "Anaïs Picard",
            "Rayan Colin",
            "Maëlle Aubert",
        ]
        origins = {
            "info_session": "Café de l'aide à domicile – Saint-Lô",
            "immersion": "Immersion « Vis ma vie » d'une journée",
            "training": "Formation « Assistant de soins en gérontologie »",
            "job_offer": "Offre d'emploi de la CVthèque",
            "hired": "Embauche signalée par l'établissement",
        }
        publics = [key for key, _label in self._fields["public"].selection]
        stages = env["parcours.pathway.stage"].search([], order="sequence, id", limit=None)
        members = Partner.search([("member_state", "=", "member"), ("is_company", "=", True)], order="id", limit=6)
        jobs = env["hr.job"].search(
            [("establishment_id", "!=", False), ("offer_state", "=", "open")], order="id", limit=2
        )
        hired_stage = env["hr.recruitment.stage"].search([("hired_stage", "=", True)], limit=1)
        reservist = env.ref("reserve_medicosociale.user_reservist_demo", raise_if_not_found=False)
        applicant_hires = 0
        for index, name in enumerate(names):
            public = publics[index % len(publics)]
            # Pupils discover the trades (information, immersion); the others go all the way.
            target = stages[(index // 6) % 3] if public == "pupil" else stages[index % len(stages)]
            reached = stages.filtered(lambda s, t=target: s.sequence <= t.sequence)
            if index == 4 and reservist:
                partner = reservist.partner_id
            else:
                partner = Partner.create(
                    {
                        "name": name,
                        "email": f"{name.lower().replace(' ', '.')}@exemple-parcours.fr",
                        "phone": f"06 12 34 {index:02d} {(index * 7) % 100:02d}",
                        "lang": "fr_FR",
                    }
                )
            organisation = organisation_of[public] if index % 5 else False
            # Every step some weeks apart, the last reached a few days ago; a hire followed
            # at 6 months started 8 months ago.
            gap = 20
            start = today - relativedelta(days=gap * (len(reached) - 1) + 5 + index)
            if target.code == "follow_3m":
                start = today - relativedelta(months=4, days=gap * 5 + index)
            elif target.code == "follow_6m":
                start = today - relativedelta(months=7, days=gap * 5 + index)
            pathway = self.with_env(env).create(
                {
                    "partner_id": partner.id,
                    "public": public,
                    "france_travail_registered": public in ("jobseeker", "rsa") or index % 4 == 0,
                    "referent_user_id": referent.id,
                    "adviser_organisation": organisation,
                    "adviser_partner_id": advisers[organisation].id if organisation else False,
                    "adviser_consent": bool(organisation) and index % 3 != 0,
                    "stage_date": start,
                }
            )
            self._demo_xmlid(pathway, f"parcours_pathway_{index + 1}_demo")
            date = start
            for stage in reached[1:]:
                code = stage.code
                date = date + relativedelta(days=gap)
                if code in ("immersion", "job_offer") and members:
                    pathway.establishment_ids = [fields.Command.link(members[index % len(members)].id)]
                if code == "job_offer" and target.code == "hired" and applicant_hires < len(jobs) and hired_stage:
                    # Two hires through the CVthèque: the application records the steps.
                    job = jobs[applicant_hires]
                    applicant_hires += 1
                    applicant = env["hr.applicant"].create(
                        {
                            "partner_id": partner.id,
                            "partner_name": partner.name,
                            "email_from": partner.email,
                            "job_id": job.id,
                            "pathway_id": pathway.id,
                        }
                    )
                    applicant.write({"stage_id": hired_stage.id, "date_closed": fields.Datetime.now()})
                    break
                if code == "hired":
                    pathway._record_step(code, origin=origins["hired"], date=date)
                    pathway.write({"outcome": "hired_cdi" if index % 2 else "hired_cdd", "outcome_date": date})
                    continue
                if code in ("follow_3m", "follow_6m"):
                    date = pathway.hired_date + relativedelta(months=3 if code == "follow_3m" else 6)
                    pathway._record_step(code, origin="Entretien téléphonique", date=date)
                    pathway.write({f"outcome_{code[-2:]}": "in_job" if index % 3 else "in_training"})
                    continue
                pathway._record_step(code, origin=origins.get(code), date=date)
            if index == 11:
                pathway.write({"outcome": "training", "outcome_date": date})
            elif index == 16:
                pathway.write({"outcome": "abandoned", "outcome_date": today - relativedelta(days=10)})
        # The demo's past steps would otherwise e-mail the advisers at install.
        env["mail.mail"].search([("model", "=", "parcours.pathway.step")]).unlink()

    @api.model
    def _demo_xmlid(self, record, name):
        self.env["ir.model.data"].create(
            {"module": "parcours_emploi", "name": name, "model": record._name, "res_id": record.id, "noupdate": True}
        )
