import re

from odoo import api, fields, models
from odoo.fields import Domain
from odoo.tools import escape_psql

# A commune as the lists show it (display_name): "Cherbourg-en-Cotentin (50100)".
DISPLAY_NAME_RE = re.compile(r"(?P<name>.*?)\s*\((?P<code>\d{2,5})\)")


class ReserveCommune(models.Model):
    """A French commune with its coordinates, so that distances need no geocoder."""

    _name = "reserve.commune"
    _description = "Commune"
    _order = "name, insee_code"
    _rec_names_search = ["name", "insee_code", "postal_codes"]

    insee_code = fields.Char(string="INSEE code", required=True, index=True, size=5)
    name = fields.Char(required=True, index="trigram")
    postal_codes = fields.Char(help="Postal codes of the commune, separated by spaces.")
    department_id = fields.Many2one("reserve.department", string="Département", required=True, index=True)
    latitude = fields.Float(digits=(10, 6))
    longitude = fields.Float(digits=(10, 6))
    active = fields.Boolean(default=True)

    _insee_code_unique = models.UniqueIndex("(insee_code)", "A commune with this INSEE code already exists.")
    # Bounding-box prefilter of the matching (latitude and longitude BETWEEN …, tools/matching_sql.py).
    _coordinates_idx = models.Index("(latitude, longitude)")

    @api.depends("name", "postal_codes")
    def _compute_display_name(self):
        for commune in self:
            first_code = (commune.postal_codes or "").split(" ")[0]
            commune.display_name = f"{commune.name} ({first_code})" if first_code else commune.name

    # ------------------------------------------------------------------ search by what people type

    @api.model
    def _typed_domain(self, text):
        """The domain of the communes that ``text``, typed in a commune field, designates:
        the start of a postal code ("501" finds the communes of 50100 to 50199, "50100"
        Cherbourg-en-Cotentin, whatever the position of the code in ``postal_codes``), a
        part of the name (searched like the display name: ``_rec_names_search``), or the
        display name as the lists show it ("Cherbourg-en-Cotentin (50100)")."""
        text = (text or "").strip()
        match = DISPLAY_NAME_RE.fullmatch(text)
        if match:
            name, code = match["name"], match["code"]
        elif text.isdigit():
            name, code = "", text
        else:
            name, code = text, ""
        domain = Domain.TRUE
        if code:
            domain &= Domain("postal_codes", "=like", f"{code}%") | Domain("postal_codes", "like", f"% {code}%")
        if name:
            domain &= Domain("display_name", "ilike", name)
        return domain

    @api.model
    def _search_typed(self, text, limit=20):
        """The communes that ``text`` designates (see :meth:`_typed_domain`), in name order:
        what the commune fields of the signup and profile forms offer.

        :return: at most ``limit`` communes; none for fewer than 2 characters
        """
        text = (text or "").strip()
        if len(text) < 2:
            return self.browse()
        return self.search(self._typed_domain(text), limit=limit)

    @api.model
    def _pick_typed(self, text):
        """The commune someone means by ``text`` typed without choosing in the list (a form
        sent without JavaScript): the only one it designates, or among several the only one
        of exactly that name ("Saint-Lô", not "Saint-Lô-d'Ourville").

        :return: (the commune or an empty recordset, the communes it designates)
        """
        matches = self._search_typed(text)
        if len(matches) > 1:
            exact = self.search([("name", "=ilike", escape_psql(text.strip()))], limit=2)
            if len(exact) == 1:
                return exact, matches
        return (matches if len(matches) == 1 else self.browse()), matches
