from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools.rpps import is_valid_rpps


class ReservePersonCheck(models.Model):
    """An eligibility check of a person (RPPS, attestation d'honorabilité, vaccination)."""

    _name = "reserve.person.check"
    _description = "Reservist's eligibility check"
    _inherit = ["reserve.verification.mixin", "mail.thread"]
    _order = "date_end, id"
    _verified_content_fields = ("check_type_id", "number", "date_done", "date_end", "attachment_ids")
    _line_type_field = "check_type_id"
    _line_start_field = "date_done"
    _portal_create_fields = frozenset({"person_id", "check_type_id", "number", "date_done"})
    _portal_write_fields = frozenset({"number", "date_done"})

    check_type_id = fields.Many2one("reserve.check.type", required=True, ondelete="restrict", index=True)
    number = fields.Char(help="The RPPS number, or the reference of the document.")
    date_done = fields.Date(string="Date")

    _person_check_unique = models.UniqueIndex("(person_id, check_type_id)", "This check is already on the profile.")
    # The eligibility rule (tools/matching_sql.py): "verified and valid", per person and type.
    _matching_idx = models.Index("(person_id, check_type_id, state, date_end)")

    @api.constrains("number", "check_type_id")
    def _check_number(self):
        for line in self:
            if line.check_type_id.number_format == "rpps" and not is_valid_rpps(line.number or ""):
                raise ValidationError(
                    self.env._(
                        "The RPPS number “%(number)s” is not valid: it has 11 digits and ends with a check key. "
                        "Copy it from the professional card (CPS) or annuaire.sante.fr.",
                        number=line.number or "",
                    )
                )
