import base64
import calendar
import datetime
import logging

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.fields import Domain
from odoo.tools import SQL, html_escape

from odoo.addons.reserve_medicosociale.models.reserve_write_guard import COORDINATOR_GROUP, MEMBER_MANAGER_GROUP
from odoo.addons.reserve_medicosociale.tools.matching_sql import commune_cte
from odoo.addons.reserve_medicosociale.tools.signed_link import check_link_token, link_token

from ..tools.fulltext import TS_CONFIG, ensure_text_search_configuration, tsquery

_logger = logging.getLogger(__name__)

VISIBILITIES = [
    ("all", "All member establishments"),
    ("selected", "The establishments I choose"),
    ("association", "The association only"),
]
# The version of the consent text below; a new text gets a new version.
CONSENT_VERSION = "2026-12"
# Fields whose reading by a member is a view of the CV (logged); lists and search results
# show the title, jobs, commune and the extract only.
CONTENT_FIELDS = frozenset({"summary", "experience_ids", "document_ids", "search_body", "email", "phone"})
# Fields the person changes on their own CV (portal, or a coordinator for them).
PERSON_FIELDS = frozenset(
    {
        "name",
        "summary",
        "job_ids",
        "qualification_ids",
        "experience_ids",
        "commune_id",
        "radius_km",
        "available_date",
        "contract_type_ids",
        "visibility",
        "member_ids",
    }
)
# Set by the CV's own methods only (consent, retention), never through a write.
PROTECTED_FIELDS = frozenset(
    {"consent_date", "consent_version", "state", "last_update_date", "renewal_requested_date", "anonymised_date"}
)
# Fields the talent of the shared pool is made of, or that decide whether there is one.
TALENT_FIELDS = frozenset({"name", "partner_id", "state", "visibility", "member_ids", "job_ids", "available_date"})
RENEWAL_SCOPE = "cvtheque.cv.renew"
RENEWAL_LINK_DAYS = 30


class CvthequeCv(models.Model):
    """A person's CV in the library shared by the member establishments.

    The person chooses who sees it (all members, some, the association only); their consent
    is kept as append-only lines; members' views and downloads are logged; a CV untouched
    for long is renewed or anonymised (retention cron).
    """

    _name = "cvtheque.cv"
    _description = "CV"
    _inherit = ["mail.thread", "reserve.write.guard"]
    _order = "write_date desc, id desc"

    _portal_write_fields = PERSON_FIELDS
    _manager_create_fields = frozenset()
    _manager_write_fields = frozenset()

    name = fields.Char(
        string="Title", required=True, tracking=True, help="e.g. Aide-soignante de nuit, 8 ans en EHPAD."
    )
    partner_id = fields.Many2one("res.partner", string="Person", required=True, ondelete="restrict", index=True)
    partner_name = fields.Char(related="partner_id.name", string="Name")
    email = fields.Char(related="partner_id.email", string="E-mail")
    phone = fields.Char(related="partner_id.phone", string="Phone")
    person_id = fields.Many2one(
        "reserve.person", string="Reservist profile", index="btree_not_null", ondelete="set null"
    )
    user_id = fields.Many2one("res.users", string="Portal user", index="btree_not_null", ondelete="set null")
    summary = fields.Text(string="Presentation")
    document_ids = fields.One2many("cvtheque.cv.document", "cv_id", string="Documents")
    experience_ids = fields.One2many("cvtheque.cv.experience", "cv_id")
    job_ids = fields.Many2many("reserve.job", string="Jobs sought")
    qualification_ids = fields.Many2many("reserve.qualification", string="Diplomas")
    commune_id = fields.Many2one("reserve.commune", index=True)
    radius_km = fields.Integer(string="Radius (km)", default=30)
    available_date = fields.Date(string="Available from")
    contract_type_ids = fields.Many2many("reserve.contract.type", string="Contract types sought")
    visibility = fields.Selection(VISIBILITIES, required=True, default="association", tracking=True)
    member_ids = fields.Many2many(
        "res.partner",
        "cvtheque_cv_member_rel",
        "cv_id",
        "partner_id",
        string="Establishments allowed",
        domain=[("member_state", "=", "member")],
    )
    state = fields.Selection(
        [("published", "Shared"), ("withdrawn", "Consent withdrawn"), ("anonymised", "Anonymised")],
        required=True,
        default="published",
        readonly=True,
        tracking=True,
        index=True,
    )
    consent_ids = fields.One2many(
        "cvtheque.cv.consent", "cv_id", string="Consent history", readonly=True, groups=COORDINATOR_GROUP
    )
    consent_date = fields.Datetime(string="Consent given on", readonly=True, copy=False)
    consent_version = fields.Char(string="Consent text version", readonly=True, copy=False)
    last_update_date = fields.Datetime(
        string="Last updated by the person",
        readonly=True,
        default=fields.Datetime.now,
        copy=False,
        index=True,
        help="Retention counts from this date: the person updating or renewing the CV restarts it.",
    )
    renewal_requested_date = fields.Datetime(
        string="Renewal asked on", readonly=True, copy=False, index="btree_not_null"
    )
    anonymised_date = fields.Datetime(string="Anonymised on", readonly=True, copy=False)
    view_ids = fields.One2many("cvtheque.cv.view", "cv_id", string="Views", groups=COORDINATOR_GROUP, readonly=True)
    view_count = fields.Integer(compute="_compute_view_count", groups=COORDINATOR_GROUP)
    application_ids = fields.One2many(
        "hr.applicant", "cv_id", string="Applications", domain=[("job_id", "!=", False)], groups=COORDINATOR_GROUP
    )
    has_text_less_document = fields.Boolean(
        string="A document yields no text", compute="_compute_search_texts", store=True
    )
    # What the generated search_vector column (see init) is made of.
    search_head = fields.Text(compute="_compute_search_texts", store=True, groups=COORDINATOR_GROUP)
    search_body = fields.Text(compute="_compute_search_texts", store=True, groups=COORDINATOR_GROUP)

    _available_idx = models.Index("(available_date) WHERE state = 'published'")

    def init(self):
        result = super().init()
        ensure_text_search_configuration(self.env.cr)
        cr = self.env.cr
        cr.execute(
            "SELECT 1 FROM information_schema.columns WHERE table_name = %s AND column_name = 'search_vector'",
            [self._table],
        )
        if not cr.fetchone():
            cr.execute(
                SQL(
                    """ALTER TABLE %(table)s ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
                           setweight(to_tsvector(%(cfg)s::regconfig, coalesce(search_head, '')), 'A')
                           || setweight(to_tsvector(%(cfg)s::regconfig, coalesce(search_body, '')), 'B')
                       ) STORED""",
                    table=SQL.identifier(self._table),
                    cfg=SQL(f"'{TS_CONFIG}'"),
                )
            )
        cr.execute(
            SQL(
                "CREATE INDEX IF NOT EXISTS cvtheque_cv_search_vector_idx ON %s USING gin (search_vector)",
                SQL.identifier(self._table),
            )
        )
        return result

    # ------------------------------------------------------------------ computes

    def _compute_view_count(self):
        counts = dict(self.env["cvtheque.cv.view"]._read_group([("cv_id", "in", self.ids)], ["cv_id"], ["__count"]))
        for cv in self:
            cv.view_count = counts.get(cv, 0)

    @api.depends(
        "name",
        "summary",
        "job_ids.name",
        "qualification_ids.name",
        "commune_id.name",
        "experience_ids.title",
        "experience_ids.employer",
        "experience_ids.description",
        "document_ids.text",
        "document_ids.has_no_text",
    )
    def _compute_search_texts(self):
        for cv in self:
            cv.search_head = "\n".join(
                filter(None, [cv.name, *cv.job_ids.mapped("name"), *cv.qualification_ids.mapped("name")])
            )
            cv.search_body = "\n".join(
                filter(
                    None,
                    [
                        cv.summary,
                        cv.commune_id.name,
                        *(
                            f"{line.title or ''} {line.employer or ''} {line.description or ''}"
                            for line in cv.experience_ids
                        ),
                        *cv.document_ids.mapped("text"),
                    ],
                )
            )
            cv.has_text_less_document = any(cv.document_ids.mapped("has_no_text"))

    @api.depends("partner_name", "name")
    def _compute_display_name(self):
        # partner_name is related (read as superuser): a reservist's contact stays private.
        for cv in self:
            cv.display_name = f"{cv.partner_name} — {cv.name}" if cv.partner_name else cv.name

    # ------------------------------------------------------------------ CRUD

    @api.model_create_multi
    def create(self, vals_list):
        if self._write_guard_role() == "portal":
            # A reservist creates their CV through _portal_create only.
            raise AccessError(self.env._("Create your CV from your reserve space."))
        cvs = super().create(vals_list)
        for cv in cvs.filtered(lambda c: not c.consent_date and not self.env.context.get("cvtheque_no_consent")):
            cv._record_consent("given")
        cvs._sync_talent_pool()
        return cvs

    def write(self, vals):
        if not self.env.su and set(vals) & PROTECTED_FIELDS:
            raise AccessError(
                self.env._("The consent, state and retention dates of a CV change through its buttons only.")
            )
        if set(vals) & PERSON_FIELDS and self.filtered(lambda c: c.state == "anonymised"):
            raise UserError(self.env._("This CV was anonymised: it cannot be changed."))
        result = super().write(vals)
        if set(vals) & PERSON_FIELDS and not self.env.context.get("cvtheque_no_touch"):
            # The person (or a coordinator for them) updated the CV: retention restarts.
            self.sudo().with_context(cvtheque_no_touch=True).write(
                {"last_update_date": fields.Datetime.now(), "renewal_requested_date": False}
            )
        if set(vals) & TALENT_FIELDS:
            self._sync_talent_pool()
        return result

    def unlink(self):
        self._talents().unlink()
        return super().unlink()

    def read(self, fields=None, load="_classic_read"):
        result = super().read(fields, load)
        if fields is None or CONTENT_FIELDS.intersection(fields):
            self._log_member_access("view")
        return result

    def export_data(self, fields_to_export):
        if CONTENT_FIELDS.intersection(name.split("/")[0] for name in fields_to_export):
            self._log_member_access("view")
        return super().export_data(fields_to_export)

    # ------------------------------------------------------------------ consent

    @api.model
    def _get_consent_text(self):
        """The consent text in the environment's language (what the person agrees to)."""
        return self.env._(
            "I agree that the association and the member establishments I choose read my CV and its "
            "documents to offer me jobs, and that each reading is logged. I can change who sees it or "
            "withdraw my consent at any time from my space; my CV is then removed from every search at once. "
            "Without an update from me for %(months)s months I will be asked to renew my consent, and my CV "
            "will be anonymised if I do not.",
            months=self._retention_months(),
        )

    def _record_consent(self, kind):
        """Append a consent line (given, renewed, withdrawn) with the text and version of now."""
        now = fields.Datetime.now()
        Consent = self.env["cvtheque.cv.consent"].sudo()
        for cv in self:
            Consent.create(
                {
                    "cv_id": cv.id,
                    "kind": kind,
                    "version": CONSENT_VERSION,
                    "text": cv._get_consent_text(),
                    "date": now,
                    "user_id": self.env.uid,
                }
            )
        values = (
            # Retention counts from the withdrawal: the person acted on the CV.
            {"state": "withdrawn", "last_update_date": now}
            if kind == "withdrawn"
            else {
                "state": "published",
                "consent_date": now,
                "consent_version": CONSENT_VERSION,
                "last_update_date": now,
                "renewal_requested_date": False,
            }
        )
        self.sudo().with_context(cvtheque_no_touch=True).write(values)

    def _check_owner(self):
        """The current user is the CV's person (or a coordinator, or the system)."""
        if self.env.su or self.env.user.has_group(COORDINATOR_GROUP):
            return
        for cv in self:
            if cv.user_id != self.env.user:
                raise AccessError(self.env._("Only the person of this CV can do that."))

    def action_withdraw_consent(self):
        """The person withdraws consent: the CV leaves every member's search at once."""
        self._check_owner()
        cvs = self.filtered(lambda c: c.state == "published")
        cvs._record_consent("withdrawn")
        for cv in cvs:
            cv.sudo().message_post(body=self.env._("Consent withdrawn: the CV is no longer shared."))
        return True

    def action_give_consent(self):
        """The person shares the CV again, agreeing to the consent text of today."""
        self._check_owner()
        cvs = self.filtered(lambda c: c.state != "anonymised")
        if len(cvs) != len(self):
            raise UserError(self.env._("An anonymised CV cannot be shared again: create a new one."))
        cvs._record_consent("given")
        return True

    # ------------------------------------------------------------------ audit

    def _log_member_access(self, kind):
        """Log a view or download of these CVs by a member establishment's manager."""
        user = self.env.user
        if self.env.su or not self or not user.has_group(MEMBER_MANAGER_GROUP) or user.has_group(COORDINATOR_GROUP):
            return
        establishments = (
            self.env["res.partner"]
            .sudo()
            .search([("member_manager_ids", "in", user.id), ("member_state", "=", "member")])
        )
        values = [
            {
                "cv_id": cv_id,
                "user_id": user.id,
                "establishment_id": establishments[:1].id,
                "establishment_names": ", ".join(establishments.mapped("name")),
                "kind": kind,
            }
            for cv_id in self.ids
        ]
        if self.env.cr.readonly:
            # A read-only request (a replica): the log goes through a read/write cursor.
            with self.env.registry.cursor() as cr:
                self.env(cr=cr, su=True)["cvtheque.cv.view"].create(values)
        else:
            self.env["cvtheque.cv.view"].sudo().create(values)

    def _get_portal_views(self):
        """What the person sees: which establishment read the CV, and when (newest first)."""
        self.ensure_one()
        return self.env["cvtheque.cv.view"].sudo().search([("cv_id", "=", self.id)], order="date desc", limit=50)

    def action_view_log(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Views of the CV"),
            "res_model": "cvtheque.cv.view",
            "view_mode": "list",
            "domain": [("cv_id", "=", self.id)],
        }

    # ------------------------------------------------------------------ talent pool

    def _is_shared_with_members(self):
        """Whether the person shares this CV with member establishments (all, or those chosen)."""
        self.ensure_one()
        return self.state == "published" and (
            self.visibility == "all" or (self.visibility == "selected" and bool(self.member_ids))
        )

    def _talents(self):
        """The talents of these CVs in the shared pool (superuser: the pool's own code)."""
        return (
            self.env["hr.applicant"]
            .sudo()
            .with_context(active_test=False)
            .search(
                [("cv_id", "in", self.ids), ("job_id", "=", False), ("talent_pool_ids.is_cvtheque_pool", "=", True)]
            )
        )

    def _talent_values(self, pool):
        self.ensure_one()
        categories = self.env["hr.applicant.category"].sudo()
        names = self.job_ids.mapped("name")
        existing = categories.search([("name", "in", names)])
        missing = [name for name in names if name not in existing.mapped("name")]
        tags = existing | (categories.create([{"name": name} for name in missing]) if missing else categories)
        return {
            # The name only: the contact and the documents stay on the CV, whose reading is logged.
            "partner_name": self.partner_name,
            "availability": self.available_date,
            "categ_ids": [(6, 0, tags.ids)],
            "talent_pool_ids": [(6, 0, pool.ids)],
            "active": True,
        }

    def _sync_talent_pool(self):
        """Put the CVs shared with members in the shared talent pool, take the others out at
        once (withdrawn consent, anonymised, association only)."""
        pool = self.env.ref("cvtheque.hr_talent_pool_shared", raise_if_not_found=False)
        if not pool or not self:
            return
        pool = pool.sudo()
        Applicant = (
            self.env["hr.applicant"]
            .sudo()
            .with_context(tracking_disable=True, mail_create_nolog=True, mail_notrack=True, active_test=False)
        )
        talents = self._talents()
        cvs = self.sudo().exists()
        shared = cvs.filtered(lambda cv: cv._is_shared_with_members())
        talents.filtered(lambda talent: talent.cv_id not in shared).unlink()
        kept = {talent.cv_id: talent for talent in talents.exists()}
        new_values = []
        for cv in shared:
            values = cv._talent_values(pool)
            if cv in kept:
                kept[cv].with_context(mail_notrack=True, tracking_disable=True).write(values)
            else:
                new_values.append({**values, "cv_id": cv.id, "company_id": False})
        if new_values:
            Applicant.create(new_values)

    # ------------------------------------------------------------------ documents

    def _add_documents(self, files):
        """Attach uploaded files (list of (filename, bytes)); the bad ones are refused with a
        message each, the good ones kept.

        :return: (new cvtheque.cv.document records, list of error messages)
        """
        self.ensure_one()
        Document = self.env["cvtheque.cv.document"]
        documents = Document.browse()
        errors = []
        for filename, data in files:
            try:
                mimetype = Document._check_file(filename, data)
            except UserError as error:
                errors.append(error.args[0])
                continue
            documents |= Document.sudo().create(
                {"cv_id": self.id, "name": filename, "file": base64.b64encode(data), "mimetype": mimetype}
            )
        if documents and not self.env.context.get("cvtheque_no_touch"):
            self.sudo().with_context(cvtheque_no_touch=True).write(
                {"last_update_date": fields.Datetime.now(), "renewal_requested_date": False}
            )
        return documents, errors

    # ------------------------------------------------------------------ search

    @api.model
    def _commune_ids_within(self, commune_id, radius_km):
        commune = self.env["reserve.commune"].browse(commune_id).exists()
        if not commune:
            raise UserError(self.env._("Choose the commune in the list."))
        rows = self.env.execute_query(commune_cte(commune.latitude, commune.longitude, radius_km or 0))
        return [row[0] for row in rows] or [commune.id]

    @api.model
    def _search_filters_domain(
        self,
        job_ids=None,
        qualification_ids=None,
        commune_id=None,
        radius_km=None,
        available_by=None,
        contract_type_ids=None,
        shared_after=None,
    ):
        domain = Domain("state", "=", "published")
        if shared_after:
            domain &= Domain("consent_date", ">", shared_after)
        if job_ids:
            domain &= Domain("job_ids", "in", list(job_ids))
        if qualification_ids:
            domain &= Domain("qualification_ids", "in", list(qualification_ids))
        if contract_type_ids:
            domain &= Domain("contract_type_ids", "in", list(contract_type_ids))
        if available_by:
            domain &= Domain("available_date", "=", False) | Domain("available_date", "<=", available_by)
        if commune_id:
            domain &= Domain("commune_id", "in", self._commune_ids_within(commune_id, radius_km))
        return domain

    @api.model
    def search_fulltext(
        self,
        text="",
        job_ids=None,
        qualification_ids=None,
        commune_id=None,
        radius_km=None,
        available_by=None,
        contract_type_ids=None,
        shared_after=None,
        limit=20,
        offset=0,
    ):
        """Shared CVs matching ``text`` (French, accents ignored, web-search syntax) and the
        filters, best first, with a highlighted extract; only the CVs the user may read
        (record rules apply: a member sees the CVs shared with their establishment).

        :return: list of dicts ``{"id", "rank", "headline"}`` (headline: HTML, words in <mark>)
        """
        domain = self._search_filters_domain(
            job_ids, qualification_ids, commune_id, radius_km, available_by, contract_type_ids, shared_after
        )
        query = self._search(domain)
        table = self._table
        vector = SQL.identifier(table, "search_vector")
        text = (text or "").strip()
        write_date = SQL.identifier(table, "write_date")
        if text:
            query.add_where(SQL("%s @@ %s", vector, tsquery(text)))
            rank = SQL("ts_rank_cd(%s, %s, 32)", vector, tsquery(text))
            query.order = SQL("%s DESC, %s DESC", rank, write_date)
        else:
            rank = SQL("0.0::float")
            query.order = SQL("%s DESC", write_date)
        query.limit = limit
        query.offset = offset
        rows = self.env.execute_query(query.select(SQL.identifier(table, "id"), rank))
        if not rows:
            return []
        ids = [row[0] for row in rows]
        headlines = {}
        self.env.cr.execute(
            SQL(
                """SELECT id, ts_headline(%(cfg)s::regconfig, left(coalesce(search_body, search_head, ''), 20000),
                                          %(query)s, 'MaxFragments=2, MaxWords=25, MinWords=8,
                                          StartSel=[[[, StopSel=]]], FragmentDelimiter= … ')
                     FROM cvtheque_cv WHERE id = ANY(%(ids)s)""",
                cfg=TS_CONFIG,
                query=tsquery(text) if text else SQL("''::tsquery"),
                ids=ids,
            )
            if text
            else SQL("SELECT id, left(coalesce(search_body, ''), 200) FROM cvtheque_cv WHERE id = ANY(%s)", ids)
        )
        for cv_id, headline in self.env.cr.fetchall():
            escaped = str(html_escape(headline or ""))
            headlines[cv_id] = escaped.replace("[[[", "<mark>").replace("]]]", "</mark>")
        return [{"id": cv_id, "rank": float(value), "headline": headlines.get(cv_id, "")} for cv_id, value in rows]

    # ------------------------------------------------------------------ portal

    @api.model
    def _portal_create(self, values, files=()):
        """The signed-in person creates their CV; a reservist's profile gives what it holds
        (jobs, diplomas, commune, radius, contract types), the person's values come on top.

        :param values: the PERSON_FIELDS the person gave
        :return: (the new CV, the messages of refused files)
        """
        user = self.env.user
        unknown = set(values) - PERSON_FIELDS
        if unknown:
            raise AccessError(self.env._("These fields cannot be set on a CV: %s", ", ".join(sorted(unknown))))
        person = self.env["reserve.person"].search([("user_id", "=", user.id)], limit=1)
        defaults = {"partner_id": user.partner_id.id, "user_id": user.id, "person_id": person.id}
        if person:
            defaults.update(person._cvtheque_cv_defaults())
        cv = self.sudo().create({**defaults, **values}).with_env(self.env)
        _documents, errors = cv._add_documents(files)
        return cv, errors

    @api.model
    def _check_visitor_application_limit(self, client_address, email_normalized):
        """Count a visitor's application with a new address against the limits of the
        reserve's public signup (``reserve.signup.attempt``: per connection an hour, per
        e-mail a day), since it creates an account and sends its invitation as a signup does.

        :raise UserError: a limit is reached (nothing is created, nothing counted)
        """
        # Public form: the attempts are read and written as superuser; nobody else has access.
        Attempt = self.env["reserve.signup.attempt"].sudo()
        reached = Attempt._get_limit_reached(client_address, email_normalized)
        if reached == "client":
            raise UserError(
                self.env._(
                    "Too many applications were sent from your connection in the last hour. Please try again in "
                    "an hour, or sign in to your space to apply with your CV."
                )
            )
        if reached == "email":
            raise UserError(
                self.env._(
                    "Several applications were already sent with this e-mail address today. Look in your mailbox "
                    "(and its spam folder) for the message that creates your account, then apply from your space; "
                    "or try again tomorrow."
                )
            )
        Attempt._record(client_address, email_normalized)

    # ------------------------------------------------------------------ retention

    @api.model
    def _retention_months(self):
        return int(self.env["ir.config_parameter"].sudo().get_param("cvtheque.retention_months", 24))

    def _renewal_token(self, expiry):
        return link_token(self.env, RENEWAL_SCOPE, (self.id, str(self.renewal_requested_date or "")), expiry)

    def _renewal_url(self):
        self.ensure_one()
        expiry = calendar.timegm(
            (self.renewal_requested_date + datetime.timedelta(days=RENEWAL_LINK_DAYS + 1)).timetuple()
        )
        return f"{self.get_base_url()}/cvtheque/renew/{self.id}?token={self._renewal_token(expiry)}"

    def _check_renewal_token(self, token):
        self.ensure_one()
        if not self.renewal_requested_date or self.state != "published":
            return "invalid"
        return check_link_token(token, self._renewal_token)

    def _renew_by_link(self, token):
        """The person pressed the renewal button of their e-mail: consent renewed."""
        self.ensure_one()
        result = self._check_renewal_token(token)
        if result == "valid":
            self.sudo()._record_consent("renewed")
            return "renewed"
        return result

    def _anonymise(self):
        """Remove the person from the CV: documents deleted, texts emptied, a log line kept
        (privacy_lookup's privacy log, the person's name and e-mail masked)."""
        anonymous = self.env.ref("cvtheque.partner_anonymous")
        for cv in self:
            documents = cv.document_ids
            partner = cv.sudo().partner_id
            self.env["privacy.log"].sudo().create(
                {
                    "cv_id": cv.id,
                    "anonymized_name": partner.name or "",
                    "anonymized_email": partner.email or "",
                    "records_description": self.env._(
                        "CV #%(id)s: %(count)s document(s)", id=cv.id, count=len(documents)
                    ),
                    "execution_details": self.env._(
                        "CV anonymised by the retention rule: no renewal of consent %(days)s days after the request; "
                        "%(count)s document(s) and the experience lines deleted, the presentation emptied.",
                        days=RENEWAL_LINK_DAYS,
                        count=len(documents),
                    ),
                }
            )
            cv.document_ids.sudo().unlink()
            cv.experience_ids.sudo().unlink()
            # The consent lines stay (what was agreed to, when) without the person's account.
            cv.sudo().consent_ids.write({"user_id": False})
            cv.sudo().with_context(cvtheque_no_touch=True).write(
                {
                    "name": self.env._("Anonymised CV"),
                    "summary": False,
                    "partner_id": anonymous.id,
                    "person_id": False,
                    "user_id": False,
                    "member_ids": [(5, 0, 0)],
                    "state": "anonymised",
                    "anonymised_date": fields.Datetime.now(),
                    "renewal_requested_date": False,
                }
            )
            # The chatter may quote the person's name: only the log line below remains.
            cv.sudo().message_ids.unlink()
            cv.sudo().message_post(
                body=self.env._(
                    "CV anonymised: no renewal of consent after %(days)s days; %(count)s document(s) deleted.",
                    days=RENEWAL_LINK_DAYS,
                    count=len(documents),
                )
            )
            _logger.info("CV %s anonymised, %s document(s) deleted", cv.id, len(documents))

    @api.model
    def _cron_retention(self, batch_size=200):
        """Ask the persons of CVs untouched for the retention period to renew their consent;
        anonymise those who did not answer within 30 days, and the CVs whose consent was
        withdrawn and that stayed untouched as long (nothing to renew: they are shared with
        nobody, only kept). In batches, with Odoo's cron progress."""
        now = fields.Datetime.now()
        months = self._retention_months()
        stale_before = now - datetime.timedelta(days=round(months * 30.44))
        answer_before = now - datetime.timedelta(days=RENEWAL_LINK_DAYS)
        to_anonymise = (Domain("renewal_requested_date", "<", answer_before) & Domain("state", "!=", "anonymised")) | (
            Domain("state", "=", "withdrawn")
            & Domain("last_update_date", "<", stale_before - datetime.timedelta(days=RENEWAL_LINK_DAYS))
        )
        to_ask = (
            Domain("renewal_requested_date", "=", False)
            & Domain("last_update_date", "<", stale_before)
            & Domain("state", "=", "published")
        )
        template = self.env.ref("cvtheque.mail_template_cv_renewal")
        remaining = self.search_count(to_anonymise | to_ask)
        Cron = self.env["ir.cron"]
        while True:
            cvs = self.search(to_anonymise, limit=batch_size)
            if cvs:
                cvs._anonymise()
            else:
                cvs = self.search(to_ask, limit=batch_size)
                if not cvs:
                    break
                cvs.sudo().with_context(cvtheque_no_touch=True).write({"renewal_requested_date": now})
                template.sudo().send_mail_batch(
                    cvs.ids, force_send=False, email_values={"message_type": "user_notification"}
                )
            remaining = max(remaining - len(cvs), 0)
            # Commit each batch when run by the cron (Odoo's progress); a direct call commits nothing.
            if (
                self.env.context.get("ir_cron_progress_id")
                and Cron._commit_progress(processed=len(cvs), remaining=remaining) <= 0
            ):
                break
        return True

    # ------------------------------------------------------------------ demo

    @api.model
    def _demo_populate(self, count=80, offer_count=15):
        """The French demo: ``count`` CVs with real PDF and DOCX files across the sector's
        jobs, ``offer_count`` offers of the demo members, applications in several stages."""
        import random  # noqa: PLC0415

        from ..tools.demo_data import FIRST_NAMES, LAST_NAMES, TRADES, cv_content, cv_file  # noqa: PLC0415

        rng = random.Random(19)
        env = self.env(context=dict(self.env.context, tracking_disable=True, mail_create_nolog=True, mail_notrack=True))
        members = env["res.partner"].search([("member_state", "=", "member"), ("is_company", "=", True)], order="id")
        communes = env["reserve.commune"].search([("department_id.code", "in", ("50", "44"))], order="id")
        contract_types = env["reserve.contract.type"].search([("is_paid", "=", True)])
        jobs = {xmlid: env.ref(f"reserve_medicosociale.{xmlid}") for xmlid in TRADES}
        qualifications = {
            xmlid: env.ref(f"reserve_medicosociale.{xmlid}", raise_if_not_found=False)
            for trade in TRADES.values()
            for xmlid in trade[3]
        }
        reservist = env.ref("reserve_medicosociale.user_reservist_demo", raise_if_not_found=False)
        person = reservist and env["reserve.person"].search([("user_id", "=", reservist.id)], limit=1)
        cvs = self.browse()
        for index in range(count):
            job_xmlid = list(TRADES)[index % len(TRADES)]
            title, summary, experiences, qualification_xmlids, paragraphs = cv_content(rng, job_xmlid)
            if index == 0 and person:
                partner, user = reservist.partner_id, reservist
            else:
                name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
                email = f"{name.lower().replace(' ', '.')}.{index}@exemple-candidat.fr"
                partner = env["res.partner"].create({"name": name, "email": email, "lang": "fr_FR"})
                user = env["res.users"]
            roll = rng.random()
            visibility = "all" if roll < 0.6 else "selected" if roll < 0.8 else "association"
            cv = self.with_env(env).create(
                {
                    "name": title,
                    "partner_id": partner.id,
                    "user_id": user.id,
                    "person_id": person.id if user and person else False,
                    "summary": summary,
                    "job_ids": [(6, 0, jobs[job_xmlid].ids)],
                    "qualification_ids": [
                        (6, 0, [qualifications[x].id for x in qualification_xmlids if qualifications.get(x)])
                    ],
                    "commune_id": rng.choice(communes).id if communes else False,
                    "radius_km": rng.choice((10, 20, 30, 50)),
                    "available_date": fields.Date.today() + datetime.timedelta(days=rng.randint(-30, 120)),
                    "contract_type_ids": [(6, 0, rng.sample(contract_types.ids, k=min(2, len(contract_types))))],
                    "visibility": visibility,
                    "member_ids": [(6, 0, rng.sample(members.ids, k=min(2, len(members))))]
                    if visibility == "selected"
                    else [],
                    "experience_ids": [(0, 0, line) for line in experiences],
                }
            )
            cv._add_documents([cv_file(rng, index, partner.name, paragraphs)])
            cvs |= cv
        # Two people withdrew their consent; one CV waits for its renewal.
        cvs[-2:]._record_consent("withdrawn")
        cvs[-3].sudo().with_context(cvtheque_no_touch=True).write(
            {"renewal_requested_date": fields.Datetime.now() - datetime.timedelta(days=5)}
        )
        env["hr.job"]._demo_populate_offers(members, cvs[:-2], rng, offer_count)
        return cvs
