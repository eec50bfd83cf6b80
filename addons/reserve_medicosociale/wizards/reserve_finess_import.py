import base64
import io
import logging
import time
from dataclasses import dataclass, field

from stdnum.exceptions import ValidationError as StdnumValidationError
from stdnum.fr import siret as stdnum_siret

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Command

from ..tools.finess import (
    GEOLOCATION_TAG,
    FinessProblem,
    Rejection,
    commune_insee_code,
    compact,
    department_from_extract,
    finess_department_code,
    finess_problem,
    iter_extract,
    parse_acheminement,
    parse_date,
    street_line,
    to_wgs84,
)

_logger = logging.getLogger(__name__)

# Establishments written per savepoint: one search and one create per batch.
BATCH_SIZE = 500
# Files of up to this many establishments list every line; larger ones only the problems.
DETAIL_LIMIT = 2000
# At most this many problem lines are kept (a wrong file would otherwise give one per line).
PROBLEM_LIMIT = 5000
# Partner fields filled from the extract, compared before writing so that an unchanged
# establishment is not written again.
PARTNER_FIELDS = (
    "name",
    "is_company",
    "type",
    "street",
    "street2",
    "zip",
    "city",
    "country_id",
    "phone",
    "siret",
    "finess_category_id",
    "department_id",
    "commune_id",
    "latitude",
    "longitude",
    "finess_open_date",
    "finess_update_date",
    "parent_id",
)
LINE_PRIORITY = {"reject": 0, "warning": 1, "done": 2, "skip": 3}
# How many categories outside the sector the summary names (the most frequent first).
OUTSIDE_CATEGORY_LIMIT = 10


@dataclass
class _Row:
    """One establishment line, validated, with the partner values it gives."""

    line_number: int
    finess_et: str
    finess_ej: str
    name: str
    vals: dict
    insee_code: str | None = None
    existing: dict | None = None
    warnings: list = field(default_factory=list)

    @property
    def action(self):
        return "update" if self.existing else "create"


@dataclass
class _Report:
    """Counters and the lines to show; only problems are kept for large files."""

    created: int = 0
    updated: int = 0
    rejected: int = 0
    skipped: int = 0
    warnings: int = 0
    legal_entities: int = 0
    establishments_read: int = 0
    problems: list = field(default_factory=list)
    details: list | None = field(default_factory=list)
    problems_dropped: int = 0
    seen_et: dict = field(default_factory=dict)
    seen_siret: set = field(default_factory=set)
    new_legal_entities: set = field(default_factory=set)
    outside_categories: dict = field(default_factory=dict)

    def _add(self, vals, problem):
        if problem:
            if len(self.problems) < PROBLEM_LIMIT:
                self.problems.append(vals)
            else:
                self.problems_dropped += 1
        elif self.details is not None:
            self.details.append(vals)
            if len(self.details) > DETAIL_LIMIT:
                self.details = None

    def reject(self, line_number, finess_et, name, reason):
        self.rejected += 1
        self._add(
            {
                "line_number": line_number,
                "finess_et": finess_et,
                "name": name,
                "action": "reject",
                "reason": reason,
                "priority": LINE_PRIORITY["reject"],
            },
            True,
        )

    def skip_outside_sector(self, line_number, finess_et, name, code, label, reason):
        """A line of a category the sector does not cover (a hospital, a pharmacy…): left out,
        listed with its reason while the list is short, and counted per category."""
        self.skipped += 1
        outside = self.outside_categories.setdefault(code, [label, 0])
        outside[1] += 1
        self._add(
            {
                "line_number": line_number,
                "finess_et": finess_et,
                "name": name,
                "action": "skip",
                "reason": reason,
                "priority": LINE_PRIORITY["skip"],
            },
            False,
        )

    def done(self, row, reasons):
        if row.action == "update":
            self.updated += 1
        else:
            self.created += 1
        if reasons:
            self.warnings += 1
        self._add(
            {
                "line_number": row.line_number,
                "finess_et": row.finess_et,
                "name": row.name,
                "action": row.action,
                "reason": "\n".join(reasons) or False,
                "priority": LINE_PRIORITY["warning" if reasons else "done"],
            },
            bool(reasons),
        )


class ReserveFinessImport(models.TransientModel):
    """Create or update member establishments and their legal entities from the FINESS extract
    published on data.gouv.fr, with a preview that writes nothing."""

    _name = "reserve.finess.import"
    _inherit = ["reserve.file.import.mixin"]
    _description = "Import FINESS extract"

    file = fields.Binary(
        string="FINESS extract",
        required=True,
        attachment=False,
        help="The establishments extract from data.gouv.fr (etalab-cs1100507-stock-….csv, with geolocation, "
        "or etalab-cs1100502-stock-….csv), in UTF-8 or Latin-1.",
    )
    department_ids = fields.Many2many(
        "reserve.department",
        "reserve_finess_import_department_rel",
        "import_id",
        "department_id",
        string="Départements",
        help="Import only the establishments of these départements; all when empty.",
    )
    category_ids = fields.Many2many(
        "reserve.finess.category",
        "reserve_finess_import_category_rel",
        "import_id",
        "category_id",
        string="Categories",
        help="Import only the establishments of these FINESS categories; all when empty.",
    )
    mark_as_prospect = fields.Boolean(
        string="New establishments are prospects",
        default=True,
        help="Establishments created by the import enter the member register as prospects.",
    )
    rejected_count = fields.Integer(string="Rejected", readonly=True)
    legal_entity_count = fields.Integer(string="Legal entities created", readonly=True)
    line_ids = fields.One2many("reserve.finess.import.line", "import_id", string="Lines", readonly=True)

    def _import_title(self):
        return self.env._("Import FINESS extract")

    # ------------------------------------------------------------------ reading

    def _problem_text(self, problem):
        """The translated text of a :class:`FinessProblem`."""
        if problem.params:
            return self.env._(problem.template, **problem.params)
        return self.env._(problem.template)

    def _run(self, dry_run):
        if not self.file:
            raise UserError(
                self.env._(
                    "Choose the FINESS extract (the .csv file downloaded from data.gouv.fr) "
                    "before previewing or importing it."
                )
            )
        started = time.monotonic()
        # bin_size would give the size instead of the content
        raw = base64.b64decode(self.with_context(bin_size=False).file)
        report = _Report()
        # First pass: the geolocation lines, small, usually at the end of the file.
        geolocations = {}
        for record in iter_extract(io.BytesIO(raw), only={GEOLOCATION_TAG}):
            if isinstance(record, Rejection):
                report.reject(record.line_number, record.finess_et, False, self._problem_text(record.problem))
            else:
                geolocations[record.finess_et] = (record.x, record.y, record.source)

        context = self._reference_data()
        wanted_departments = set(self.department_ids.mapped("code"))
        wanted_categories = set(self.category_ids.mapped("code"))
        batch = []
        # Second pass: the establishments, in batches.
        for record in iter_extract(io.BytesIO(raw), skip={GEOLOCATION_TAG}):
            if isinstance(record, Rejection):
                report.reject(record.line_number, record.finess_et, False, self._problem_text(record.problem))
                continue
            report.establishments_read += 1
            values = record.values
            department_code = department_from_extract(values["departement"]) or finess_department_code(
                values["nofinesset"]
            )
            if (wanted_departments and department_code not in wanted_departments) or (
                wanted_categories and values["categetab"] not in wanted_categories
            ):
                report.skipped += 1
                continue
            if values["categetab"] not in context["categories"]:
                report.skip_outside_sector(
                    record.line_number,
                    values["nofinesset"],
                    " ".join((values["rslongue"] or values["rs"]).split()),
                    values["categetab"] or "-",
                    values["libcategetab"] or "-",
                    self._outside_sector_text(values),
                )
                continue
            batch.append((record, department_code))
            if len(batch) >= BATCH_SIZE:
                self._process_batch(batch, geolocations, context, report, dry_run)
                batch = []
        if batch:
            self._process_batch(batch, geolocations, context, report, dry_run)
        self._write_report(report, dry_run, time.monotonic() - started)

    def _reference_data(self):
        """Categories, départements and France, read once for the whole file."""
        return {
            "categories": {
                category["code"]: category["id"]
                for category in self.env["reserve.finess.category"].search_read([], ["code"])
            },
            "departments": {
                department["code"]: department["id"]
                for department in self.env["reserve.department"]
                .with_context(active_test=False)
                .search_read([], ["code"])
            },
            "country_id": self.env.ref("base.fr").id,
        }

    def _outside_sector_text(self, values):
        return self.env._(
            "The FINESS category %(code)s (%(label)s) is outside the sector's categories: the line is left out. "
            "To import such establishments, add the category under Configuration > FINESS categories.",
            code=values["categetab"] or "-",
            label=values["libcategetab"] or "-",
        )

    def _outside_sector_summary(self, report):
        """One sentence for the lines left out because of their category, most frequent first."""
        if not report.outside_categories:
            return False
        ranked = sorted(report.outside_categories.items(), key=lambda item: (-item[1][1], item[0]))
        named = ", ".join(f"{code} {label} ({count})" for code, (label, count) in ranked[:OUTSIDE_CATEGORY_LIMIT])
        if len(ranked) > OUTSIDE_CATEGORY_LIMIT:
            named = self.env._(
                "%(categories)s and %(count)s other categories",
                categories=named,
                count=len(ranked) - OUTSIDE_CATEGORY_LIMIT,
            )
        return self.env._(
            "Filtered out because their category is outside the sector's categories (Configuration > FINESS "
            "categories): %(lines)s lines — %(categories)s.",
            lines=sum(count for _label, count in report.outside_categories.values()),
            categories=named,
        )

    def _write_report(self, report, dry_run, duration):
        lines = sorted(
            report.problems + (report.details or []), key=lambda line: (line["priority"], line["line_number"])
        )
        messages = []
        if not report.establishments_read:
            messages.append(
                self.env._(
                    "The file contains no establishment line (structureet): check that you chose the FINESS "
                    "establishments extract (etalab-cs1100507-stock-….csv) and not another file."
                )
            )
        if outside := self._outside_sector_summary(report):
            messages.append(outside)
        if report.details is None:
            messages.append(
                self.env._(
                    "Only the lines with a problem are listed: the file has more than %(limit)s establishments.",
                    limit=DETAIL_LIMIT,
                )
            )
        if report.problems_dropped:
            messages.append(
                self.env._(
                    "%(count)s more lines with a problem are not listed: correct the first ones, then preview again.",
                    count=report.problems_dropped,
                )
            )
        if dry_run:
            messages.append(
                self.env._(
                    "This is a preview: nothing was saved. Click Import to create and update the establishments."
                )
            )
        self.write(
            {
                "state": "preview" if dry_run else "done",
                "created_count": report.created,
                "updated_count": report.updated,
                "rejected_count": report.rejected,
                "skipped_count": report.skipped,
                "warning_count": report.warnings,
                "legal_entity_count": report.legal_entities,
                "duration": duration,
                "message": "\n".join(messages) or False,
                "line_ids": [Command.clear()] + [Command.create(line) for line in lines],
            }
        )
        _logger.info(
            "FINESS %s: %s created, %s updated, %s rejected, %s filtered out in %.1f s",
            "preview" if dry_run else "import",
            report.created,
            report.updated,
            report.rejected,
            report.skipped,
            duration,
        )

    # ------------------------------------------------------------------ validation

    def _process_batch(self, batch, geolocations, context, report, dry_run):
        rows = self._prepare_rows(batch, geolocations, context, report)
        if not rows:
            return
        if dry_run:
            Partner = self.env["res.partner"].with_context(active_test=False)
            ej_numbers = {row.finess_ej for row in rows if row.finess_ej} - report.new_legal_entities
            known = set(Partner.search([("finess_ej", "in", list(ej_numbers))]).mapped("finess_ej"))
            report.new_legal_entities |= ej_numbers - known
            report.legal_entities = len(report.new_legal_entities)
            for row in rows:
                report.done(row, row.warnings)
            return
        try:
            with self.env.cr.savepoint():
                report.legal_entities += self._write_rows(rows)
        except Exception:  # noqa: BLE001 - any error: retry line by line to find the culprit
            _logger.info("FINESS import: batch from line %s failed, retrying line by line", rows[0].line_number)
            for row in rows:
                try:
                    with self.env.cr.savepoint():
                        created = self._write_rows([row])
                except Exception as error:  # noqa: BLE001 - reported on the line, the rest goes on
                    if not isinstance(error, (UserError, ValueError)):
                        _logger.warning("FINESS import: line %s not saved", row.line_number, exc_info=True)
                    report.reject(
                        row.line_number,
                        row.finess_et,
                        row.name,
                        self.env._(
                            "The establishment could not be saved (%(error)s): correct the line in the file, "
                            "or create the establishment by hand.",
                            error=error.args[0] if error.args else repr(error),
                        ),
                    )
                else:
                    report.legal_entities += created
                    report.done(row, row.warnings)
            return
        for row in rows:
            report.done(row, row.warnings)

    def _prepare_rows(self, batch, geolocations, context, report):
        """Validate a batch of lines and compute the values of their partners; rejected lines
        go to the report."""
        rows = []
        for record, department_code in batch:
            row = self._prepare_row(record, department_code, context, report)
            if row:
                rows.append(row)
        if not rows:
            return rows
        Partner = self.env["res.partner"].with_context(active_test=False)
        existing = {
            partner["finess_et"]: partner
            for partner in Partner.search_read(
                [("finess_et", "in", [row.finess_et for row in rows])], [*PARTNER_FIELDS, "finess_et"]
            )
        }
        insee_codes = {row.insee_code for row in rows} - {None}
        communes = (
            {
                commune["insee_code"]: commune["id"]
                for commune in self.env["reserve.commune"]
                .with_context(active_test=False)
                .search_read([("insee_code", "in", list(insee_codes))], ["insee_code"])
            }
            if insee_codes
            else {}
        )
        sirets = [row.vals["siret"] for row in rows if row.vals.get("siret")]
        siret_owners = (
            {
                partner["siret"]: partner
                for partner in Partner.search_read([("siret", "in", sirets)], ["siret", "finess_et", "display_name"])
            }
            if sirets
            else {}
        )
        for row in rows:
            row.existing = existing.get(row.finess_et)
            if communes.get(row.insee_code):
                row.vals["commune_id"] = communes[row.insee_code]
            self._drop_wrong_siret(row, siret_owners, report)
            self._locate(row, geolocations)
            if not row.existing:
                row.vals["finess_et"] = row.finess_et
                if self.mark_as_prospect:
                    row.vals["member_state"] = "prospect"
        return rows

    def _prepare_row(self, record, department_code, context, report):
        values = record.values
        line_number = record.line_number
        finess_et = compact(values["nofinesset"])
        finess_ej = compact(values["nofinessej"])
        name = " ".join((values["rslongue"] or values["rs"]).split())
        if problem := finess_problem(finess_et):
            report.reject(
                line_number,
                finess_et,
                name,
                self.env._(
                    "The establishment's FINESS number (ET) is not valid: %(reason)s",
                    reason=self._problem_text(problem),
                ),
            )
            return None
        if finess_ej and (problem := finess_problem(finess_ej)):
            report.reject(
                line_number,
                finess_et,
                name,
                self.env._(
                    "The legal entity's FINESS number (EJ) %(number)s is not valid: %(reason)s",
                    number=finess_ej,
                    reason=self._problem_text(problem),
                ),
            )
            return None
        if finess_et in report.seen_et:
            report.reject(
                line_number,
                finess_et,
                name,
                self.env._(
                    "This establishment already appears on line %(line)s: only that first line is imported; "
                    "remove the duplicate from the file.",
                    line=report.seen_et[finess_et],
                ),
            )
            return None
        # Lines of a category outside the sector were filtered out before the batch.
        category_id = context["categories"][values["categetab"]]
        if not name:
            report.reject(
                line_number,
                finess_et,
                name,
                self.env._(
                    "The establishment has no name (fields rs and rslongue are empty): complete the line, "
                    "or create the establishment by hand."
                ),
            )
            return None
        report.seen_et[finess_et] = line_number
        zip_code, city = parse_acheminement(values["ligneacheminement"])
        vals = {
            "name": name,
            "is_company": True,
            # "other", not "contact": Odoo copies a contact's address to and from its parent,
            # which would give every establishment of a legal entity the same address.
            "type": "other" if finess_ej else None,
            "street": street_line(values["numvoie"], values["compvoie"], values["typvoie"], values["voie"]),
            "street2": ", ".join(part for part in (values["compldistrib"], values["lieuditbp"]) if part) or None,
            "zip": zip_code,
            "city": city,
            "country_id": context["country_id"],
            "phone": values["telephone"] or None,
            "siret": compact(values["siret"]) or None,
            "finess_category_id": category_id,
            "department_id": context["departments"].get(department_code),
            "finess_open_date": parse_date(values["dateouv"]),
            "finess_update_date": parse_date(values["datemaj"]),
        }
        # An empty value in the file never erases what the partner already has.
        vals = {key: value for key, value in vals.items() if value is not None}
        return _Row(
            line_number,
            finess_et,
            finess_ej,
            name,
            vals,
            insee_code=commune_insee_code(department_code, values["commune"]),
        )

    def _drop_wrong_siret(self, row, siret_owners, report):
        """Keep the line when its SIRET is wrong or already used, without the SIRET."""
        siret = row.vals.get("siret")
        if not siret:
            return
        reason = None
        try:
            stdnum_siret.validate(siret)
        except StdnumValidationError as error:
            reason = self.env._(
                "The SIRET %(siret)s is not valid (%(error)s): the establishment was saved without it; "
                "check it in the company directory (annuaire-entreprises.data.gouv.fr) and enter it by hand.",
                siret=siret,
                error=str(error),
            )
        else:
            owner = siret_owners.get(siret)
            if (owner and owner["finess_et"] != row.finess_et) or (not owner and siret in report.seen_siret):
                reason = self.env._(
                    "The SIRET %(siret)s already belongs to %(owner)s: the establishment was saved without it, "
                    "as a SIRET identifies a single contact; enter it by hand on the right one if needed.",
                    siret=siret,
                    owner=owner["display_name"] if owner else self.env._("another establishment of the file"),
                )
        if reason:
            del row.vals["siret"]
            row.warnings.append(reason)
        else:
            report.seen_siret.add(siret)

    def _locate(self, row, geolocations):
        """Precise coordinates from the geolocation line; the commune's are kept otherwise."""
        geolocation = geolocations.get(row.finess_et)
        if not geolocation:
            return
        try:
            latitude, longitude = to_wgs84(*geolocation)
        except FinessProblem as problem:
            row.warnings.append(self._problem_text(problem))
        else:
            row.vals["latitude"] = round(latitude, 6)
            row.vals["longitude"] = round(longitude, 6)

    # ------------------------------------------------------------------ writing

    @api.model
    def _changes(self, existing, vals):
        """The values of ``vals`` that differ from the partner read in ``existing``."""
        changes = {}
        for key, value in vals.items():
            current = existing.get(key)
            if isinstance(current, (list, tuple)):
                current = current[0]
            if isinstance(value, float) and isinstance(current, float):
                if abs(value - current) < 1e-6:
                    continue
            elif (current or False) == (value or False):
                continue
            changes[key] = value
        return changes

    def _write_rows(self, rows):
        """Create or update the partners of ``rows``; return how many legal entities were created."""
        # Bulk import: no chatter message nor tracking value for each of thousands of partners.
        # _partners_skip_fields_sync is Odoo's own key for bulk loads (_load_records_create): the
        # parent/children sync it skips has nothing to do for these new partners (companies of
        # type "other", without children), and costs half of the import's time.
        Partner = self.env["res.partner"].with_context(
            tracking_disable=True,
            mail_create_nolog=True,
            mail_create_nosubscribe=True,
            mail_notrack=True,
            _partners_skip_fields_sync=True,
        )
        ej_numbers = {row.finess_ej for row in rows if row.finess_ej}
        legal_entities = (
            {
                partner["finess_ej"]: partner["id"]
                for partner in Partner.with_context(active_test=False).search_read(
                    [("finess_ej", "in", list(ej_numbers))], ["finess_ej"]
                )
            }
            if ej_numbers
            else {}
        )
        missing = sorted(ej_numbers - legal_entities.keys())
        if missing:
            country_id = self.env.ref("base.fr").id
            # The extract does not name legal entities: a placeholder, never written over a real name.
            created = Partner.create(
                [
                    {
                        "name": self.env._("Legal entity %(number)s", number=number),
                        "is_company": True,
                        "finess_ej": number,
                        "country_id": country_id,
                    }
                    for number in missing
                ]
            )
            legal_entities.update(zip(missing, created.ids, strict=True))
        to_create = []
        for row in rows:
            vals = dict(row.vals)
            if row.finess_ej:
                vals["parent_id"] = legal_entities[row.finess_ej]
            if row.existing:
                if changes := self._changes(row.existing, vals):
                    Partner.browse(row.existing["id"]).write(changes)
            else:
                to_create.append(vals)
        if to_create:
            Partner.create(to_create)
        return len(missing)


class ReserveFinessImportLine(models.TransientModel):
    """What the FINESS import did, or would do, with one line of the file."""

    _name = "reserve.finess.import.line"
    _description = "FINESS import line"
    _order = "priority, line_number, id"

    import_id = fields.Many2one("reserve.finess.import", required=True, ondelete="cascade", index=True)
    line_number = fields.Integer(string="Line")
    finess_et = fields.Char(string="FINESS ET")
    name = fields.Char(string="Establishment")
    action = fields.Selection(
        [("create", "Create"), ("update", "Update"), ("reject", "Reject"), ("skip", "Filtered out")],
        required=True,
    )
    reason = fields.Text()
    priority = fields.Integer(help="Rejected lines first, then the lines with a warning.")
