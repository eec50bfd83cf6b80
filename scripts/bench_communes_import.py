"""Import a national communes file (La Poste's format, 39,000 lines, 35,000 communes) and print
the time of the preview, the import and a second import of the same file.

The file is generated: communes of every metropolitan département, one to three postal codes
each (a line per postal code, as La Poste publishes it), coordinates within France.
"""

import base64
import random
import time

from benchlib import argument_parser, parse_args, result, rolled_back_env, say

COMMUNES = 35000


def generate(seed=2026):
    rng = random.Random(seed)
    departments = [f"{n:02d}" for n in range(1, 96) if n != 20] + ["2A", "2B"]
    lines = ["code_commune_insee;nom_de_la_commune;code_postal;libelle_d_acheminement;ligne_5;_geopoint"]
    for index in range(COMMUNES):
        department = departments[index % len(departments)]
        number = 500 + index // len(departments)
        insee = f"{department}{number:03d}"
        latitude, longitude = rng.uniform(42.4, 51.0), rng.uniform(-4.7, 8.2)
        name = f"COMMUNE {insee}"
        for postal in range(rng.choice((1, 1, 1, 2, 3))):
            code = f"{department.replace('A', '0').replace('B', '0')}{(number + postal) % 1000:03d}"
            lines.append(f"{insee};{name};{code};{name};;{latitude:.6f}, {longitude:.6f}")
    return "\n".join(lines).encode()


def main():
    args = parse_args(argument_parser(__doc__))
    data = generate()
    line_count = data.count(b"\n")
    say(f"{line_count} lines, {COMMUNES} communes, {len(data) / 1e6:.1f} MB")
    with rolled_back_env(args.db) as env:
        Import = env["reserve.commune.import"]
        timings = {}
        for step in ("preview", "import", "reimport"):
            wizard = Import.create({"file": base64.b64encode(data), "filename": "communes.csv"})
            started = time.monotonic()
            wizard.action_preview() if step == "preview" else wizard.action_import()
            timings[step] = time.monotonic() - started
            say(
                f"{step}: {timings[step]:.1f} s — {wizard.created_count} created, {wizard.updated_count} updated, "
                f"{wizard.unchanged_count} unchanged, {wizard.rejected_count} rejected"
            )
    result(
        "communes_import",
        lines=line_count,
        communes=COMMUNES,
        preview_s=f"{timings['preview']:.1f}",
        import_s=f"{timings['import']:.1f}",
        reimport_s=f"{timings['reimport']:.1f}",
    )


if __name__ == "__main__":
    raise SystemExit(main())
