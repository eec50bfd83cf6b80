"""The communes files published on data.gouv.fr, read line by line.

Two official files give the INSEE code, the name, the postal codes and the coordinates of
every commune:

- La Poste's "Base officielle des codes postaux" (base-officielle-codes-postaux.csv, or
  laposte_hexasmal.csv): one line per commune and postal code, names in capitals,
  coordinates in a ``_geopoint`` column ("48.63, -1.61"), and in some copies the leading
  zeros of the codes dropped;
- "Communes et villes de France" and its enriched copies: one line per commune, the
  official name (``nom_standard`` or ``nom_commune_complet``), latitude and longitude columns.

The columns are found by their header, whatever the order, case and separator.
"""

import csv
import io
import re

INSEE_RE = re.compile(r"^(\d{5}|2[AB]\d{3})$")
POSTAL_CODE_RE = re.compile(r"\d{5}")

# Header names of each piece of information, the preferred first.
COLUMNS = {
    "insee": ("code_commune_insee", "code_insee", "insee_code", "codgeo"),
    "name": ("nom_commune_complet", "nom_standard", "libelle", "nom_commune", "nom"),
    "postal_name": ("nom_de_la_commune", "nom_commune_postal"),
    "postal_code": ("code_postal", "codes_postaux", "postal_codes"),
    "latitude": ("latitude", "latitude_centre", "latitude_mairie", "lat"),
    "longitude": ("longitude", "longitude_centre", "longitude_mairie", "lon", "lng"),
    "geopoint": ("_geopoint", "coordonnees_gps", "coordonnees_geographiques", "geopoint"),
}


class CommunesFileError(ValueError):
    """The file cannot be read as a communes file at all."""


def _header_key(name):
    return re.sub(r"\s+", "_", name.strip().lstrip("\ufeff").strip('"').lower())


def _decode(raw):
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return raw.decode("latin-1")


def department_code(insee_code):
    """The département of a commune: 3 characters overseas (97x, and 98x for the collectivities),
    else the first 2 (2A, 2B)."""
    return insee_code[:3] if insee_code[:2] in ("97", "98") else insee_code[:2]


def normalise_insee(value):
    """The INSEE code with the leading zero some copies drop ("1001" is 01001)."""
    value = (value or "").strip().upper()
    if value.isdigit() and len(value) == 4:
        value = value.zfill(5)
    return value


def _coordinate(value, limit):
    try:
        number = float((value or "").strip().replace(",", "."))
    except ValueError:
        return None
    return number if -limit <= number <= limit and number != 0.0 else None


def _postal_codes(value):
    codes = set()
    for part in re.split(r"[\s,;|/]+", value or ""):
        part = part.strip()
        if part.isdigit() and len(part) == 4:
            part = part.zfill(5)
        if POSTAL_CODE_RE.fullmatch(part):
            codes.add(part)
    return codes


def iter_communes_file(stream):
    """Yield (line_number, record) for each line of a communes file; record is a dict with
    insee, name, name_is_official, postal_codes (a set), latitude, longitude (None when
    missing or wrong) and problem (None, or why the line cannot be used). The header is
    line 1. Raises CommunesFileError when the file has no usable header."""
    lines = io.StringIO(_decode(stream.read()))
    first = lines.readline()
    delimiter = max(";,\t", key=first.count)
    header = [_header_key(name) for name in next(csv.reader([first], delimiter=delimiter))]
    # Every postal-code column counts ("code_postal" may hold one code, "codes_postaux" all).
    postal_columns = [header.index(name) for name in COLUMNS["postal_code"] if name in header]
    index = {}
    for key, names in COLUMNS.items():
        for name in names:
            if name in header:
                index[key] = header.index(name)
                break
    if "insee" not in index or not ({"name", "postal_name"} & set(index)):
        raise CommunesFileError(", ".join(header[:12]))
    for number, row in enumerate(csv.reader(lines, delimiter=delimiter), start=2):
        if not any(cell.strip() for cell in row):
            continue

        def cell(key, row=row):
            position = index.get(key)
            return row[position].strip() if position is not None and position < len(row) else ""

        insee = normalise_insee(cell("insee"))
        official = cell("name")
        name = " ".join((official or cell("postal_name")).split())
        latitude = _coordinate(cell("latitude"), 90)
        longitude = _coordinate(cell("longitude"), 180)
        if cell("geopoint"):
            parts = cell("geopoint").replace(";", ",").split(",")
            if len(parts) == 2:
                latitude, longitude = _coordinate(parts[0], 90), _coordinate(parts[1], 180)
        problem = None
        if not INSEE_RE.match(insee):
            problem = ("insee", insee or "-")
        elif not name:
            problem = ("name", insee)
        yield (
            number,
            {
                "insee": insee,
                "name": name,
                "name_is_official": bool(official),
                "postal_codes": set().union(*(_postal_codes(row[i]) for i in postal_columns if i < len(row))),
                "latitude": latitude if longitude is not None else None,
                "longitude": longitude if latitude is not None else None,
                "problem": problem,
            },
        )
