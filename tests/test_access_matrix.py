"""Who reads what and who writes what, for each demo role, over the external API.

Each role logs in as a partner's system would. What it reads is counted against what it
owns (the coordinator's answer to the same question, by ownership); every write of a field
that makes a record someone's, or of an audit field, is refused, and the value is unchanged
afterwards. The one-click links of the e-mails are in test_email_links.py.
"""

import datetime

import pytest
from conftest import ApiError, people_of_establishments_domain

NO_ACCESS = "no access"


@pytest.fixture(scope="module")
def coordinator(as_user):
    return as_user("coordinatrice")


@pytest.fixture(scope="module")
def world(as_user, coordinator):
    """What each role owns, as the coordinator finds it by ownership."""
    reservist = as_user("reserviste")
    managed = coordinator.call("res.partner", "search", [("member_manager_ids.login", "=", "directeur")])
    assert managed, "the demo director manages establishments"
    own_person = coordinator.call("reserve.person", "search_read", [("user_id", "=", reservist.uid)], fields=["id"])
    assert len(own_person) == 1, "the demo reservist has one profile"
    person_domain = people_of_establishments_domain(coordinator, managed)
    directors_people = coordinator.call("reserve.person", "search", person_domain)
    # Their contacts: employees and people proposed or assigned; not the volunteers of missions.
    contact_people = coordinator.call(
        "reserve.person", "search", people_of_establishments_domain(coordinator, managed, with_missions=False)
    )
    directors_partners = [
        p["partner_id"][0] for p in coordinator.call("reserve.person", "read", contact_people, fields=["partner_id"])
    ]
    # With cvtheque, also the candidates who applied to their establishments' offers.
    if "applicant_ids" in coordinator.call("res.partner", "fields_get", attributes=["type"]):
        directors_partners += coordinator.call(
            "res.partner",
            "search",
            [("applicant_ids.job_id.establishment_id", "in", managed), ("reserve_person_ids", "!=", False)],
        )
    every_reservist_partner = [
        p["partner_id"][0] for p in coordinator.call("reserve.person", "search_read", [], fields=["partner_id"])
    ]
    employees = coordinator.call("reserve.person", "search", [("employer_id", "in", managed)])
    assert employees, "the demo director has employees in the reserve"
    return {
        "managed": managed,
        "own_person": own_person[0]["id"],
        "reservist_partner": reservist.call("res.users", "read", [reservist.uid], fields=["partner_id"])[0][
            "partner_id"
        ][0],
        "directors_people": set(directors_people),
        "directors_partners": set(directors_partners),
        "every_reservist_partner": every_reservist_partner,
        "employees": employees,
    }


@pytest.fixture(scope="module")
def others(coordinator, world):
    """Records of members the director does not manage: a need with a proposal and an
    assignment (and its calendar event), and a staff loan between two such members."""
    members = coordinator.call(
        "res.partner", "search", [("member_state", "=", "member"), ("id", "not in", world["managed"])]
    )
    job = coordinator.call("reserve.job", "search", [], limit=1)[0]
    loan_type = coordinator.call("reserve.contract.type", "search", [("code", "=", "loan")])[0]
    start = datetime.datetime.now() + datetime.timedelta(days=9)
    stop = start + datetime.timedelta(hours=8)
    need = coordinator.call(
        "reserve.need",
        "create",
        {
            "establishment_id": members[0],
            "job_id": job,
            "headcount": 2,
            "contract_type_ids": [(6, 0, [loan_type])],
            "shift_ids": [(0, 0, {"start": f"{start:%Y-%m-%d %H:%M:%S}", "stop": f"{stop:%Y-%m-%d %H:%M:%S}"})],
        },
    )
    coordinator.call("reserve.need", "action_open", [need])
    people = coordinator.call(
        "reserve.person",
        "search",
        [("state", "=", "active"), ("id", "not in", list(world["directors_people"]))],
        limit=2,
    )
    coordinator.call("reserve.need", "action_send_wave", [need], person_ids=people[:1])
    coordinator.call("reserve.assignment", "create", {"need_id": need, "person_id": people[1]})
    employee = coordinator.call(
        "reserve.person",
        "search_read",
        [("category", "=", "lent_employee"), ("employer_id", "in", members)],
        fields=["employer_id"],
        limit=1,
    )
    assert employee, "the demo has employees lent by members the director does not manage"
    lender = employee[0]["employer_id"][0]
    borrower = next(m for m in members if m != lender)
    loan_start = datetime.date.today() + datetime.timedelta(days=40)
    coordinator.call(
        "reserve.loan.contract",
        "create",
        {
            "lender_id": lender,
            "borrower_id": borrower,
            "employee_id": employee[0]["id"],
            "date_start": loan_start.isoformat(),
            "date_end": (loan_start + datetime.timedelta(days=3)).isoformat(),
            "job_id": job,
            "place": "Accueil",
            "hourly_cost": 13.5,
            "charges_rate": 42.0,
        },
    )
    return {"need": need}


def _ids(client, model, domain=()):
    """The ids ``client`` finds in ``model``, or NO_ACCESS when its rights refuse it."""
    try:
        return set(client.call(model, "search", list(domain)))
    except ApiError as error:
        assert error.is_access_error, error.message
        return NO_ACCESS


# ---------------------------------------------------------------------------- reads


@pytest.mark.parametrize(
    ("login", "expected"),
    [
        ("coordinatrice", "all"),
        ("directeur", "directors_people"),
        ("reserviste", "own_person"),
        ("autorite", NO_ACCESS),
        ("formatrice", NO_ACCESS),
    ],
)
def test_who_reads_which_reservists(as_user, coordinator, world, login, expected):
    found = _ids(as_user(login), "reserve.person")
    if expected == "all":
        assert found == _ids(coordinator, "reserve.person")
    elif expected == "own_person":
        assert found == {world["own_person"]}
    elif expected == NO_ACCESS:
        assert found == NO_ACCESS
    else:
        assert found == world[expected]


@pytest.mark.parametrize(
    ("login", "expected"),
    [
        ("coordinatrice", "every_reservist_partner"),
        ("directeur", "directors_partners"),
        ("reserviste", "reservist_partner"),
        ("autorite", "none"),
        ("formatrice", "none"),
    ],
)
def test_who_reads_the_contacts_of_reservists(as_user, world, login, expected):
    """A reservist's contact (name, e-mail, phone) is the person's, their coordinators' and
    the managers' of establishments they work for or were proposed to."""
    client = as_user(login)
    found = _ids(client, "res.partner", [("id", "in", world["every_reservist_partner"])])
    if expected == "none":
        assert found in (set(), NO_ACCESS)
    elif expected == "reservist_partner":
        assert found == {world["reservist_partner"]}
    else:
        wanted = world[expected]
        assert found == set(wanted)
    if login in ("autorite", "formatrice", "directeur"):
        hidden = sorted(set(world["every_reservist_partner"]) - (found if found != NO_ACCESS else set()))
        assert hidden, "some reservists are hidden from this role"
        with pytest.raises(ApiError) as error:
            client.call("res.partner", "read", hidden[:1], fields=["name", "email", "phone"])
        assert error.value.is_access_error


def test_establishments_stay_readable_by_every_internal_role(as_user, coordinator, world):
    members = coordinator.call("res.partner", "search", [("member_state", "=", "member")])
    for login in ("directeur", "autorite", "formatrice"):
        assert _ids(as_user(login), "res.partner", [("id", "in", members)]) == set(members), login


@pytest.mark.parametrize(
    ("model", "ownership"),
    [
        ("reserve.need", [("establishment_id", "in", "managed")]),
        ("reserve.proposal", [("establishment_id", "in", "managed")]),
        ("reserve.assignment", [("establishment_id", "in", "managed")]),
        (
            "reserve.loan.contract",
            ["|", ("lender_id", "in", "managed"), ("borrower_id", "in", "managed")],
        ),
    ],
)
def test_director_reads_only_own_establishments_records(as_user, coordinator, world, others, model, ownership):
    domain = [
        tuple(world[v] if v == "managed" else v for v in term) if isinstance(term, tuple) else term
        for term in ownership
    ]
    owned = _ids(coordinator, model, domain)
    everything = _ids(coordinator, model)
    assert owned and len(owned) < len(everything), f"the demo has {model} records of other members"
    assert _ids(as_user("directeur"), model) == owned


@pytest.mark.parametrize("model", ["reserve.proposal", "reserve.assignment", "reserve.loan.contract"])
def test_reservist_reads_only_own_records(as_user, coordinator, world, model):
    field = "employee_id" if model == "reserve.loan.contract" else "person_id"
    owned = _ids(coordinator, model, [(field, "=", world["own_person"])])
    assert _ids(as_user("reserviste"), model) == owned


@pytest.mark.parametrize("login", ["autorite", "formatrice", "reserviste"])
def test_no_other_role_reads_the_calendar_of_assignments(as_user, coordinator, others, login):
    events = [
        a["calendar_event_id"][0]
        for a in coordinator.call(
            "reserve.assignment", "search_read", [("calendar_event_id", "!=", False)], fields=["calendar_event_id"]
        )
    ]
    assert events, "an assignment of another member has its calendar event"
    found = _ids(as_user(login), "calendar.event", [("id", "in", events)])
    if login == "reserviste":
        own = {
            a["calendar_event_id"][0]
            for a in as_user("reserviste").call(
                "reserve.assignment", "search_read", [("calendar_event_id", "!=", False)], fields=["calendar_event_id"]
            )
        }
        assert found in (own, NO_ACCESS) or found <= own
    else:
        assert found in (set(), NO_ACCESS)


@pytest.mark.parametrize("login", ["directeur", "autorite", "formatrice", "reserviste"])
def test_only_the_association_reads_the_pathways_to_a_job(as_user, coordinator, login):
    """The pathways (parcours_emploi) are the association's and the advisers': a member's
    director, an authority, a trainer and a reservist read none, not even their steps."""
    if not as_user("admin").call("ir.model", "search", [("model", "=", "parcours.pathway")]):
        pytest.skip("parcours_emploi is not installed")
    assert _ids(coordinator, "parcours.pathway"), "the demo has pathways"
    client = as_user(login)
    assert _ids(client, "parcours.pathway") == NO_ACCESS
    assert _ids(client, "parcours.pathway.step") == NO_ACCESS


# ---------------------------------------------------------------------------- writes


def _refused(client, model, record_id, values, coordinator, check_fields):
    """Assert that ``client`` cannot write ``values`` and that nothing changed."""
    before = coordinator.call(model, "read", [record_id], fields=check_fields)[0]
    with pytest.raises(ApiError) as error:
        client.call(model, "write", [record_id], values)
    assert error.value.is_access_error, error.value.message
    assert coordinator.call(model, "read", [record_id], fields=check_fields)[0] == before


RESERVIST_PROFILE_FIELDS = [
    ("partner_id", "other_partner"),
    ("user_id", "coordinator_uid"),
    ("employer_id", "managed_member"),
    ("consent_date", "2020-01-01 00:00:00"),
    ("consent_text", "Rien."),
    ("state", "active"),
    ("validated_date", "2020-01-01 00:00:00"),
    ("email_confirmed_date", "2020-01-01 00:00:00"),
    ("erasure_requested_date", "2020-01-01 00:00:00"),
    ("availability_confirmed_date", "2099-01-01 00:00:00"),
    ("available_now_until", "2099-01-01 00:00:00"),
    ("is_set_by_person", True),
    ("employer_agreement", "agreed"),
]


def _value(token, coordinator, world):
    if token == "other_partner":
        return coordinator.call("res.users", "read", [coordinator.uid], fields=["partner_id"])[0]["partner_id"][0]
    if token == "coordinator_uid":
        return coordinator.uid
    if token == "managed_member":
        return world["managed"][0]
    return token


@pytest.mark.parametrize(("fname", "token"), RESERVIST_PROFILE_FIELDS)
def test_reservist_cannot_write_ownership_or_audit_fields(as_user, coordinator, world, fname, token):
    _refused(
        as_user("reserviste"),
        "reserve.person",
        world["own_person"],
        {fname: _value(token, coordinator, world)},
        coordinator,
        [fname],
    )


def test_reservist_cannot_move_a_job_line(as_user, coordinator, world):
    line = coordinator.call("reserve.person.job", "search", [("person_id", "=", world["own_person"])], limit=1)
    other = coordinator.call("reserve.person", "search", [("id", "!=", world["own_person"])], limit=1)
    _refused(as_user("reserviste"), "reserve.person.job", line[0], {"person_id": other[0]}, coordinator, ["person_id"])


@pytest.mark.parametrize(
    ("fname", "token"),
    [
        ("user_id", "director_uid"),
        ("partner_id", "director_partner"),
        ("employer_id", "other_member"),
        ("state", "archived"),
    ],
)
def test_director_cannot_take_or_move_an_employee(as_user, coordinator, world, fname, token):
    director = as_user("directeur")
    values = {
        "director_uid": director.uid,
        "director_partner": director.call("res.users", "read", [director.uid], fields=["partner_id"])[0]["partner_id"][
            0
        ],
        "other_member": coordinator.call(
            "res.partner", "search", [("member_state", "=", "member"), ("id", "not in", world["managed"])], limit=1
        )[0],
        "archived": "archived",
    }
    _refused(director, "reserve.person", world["employees"][0], {fname: values[token]}, coordinator, [fname])


@pytest.fixture(scope="module")
def directors_need(as_user, coordinator, world):
    needs = coordinator.call("reserve.need", "search", [("establishment_id", "in", world["managed"])], limit=1)
    assert needs, "the demo director has needs"
    other = coordinator.call(
        "res.partner", "search", [("member_state", "=", "member"), ("id", "not in", world["managed"])], limit=1
    )[0]
    return {"need": needs[0], "other_member": other}


@pytest.mark.parametrize("fname", ["establishment_id", "state", "name"])
def test_director_cannot_move_or_force_a_need(as_user, coordinator, directors_need, fname):
    value = {"establishment_id": directors_need["other_member"], "state": "filled", "name": "BR/FAUX"}[fname]
    _refused(as_user("directeur"), "reserve.need", directors_need["need"], {fname: value}, coordinator, [fname])


def test_director_cannot_move_a_shift_to_another_establishments_need(as_user, coordinator, world, directors_need):
    shift = coordinator.call("reserve.need.shift", "search", [("need_id", "=", directors_need["need"])], limit=1)
    foreign = coordinator.call("reserve.need", "search", [("establishment_id", "not in", world["managed"])], limit=1)
    assert shift and foreign
    _refused(as_user("directeur"), "reserve.need.shift", shift[0], {"need_id": foreign[0]}, coordinator, ["need_id"])


@pytest.mark.parametrize("fname", ["person_id", "need_id", "state"])
def test_director_cannot_move_or_force_an_assignment(as_user, coordinator, world, directors_need, fname):
    assignment = coordinator.call(
        "reserve.assignment",
        "search_read",
        [("establishment_id", "in", world["managed"])],
        fields=["person_id"],
        limit=1,
    )
    assert assignment, "the demo director has assignments"
    other_person = coordinator.call("reserve.person", "search", [("id", "!=", assignment[0]["person_id"][0])], limit=1)
    foreign = coordinator.call("reserve.need", "search", [("establishment_id", "not in", world["managed"])], limit=1)
    value = {"person_id": other_person[0], "need_id": foreign[0], "state": "done"}[fname]
    _refused(as_user("directeur"), "reserve.assignment", assignment[0]["id"], {fname: value}, coordinator, [fname])


@pytest.mark.parametrize("fname", ["lender_id", "borrower_id", "employee_id", "state", "employee_signed_on"])
def test_director_cannot_move_or_sign_a_loan_by_writing(as_user, coordinator, world, fname):
    loans = coordinator.call(
        "reserve.loan.contract",
        "search_read",
        ["|", ("lender_id", "in", world["managed"]), ("borrower_id", "in", world["managed"])],
        fields=["employee_id"],
        limit=1,
    )
    assert loans, "the demo director has staff loans"
    other_member = coordinator.call(
        "res.partner", "search", [("member_state", "=", "member"), ("id", "not in", world["managed"])], limit=1
    )[0]
    other_person = coordinator.call("reserve.person", "search", [("id", "!=", loans[0]["employee_id"][0])], limit=1)[0]
    value = {
        "lender_id": other_member,
        "borrower_id": other_member,
        "employee_id": other_person,
        "state": "running",
        "employee_signed_on": "2026-01-01 00:00:00",
    }[fname]
    _refused(as_user("directeur"), "reserve.loan.contract", loans[0]["id"], {fname: value}, coordinator, [fname])


@pytest.mark.parametrize(("fname", "value"), [("member_manager_ids", "add_authority"), ("member_state", "left")])
def test_director_cannot_change_the_membership_of_their_establishment(as_user, coordinator, world, fname, value):
    if value == "add_authority":
        value = [(4, as_user("autorite").uid)]
    _refused(as_user("directeur"), "res.partner", world["managed"][0], {fname: value}, coordinator, [fname])


def test_director_cannot_move_a_contact_out_of_their_establishments(as_user, coordinator, world):
    contact = coordinator.call(
        "res.partner", "create", {"name": "Infirmière coordinatrice (test)", "parent_id": world["managed"][0]}
    )
    other_member = coordinator.call(
        "res.partner", "search", [("member_state", "=", "member"), ("id", "not in", world["managed"])], limit=1
    )[0]
    _refused(as_user("directeur"), "res.partner", contact, {"parent_id": other_member}, coordinator, ["parent_id"])


@pytest.mark.parametrize(
    ("login", "model", "method", "args"),
    [
        # Public before: anyone who read the record answered or signed in the person's name.
        ("reserviste", "reserve.proposal", "action_accept", {}),
        ("reserviste", "reserve.proposal", "action_decline", {}),
        ("directeur", "reserve.proposal", "action_accept", {}),
        ("directeur", "reserve.assignment", "action_confirm", {}),
        ("directeur", "reserve.loan.contract", "sign_as_employee", {"name": "Léa Martin", "ip_address": "127.0.0.1"}),
        ("directeur", "reserve.loan.contract", "refuse_as_employee", {"reason": "Non"}),
        ("directeur", "reserve.loan.contract", "covers", {}),
        ("directeur", "reserve.loan.framework", "sign_as_employer", {"side": "lender", "name": "Directeur"}),
    ],
)
def test_acting_in_a_persons_name_is_refused_over_rpc(as_user, coordinator, world, login, model, method, args):
    client = as_user(login)
    records = client.call(model, "search", [], limit=1)
    assert records, f"{login} reads a {model} record to try it on"
    before = coordinator.call(model, "read", records, fields=["state"])
    with pytest.raises(ApiError) as error:
        client.call(model, method, records, **args)
    # Refused as an access error (a coordinator's button), or as no public method at all.
    refused = error.value.is_access_error or "does not exist" in error.value.message
    assert refused, error.value.message
    assert coordinator.call(model, "read", records, fields=["state"]) == before


def test_director_reads_the_calendar_of_own_establishments_only(as_user, coordinator, world, others):
    rows = coordinator.call(
        "reserve.assignment",
        "search_read",
        [("calendar_event_id", "!=", False)],
        fields=["calendar_event_id", "establishment_id"],
    )
    own = {r["calendar_event_id"][0] for r in rows if r["establishment_id"][0] in world["managed"]}
    foreign = {r["calendar_event_id"][0] for r in rows} - own
    assert foreign, "an assignment of another member has its calendar event"
    found = _ids(as_user("directeur"), "calendar.event", [("id", "in", sorted(own | foreign))])
    assert found == own


@pytest.mark.parametrize("login", ["autorite", "formatrice", "directeur"])
def test_no_role_reads_a_reservist_through_an_attendee_it_makes(as_user, coordinator, world, login):
    """Attendees carry their contact's e-mail and phone: inviting a reservist one may not read
    is refused, whether through the event or through an attendee line."""
    client = as_user(login)
    hidden = sorted(set(world["every_reservist_partner"]) - world["directors_partners"])[0]
    event = client.call(
        "calendar.event", "create", {"name": "Point", "start": "2027-02-05 10:00:00", "stop": "2027-02-05 11:00:00"}
    )
    for model, values in (
        ("calendar.attendee", {"event_id": event, "partner_id": hidden}),
        (
            "calendar.event",
            {
                "name": "Point",
                "start": "2027-02-06 10:00:00",
                "stop": "2027-02-06 11:00:00",
                "partner_ids": [(4, hidden)],
            },
        ),
    ):
        with pytest.raises(ApiError) as error:
            client.call(model, "create", values)
        assert error.value.is_access_error
    assert not client.call("calendar.attendee", "search_read", [("partner_id", "=", hidden)], fields=["email"])


def test_a_director_posts_in_their_own_name_only(as_user, coordinator, world):
    director = as_user("directeur")
    with pytest.raises(ApiError) as error:
        director.call(
            "reserve.person",
            "message_post",
            [world["employees"][0]],
            body="Votre profil est suspendu.",
            author_id=coordinator.call("res.users", "read", [coordinator.uid], fields=["partner_id"])[0]["partner_id"][
                0
            ],
            message_type="comment",
        )
    assert error.value.is_access_error
