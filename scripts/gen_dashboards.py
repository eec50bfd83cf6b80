"""Write the reserve's spreadsheet dashboards, one per addon, as the JSON data files they ship.

    python scripts/gen_dashboards.py [ADDONS_DIR]

Each dashboard is a sheet of =PIVOT() blocks under =_t() titles: Odoo 19 extracts the _t()
texts of ``*_dashboard.json`` into the addon's .po and the web client translates them. The
pivots' names show in their top-left cell and are not translated: they are in French.
Change the blocks here, run the script, then add the new texts to each addon's fr.po.
"""

import json
import os
import sys


def pivot(pid, model, name, rows, columns, measures, domain):
    return {
        "type": "ODOO",
        "fieldMatching": {},
        "context": {},
        "domain": domain,
        "id": str(pid),
        "measures": [{"id": f"{m}:{agg}", "fieldName": m, "aggregator": agg} for m, agg in measures],
        "model": model,
        "name": name,
        "formulaId": str(pid),
        "sortedColumn": None,
        "columns": [dict(c) for c in columns],
        "rows": [dict(r) for r in rows],
    }


def dashboard(sheet_id, sheet_title, blocks, intro=None, names=None):
    cells, styles, pivots = {}, {}, {}
    row = 1
    cells["A1"] = f'=_t("{sheet_title}")'
    styles["A1"] = 2
    row = 2
    if intro:
        cells["A2"] = f'=_t("{intro}")'
        styles["A2"] = 3
        row = 4
    for index, (title, spec) in enumerate(blocks, start=1):
        cells[f"A{row}"] = f'=_t("{title}")'
        styles[f"A{row}"] = 1
        cells[f"A{row + 1}"] = f"=PIVOT({index})"
        pivots[str(index)] = pivot(index, name=names[index - 1], **spec)
        row += spec.pop("_height", 0) or 18
    return {
        "version": "18.5.10",
        "sheets": [
            {
                "id": sheet_id,
                "name": "Tableau de bord",
                "colNumber": 26,
                "rowNumber": max(row + 10, 100),
                "rows": {},
                "cols": {"0": {"size": 340}, **{str(c): {"size": 125} for c in range(1, 16)}},
                "merges": [],
                "cells": cells,
                "styles": styles,
                "formats": {},
                "borders": {},
                "conditionalFormats": [],
                "dataValidationRules": [],
                "figures": [],
                "tables": [],
                "areGridLinesVisible": False,
                "isVisible": True,
                "headerGroups": {"ROW": [], "COL": []},
                "comments": {},
            }
        ],
        "styles": {
            "1": {"bold": True, "fontSize": 14},
            "2": {"bold": True, "fontSize": 18},
            "3": {"italic": True, "textColor": "#666666"},
        },
        "formats": {},
        "borders": {},
        "revisionId": "START_REVISION",
        "uniqueFigureIds": True,
        "settings": {
            "locale": {
                "name": "French",
                "code": "fr_FR",
                "thousandsSeparator": " ",
                "decimalSeparator": ",",
                "dateFormat": "dd/mm/yyyy",
                "timeFormat": "hh:mm:ss",
                "formulaArgSeparator": ";",
                "weekStart": 1,
            }
        },
        "pivots": pivots,
        "pivotNextId": len(pivots) + 1,
        "customTableStyles": {},
        "globalFilters": [],
        "lists": {},
        "listNextId": 1,
        "chartOdooMenusReferences": {},
    }


OPEN = [["state", "in", ["open", "partly_filled"]]]
core = dashboard(
    "reserve",
    "Reserve: needs and people",
    [
        (
            "Open needs by territory and urgency",
            dict(
                model="reserve.need",
                rows=[{"fieldName": "territory_id"}],
                columns=[{"fieldName": "urgency"}],
                measures=[("__count", "sum"), ("headcount", "sum"), ("filled_count", "sum")],
                domain=OPEN,
            ),
        ),
        (
            "Needs with no eligible person, by territory and urgency",
            dict(
                model="reserve.need",
                rows=[{"fieldName": "territory_id"}],
                columns=[{"fieldName": "urgency"}],
                measures=[("__count", "sum"), ("headcount", "sum")],
                domain=OPEN + [["has_no_eligible", "=", True]],
            ),
        ),
        (
            "Needs by job and status",
            dict(
                model="reserve.need",
                rows=[{"fieldName": "job_id"}],
                columns=[{"fieldName": "state"}],
                measures=[("__count", "sum")],
                domain=[["state", "!=", "draft"]],
            ),
        ),
        (
            "Needs by week opened: people needed, coming, hours to fill (average)",
            dict(
                model="reserve.need",
                rows=[{"fieldName": "open_date", "granularity": "week", "order": "asc"}],
                columns=[],
                measures=[("__count", "sum"), ("headcount", "sum"), ("filled_count", "sum"), ("fill_hours", "avg")],
                domain=[["state", "!=", "draft"], ["open_date", "!=", False]],
            ),
        ),
        (
            "The active reserve by category and freshness of the availability",
            dict(
                model="reserve.person.report",
                rows=[{"fieldName": "category"}],
                columns=[{"fieldName": "freshness"}],
                measures=[("__count", "sum")],
                domain=[],
            ),
        ),
        (
            "The active reserve by main job and département",
            dict(
                model="reserve.person.report",
                rows=[{"fieldName": "job_id"}],
                columns=[{"fieldName": "department_id"}],
                measures=[("__count", "sum")],
                domain=[],
            ),
        ),
    ],
    intro="Counts only: no name, e-mail or phone. Needs with no eligible person are counted every hour.",
    names=[
        "Besoins ouverts",
        "Besoins sans personne éligible",
        "Besoins par métier",
        "Besoins par semaine",
        "Réserve par catégorie",
        "Réserve par métier",
    ],
)
loan = dashboard(
    "loans",
    "Staff loans",
    [
        (
            "Loans and hours lent by borrower territory",
            dict(
                model="reserve.loan.report",
                rows=[{"fieldName": "territory_id"}],
                columns=[],
                measures=[("__count", "sum"), ("hours_done", "sum")],
                domain=[],
            ),
        ),
        (
            "Loans and hours lent by month of start",
            dict(
                model="reserve.loan.report",
                rows=[{"fieldName": "date_start", "granularity": "month", "order": "asc"}],
                columns=[{"fieldName": "state"}],
                measures=[("__count", "sum"), ("hours_done", "sum")],
                domain=[],
            ),
        ),
        (
            "Hours lent by lending and borrowing member",
            dict(
                model="reserve.loan.report",
                rows=[{"fieldName": "lender_id"}, {"fieldName": "borrower_id"}],
                columns=[],
                measures=[("__count", "sum"), ("hours_done", "sum")],
                domain=[],
            ),
        ),
    ],
    intro="Loans past their draft and not cancelled; members and jobs, never an employee.",
    names=["Prêts par territoire", "Prêts par mois", "Prêts par membre"],
)
training = dashboard(
    "trainings",
    "Shared trainings",
    [
        (
            "Trainings delivered: sessions, attendees, hours and certificates",
            dict(
                model="formation.training.report",
                rows=[{"fieldName": "event_type_id"}],
                columns=[],
                measures=[
                    ("__count", "sum"),
                    ("attendee_count", "sum"),
                    ("attended_hours", "sum"),
                    ("certificate_count", "sum"),
                ],
                domain=[],
            ),
        ),
        (
            "Trainings delivered by month",
            dict(
                model="formation.training.report",
                rows=[{"fieldName": "date_end", "granularity": "month", "order": "asc"}],
                columns=[],
                measures=[("__count", "sum"), ("attendee_count", "sum"), ("attended_hours", "sum")],
                domain=[],
            ),
        ),
    ],
    intro="Sessions closed; trainings, never a trainee.",
    names=["Formations réalisées", "Formations par mois"],
)
mission = dashboard(
    "missions",
    "Volunteer missions",
    [
        (
            "Missions and volunteer hours by activity",
            dict(
                model="reserve.mission.report",
                rows=[{"fieldName": "activity_id"}],
                columns=[],
                measures=[("__count", "sum"), ("participation_count", "sum"), ("volunteer_hours", "sum")],
                domain=[],
            ),
        ),
        (
            "Missions and volunteer hours by territory and public",
            dict(
                model="reserve.mission.report",
                rows=[{"fieldName": "territory_id"}],
                columns=[{"fieldName": "public"}],
                measures=[("__count", "sum"), ("volunteer_hours", "sum")],
                domain=[],
            ),
        ),
        (
            "Missions by month of their first date",
            dict(
                model="reserve.mission.report",
                rows=[{"fieldName": "date_start", "granularity": "month", "order": "asc"}],
                columns=[],
                measures=[("__count", "sum"), ("participation_count", "sum"), ("volunteer_hours", "sum")],
                domain=[],
            ),
        ),
    ],
    intro="Published and closed missions; structures and activities, never a volunteer.",
    names=["Missions par activité", "Missions par territoire", "Missions par mois"],
)
parcours = dashboard(
    "parcours",
    "Pathways to a job",
    [
        (
            "Pathways by public and step reached",
            dict(
                model="parcours.pathway.report",
                rows=[{"fieldName": "public"}],
                columns=[{"fieldName": "stage_code"}],
                measures=[("__count", "sum")],
                domain=[],
            ),
        ),
        (
            "Outcomes and hires by public",
            dict(
                model="parcours.pathway.report",
                rows=[{"fieldName": "public"}],
                columns=[{"fieldName": "outcome"}],
                measures=[("__count", "sum"), ("hired", "sum")],
                domain=[],
            ),
        ),
        (
            "Situation at 3 and 6 months after the hire",
            dict(
                model="parcours.pathway.report",
                rows=[{"fieldName": "outcome_3m"}],
                columns=[{"fieldName": "outcome_6m"}],
                measures=[("__count", "sum")],
                domain=[["hired_date", "!=", False]],
            ),
        ),
        (
            "Pathways opened by month",
            dict(
                model="parcours.pathway.report",
                rows=[{"fieldName": "open_date", "granularity": "month", "order": "asc"}],
                columns=[],
                measures=[("__count", "sum"), ("hired", "sum")],
                domain=[],
            ),
        ),
    ],
    intro="Pathways followed by the association; publics and steps, never a person.",
    names=["Parcours par public", "Issues par public", "Situation après l'embauche", "Parcours par mois"],
)
root = sys.argv[1] if len(sys.argv) > 1 else "addons"
for path, data in [
    ("reserve_medicosociale/data/files/reserve_dashboard.json", core),
    ("reserve_loan/data/files/loan_dashboard.json", loan),
    ("formation_mutualisee/data/files/training_dashboard.json", training),
    ("reserve_mission/data/files/mission_dashboard.json", mission),
    ("parcours_emploi/data/files/parcours_dashboard.json", parcours),
]:
    os.makedirs(os.path.dirname(f"{root}/{path}"), exist_ok=True)
    with open(f"{root}/{path}", "w") as f:
        json.dump(data, f, ensure_ascii=False, indent=1)
        f.write("\n")
