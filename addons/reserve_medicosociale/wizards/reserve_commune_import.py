import base64
import io
import logging
import time

from odoo import Command, fields, models
from odoo.exceptions import UserError

from ..tools.communes_file import CommunesFileError, department_code, iter_communes_file

_logger = logging.getLogger(__name__)

BATCH_SIZE = 1000
# Beyond this many communes, only the lines with a problem are listed (the national file has 35,000).
DETAIL_LIMIT = 2000
PROBLEM_LIMIT = 5000
LINE_PRIORITY = {"reject": 0, "warning": 1, "create": 2, "update": 2, "skip": 3}


class ReserveCommuneImport(models.TransientModel):
    """Create or update the communes (INSEE code, name, postal codes, coordinates) from the
    national file published on data.gouv.fr, with a preview that writes nothing. Communes are
    matched by INSEE code: a second import of the same file changes nothing."""

    _name = "reserve.commune.import"
    _inherit = ["reserve.file.import.mixin"]
    _description = "Import communes"

    file = fields.Binary(
        string="Communes file",
        required=True,
        attachment=False,
        help="La Poste's base-officielle-codes-postaux.csv, or the communes-france-….csv file of "
        "data.gouv.fr, in UTF-8 or Latin-1.",
    )
    unchanged_count = fields.Integer(string="Unchanged", readonly=True)
    rejected_count = fields.Integer(string="Rejected lines", readonly=True)
    line_ids = fields.One2many("reserve.commune.import.line", "import_id", string="Lines", readonly=True)

    def _import_title(self):
        return self.env._("Import communes")

    # ------------------------------------------------------------------ reading

    def _read_file(self, report):
        """The communes of the file by INSEE code, each gathered from all its lines."""
        raw = base64.b64decode(self.with_context(bin_size=False).file)
        communes = {}
        try:
            for line_number, record in iter_communes_file(io.BytesIO(raw)):
                if record["problem"]:
                    kind, value = record["problem"]
                    if kind == "insee":
                        reason = self.env._(
                            "“%(code)s” is not an INSEE commune code (5 digits, or 2A/2B and 3 digits): "
                            "the line is left out.",
                            code=value,
                        )
                    else:
                        reason = self.env._("The line has no commune name: it is left out.")
                    report.add(line_number, record["insee"], record["name"], "reject", reason)
                    continue
                commune = communes.get(record["insee"])
                if commune is None:
                    communes[record["insee"]] = {**record, "line_number": line_number}
                    continue
                # La Poste's file has a line per postal code of a commune.
                commune["postal_codes"] |= record["postal_codes"]
                if commune["latitude"] is None and record["latitude"] is not None:
                    commune["latitude"], commune["longitude"] = record["latitude"], record["longitude"]
                if record["name_is_official"] and not commune["name_is_official"]:
                    commune["name"], commune["name_is_official"] = record["name"], True
        except CommunesFileError as error:
            raise UserError(
                self.env._(
                    "This file is not a communes file: its first line should name the columns, among them the "
                    "INSEE code (code_commune_insee or code_insee) and the name (nom_de_la_commune or "
                    "nom_standard). Its first columns are: %(columns)s.",
                    columns=str(error),
                )
            ) from None
        return communes

    # ------------------------------------------------------------------ run

    def _run(self, dry_run):
        started = time.monotonic()
        report = _Report()
        communes = self._read_file(report)
        departments = {
            department["code"]: department["id"]
            for department in self.env["reserve.department"].with_context(active_test=False).search_read([], ["code"])
        }
        Commune = self.env["reserve.commune"].with_context(active_test=False)
        existing = {
            commune["insee_code"]: commune
            for commune in Commune.search_read(
                [], ["insee_code", "name", "postal_codes", "latitude", "longitude", "department_id"]
            )
        }
        to_create, to_update = [], []
        for insee, commune in sorted(communes.items(), key=lambda item: item[1]["line_number"]):
            department_id = departments.get(department_code(insee))
            if not department_id:
                report.add(
                    commune["line_number"],
                    insee,
                    commune["name"],
                    "skip",
                    self.env._(
                        "The département %(code)s is not in the list of départements (overseas collectivities, "
                        "Monaco): the commune is left out.",
                        code=department_code(insee),
                    ),
                )
                continue
            values, warnings = self._commune_values(commune, existing.get(insee), department_id)
            if insee not in existing:
                to_create.append(values)
                report.add(commune["line_number"], insee, values["name"], "create", "\n".join(warnings))
            elif values:
                to_update.append((existing[insee]["id"], values))
                report.add(commune["line_number"], insee, commune["name"], "update", "\n".join(warnings))
            else:
                report.unchanged += 1
                if warnings:
                    report.add(commune["line_number"], insee, commune["name"], "warning", "\n".join(warnings))
        if not dry_run:
            for start in range(0, len(to_create), BATCH_SIZE):
                Commune.create(to_create[start : start + BATCH_SIZE])
            for commune_id, values in to_update:
                Commune.browse(commune_id).write(values)
        self._write_report(report, dry_run, time.monotonic() - started, bool(communes))

    def _commune_values(self, commune, current, department_id):
        """The values to write (all of them for a new commune, the changed ones otherwise) and
        the warnings of the commune."""
        warnings = []
        postal_codes = " ".join(sorted(commune["postal_codes"])) or False
        values = {"postal_codes": postal_codes, "department_id": department_id}
        if commune["latitude"] is not None:
            values.update(latitude=round(commune["latitude"], 6), longitude=round(commune["longitude"], 6))
        elif not current or not current["latitude"]:
            warnings.append(
                self.env._("The file gives no valid coordinates: distances to this commune cannot be computed.")
            )
        if current is None:
            values.update(insee_code=commune["insee"], name=commune["name"])
            if not commune["name_is_official"]:
                warnings.append(
                    self.env._(
                        "Name in La Poste's capitals; import the communes-france file of data.gouv.fr "
                        "for the official name."
                    )
                )
            return values, warnings
        if commune["name_is_official"]:
            values["name"] = commune["name"]
        if not postal_codes:
            del values["postal_codes"]  # a file without postal codes does not erase them
        changed = {
            key: value
            for key, value in values.items()
            if (current[key][0] if key == "department_id" and current[key] else current[key]) != value
            and not (key in ("latitude", "longitude") and abs((current[key] or 0.0) - value) < 5e-6)
        }
        return changed, warnings

    def _write_report(self, report, dry_run, duration, has_communes):
        messages = []
        if not has_communes:
            messages.append(self.env._("The file contains no commune line."))
        if report.skipped_departments:
            messages.append(
                self.env._(
                    "%(count)s communes of départements outside the list are filtered out: %(codes)s.",
                    count=report.counts["skip"],
                    codes=", ".join(sorted(report.skipped_departments)),
                )
            )
        if report.details_dropped:
            messages.append(
                self.env._(
                    "Only the lines with a problem are listed: the file has more than %(limit)s communes.",
                    limit=DETAIL_LIMIT,
                )
            )
        if report.problems_dropped:
            messages.append(
                self.env._(
                    "%(count)s more lines with a problem are not listed.",
                    count=report.problems_dropped,
                )
            )
        if dry_run:
            messages.append(
                self.env._("This is a preview: nothing was saved. Click Import to create and update the communes.")
            )
        lines = report.problems + (report.details if not report.details_dropped else [])
        lines.sort(key=lambda line: (line["priority"], line["line_number"]))
        self.write(
            {
                "state": "preview" if dry_run else "done",
                "created_count": report.counts["create"],
                "updated_count": report.counts["update"],
                "unchanged_count": report.unchanged,
                "rejected_count": report.counts["reject"],
                "skipped_count": report.counts["skip"],
                "warning_count": report.warnings,
                "duration": duration,
                "message": "\n".join(messages) or False,
                "line_ids": [Command.clear()] + [Command.create(line) for line in lines],
            }
        )
        _logger.info(
            "Communes %s: %s created, %s updated, %s unchanged, %s rejected, %s filtered out in %.1f s",
            "preview" if dry_run else "import",
            report.counts["create"],
            report.counts["update"],
            report.unchanged,
            report.counts["reject"],
            report.counts["skip"],
            duration,
        )


class _Report:
    """Counters, and the lines to show: every problem, the other lines while they are few."""

    def __init__(self):
        self.counts = dict.fromkeys(("create", "update", "reject", "skip"), 0)
        self.unchanged = self.warnings = self.problems_dropped = 0
        self.problems, self.details = [], []
        self.details_dropped = False
        self.skipped_departments = set()

    def add(self, line_number, insee, name, action, reason):
        if action in self.counts:
            self.counts[action] += 1
        if action == "skip":
            self.skipped_departments.add(department_code(insee))
        warning = action == "warning" or (action in ("create", "update") and bool(reason))
        self.warnings += warning
        line = {
            "line_number": line_number,
            "insee_code": insee,
            "name": name,
            "action": action,
            "reason": reason or False,
            "priority": LINE_PRIORITY["warning" if warning else action],
        }
        if warning or action == "reject":
            if len(self.problems) < PROBLEM_LIMIT:
                self.problems.append(line)
            else:
                self.problems_dropped += 1
        elif not self.details_dropped:
            self.details.append(line)
            if len(self.details) > DETAIL_LIMIT:
                self.details_dropped, self.details = True, []
