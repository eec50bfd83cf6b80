"""Run by `odoo-bin shell` on the load database (scripts/load/run_load.py): the people of the
scenario — 50 reservists with proposals to answer, 10 establishment managers, 2 coordinators
with an API key — and their records. Prints one line ``LOAD=<json>`` for the locustfile."""
# ruff: noqa: F821  (env is given by odoo-bin shell)

import datetime
import json

RESERVISTS, MANAGERS, COORDINATORS = 50, 10, 2
GROUP = "reserve_medicosociale.reserve_medicosociale_group_"
Users = env["res.users"].with_context(no_reset_password=True, tracking_disable=True, mail_create_nolog=True)
commune = env.ref("reserve_medicosociale.commune_50129")
job = env["reserve.job"].search([], limit=1, order="id")
contract = env["reserve.contract.type"].search([], limit=1, order="id")


def user(login, groups):
    return Users.create(
        {
            "name": login.replace("-", " ").title(),
            "login": login,
            "password": login,
            "email": f"{login}@exemple-reserve.fr",
            "lang": "fr_FR",
            "group_ids": [(6, 0, [env.ref(g).id for g in groups])],
        }
    )


reservists = [user(f"charge-reserviste-{i:02d}", ["base.group_portal"]) for i in range(RESERVISTS)]
people = env["reserve.person"].create(
    [
        {
            "partner_id": u.partner_id.id,
            "user_id": u.id,
            "category": "retiree",
            "commune_id": commune.id,
            "radius_km": 60,
            "contract_type_ids": [(6, 0, contract.ids)],
        }
        for u in reservists
    ]
)
env["reserve.person.job"].create([{"person_id": p.id, "job_id": job.id} for p in people])
env["reserve.availability.pattern"].create(
    [{"person_id": p.id, "weekday": str(day), "hour_from": 0.0, "hour_to": 24.0} for p in people for day in range(7)]
)
env.cr.execute(
    "UPDATE reserve_person SET state = 'active', email_confirmed_date = now(), availability_confirmed_date = now()"
    " WHERE id = ANY(%s)",
    [people.ids],
)
people.invalidate_recordset()

managers, establishments = [], []
for i in range(MANAGERS):
    manager = user(f"charge-directeur-{i:02d}", [GROUP + "member_manager"])
    establishments.append(
        env["res.partner"].create(
            {
                "name": f"EHPAD de charge {i:02d}",
                "is_company": True,
                "email": f"ehpad-charge-{i:02d}@exemple-reserve.fr",
                "lang": "fr_FR",
                "member_state": "member",
                "commune_id": commune.id,
                "member_manager_ids": [(4, manager.id)],
            }
        )
    )
    managers.append(manager)

start = (datetime.datetime.now() + datetime.timedelta(days=3)).replace(hour=6, minute=0, second=0, microsecond=0)
needs = env["reserve.need"]
for establishment in establishments:
    need = env["reserve.need"].create(
        {
            "establishment_id": establishment.id,
            "job_id": job.id,
            "headcount": 10,
            "urgency": "week",
            "contract_type_ids": [(6, 0, contract.ids)],
            "shift_ids": [(0, 0, {"start": start, "stop": start + datetime.timedelta(hours=7)})],
        }
    )
    need.action_open()
    need._send_wave(people)
    needs |= need

coordinators = [user(f"charge-coordinatrice-{i}", [GROUP + "coordinator"]) for i in range(COORDINATORS)]
expiry = datetime.datetime.now() + datetime.timedelta(days=1)
load = {
    "reservists": [
        {
            "login": u.login,
            # [accept, decline] paths of each proposal, as the e-mail gives them
            "proposals": [
                ["/" + p._answer_url(a).split("/", 3)[3] for a in ("accept", "decline")] for p in person.proposal_ids
            ],
        }
        for u, person in zip(reservists, people, strict=True)
    ],
    "managers": [
        {"login": m.login, "establishment_id": e.id, "job_id": job.id, "contract_type_id": contract.id}
        for m, e in zip(managers, establishments, strict=True)
    ],
    "coordinators": [
        {"login": c.login, "key": env["res.users.apikeys"].with_user(c).sudo()._generate("rpc", "load", expiry)}
        for c in coordinators
    ],
    "need_ids": needs.ids,
}
env.cr.commit()
print("LOAD=" + json.dumps(load))
