from odoo import api, fields, models

# The questions of the shipped survey the results read (data/parcours_diagnosis_survey.xml).
QUESTIONS = {
    "recruitment": "parcours_emploi.survey_diagnosis_q_recruitment",
    "reinforcement": "parcours_emploi.survey_diagnosis_q_reinforcement",
    "jobs": "parcours_emploi.survey_diagnosis_q_jobs",
    "vacancies": "parcours_emploi.survey_diagnosis_q_vacancies",
    "open_days": "parcours_emploi.survey_diagnosis_q_open_days",
}
YES = {
    "recruitment": "parcours_emploi.survey_diagnosis_answer_recruitment_yes",
    "reinforcement": "parcours_emploi.survey_diagnosis_answer_reinforcement_yes",
}
# A trade of the survey is a job of the reserve: survey_diagnosis_answer_<job xmlid>.
JOB_ANSWER_PREFIX = "parcours_emploi.survey_diagnosis_answer_"
ANSWER_STATES = [
    ("new", "Not started"),
    ("in_progress", "Started"),
    ("done", "Answered"),
]


class ParcoursDiagnosisInvite(models.Model):
    """A member establishment invited to a diagnosis: its survey answer (its own link), the
    invitation and reminders sent, and the answers the results count, read from the survey
    when the establishment completes it."""

    _name = "parcours.diagnosis.invite"
    _description = "Members' diagnosis: an establishment invited"
    _order = "diagnosis_id, establishment_id"
    _rec_name = "establishment_id"

    diagnosis_id = fields.Many2one("parcours.diagnosis", required=True, index=True, ondelete="cascade")
    establishment_id = fields.Many2one("res.partner", required=True, index=True)
    email = fields.Char(string="Sent to")
    member_sector = fields.Selection(string="Sector", related="establishment_id.member_sector", store=True)
    territory_id = fields.Many2one(related="establishment_id.territory_id", store=True, string="Territory")
    user_input_id = fields.Many2one("survey.user_input", string="Answer", readonly=True, ondelete="set null")
    answer_state = fields.Selection(ANSWER_STATES, compute="_compute_answer_state", store=True, string="Answer state")
    is_answered = fields.Boolean(compute="_compute_answer_state", store=True, string="Answered")
    sent_date = fields.Datetime(string="Invited on", readonly=True, default=fields.Datetime.now)
    reminder_count = fields.Integer(string="Reminders", readonly=True)
    last_reminder_date = fields.Datetime(string="Last reminder", readonly=True)
    # The answers counted by the results (set when the survey is completed).
    needs_recruitment = fields.Boolean(string="Needs to recruit", readonly=True)
    needs_reinforcement = fields.Boolean(string="Needs reinforcement", readonly=True)
    tension_job_ids = fields.Many2many("reserve.job", string="Trades in tension", readonly=True)
    vacancy_count = fields.Integer(string="Vacancies", readonly=True)
    open_day_count = fields.Integer(string="Open days held", readonly=True)
    has_open_days = fields.Boolean(string="Holds open days", readonly=True)

    _unique_establishment = models.UniqueIndex(
        "(diagnosis_id, establishment_id)", "An establishment is invited once per diagnosis."
    )

    @api.depends("user_input_id.state")
    def _compute_answer_state(self):
        for invite in self:
            invite.answer_state = invite.user_input_id.state or "new"
            invite.is_answered = invite.answer_state == "done"

    # ------------------------------------------------------------------ mails

    def _send_mail(self, template_xmlid):
        template = self.env.ref(template_xmlid)
        for invite in self:
            template.send_mail(invite.id, force_send=False, email_values={"email_to": invite.email})

    def _remind(self):
        self._send_mail("parcours_emploi.mail_template_diagnosis_reminder")
        now = fields.Datetime.now()
        for invite in self:
            invite.write({"reminder_count": invite.reminder_count + 1, "last_reminder_date": now})

    # ------------------------------------------------------------------ answers

    def _survey_url(self):
        self.ensure_one()
        # The link of the establishment's own answer, for its invitation (read by the mail's
        # sender, who may manage the campaign but not the survey app).
        return f"{self.get_base_url()}{self.user_input_id.sudo().get_start_url()}"

    def _update_answers(self):
        """Read the completed survey into the fields the results count."""
        ref = self.env.ref
        questions = {key: ref(xmlid) for key, xmlid in QUESTIONS.items()}
        yes = {key: ref(xmlid) for key, xmlid in YES.items()}
        for invite in self.filtered("user_input_id"):
            lines = invite.user_input_id.user_input_line_ids
            by_question = {key: lines.filtered(lambda line, q=q: line.question_id == q) for key, q in questions.items()}
            job_xmlids = by_question["jobs"].suggested_answer_id.get_external_id()
            jobs = self.env["reserve.job"]
            for xmlid in job_xmlids.values():
                if xmlid.startswith(JOB_ANSWER_PREFIX + "job_"):
                    job = ref("reserve_medicosociale." + xmlid[len(JOB_ANSWER_PREFIX) :], raise_if_not_found=False)
                    jobs |= job or jobs
            open_days = int(by_question["open_days"][:1].value_numerical_box or 0)
            invite.write(
                {
                    "needs_recruitment": by_question["recruitment"].suggested_answer_id == yes["recruitment"],
                    "needs_reinforcement": by_question["reinforcement"].suggested_answer_id == yes["reinforcement"],
                    "tension_job_ids": [fields.Command.set(jobs.ids)],
                    "vacancy_count": int(by_question["vacancies"][:1].value_numerical_box or 0),
                    "open_day_count": open_days,
                    "has_open_days": open_days > 0,
                }
            )

    def _answer(self, values):
        """Answer the survey as the establishment does on its page, and complete it:
        ``values`` ``{question xmlid name: answer records or number}`` (demo and tests)."""
        self.ensure_one()
        user_input = self.user_input_id.sudo()
        for name, value in values.items():
            question = self.env.ref(f"parcours_emploi.{name}")
            if isinstance(value, models.BaseModel):
                value = value.ids if question.question_type == "multiple_choice" else value.id
            user_input._save_lines(question, value)
        user_input._mark_done()
