import base64
import datetime
import io

import xlsxwriter

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from ..tools.local_time import local_midnight, to_local

RECIPIENTS_PARAM = "reserve_medicosociale.report_recipients"
# Freshness of the availability, in days since the person last confirmed it.
FRESH_DAYS = 30
STALE_DAYS = 60


class ReserveReport(models.Model):
    """The report to the authorities (ARS, Département, DRJSCS) for a period: one XLSX sheet
    per topic, with totals and charts, aggregates only (no name, e-mail or phone).

    The figures are computed in SQL by :meth:`_reserve_report_sections`, the extension point
    of the other addons: each adds its own sections with ``super()``. A cron makes the
    report of the past week every Monday and e-mails it to the recipients of the settings;
    coordinators make one for any period from the back-office.
    """

    _name = "reserve.report"
    _description = "Report to the authorities"
    _order = "date_from desc, id desc"

    name = fields.Char(compute="_compute_name", store=True)
    date_from = fields.Date(string="From", required=True)
    date_to = fields.Date(string="To", required=True)
    attachment_id = fields.Many2one("ir.attachment", string="File", readonly=True, copy=False)
    sent_date = fields.Datetime(string="Sent on", readonly=True, copy=False)

    _check_period = models.Constraint("CHECK(date_to >= date_from)", "The period ends after it starts.")

    @api.depends("date_from", "date_to")
    def _compute_name(self):
        for report in self:
            report.name = self.env._(
                "Report from %(date_from)s to %(date_to)s", date_from=report.date_from, date_to=report.date_to
            )

    # ------------------------------------------------------------------ actions

    def action_generate(self):
        """Compute the figures, write the XLSX file and offer it for download."""
        self.ensure_one()
        self._generate()
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{self.attachment_id.id}?download=true",
            "target": "self",
        }

    def action_send(self):
        """E-mail the report to the recipients of the settings."""
        self.ensure_one()
        self._send()
        return True

    # ------------------------------------------------------------------ figures

    def _period_bounds(self, date_from, date_to):
        """The period as naive UTC bounds: from ``date_from`` 00:00 to the day after ``date_to``, Paris time."""
        return local_midnight(date_from), local_midnight(date_to + datetime.timedelta(days=1))

    def _rows(self, query):
        self.env.flush_all()
        return self.env.execute_query(query)

    def _reserve_report_sections(self, date_from, date_to):
        """The report's sections for the period, computed in SQL, aggregates only.

        The extension point of the suite: an addon that adds figures overrides this method,
        calls ``super()`` and appends its own sections::

            def _reserve_report_sections(self, date_from, date_to):
                sections = super()._reserve_report_sections(date_from, date_to)
                sections.append({...})
                return sections

        :param date_from: first day of the period (``datetime.date``, Paris time)
        :param date_to: last day of the period, included
        :return: list of dicts ``{key, title, columns: [(label, kind)], rows: [tuple],
            totals: bool, chart: {"category": column index, "values": [column indexes]} or None}``
            where ``kind`` is ``"text"``, ``"int"``, ``"float"`` or ``"percent"`` (0..1); the
            totals row sums the ``int`` and ``float`` columns
        """
        start, stop = self._period_bounds(date_from, date_to)
        sections = []
        posted = SQL("COALESCE(need.open_date, need.create_date)")
        need_rows = SQL(
            """
            WITH need AS (
                SELECT need.*, %(posted)s AS posted_date,
                       (need.state = 'filled' OR need.filled_count >= need.headcount) AS is_filled,
                       EXTRACT(EPOCH FROM (
                           (SELECT min(pr.answer_date) FROM reserve_proposal pr
                             WHERE pr.need_id = need.id AND pr.state = 'accepted') - %(posted)s)) / 3600
                       AS hours_to_fill
                  FROM reserve_need need
                 WHERE need.state != 'draft' AND %(posted)s >= %(start)s AND %(posted)s < %(stop)s
            )
            """,
            posted=posted,
            start=start,
            stop=stop,
        )
        summary = SQL(
            """count(*), sum(need.headcount), sum(need.filled_count), count(*) FILTER (WHERE need.is_filled),
               COALESCE(count(*) FILTER (WHERE need.is_filled)::float / NULLIF(count(*), 0), 0),
               percentile_cont(0.5) WITHIN GROUP (
                   ORDER BY CASE WHEN need.hours_to_fill < 0 THEN 0 ELSE need.hours_to_fill END)"""
        )
        need_columns = [
            (self.env._("Needs posted"), "int"),
            (self.env._("People needed"), "int"),
            (self.env._("People coming"), "int"),
            (self.env._("Needs filled"), "int"),
            (self.env._("Fill rate"), "percent"),
            (self.env._("Median hours to the first acceptance"), "float"),
        ]
        sections.append(
            {
                "key": "needs_week",
                "title": self.env._("Needs by week"),
                "columns": [(self.env._("Week"), "text"), *need_columns],
                "rows": [
                    (f"{year}-S{week:02d}", *values)
                    for year, week, *values in self._rows(
                        SQL(
                            """%(cte)s
                            SELECT EXTRACT(ISOYEAR FROM need.posted_date AT TIME ZONE 'UTC'
                                                              AT TIME ZONE 'Europe/Paris')::int,
                                   EXTRACT(WEEK FROM need.posted_date AT TIME ZONE 'UTC'
                                                           AT TIME ZONE 'Europe/Paris')::int,
                                   %(summary)s
                              FROM need GROUP BY 1, 2 ORDER BY 1, 2""",
                            cte=need_rows,
                            summary=summary,
                        )
                    )
                ],
                "totals": True,
                "chart": {"category": 0, "values": [1, 4]},
            }
        )
        urgencies = dict(self.env["reserve.need"]._fields["urgency"]._description_selection(self.env))
        lang = self.env.lang or "en_US"
        sections.append(
            {
                "key": "needs_territory",
                "title": self.env._("Needs by territory and urgency"),
                "columns": [(self.env._("Territory"), "text"), (self.env._("Urgency"), "text"), *need_columns],
                "rows": [
                    (territory or self.env._("No territory"), urgencies.get(urgency, urgency), *values)
                    for territory, urgency, *values in self._rows(
                        SQL(
                            """%(cte)s
                            SELECT COALESCE(territory.name->>%(lang)s, territory.name->>'en_US'), need.urgency,
                                   %(summary)s
                              FROM need LEFT JOIN reserve_territory territory ON territory.id = need.territory_id
                          GROUP BY 1, 2 ORDER BY 1, 2""",
                            cte=need_rows,
                            summary=summary,
                            lang=lang,
                        )
                    )
                ],
                "totals": True,
                "chart": {"category": 0, "values": [2]},
            }
        )
        sections.append(
            {
                "key": "needs_job",
                "title": self.env._("Needs by job"),
                "columns": [(self.env._("Job"), "text"), *need_columns],
                "rows": self._rows(
                    SQL(
                        """%(cte)s
                        SELECT COALESCE(job.name->>%(lang)s, job.name->>'en_US'), %(summary)s
                          FROM need JOIN reserve_job job ON job.id = need.job_id
                      GROUP BY 1 ORDER BY 1""",
                        cte=need_rows,
                        summary=summary,
                        lang=lang,
                    )
                ),
                "totals": True,
                "chart": {"category": 0, "values": [1, 4]},
            }
        )
        sections.append(self._reserve_report_no_eligible_section())
        sections += self._reserve_report_reserve_sections(stop)
        return sections

    def _reserve_report_no_eligible_section(self):
        """The needs open when the report is made, by territory and urgency, and those of them
        whose funnel ends at nobody (:meth:`reserve.need._measure_eligibility`, counted again
        now): the needs no lever of the matching can fill as they are posted."""
        open_needs = self.env["reserve.need"].sudo().search([("state", "in", ("open", "partly_filled"))])
        open_needs._measure_eligibility()
        urgencies = dict(self.env["reserve.need"]._fields["urgency"]._description_selection(self.env))
        lang = self.env.lang or "en_US"
        return {
            "key": "needs_no_eligible",
            "title": self.env._("Needs with no eligible person"),
            "columns": [
                (self.env._("Territory"), "text"),
                (self.env._("Urgency"), "text"),
                (self.env._("Open needs"), "int"),
                (self.env._("Needs with no eligible person"), "int"),
                (self.env._("People needed by them"), "int"),
            ],
            "rows": [
                (territory or self.env._("No territory"), urgencies.get(urgency, urgency), *values)
                for territory, urgency, *values in self._rows(
                    SQL(
                        """SELECT COALESCE(territory.name->>%(lang)s, territory.name->>'en_US'), need.urgency,
                                  count(*), count(*) FILTER (WHERE need.has_no_eligible),
                                  COALESCE(sum(need.headcount) FILTER (WHERE need.has_no_eligible), 0)
                             FROM reserve_need need
                        LEFT JOIN reserve_territory territory ON territory.id = need.territory_id
                            WHERE need.state IN ('open', 'partly_filled')
                         GROUP BY 1, 2 ORDER BY 1, 2""",
                        lang=lang,
                    )
                )
            ],
            "totals": True,
            "chart": {"category": 0, "values": [3]},
        }

    def _reserve_report_reserve_sections(self, at):
        """The reserve at the end of the period: active people by category, job and
        territory with the freshness of their availability; students by school and
        diploma; member establishments by sector."""
        categories = dict(self.env["reserve.person"]._fields["category"]._description_selection(self.env))
        sectors = dict(self.env["res.partner"]._fields["member_sector"]._description_selection(self.env))
        fresh_limit = at - datetime.timedelta(days=FRESH_DAYS)
        stale_limit = at - datetime.timedelta(days=STALE_DAYS)
        freshness = SQL(
            """count(*),
               count(*) FILTER (WHERE person.availability_confirmed_date >= %(fresh)s),
               count(*) FILTER (WHERE person.availability_confirmed_date < %(fresh)s
                                  AND person.availability_confirmed_date >= %(stale)s),
               count(*) FILTER (WHERE person.availability_confirmed_date IS NULL
                                   OR person.availability_confirmed_date < %(stale)s)""",
            fresh=fresh_limit,
            stale=stale_limit,
        )
        freshness_columns = [
            (self.env._("Active people"), "int"),
            (self.env._("Confirmed within %s days", FRESH_DAYS), "int"),
            (self.env._("Confirmed %(fresh)s to %(stale)s days ago", fresh=FRESH_DAYS, stale=STALE_DAYS), "int"),
            (self.env._("Older or never confirmed"), "int"),
        ]
        lang = self.env.lang or "en_US"
        return [
            {
                "key": "reserve_category",
                "title": self.env._("Reserve by category"),
                "columns": [(self.env._("Category"), "text"), *freshness_columns],
                "rows": [
                    (categories.get(category, category), *values)
                    for category, *values in self._rows(
                        SQL(
                            "SELECT person.category, %s FROM reserve_person person WHERE person.state = 'active'"
                            " GROUP BY 1 ORDER BY 1",
                            freshness,
                        )
                    )
                ],
                "totals": True,
                "chart": {"category": 0, "values": [1]},
            },
            {
                "key": "reserve_job",
                "title": self.env._("Reserve by job"),
                "columns": [(self.env._("Job"), "text"), *freshness_columns],
                "rows": self._rows(
                    SQL(
                        """SELECT COALESCE(job.name->>%(lang)s, job.name->>'en_US'), %(freshness)s
                             FROM reserve_person person
                             JOIN reserve_person_job line ON line.person_id = person.id
                             JOIN reserve_job job ON job.id = line.job_id
                            WHERE person.state = 'active' GROUP BY 1 ORDER BY 1""",
                        lang=lang,
                        freshness=freshness,
                    )
                ),
                "totals": False,  # a person with two jobs counts in both
                "chart": {"category": 0, "values": [1]},
            },
            {
                "key": "reserve_territory",
                "title": self.env._("Reserve by département"),
                "columns": [(self.env._("Département"), "text"), *freshness_columns],
                "rows": [
                    (department or self.env._("No commune"), *values)
                    for department, *values in self._rows(
                        SQL(
                            """SELECT department.name, %(freshness)s
                                 FROM reserve_person person
                            LEFT JOIN reserve_commune commune ON commune.id = person.commune_id
                            LEFT JOIN reserve_department department ON department.id = commune.department_id
                                WHERE person.state = 'active' GROUP BY 1 ORDER BY 1""",
                            freshness=freshness,
                        )
                    )
                ],
                "totals": True,
                "chart": {"category": 0, "values": [1]},
            },
            {
                "key": "students",
                "title": self.env._("Students by school and diploma"),
                "columns": [
                    (self.env._("School"), "text"),
                    (self.env._("Diploma"), "text"),
                    (self.env._("Registered students"), "int"),
                ],
                "rows": [
                    (school or self.env._("School not given"), diploma or self.env._("No diploma yet"), count)
                    for school, diploma, count in self._rows(
                        SQL(
                            """SELECT NULLIF(trim(person.school_name), ''), qualification.code,
                                      count(DISTINCT person.id)
                                 FROM reserve_person person
                            LEFT JOIN reserve_person_qualification line ON line.person_id = person.id
                            LEFT JOIN reserve_qualification qualification ON qualification.id = line.qualification_id
                                WHERE person.category = 'student' AND person.state NOT IN ('archived', 'refused')
                                  AND person.create_date < %s
                             GROUP BY 1, 2 ORDER BY 1, 2""",
                            at,
                        )
                    )
                ],
                "totals": False,  # a student with two diplomas counts on two lines
                "chart": None,
            },
            {
                "key": "establishments",
                "title": self.env._("Member establishments by sector"),
                "columns": [(self.env._("Sector"), "text"), (self.env._("Member establishments"), "int")],
                "rows": [
                    (sectors.get(sector, sector) if sector else self.env._("No sector"), count)
                    for sector, count in self._rows(
                        SQL(
                            """SELECT partner.member_sector, count(*) FROM res_partner partner
                                WHERE partner.member_state = 'member' AND partner.active
                             GROUP BY 1 ORDER BY 1"""
                        )
                    )
                ],
                "totals": True,
                "chart": {"category": 0, "values": [1]},
            },
        ]

    # ------------------------------------------------------------------ file

    @api.model
    def _xlsx(self, sections, title):
        """The XLSX file of ``sections`` (see :meth:`_reserve_report_sections`): one sheet each,
        a header row, the rows, a totals row and a column chart where the section asks."""
        output = io.BytesIO()
        book = xlsxwriter.Workbook(output, {"in_memory": True})
        bold = book.add_format({"bold": True})
        header = book.add_format({"bold": True, "bg_color": "#DDEBF7", "text_wrap": True, "valign": "top"})
        formats = {
            "int": book.add_format({"num_format": "0"}),
            "float": book.add_format({"num_format": "0.0"}),
            "percent": book.add_format({"num_format": "0.0%"}),
            "text": None,
        }
        total_formats = {
            kind: book.add_format({"bold": True, "num_format": fmt})
            for kind, fmt in (("int", "0"), ("float", "0.0"), ("percent", "0.0%"), ("text", "@"))
        }
        used = set()
        for section in sections:
            name = section["title"][:31]
            for char in "[]:*?/\\":
                name = name.replace(char, " ")
            base, index = name, 2
            while name.lower() in used:
                name = f"{base[:28]} {index}"
                index += 1
            used.add(name.lower())
            sheet = book.add_worksheet(name)
            sheet.write(0, 0, title, bold)
            sheet.write(1, 0, section["title"], bold)
            columns = section["columns"]
            for col, (label, _kind) in enumerate(columns):
                sheet.write(3, col, label, header)
                sheet.set_column(col, col, 28 if col == 0 else 16)
            rows = section["rows"]
            for row_index, row in enumerate(rows, start=4):
                for col, value in enumerate(row):
                    kind = columns[col][1]
                    if value is None:
                        sheet.write_blank(row_index, col, None)
                    elif kind == "text":
                        sheet.write_string(row_index, col, str(value))
                    else:
                        sheet.write_number(row_index, col, float(value), formats[kind])
            last = 4 + len(rows)
            if section.get("totals") and rows:
                sheet.write(last, 0, self.env._("Total"), total_formats["text"])
                for col, (_label, kind) in enumerate(columns):
                    if col and kind in ("int", "float"):
                        total = sum(float(row[col] or 0) for row in rows)
                        sheet.write_formula(
                            last,
                            col,
                            f"=SUM({xlsxwriter.utility.xl_rowcol_to_cell(4, col)}:"
                            f"{xlsxwriter.utility.xl_rowcol_to_cell(last - 1, col)})",
                            total_formats[kind],
                            total,
                        )
            chart_spec = section.get("chart")
            if chart_spec and rows:
                chart = book.add_chart({"type": "column"})
                for col in chart_spec["values"]:
                    chart.add_series(
                        {
                            "name": [name, 3, col],
                            "categories": [name, 4, chart_spec["category"], last - 1, chart_spec["category"]],
                            "values": [name, 4, col, last - 1, col],
                            "y2_axis": columns[col][1] == "percent",
                        }
                    )
                chart.set_title({"name": section["title"]})
                sheet.insert_chart(last + 2, 0, chart, {"x_scale": 1.5})
        book.close()
        return output.getvalue()

    def _generate(self):
        """Compute the sections and store the XLSX file as the report's attachment."""
        for report in self:
            sections = report._reserve_report_sections(report.date_from, report.date_to)
            content = report._xlsx(sections, report.name)
            filename = f"reserve_rapport_{report.date_from}_{report.date_to}.xlsx"
            values = {
                "name": filename,
                "datas": base64.b64encode(content),
                "mimetype": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                "res_model": report._name,
                "res_id": report.id,
            }
            if report.attachment_id:
                report.attachment_id.sudo().write(values)
            else:
                report.attachment_id = self.env["ir.attachment"].sudo().create(values)
        return True

    @api.model
    def _recipients(self):
        """The e-mail addresses of the settings (ARS, Département, DRJSCS…), outside the instance."""
        value = self.env["ir.config_parameter"].sudo().get_param(RECIPIENTS_PARAM) or ""
        return [address.strip() for address in value.replace(";", ",").split(",") if address.strip()]

    def _send(self):
        recipients = self._recipients()
        if not recipients:
            raise UserError(self.env._("Enter the e-mail addresses of the report's recipients in the settings."))
        template = self.env.ref("reserve_medicosociale.mail_template_weekly_report")
        for report in self:
            if not report.attachment_id:
                report._generate()
            template.send_mail(
                report.id,
                force_send=False,
                email_values={"email_to": ", ".join(recipients), "attachment_ids": [report.attachment_id.id]},
            )
            report.sent_date = fields.Datetime.now()
        return True

    # ------------------------------------------------------------------ cron

    @api.model
    def _cron_weekly_report(self):
        """Every Monday: the report of the past week (Monday to Sunday, Paris time), e-mailed to the recipients."""
        today = to_local(fields.Datetime.now()).date()
        monday = today - datetime.timedelta(days=today.weekday() + 7)
        report = self.create({"date_from": monday, "date_to": monday + datetime.timedelta(days=6)})
        report._generate()
        if self._recipients():
            report._send()
        return report
