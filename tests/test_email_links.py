"""The one-click links of the e-mails, as a mail scanner meets them: a HEAD or a GET on any
of them changes nothing; only the page's button (a POST) answers.

The links are taken from the real mail queue, as the person would receive them.
"""

import datetime
import re
import urllib.error
import urllib.parse
import urllib.request

import pytest

LINK_RE = r'href="([^"]*{path}[^"]*)"'


def _fetch(server, url, method):
    """HEAD or GET ``url`` on this server, without cookies, as a scanner would."""
    path = urllib.parse.urlsplit(url).path
    request = urllib.request.Request(server["url"] + path, method=method)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def _queued_link(admin, model, res_id, path):
    """The link to ``path`` in the queued mail of that record (the administrator reads the queue)."""
    mails = admin.call(
        "mail.mail",
        "search_read",
        [("model", "=", model), ("res_id", "=", res_id), ("body_html", "ilike", path)],
        fields=["body_html"],
    )
    assert mails, f"a mail with a link to {path} is queued"
    return re.search(LINK_RE.format(path=re.escape(path)), mails[-1]["body_html"])[1].replace("&amp;", "&")


@pytest.fixture(scope="module")
def asked(as_user):
    """An open need for tomorrow, one reservist asked: their proposal and the links of its e-mail."""
    coordinator, admin = as_user("coordinatrice"), as_user("admin")
    # One of the demo director's establishments, so that the director reads its proposals.
    member = coordinator.call("res.partner", "search", [("member_manager_ids.login", "=", "directeur")], limit=1)[0]
    job = coordinator.call("reserve.job", "search", [], limit=1)[0]
    loan = coordinator.call("reserve.contract.type", "search", [("code", "=", "loan")])[0]
    start = (datetime.datetime.now(datetime.UTC) + datetime.timedelta(hours=30)).replace(microsecond=0, tzinfo=None)
    stop = start + datetime.timedelta(hours=8)
    need = coordinator.call(
        "reserve.need",
        "create",
        {
            "establishment_id": member,
            "job_id": job,
            "headcount": 2,
            "contract_type_ids": [(6, 0, [loan])],
            "shift_ids": [(0, 0, {"start": f"{start:%Y-%m-%d %H:%M:%S}", "stop": f"{stop:%Y-%m-%d %H:%M:%S}"})],
        },
    )
    coordinator.call("reserve.need", "action_open", [need])
    person = coordinator.call(
        "reserve.person", "search", [("state", "=", "active"), ("partner_id.email", "!=", False)], limit=1
    )[0]
    coordinator.call("reserve.need", "action_send_wave", [need], person_ids=[person])
    proposal = coordinator.call("reserve.proposal", "search", [("need_id", "=", need)])[0]
    return {
        "coordinator": coordinator,
        "admin": admin,
        "need": need,
        "person": person,
        "proposal": proposal,
        "accept": _queued_link(admin, "reserve.proposal", proposal, f"/reserve/proposition/{proposal}/accept/"),
        "decline": _queued_link(admin, "reserve.proposal", proposal, f"/reserve/proposition/{proposal}/decline/"),
    }


def _proposal_state(asked):
    [proposal] = asked["coordinator"].call("reserve.proposal", "read", [asked["proposal"]], fields=["state"])
    return proposal["state"]


@pytest.mark.parametrize("method", ["HEAD", "GET"])
@pytest.mark.parametrize("link", ["accept", "decline"])
def test_opening_a_proposal_link_answers_nothing(server, asked, method, link):
    status, page = _fetch(server, asked[link], method)
    assert status == 200
    if method == "GET":
        assert 'data-answer="confirm"' in page, "the page asks to press the button"
        assert "<form" in page and 'method="post"' in page.lower()
    assert _proposal_state(asked) == "sent"
    assert asked["coordinator"].call("reserve.assignment", "search_count", [("need_id", "=", asked["need"])]) == 0


@pytest.mark.parametrize("method", ["HEAD", "GET"])
def test_opening_the_still_available_link_confirms_nothing(server, as_user, method):
    coordinator, admin = as_user("coordinatrice"), as_user("admin")
    person = coordinator.call(
        "reserve.person",
        "search",
        [("state", "=", "active"), ("partner_id.email", "!=", False)],
        limit=1,
        order="id desc",
    )[0]
    # Stale for a year, never reminded: the reminder cron writes to them.
    coordinator.call(
        "reserve.person",
        "write",
        [person],
        {"availability_confirmed_date": "2025-01-01 00:00:00", "availability_reminder_date": False},
    )
    cron = admin.call(
        "ir.model.data",
        "search_read",
        [("module", "=", "reserve_medicosociale"), ("name", "=", "ir_cron_availability_reminder")],
        fields=["res_id"],
    )
    admin.call("ir.cron", "method_direct_trigger", [cron[0]["res_id"]])
    link = _queued_link(admin, "reserve.person", person, f"/reserve/encore-disponible/{person}/")
    status, page = _fetch(server, link, method)
    assert status == 200
    if method == "GET":
        assert 'data-answer="confirm"' in page
    [after] = coordinator.call("reserve.person", "read", [person], fields=["availability_confirmed_date"])
    assert after["availability_confirmed_date"] == "2025-01-01 00:00:00"


@pytest.mark.parametrize("method", ["HEAD", "GET"])
def test_opening_the_mission_confirmation_link_confirms_nothing(server, as_user, asked, method):
    coordinator, admin = asked["coordinator"], asked["admin"]
    assignment = coordinator.call(
        "reserve.assignment", "search", [("need_id", "=", asked["need"]), ("person_id", "=", asked["person"])]
    )
    if not assignment:
        assignment = [
            coordinator.call("reserve.assignment", "create", {"need_id": asked["need"], "person_id": asked["person"]})
        ]
    cron = admin.call(
        "ir.model.data",
        "search_read",
        [("module", "=", "reserve_medicosociale"), ("name", "=", "ir_cron_assignment_reminder")],
        fields=["res_id"],
    )
    admin.call("ir.cron", "method_direct_trigger", [cron[0]["res_id"]])
    link = _queued_link(admin, "reserve.assignment", assignment[0], f"/reserve/mission/{assignment[0]}/confirm/")
    status, page = _fetch(server, link, method)
    assert status == 200
    if method == "GET":
        assert 'data-answer="confirm"' in page
    [after] = coordinator.call("reserve.assignment", "read", assignment, fields=["state"])
    assert after["state"] == "planned"


def test_a_director_reads_no_link_of_the_people_asked(as_user, asked):
    """The director of the establishment reads its proposals, not the links of their e-mails."""
    director = as_user("directeur")
    assert director.call("reserve.proposal", "search", [("id", "=", asked["proposal"])]) == [asked["proposal"]]
    bodies = [
        m["body"]
        for m in director.call(
            "mail.message",
            "search_read",
            [("model", "=", "reserve.proposal"), ("res_id", "=", asked["proposal"])],
            fields=["body"],
        )
    ]
    assert not [b for b in bodies if "/reserve/proposition/" in (b or "")]
