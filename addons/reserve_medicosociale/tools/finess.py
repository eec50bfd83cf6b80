"""FINESS numbers and the FINESS extract published on data.gouv.fr.

Pure Python, without Odoo, so that the rules can be tested and reused anywhere.

Sources checked (2025-2026):

- check key: the last character is a Luhn key over the first 8; for Corsica the letters count
  as A = 1 and B = 2 ("2A" → "21", "2B" → "22"). Verified on 8 of 8 numbers published in the
  prefectures' official bulletins (ARS de Corse: CH de Bonifacio 2A0000170, CH de Castelluccio
  2A0000386, CH de Sartène 2A0002606, CH de Bastia 2B0000020, CH de Calvi 2B0005342, CHI de
  Corte-Tattone 2B0004246, …); replacing the letters by 0, or by 19/18 as for the NIR, fails on
  all of them. The same rule is used by gip-inclusion/pilotage (itoutils/validators.py).
- overseas numbers start with "970" + the last digit of the département (9701… Guadeloupe,
  9702 Martinique, 9703 Guyane, 9704 La Réunion) or "980" + the last digit of the former
  collectivity code (9805… Mayotte, numbered under 985 before 2011; 9806… Wallis-et-Futuna),
  e.g. 970100012, 970300026, 970400024, 980501506, 980600027 in the 2026 extract.
- the extract's ``departement`` field holds two characters: "9A" Guadeloupe, "9B" Martinique,
  "9C" Guyane, "9D" La Réunion, "9E" Saint-Pierre-et-Miquelon, "9F" Mayotte, "9J"
  Wallis-et-Futuna (Saint-Barthélemy and Saint-Martin sit under "9A"); the ``commune`` field
  holds the last 3 digits of the INSEE code, whose first 2 are the département's ("101" under
  "9A" is 97101 Les Abymes, "451" under "01" is 01451 Viriat).
- ``structureet`` lines have 31 fields (the tag and 30 values) in older extracts, 32 since the
  Education number ``numuai`` was appended (often empty: the line then ends with ";").
- ``sourcecoordet`` ends with the projection: older extracts name it (``LAMBERT_93``,
  ``UTM_N20`` …), recent ones give an EPSG code (``EPSG:2154 RGF93 / Lambert-93 (Métropole)``)
  or ``WGS84/UTM zone 21N (St-Pierre-et-Miquelon)``.
"""

import csv
import functools
import math
import re
from datetime import datetime
from typing import NamedTuple


def _lt(template):
    """Mark an English message for Odoo's translation extraction; callers translate it with
    ``env._(problem.template, **problem.params)``."""
    return template


class FinessProblem(ValueError):
    """Why a number, a line or a coordinate cannot be used.

    ``template`` is an English sentence with ``%(name)s`` placeholders, ``params`` their values:
    Odoo code translates it with ``env._(problem.template, **problem.params)``; ``str()`` gives
    the English text.
    """

    def __init__(self, template, **params):
        self.template = template
        self.params = params
        super().__init__(template % params if params else template)


# ------------------------------------------------------------------ FINESS numbers

FINESS_LENGTH = 9
# For the key, Corsica's letters count as their rank in the alphabet.
CORSICA_KEY_DIGITS = {"2A": "21", "2B": "22"}
# Overseas numbers: 4 first characters → INSEE département (or collectivity) code.
OVERSEAS_PREFIXES = {
    "9701": "971",  # Guadeloupe (with Saint-Barthélemy and Saint-Martin)
    "9702": "972",  # Martinique
    "9703": "973",  # Guyane
    "9704": "974",  # La Réunion
    "9705": "975",  # Saint-Pierre-et-Miquelon: follows the pattern, no published number checked
    "9805": "976",  # Mayotte, numbered under its former code 985
    "9806": "986",  # Wallis-et-Futuna
}
_FINESS_RE = re.compile(r"(?:[0-9]{2}|2[AB])[0-9]{7}")


def compact(number):
    """The number without spaces, in upper case ("2a 000 0170" → "2A0000170")."""
    return "".join(str(number or "").split()).upper()


def _luhn_sum(digits):
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total


def _key_digits(number):
    return CORSICA_KEY_DIGITS.get(number[:2], number[:2]) + number[2:]


def finess_check_digit(body):
    """The check key (one digit) completing the first 8 characters of a FINESS number."""
    body = compact(body)
    if len(body) != FINESS_LENGTH - 1 or not _FINESS_RE.fullmatch(body + "0"):
        raise ValueError(f"A FINESS number starts with 8 digits (or 2A/2B and 6 digits), not {body!r}.")
    return str((10 - _luhn_sum(_key_digits(body) + "0") % 10) % 10)


def finess_problem(number):
    """A :class:`FinessProblem` saying why ``number`` is not a valid FINESS number, else None."""
    number = compact(number)
    if not number:
        return FinessProblem(_lt("The FINESS number is empty: enter its 9 characters."))
    if len(number) != FINESS_LENGTH:
        return FinessProblem(
            _lt(
                "A FINESS number has 9 characters and this one has %(length)s: copy it again from the FINESS directory."
            ),
            length=len(number),
        )
    if not _FINESS_RE.fullmatch(number):
        return FinessProblem(
            _lt(
                "A FINESS number is made of digits only, except 2A or 2B at the start for Corsica: "
                "correct the characters that are neither."
            )
        )
    if _luhn_sum(_key_digits(number)) % 10:
        return FinessProblem(
            _lt(
                "The check key (last digit) does not match the first 8 characters of this FINESS number: "
                "look for a typing error."
            )
        )
    return None


def finess_error(number):
    """English reason why ``number`` is not a valid FINESS number (length, characters, check
    key), or None when it is valid."""
    problem = finess_problem(number)
    return str(problem) if problem else None


def is_valid_finess(number):
    return finess_problem(number) is None


def finess_department_code(number):
    """INSEE code of the département that numbered the establishment: "50", "2A", "971" …

    None when the number is malformed or its overseas prefix is unknown. It is the département
    of the FINESS record, which for a legal entity may differ from its establishments'.
    """
    number = compact(number)
    if len(number) != FINESS_LENGTH or not _FINESS_RE.fullmatch(number):
        return None
    if number[:2] in ("97", "98"):
        return OVERSEAS_PREFIXES.get(number[:4])
    if number[:2] in ("00", "20"):
        return None
    return number[:2]


# ------------------------------------------------------------------ départements and communes in the extract

EXTRACT_DEPARTMENT_CODES = {
    "9A": "971",  # Guadeloupe (also Saint-Barthélemy 97133 and Saint-Martin 97150)
    "9B": "972",  # Martinique
    "9C": "973",  # Guyane
    "9D": "974",  # La Réunion
    "9E": "975",  # Saint-Pierre-et-Miquelon
    "9F": "976",  # Mayotte
    "9J": "986",  # Wallis-et-Futuna
}


def department_from_extract(code):
    """INSEE département code of the extract's ``departement`` field ("9A" → "971", "50" → "50",
    "2a" → "2A"), or None when unknown."""
    code = (code or "").strip().upper()
    if code in EXTRACT_DEPARTMENT_CODES:
        return EXTRACT_DEPARTMENT_CODES[code]
    if re.fullmatch(r"(?:0[1-9]|1[0-9]|2[1-9AB]|[3-8][0-9]|9[0-5])", code):
        return code
    return None


def commune_insee_code(department_code, commune):
    """INSEE code of the commune: the département's first 2 characters and the extract's 3
    digits ("50", "129" → "50129"; "971", "101" → "97101"; "2A", "004" → "2A004")."""
    commune = (commune or "").strip()
    if not department_code or not re.fullmatch(r"[0-9]{3}", commune):
        return None
    return department_code[:2] + commune


def parse_acheminement(line):
    """(zip, city) of a routing line "50100 CHERBOURG EN COTENTIN"; (None, line) when it does not
    start with a 5-digit postcode."""
    line = " ".join((line or "").split())
    match = re.fullmatch(r"([0-9]{5}) (.+)", line)
    if match:
        return match[1], match[2]
    return None, line or None


# Street types of the FINESS (TRE-R35 codes), the frequent ones; other codes are kept as they are.
STREET_TYPES = {
    "ALL": "ALLEE",
    "AV": "AVENUE",
    "BD": "BOULEVARD",
    "CAR": "CARREFOUR",
    "CHE": "CHEMIN",
    "CHS": "CHAUSSEE",
    "CITE": "CITE",
    "COR": "CORNICHE",
    "CRS": "COURS",
    "DOM": "DOMAINE",
    "ESP": "ESPLANADE",
    "FG": "FAUBOURG",
    "GR": "GRANDE RUE",
    "HAM": "HAMEAU",
    "HLE": "HALLE",
    "IMP": "IMPASSE",
    "LD": "LIEU DIT",
    "LOT": "LOTISSEMENT",
    "MAR": "MARCHE",
    "MTE": "MONTEE",
    "PARC": "PARC",
    "PAS": "PASSAGE",
    "PL": "PLACE",
    "PLN": "PLAINE",
    "PLT": "PLATEAU",
    "PRO": "PROMENADE",
    "PRV": "PARVIS",
    "QUA": "QUARTIER",
    "QUAI": "QUAI",
    "R": "RUE",
    "RES": "RESIDENCE",
    "RLE": "RUELLE",
    "ROC": "ROCADE",
    "RPT": "ROND POINT",
    "RTE": "ROUTE",
    "SEN": "SENTIER",
    "SQ": "SQUARE",
    "TRA": "TRAVERSE",
    "VLA": "VILLA",
    "VLGE": "VILLAGE",
    "VOIE": "VOIE",
    "ZA": "ZA",
    "ZAC": "ZAC",
    "ZI": "ZI",
}
STREET_NUMBER_COMPLEMENTS = {"B": "BIS", "T": "TER", "Q": "QUATER"}


def street_line(numvoie, compvoie, typvoie, voie):
    """ "12 BIS RUE DE LA PAIX" from the extract's four address fields."""
    number = (numvoie or "").strip().lstrip("0")
    complement = (compvoie or "").strip().upper()
    street_type = (typvoie or "").strip().upper()
    name = " ".join((voie or "").split())
    word = STREET_TYPES.get(street_type, street_type)
    if word and name.upper().split(" ", 1)[0] in (word.split(" ", 1)[0], street_type):
        word = ""  # "CHE" + "CHEMIN DES PRES": the name already says it
    parts = [number, STREET_NUMBER_COMPLEMENTS.get(complement, complement) if number else "", word, name]
    return " ".join(part for part in parts if part) or None


def parse_date(text):
    """A date from "2020-02-04" (extract) or "04/02/2020"; None when empty or unreadable."""
    text = (text or "").strip()
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


# ------------------------------------------------------------------ coordinates

# Projection named at the end of ``sourcecoordet`` in older extracts → EPSG code.
PROJECTIONS = {
    "LAMBERT_93": 2154,  # RGF93 v1 / Lambert-93: metropolitan France and Corsica
    "UTM_N20": 5490,  # RGAF09 / UTM 20N: Guadeloupe, Martinique (RRAF 1991 4559 and WGS 84 32620 agree to 1 cm)
    "UTM_N21": 4467,  # RGSPM06 / UTM 21N: Saint-Pierre-et-Miquelon
    "UTM_N22": 2972,  # RGFG95 / UTM 22N: Guyane
    "UTM_S38": 4471,  # RGM04 / UTM 38S: Mayotte
    "UTM_S40": 2975,  # RGR92 / UTM 40S: La Réunion
}
# EPSG codes accepted (also when named by recent extracts) → plausible WGS 84 bounds of the
# territory they cover: (min latitude, max latitude, min longitude, max longitude).
_METROPOLE = (41.0, 51.5, -5.8, 10.0)
_ANTILLES = (14.0, 18.6, -63.5, -60.5)
_GUYANE = (1.5, 6.5, -55.0, -51.0)
_REUNION = (-21.6, -20.7, 55.0, 56.0)
_MAYOTTE = (-13.2, -12.4, 44.8, 45.5)
_SAINT_PIERRE = (46.6, 47.3, -56.6, -55.9)
EPSG_BOUNDS = {
    2154: _METROPOLE,
    5490: _ANTILLES,
    4559: _ANTILLES,
    32620: _ANTILLES,
    2972: _GUYANE,
    32622: _GUYANE,
    2975: _REUNION,
    32740: _REUNION,
    4471: _MAYOTTE,
    32738: _MAYOTTE,
    4467: _SAINT_PIERRE,
    32621: _SAINT_PIERRE,
}


def projection_epsg(source):
    """EPSG code of the projection of a ``sourcecoordet`` value (or of a projection name, or an
    EPSG code); raises :class:`FinessProblem` when it is missing or not a known French one."""
    if isinstance(source, int):
        if source in EPSG_BOUNDS:
            return source
        text = f"EPSG:{source}"
    else:
        text = " ".join((source or "").split())
    if not text:
        raise FinessProblem(
            _lt(
                "The geolocation line does not say which projection its coordinates use: "
                "the establishment was imported without coordinates."
            )
        )
    name = text.rsplit(",", 1)[-1].strip()
    if name.upper() in PROJECTIONS:
        return PROJECTIONS[name.upper()]
    match = re.search(r"EPSG:\s*([0-9]{4,5})", text, re.IGNORECASE)
    if match and int(match[1]) in EPSG_BOUNDS:
        return int(match[1])
    match = re.search(r"WGS\s*84\s*/\s*UTM\s+zone\s+([0-9]{1,2})\s*([NS])", text, re.IGNORECASE)
    if match:
        epsg = (32600 if match[2].upper() == "N" else 32700) + int(match[1])
        if epsg in EPSG_BOUNDS:
            return epsg
    raise FinessProblem(
        _lt(
            "The coordinates use a projection this import does not know (%(projection)s): the establishment "
            "was imported without coordinates; place it on the map by hand or ask for the projection to be added."
        ),
        projection=name,
    )


@functools.lru_cache(maxsize=32)
def _transformer(epsg):
    # Imported here so that checking FINESS numbers does not need pyproj; pyproj ≥ 3.1
    # transformers are thread-safe, one per projection is enough.
    from pyproj import Transformer  # noqa: PLC0415

    return Transformer.from_crs(f"EPSG:{epsg}", "EPSG:4326", always_xy=True)


def _number(value):
    if isinstance(value, (int, float)):
        return float(value)
    return float(str(value or "").strip().replace(",", "."))


def to_wgs84(x, y, source):
    """(latitude, longitude) in WGS 84 of a point given in the projection of ``source`` (a
    ``sourcecoordet`` value, a projection name such as "LAMBERT_93", or an EPSG code).

    Raises :class:`FinessProblem` (a ValueError) for an unknown projection, values that are not
    numbers, or a point outside the territory its projection covers.
    """
    epsg = projection_epsg(source)
    try:
        easting, northing = _number(x), _number(y)
    except ValueError:
        easting = northing = math.nan
    if not (math.isfinite(easting) and math.isfinite(northing)):
        raise FinessProblem(
            _lt(
                "The coordinates (%(x)s, %(y)s) are not numbers: the establishment was imported without "
                "coordinates; check them in the FINESS directory."
            ),
            x=x,
            y=y,
        )
    try:
        transformer = _transformer(epsg)
    except ImportError as error:
        raise FinessProblem(
            _lt(
                "The coordinates cannot be converted because the pyproj library is not installed on the server: "
                "the establishment was imported with its commune's coordinates; ask your administrator to install "
                "pyproj."
            )
        ) from error
    longitude, latitude = transformer.transform(easting, northing)
    lat_min, lat_max, lon_min, lon_max = EPSG_BOUNDS[epsg]
    if not (
        math.isfinite(latitude)
        and math.isfinite(longitude)
        and lat_min <= latitude <= lat_max
        and lon_min <= longitude <= lon_max
    ):
        raise FinessProblem(
            _lt(
                "The coordinates (%(x)s, %(y)s) fall outside the territory of their projection (EPSG:%(epsg)s): "
                "the establishment was imported without coordinates; check them in the FINESS directory."
            ),
            x=x,
            y=y,
            epsg=epsg,
        )
    return latitude, longitude


# ------------------------------------------------------------------ the extract

STRUCTURE_FIELDS = (
    "nofinesset",
    "nofinessej",
    "rs",
    "rslongue",
    "complrs",
    "compldistrib",
    "numvoie",
    "typvoie",
    "voie",
    "compvoie",
    "lieuditbp",
    "commune",
    "departement",
    "libdepartement",
    "ligneacheminement",
    "telephone",
    "telecopie",
    "categetab",
    "libcategetab",
    "categagretab",
    "libcategagretab",
    "siret",
    "codeape",
    "codemft",
    "libmft",
    "codesph",
    "libsph",
    "dateouv",
    "dateautor",
    "datemaj",
)
# Appended in recent extracts (Education number), often empty.
STRUCTURE_OPTIONAL_FIELDS = ("numuai",)
GEOLOCATION_FIELDS = ("nofinesset", "coordxet", "coordyet", "sourcecoordet", "datemaj")
STRUCTURE_TAG = "structureet"
GEOLOCATION_TAG = "geolocalisation"
HEADER_TAG = "finess"


class Establishment(NamedTuple):
    """A ``structureet`` line: ``values`` maps the names of :data:`STRUCTURE_FIELDS` to text."""

    line_number: int
    values: dict

    @property
    def finess_et(self):
        return compact(self.values["nofinesset"])


class Geolocation(NamedTuple):
    """A ``geolocalisation`` line: coordinates still in their projection."""

    line_number: int
    finess_et: str
    x: str
    y: str
    source: str
    date: str


class Rejection(NamedTuple):
    """A line that cannot be read, with why (a :class:`FinessProblem`)."""

    line_number: int
    finess_et: str
    problem: FinessProblem


def decode_line(raw):
    """Text of one line of bytes: UTF-8 when it is valid, else Windows-1252, else Latin-1.

    Decided line by line: extracts have been published in Latin-1, in UTF-8, and mixed.
    """
    for encoding in ("utf-8", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return raw.decode("latin-1")  # decodes any byte


def iter_lines(binary_stream):
    """(line number, text) for each line of a binary stream, read one line at a time."""
    for line_number, raw in enumerate(binary_stream, start=1):
        # NUL never belongs to a CSV line (and PostgreSQL refuses it): a binary or UTF-16 file
        text = decode_line(raw).replace("\x00", "")
        if line_number == 1:
            text = text.lstrip("\ufeff")
        yield line_number, text.rstrip("\r\n")


def _first_fields(text):
    parts = text.split(";", 2)
    tag = parts[0].strip().strip('"').strip().lower()
    finess = compact(parts[1].strip('"')) if len(parts) > 1 else ""
    return tag, finess[:20]


def iter_extract(binary_stream, only=None, skip=()):
    """Read a FINESS extract (``etalab-cs1100507-stock-….csv`` or ``…cs1100502…``) line by line.

    Yields :class:`Establishment`, :class:`Geolocation` and :class:`Rejection` records in file
    order; empty lines and the ``finess;etalab;…`` header are passed over. ``only`` (a set of
    line tags) reads only those lines, ``skip`` passes over the lines with these tags, both
    without parsing them: an importer reads the small geolocation lines first, then the
    establishments, in two passes over the same stream, instead of holding the file in memory.
    """
    for line_number, text in iter_lines(binary_stream):
        if not text.strip():
            continue
        tag, finess_et = _first_fields(text)
        if (only is not None and tag not in only) or tag in skip or tag == HEADER_TAG:
            continue
        try:
            fields = next(csv.reader([text], delimiter=";", quotechar='"', doublequote=True, strict=True))
        except csv.Error as error:
            yield Rejection(
                line_number,
                finess_et,
                FinessProblem(
                    _lt(
                        "This line is not valid CSV (%(error)s): check its double quotes, "
                        "or download the extract again."
                    ),
                    error=str(error),
                ),
            )
            continue
        count = len(fields)
        if tag == STRUCTURE_TAG:
            expected = 1 + len(STRUCTURE_FIELDS)
            if count not in (expected, expected + len(STRUCTURE_OPTIONAL_FIELDS)):
                yield Rejection(
                    line_number,
                    finess_et,
                    FinessProblem(
                        _lt(
                            "This establishment line has %(count)s fields instead of %(expected)s (or %(optional)s "
                            "in recent extracts): the file is damaged or in another format; download the extract again."
                        ),
                        count=count,
                        expected=expected,
                        optional=expected + 1,
                    ),
                )
                continue
            # numuai is absent from older extracts
            names = STRUCTURE_FIELDS + STRUCTURE_OPTIONAL_FIELDS
            values = dict(zip(names, (field.strip() for field in fields[1:]), strict=False))
            yield Establishment(line_number, values)
        elif tag == GEOLOCATION_TAG:
            expected = 1 + len(GEOLOCATION_FIELDS)
            # a trailing ";" adds an empty field
            if count == expected + 1 and not fields[-1].strip():
                count -= 1
            if count != expected:
                yield Rejection(
                    line_number,
                    finess_et,
                    FinessProblem(
                        _lt(
                            "This geolocation line has %(count)s fields instead of %(expected)s: the file is damaged "
                            "or in another format; download the extract again."
                        ),
                        count=count,
                        expected=expected,
                    ),
                )
                continue
            number, x, y, source, updated = (field.strip() for field in fields[1:expected])
            yield Geolocation(line_number, compact(number), x, y, source, updated)
        else:
            yield Rejection(
                line_number,
                finess_et,
                FinessProblem(
                    _lt(
                        "This line is of an unknown type (%(tag)s): the import reads the FINESS extract's "
                        "“structureet” and “geolocalisation” lines; check that you chose the establishments extract."
                    ),
                    tag=tag[:30],
                ),
            )


__all__ = [
    "EXTRACT_DEPARTMENT_CODES",
    "PROJECTIONS",
    "Establishment",
    "FinessProblem",
    "Geolocation",
    "Rejection",
    "commune_insee_code",
    "compact",
    "department_from_extract",
    "finess_check_digit",
    "finess_department_code",
    "finess_error",
    "finess_problem",
    "is_valid_finess",
    "iter_extract",
    "parse_acheminement",
    "parse_date",
    "projection_epsg",
    "street_line",
    "to_wgs84",
]
