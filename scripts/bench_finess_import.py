#!/usr/bin/env python3
"""Benchmark the FINESS import on 10,000 generated establishments.

    python scripts/bench_finess_import.py --db reserve_bench -- --db_host … --addons-path …

Generates a realistic extract (``structureet`` lines then ``geolocalisation`` lines, valid
FINESS keys and SIRETs, départements 50 and 44, categories 500/354/183, Lambert-93 coordinates
inside those départements), runs the real import wizard on the database, then rolls everything
back: the database is left unchanged. Ends with the line
``finess_import lines=10000 seconds=S lines_per_s=R``.
"""

import base64
import csv
import io
import random
import sys
import time

import benchlib
from stdnum import luhn

DEPARTMENTS = {
    # code: (name, postcode prefix, (lat min, lat max, lon min, lon max), known communes)
    "50": (
        "MANCHE",
        "50",
        (48.65, 49.70, -1.85, -0.80),
        [("129", "50100 CHERBOURG EN COTENTIN"), ("502", "50000 ST LO")],
    ),
    "44": ("LOIRE ATLANTIQUE", "44", (46.90, 47.75, -2.45, -1.05), [("109", "44000 NANTES")]),
}
CATEGORIES = {
    "500": (
        "EHPAD",
        "Etablissement d'hébergement pour personnes âgées dépendantes",
        "4401",
        "Etablissements d'Hébergement pour Personnes Âgées",
    ),
    "354": (
        "SSIAD",
        "Service de Soins Infirmiers A Domicile (S.S.I.A.D)",
        "4403",
        "Services de Maintien à Domicile pour Personnes Agées",
    ),
    "183": (
        "IME",
        "Institut Médico-Educatif (I.M.E.)",
        "4101",
        "Etablissements d'Education Spéciale pour Enfants Handicapés",
    ),
}
NAMES = (
    "LES TILLEULS",
    "LE BOCAGE",
    "SAINTE-THÉRÈSE",
    "LES HORTENSIAS",
    "LA BRISE DE MER",
    "LE VAL FLEURI",
    "LES GENÊTS",
    "SAINT-JOSEPH",
    "LES JARDINS DU LAC",
    "LA COLLINE",
)
STREETS = (
    ("R", "DE LA PAIX"),
    ("AV", "DE PARIS"),
    ("BD", "DES ANGLAIS"),
    ("CHE", "DES PRES"),
    ("PL", "DU MARCHE"),
    ("RTE", "DE SAINT-LO"),
    ("ALL", "DES ROSES"),
    ("IMP", "DU MOULIN"),
)


def finess(body):
    return body + luhn.calc_check_digit(body)


def siret(index):
    siren = finess(f"{30000000 + index:08d}")  # SIREN: 8 digits and a Luhn key, like FINESS
    body = siren + "0001"
    return body + luhn.calc_check_digit(body)


def generate(lines, seed=2026):
    """The extract as bytes (UTF-8): ``lines`` establishments and their geolocation lines."""
    # The addon's own field list, importable once Odoo's configuration is parsed.
    from odoo.addons.reserve_medicosociale.tools.finess import (  # noqa: PLC0415
        STRUCTURE_FIELDS,
        STRUCTURE_OPTIONAL_FIELDS,
    )

    fields = STRUCTURE_FIELDS + STRUCTURE_OPTIONAL_FIELDS
    from pyproj import Transformer

    to_lambert = Transformer.from_crs("EPSG:4326", "EPSG:2154", always_xy=True)
    rng = random.Random(seed)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", quotechar='"', lineterminator="\n")
    out.write("finess;etalab;111;2026-05-12\n")
    geolocations = []
    legal_entities = {}
    for index in range(lines):
        code = "50" if index % 2 else "44"
        department, _prefix, (lat_min, lat_max, lon_min, lon_max), known = DEPARTMENTS[code]
        category = rng.choice(("500", "500", "354", "183"))
        short, label, aggregate, aggregate_label = CATEGORIES[category]
        et = finess(f"{code}8{index:05d}")
        ej_index = index // 4  # about four establishments per legal entity
        ej = legal_entities.setdefault(ej_index, finess(f"{code}9{ej_index:05d}"))
        commune, routing = (
            rng.choice(known)
            if rng.random() < 0.3
            else (f"{rng.randint(1, 600):03d}", f"{code}{rng.randint(100, 999)} COMMUNE {rng.randint(1, 600)}")
        )
        street_type, street = rng.choice(STREETS)
        name = f"{short} {rng.choice(NAMES)}"
        values = dict.fromkeys(fields, "")
        values.update(
            nofinesset=et,
            nofinessej=ej,
            rs=name[:38],
            rslongue=f"{name} {index}",
            numvoie=str(rng.randint(1, 120)),
            typvoie=street_type,
            voie=street,
            compvoie=rng.choice(("", "", "", "B")),
            lieuditbp=rng.choice(("", "", f"BP {rng.randint(1, 900)}")),
            commune=commune,
            departement=code,
            libdepartement=department,
            ligneacheminement=routing,
            telephone=f"02{rng.randint(10000000, 99999999)}",
            categetab=category,
            libcategetab=label,
            categagretab=aggregate,
            libcategagretab=aggregate_label,
            siret=siret(index),
            codemft="45",
            libmft="ARS / DG / EPS",
            dateouv=f"{rng.randint(1970, 2024)}-01-01",
            dateautor="2001-01-01",
            datemaj=f"2025-{rng.randint(1, 12):02d}-15",
        )
        writer.writerow(["structureet", *(values[name] for name in fields)])
        x, y = to_lambert.transform(rng.uniform(lon_min, lon_max), rng.uniform(lat_min, lat_max))
        geolocations.append(
            [
                "geolocalisation",
                et,
                f"{x:.1f}",
                f"{y:.1f}",
                "1,ATLASANTE,96,BAN,EPSG:2154 RGF93 / Lambert-93 (Métropole)",
                "2026-05-04",
            ]
        )
    for row in geolocations:
        writer.writerow(row)
    return out.getvalue().encode("utf-8")


def main():
    parser = benchlib.argument_parser(__doc__)
    parser.add_argument("--lines", type=int, default=10000, help="establishments to generate (default 10000)")
    args = benchlib.parse_args(parser)

    started = time.monotonic()
    data = generate(args.lines)
    benchlib.say(
        f"generated {args.lines} establishments and their geolocation lines "
        f"({len(data) / 1e6:.1f} MB) in {time.monotonic() - started:.1f} s"
    )

    with benchlib.rolled_back_env(args.db) as env:
        wizard = env["reserve.finess.import"].create(
            {
                "file": base64.b64encode(data),
                "filename": "bench.csv",
                "mark_as_prospect": True,
            }
        )
        started = time.monotonic()
        wizard.action_preview()
        benchlib.say(f"preview (writes nothing): {time.monotonic() - started:.1f} s")
        benchlib.say("importing …")
        started = time.monotonic()
        wizard.action_import()
        env.flush_all()
        seconds = time.monotonic() - started
        benchlib.say(
            f"created {wizard.created_count}, updated {wizard.updated_count}, rejected "
            f"{wizard.rejected_count}, with warnings {wizard.warning_count}, legal entities "
            f"{wizard.legal_entity_count}"
        )
        if wizard.created_count + wizard.updated_count != args.lines:
            for line in wizard.line_ids.filtered(lambda line: line.action == "reject")[:10]:
                benchlib.say(f"line {line.line_number}: {line.reason}")
            return benchlib.fail("not every line was imported.")
        again = env["reserve.finess.import"].create({"file": base64.b64encode(data), "filename": "bench.csv"})
        started = time.monotonic()
        again.action_import()
        env.flush_all()
        benchlib.say(
            f"same file again: {again.updated_count} updated (nothing changed) in {time.monotonic() - started:.1f} s"
        )
    benchlib.result(
        "finess_import", lines=args.lines, seconds=f"{seconds:.1f}", lines_per_s=f"{args.lines / seconds:.0f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
