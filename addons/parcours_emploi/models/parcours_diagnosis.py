import datetime

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

DIAGNOSIS_STATES = [
    ("draft", "Draft"),
    ("sent", "Sent"),
    ("closed", "Closed"),
]


class ParcoursDiagnosis(models.Model):
    """A campaign of the members' diagnosis: the survey (recruitment and reinforcement needs,
    trades in tension, open days, vacancies) sent to every member establishment, one answer
    per establishment (``parcours.diagnosis.invite``), reminders to those who have not
    answered, the response rate and the results by sector and territory."""

    _name = "parcours.diagnosis"
    _description = "Members' diagnosis campaign"
    _inherit = ["mail.thread"]
    _order = "sent_date desc, id desc"

    def _default_survey_id(self):
        return self.env.ref("parcours_emploi.survey_parcours_diagnosis", raise_if_not_found=False)

    name = fields.Char(required=True, tracking=True)
    survey_id = fields.Many2one("survey.survey", required=True, default=lambda self: self._default_survey_id())
    state = fields.Selection(DIAGNOSIS_STATES, default="draft", required=True, tracking=True, copy=False)
    sent_date = fields.Datetime(string="Sent on", readonly=True, copy=False)
    reminder_days = fields.Integer(
        string="Remind after (days)",
        default=7,
        help="The establishments that have not answered are reminded by e-mail this many days after the "
        "invitation or the last reminder (daily job); 0: reminders by the button only.",
    )
    invite_ids = fields.One2many("parcours.diagnosis.invite", "diagnosis_id", string="Establishments invited")
    sent_count = fields.Integer(compute="_compute_figures", string="Invited")
    answered_count = fields.Integer(compute="_compute_figures", string="Answered")
    response_rate = fields.Float(compute="_compute_figures", string="Response rate (%)")

    @api.depends("invite_ids.is_answered")
    def _compute_figures(self):
        groups = {
            (diagnosis.id, answered): count
            for diagnosis, answered, count in self.env["parcours.diagnosis.invite"]._read_group(
                [("diagnosis_id", "in", self.ids)], ["diagnosis_id", "is_answered"], ["__count"]
            )
        }
        for diagnosis in self:
            answered = groups.get((diagnosis.id, True), 0)
            sent = answered + groups.get((diagnosis.id, False), 0)
            diagnosis.sent_count = sent
            diagnosis.answered_count = answered
            diagnosis.response_rate = round(100.0 * answered / sent, 1) if sent else 0.0

    # ------------------------------------------------------------------ actions

    def action_send(self):
        """Invite every member establishment with an e-mail not invited yet: one survey answer
        each (its own link), and the invitation through the mail queue."""
        self.ensure_one()
        if self.state == "closed":
            raise UserError(self.env._("This diagnosis is closed: create a new campaign to survey the members again."))
        invites = self._create_invites()
        if not invites:
            raise UserError(self.env._("Every member establishment with an e-mail address has already been invited."))
        invites._send_mail("parcours_emploi.mail_template_diagnosis_invite")
        values = {"state": "sent"}
        if not self.sent_date:
            values["sent_date"] = fields.Datetime.now()
        self.write(values)
        return True

    def action_remind(self):
        """Remind by e-mail the invited establishments that have not answered yet."""
        self.ensure_one()
        if self.state != "sent":
            raise UserError(self.env._("Only a diagnosis sent and not closed can be reminded."))
        waiting = self.invite_ids.filtered(lambda invite: not invite.is_answered)
        if not waiting:
            raise UserError(self.env._("Every establishment invited has answered: nobody to remind."))
        waiting._remind()
        return True

    def action_close(self):
        self.write({"state": "closed"})
        return True

    def action_view_results(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("parcours_emploi.parcours_diagnosis_report_action")
        action["domain"] = [("diagnosis_id", "=", self.id)]
        return action

    # ------------------------------------------------------------------ business

    def _member_recipients(self):
        """``{establishment: e-mail}`` of the member establishments: their own e-mail, else
        the e-mail of one of their member managers; those with neither are left out."""
        members = self.env["res.partner"].sudo().search([("member_state", "=", "member"), ("is_company", "=", True)])
        recipients = {}
        for member in members:
            email = member.email or next((u.email for u in member.member_manager_ids if u.email), False)
            if email:
                recipients[member] = email
        return recipients

    def _create_invites(self):
        self.ensure_one()
        already = set(self.invite_ids.establishment_id.ids)
        recipients = {m: e for m, e in self._member_recipients().items() if m.id not in already}
        if not recipients:
            return self.env["parcours.diagnosis.invite"]
        invites = self.env["parcours.diagnosis.invite"].create(
            [
                {"diagnosis_id": self.id, "establishment_id": member.id, "email": email}
                for member, email in recipients.items()
            ]
        )
        # The survey's answers are created as the survey app does for its own invitations; the
        # caller may manage this campaign (checked by the access rules on parcours.diagnosis).
        survey = self.survey_id.sudo()
        for invite in invites:
            invite.user_input_id = survey._create_answer(
                partner=invite.establishment_id,
                email=invite.email,
                check_attempts=False,
                diagnosis_invite_id=invite.id,
            )
        return invites

    @api.model
    def _last_sent_until(self, date_to):
        """The last diagnosis sent on or before ``date_to`` (a date), or an empty recordset."""
        return self.sudo().search(
            [("state", "in", ("sent", "closed")), ("sent_date", "<", date_to + datetime.timedelta(days=1))],
            order="sent_date desc, id desc",
            limit=1,
        )

    def _results_rows(self):
        """The results by sector and territory, in SQL: ``(sector, territory, invited,
        answered, response rate 0..1, need to recruit, need reinforcement, hold no open day,
        vacancies)``; the needs and open days among those who answered."""
        self.ensure_one()
        self.env.flush_all()
        sectors = dict(self.env["res.partner"]._fields["member_sector"]._description_selection(self.env))
        lang = self.env.lang or "en_US"
        rows = self.env.execute_query(
            SQL(
                """
                SELECT invite.member_sector, COALESCE(territory.name->>%(lang)s, territory.name->>'en_US'),
                       count(*), count(*) FILTER (WHERE invite.is_answered),
                       count(*) FILTER (WHERE invite.is_answered)::float / count(*),
                       count(*) FILTER (WHERE invite.is_answered AND invite.needs_recruitment),
                       count(*) FILTER (WHERE invite.is_answered AND invite.needs_reinforcement),
                       count(*) FILTER (WHERE invite.is_answered AND NOT invite.has_open_days),
                       COALESCE(sum(invite.vacancy_count) FILTER (WHERE invite.is_answered), 0)
                  FROM parcours_diagnosis_invite invite
             LEFT JOIN reserve_territory territory ON territory.id = invite.territory_id
                 WHERE invite.diagnosis_id = %(diagnosis)s
              GROUP BY 1, 2 ORDER BY 1, 2
                """,
                lang=lang,
                diagnosis=self.id,
            )
        )
        return [
            (
                sectors.get(sector, sector) if sector else self.env._("No sector"),
                territory or self.env._("No territory"),
                *values,
            )
            for sector, territory, *values in rows
        ]

    @api.model
    def _reserve_report_section(self, date_to):
        """The weekly report's sheet: the results of the last diagnosis sent by ``date_to``."""
        diagnosis = self._last_sent_until(date_to)
        return {
            "key": "members_diagnosis",
            "title": self.env._("Members' diagnosis"),
            "columns": [
                (self.env._("Sector"), "text"),
                (self.env._("Territory"), "text"),
                (self.env._("Establishments invited"), "int"),
                (self.env._("Answered"), "int"),
                (self.env._("Response rate"), "percent"),
                (self.env._("Need to recruit"), "int"),
                (self.env._("Need reinforcement"), "int"),
                (self.env._("Hold no open day"), "int"),
                (self.env._("Vacancies"), "int"),
            ],
            "rows": diagnosis._results_rows() if diagnosis else [],
            "totals": True,
            "chart": {"category": 0, "values": [2, 3]},
        }

    # ------------------------------------------------------------------ demo and crons

    def _demo_send_and_answer(self, every=3):
        """Demo: send the campaign, and answer as one establishment in ``every`` would."""
        Answer = self.env["survey.question.answer"]
        ref = self.env.ref
        jobs = [
            ref("parcours_emploi.survey_diagnosis_answer_job_aide_soignant"),
            ref("parcours_emploi.survey_diagnosis_answer_job_infirmier"),
            ref("parcours_emploi.survey_diagnosis_answer_job_aes"),
            ref("parcours_emploi.survey_diagnosis_answer_job_agent_service_hospitalier"),
        ]
        for diagnosis in self:
            diagnosis.action_send()
            for index, invite in enumerate(diagnosis.invite_ids.sorted("id")):
                if index % every:
                    continue
                answers = {
                    "survey_diagnosis_q_recruitment": ref(
                        "parcours_emploi.survey_diagnosis_answer_recruitment_" + ("no" if index % 4 == 3 else "yes")
                    ),
                    "survey_diagnosis_q_reinforcement": ref(
                        "parcours_emploi.survey_diagnosis_answer_reinforcement_" + ("yes" if index % 2 else "no")
                    ),
                    "survey_diagnosis_q_jobs": Answer.browse([a.id for a in jobs[: 1 + index % 3]]),
                    "survey_diagnosis_q_vacancies": 1 + index % 4,
                    "survey_diagnosis_q_open_days": 0 if index % 3 == 0 else 1,
                }
                invite._answer(answers)
        return True

    @api.model
    def _cron_remind(self):
        """Every day: remind the establishments that have not answered a diagnosis in progress."""
        now = fields.Datetime.now()
        due = self.env["parcours.diagnosis.invite"]
        for diagnosis in self.search([("state", "=", "sent"), ("reminder_days", ">", 0)]):
            limit = now - datetime.timedelta(days=diagnosis.reminder_days)
            due |= diagnosis.invite_ids.filtered(
                lambda invite, limit=limit: (
                    not invite.is_answered and (invite.last_reminder_date or invite.sent_date) <= limit
                )
            )
        due._remind()
        self.env["ir.cron"]._commit_progress(len(due))
