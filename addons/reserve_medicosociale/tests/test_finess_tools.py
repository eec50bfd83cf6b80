import io
import sys
from unittest.mock import patch

from odoo.tests import BaseCase, tagged

from ..tools import finess
from ..tools.finess import (
    EXTRACT_DEPARTMENT_CODES,
    PROJECTIONS,
    Establishment,
    FinessProblem,
    Geolocation,
    Rejection,
    commune_insee_code,
    department_from_extract,
    finess_check_digit,
    finess_department_code,
    finess_error,
    is_valid_finess,
    iter_extract,
    parse_acheminement,
    projection_epsg,
    street_line,
    to_wgs84,
)


@tagged("post_install", "-at_install")
class TestFinessNumbers(BaseCase):
    """FINESS numbers: length, characters and Luhn key, Corsica, overseas."""

    def test_real_numbers_are_valid(self):
        # Published numbers: CH de Bourg-en-Bresse, Guadeloupe, Réunion, Mayotte, Wallis-et-Futuna.
        for number in ("010000024", "010780054", "970100012", "970400024", "980501506", "980600027"):
            self.assertTrue(is_valid_finess(number), number)
            self.assertIsNone(finess_error(number), number)

    def test_corsican_letters_count_as_1_and_2(self):
        # ARS de Corse acts: CH de Bonifacio, CH de Sartène, CH de Bastia, CHI de Corte-Tattone.
        for number in ("2A0000170", "2A0002606", "2B0000020", "2B0004246"):
            self.assertTrue(is_valid_finess(number), number)
        self.assertFalse(is_valid_finess("2A0000171"))
        self.assertEqual(finess_check_digit("2A000017"), "0")
        self.assertEqual(finess_check_digit("2B000002"), "0")

    def test_spaces_and_lower_case_are_accepted(self):
        self.assertTrue(is_valid_finess(" 2a 000 0170 "))

    def test_wrong_key_is_explained(self):
        self.assertFalse(is_valid_finess("010000025"))
        self.assertIn("check key", finess_error("010000025"))

    def test_wrong_length_is_explained(self):
        self.assertIn("has 8", finess_error("01000002"))
        self.assertIn("empty", finess_error(""))

    def test_wrong_characters_are_explained(self):
        for number in ("01000002X", "2C0000170", "A10000024"):
            self.assertIn("digits only", finess_error(number), number)

    def test_generated_keys_are_valid(self):
        for body in ("50000101", "44000303", "2A000606", "97040707", "98050150"):
            self.assertTrue(is_valid_finess(body + finess_check_digit(body)), body)

    def test_department_of_a_number(self):
        self.assertEqual(finess_department_code("500001011"), "50")
        self.assertEqual(finess_department_code("2A0000170"), "2A")
        self.assertEqual(finess_department_code("2B0000020"), "2B")
        self.assertEqual(finess_department_code("970100012"), "971")
        self.assertEqual(finess_department_code("970300026"), "973")
        self.assertEqual(finess_department_code("970400024"), "974")
        self.assertEqual(finess_department_code("980501506"), "976")
        self.assertIsNone(finess_department_code("12345"))


@tagged("post_install", "-at_install")
class TestFinessExtractFields(BaseCase):
    """Départements, communes and addresses as the extract writes them."""

    def test_overseas_department_codes(self):
        self.assertEqual(EXTRACT_DEPARTMENT_CODES["9A"], "971")
        self.assertEqual(department_from_extract("9d"), "974")
        self.assertEqual(department_from_extract("9F"), "976")
        self.assertEqual(department_from_extract("50"), "50")
        self.assertEqual(department_from_extract("2B"), "2B")
        self.assertIsNone(department_from_extract("9Z"))
        self.assertIsNone(department_from_extract("20"))

    def test_commune_insee_code(self):
        self.assertEqual(commune_insee_code("50", "129"), "50129")
        self.assertEqual(commune_insee_code("971", "101"), "97101")
        self.assertEqual(commune_insee_code("2A", "004"), "2A004")
        self.assertIsNone(commune_insee_code("50", "12"))

    def test_address_lines(self):
        self.assertEqual(street_line("012", "B", "R", "DE LA PAIX"), "12 BIS RUE DE LA PAIX")
        self.assertEqual(street_line("40", "", "CHE", "CHEMIN SAFER MORANGE"), "40 CHEMIN SAFER MORANGE")
        self.assertIsNone(street_line("", "", "", ""))
        self.assertEqual(parse_acheminement("50100 CHERBOURG EN COTENTIN"), ("50100", "CHERBOURG EN COTENTIN"))
        self.assertEqual(parse_acheminement("97405 ST DENIS CEDEX"), ("97405", "ST DENIS CEDEX"))


@tagged("post_install", "-at_install")
class TestFinessProjections(BaseCase):
    """Coordinates of the geolocation lines converted to WGS 84."""

    def test_lambert_93_origin(self):
        latitude, longitude = to_wgs84(700000, 6600000, "LAMBERT_93")
        self.assertAlmostEqual(latitude, 46.5, places=6)
        self.assertAlmostEqual(longitude, 3.0, places=6)

    def test_known_points_in_every_projection(self):
        # Control values computed with pyproj for points of the 2026 extract.
        cases = [
            ("870262.2", "6571540.8", "1,ATLASANTE,96,BAN,EPSG:2154 RGF93 / Lambert-93 (Métropole)", 46.22229, 5.20918),
            ("870262.2", "6571540.8", "1,ATLASANTE,100,IGN,BD_ADRESSE,V2.2,LAMBERT_93", 46.22229, 5.20918),
            (
                "657242.9",
                "1795384.4",
                "2,ATLASANTE,96,BAN,EPSG:5490 RGAF09/UTM Zone 20N (Antilles)",
                16.23400,
                -61.52874,
            ),
            ("657242.9", "1795384.4", "1,ATLASANTE,100,IGN,BD_ADRESSE,V2.2,UTM_N20", 16.23400, -61.52874),
            ("353672.8", "544349.1", "UTM_N22", 4.92347, -52.31973),
            ("323086.6", "7679599.8", "UTM_S40", -20.97571, 55.29821),
            (
                "524819.9",
                "8587194.7",
                "2,ATLASANTE,100,BDADRESSE,EPSG:4471 RGM04/UTM zone 38S (Mayotte)",
                -12.77989,
                45.22868,
            ),
            (
                "563213.8",
                "5180306.8",
                "2,ATLASANTE,90,BAN,WGS84/UTM zone 21N (St-Pierre-et-Miquelon)",
                46.77332,
                -56.17201,
            ),
        ]
        for x, y, source, latitude, longitude in cases:
            result = to_wgs84(x, y, source)
            self.assertAlmostEqual(result[0], latitude, places=5, msg=source)
            self.assertAlmostEqual(result[1], longitude, places=5, msg=source)

    def test_every_named_projection_is_known(self):
        for name, epsg in PROJECTIONS.items():
            self.assertEqual(projection_epsg(f"1,ATLASANTE,100,IGN,BD_ADRESSE,V2.2,{name}"), epsg)

    def test_unknown_projection_is_refused(self):
        with self.assertRaisesRegex(ValueError, "projection this import does not know"):
            to_wgs84(1, 2, "1,ATLASANTE,100,IGN,BD_ADRESSE,V2.2,GAUSS_KRUGER")
        with self.assertRaisesRegex(ValueError, "does not say which projection"):
            to_wgs84(1, 2, "")
        with self.assertRaises(FinessProblem):
            to_wgs84(1, 2, "EPSG:3857")

    def test_point_outside_its_territory_is_refused(self):
        with self.assertRaisesRegex(ValueError, "outside the territory"):
            to_wgs84(1, 2, "LAMBERT_93")
        # Lambert-93 values read as if they were Réunion's UTM 40S.
        with self.assertRaisesRegex(ValueError, "outside the territory"):
            to_wgs84("870262.2", "6571540.8", "UTM_S40")

    def test_values_that_are_not_numbers_are_refused(self):
        with self.assertRaisesRegex(ValueError, "not numbers"):
            to_wgs84("", "6571540.8", "LAMBERT_93")


@tagged("post_install", "-at_install")
class TestFinessExtractParser(BaseCase):
    """The semicolon extract, read line by line."""

    def _read(self, text, encoding="utf-8", **kwargs):
        return list(iter_extract(io.BytesIO(text.encode(encoding)), **kwargs))

    def _structure(self, number="500001011", name="EHPAD TEST", numuai=True):
        fields = ["structureet", number, "500012349", name] + [""] * 27 + ([""] if numuai else [])
        fields[12], fields[13], fields[18] = "129", "50", "500"
        return ";".join(fields)

    def test_header_and_both_layouts(self):
        records = self._read(
            "\n".join(
                [
                    "finess;etalab;111;2026-05-12",
                    self._structure(),
                    self._structure("500002027", numuai=False),
                    "geolocalisation;500001011;366565.5;6958666.7;1,ATLASANTE,96,BAN,EPSG:2154 RGF93 / Lambert-93;"
                    "2026-05-04",
                    "",
                ]
            )
        )
        self.assertEqual([type(record) for record in records], [Establishment, Establishment, Geolocation])
        self.assertEqual(records[0].line_number, 2)
        self.assertEqual(records[0].values["commune"], "129")
        self.assertEqual(records[2].source, "1,ATLASANTE,96,BAN,EPSG:2154 RGF93 / Lambert-93")

    def test_quoted_field_with_doubled_quotes_and_semicolon(self):
        line = self._structure().replace("EHPAD TEST", '"EHPAD ""LES PINS""; ANNEXE"')
        [record] = self._read(line)
        self.assertEqual(record.values["rs"], 'EHPAD "LES PINS"; ANNEXE')

    def test_bad_lines_are_rejected_with_their_reason(self):
        records = self._read(
            "\n".join(
                [
                    "structureet;500001011;500012349;TRONQUE",
                    "equipementsocial;500001011;11",
                    "geolocalisation;500001011;1",
                    'structureet;500001011;"NOT CLOSED',
                ]
            )
        )
        self.assertTrue(all(isinstance(record, Rejection) for record in records))
        self.assertEqual([record.line_number for record in records], [1, 2, 3, 4])
        self.assertIn("4 fields instead of 31", str(records[0].problem))
        self.assertIn("unknown type (equipementsocial)", str(records[1].problem))
        self.assertIn("3 fields instead of 6", str(records[2].problem))
        self.assertIn("not valid CSV", str(records[3].problem))
        self.assertEqual(records[0].finess_et, "500001011")

    def test_latin1_and_utf8_lines_are_both_read(self):
        utf8 = self._structure(name="EHPAD SAINTE-THÉRÈSE").encode("utf-8")
        latin1 = self._structure("500002027", name="EHPAD SAINT-LÔ").encode("latin-1")
        records = list(iter_extract(io.BytesIO(b"\xef\xbb\xbf" + utf8 + b"\r\n" + latin1 + b"\r\n")))
        self.assertEqual([record.values["rs"] for record in records], ["EHPAD SAINTE-THÉRÈSE", "EHPAD SAINT-LÔ"])

    def test_only_and_skip_pass_over_lines_without_reading_them(self):
        text = "\n".join([self._structure(), "geolocalisation;500001011;1;2;LAMBERT_93;2026-05-04", "bogus;1"])
        self.assertEqual([type(r) for r in self._read(text, only={"geolocalisation"})], [Geolocation])
        self.assertEqual([type(r) for r in self._read(text, skip={"geolocalisation"})], [Establishment, Rejection])


class TestFinessWithoutPyproj(BaseCase):
    def test_missing_pyproj_gives_a_clear_problem(self):
        finess._transformer.cache_clear()
        with patch.dict(sys.modules, {"pyproj": None}), self.assertRaisesRegex(finess.FinessProblem, "pyproj"):
            finess.to_wgs84("870215.7", "6571590.5", "LAMBERT_93")
        finess._transformer.cache_clear()
