"""The alert, SMS and report features from outside, over the JSON-2 API, as the demo users."""

import base64
import io

import pytest
from conftest import ApiError


def test_a_reservist_cannot_switch_sms_on_or_read_a_short_link_code(as_user):
    reservist = as_user("reserviste")
    person_ids = reservist.call("reserve.person", "search", [("user_id", "=", reservist.uid)])
    assert person_ids
    # The channels are chosen on the portal page, which records the consent's date.
    with pytest.raises(ApiError):
        reservist.call("reserve.person", "write", person_ids, {"notify_by_sms": True})
    with pytest.raises(ApiError):
        reservist.call("reserve.person", "write", person_ids, {"sms_consent_date": "2020-01-01 00:00:00"})
    with pytest.raises(ApiError):
        reservist.call("reserve.proposal", "search_read", [], ["sms_code"])


def test_a_director_cannot_mark_a_need_as_sent_to_the_alert_cell(as_user):
    director = as_user("directeur")
    need_ids = director.call("reserve.need", "search", [("state", "=", "open")], limit=1)
    if not need_ids:
        pytest.skip("The demo director has no open need.")
    with pytest.raises(ApiError):
        director.call("reserve.need", "write", need_ids, {"alert_date": "2020-01-01 00:00:00"})
    with pytest.raises(ApiError):
        director.call("reserve.need", "write", need_ids, {"open_date": "2020-01-01 00:00:00"})


def test_an_authority_reads_aggregates_and_no_personal_field(as_user):
    authority = as_user("autorite")
    figures = authority.call("reserve.person.report", "read_group", [], ["category"], ["category"])
    assert sum(group["category_count"] for group in figures) > 0
    with pytest.raises(ApiError):
        authority.call("reserve.person", "search_read", [], ["name", "email", "phone"], limit=1)
    with pytest.raises(ApiError):
        authority.call("reserve.proposal", "search_read", [], ["person_id"], limit=1)
    with pytest.raises(ApiError):
        authority.call("reserve.report", "create", {"date_from": "2026-01-05", "date_to": "2026-01-11"})


def test_the_report_file_holds_no_name_and_an_authority_can_read_it(as_user):
    openpyxl = pytest.importorskip("openpyxl")
    coordinator = as_user("coordinatrice")
    report_id = coordinator.call("reserve.report", "create", {"date_from": "2020-01-06", "date_to": "2030-12-29"})
    action = coordinator.call("reserve.report", "action_generate", [report_id])
    assert action["url"].startswith("/web/content/")
    authority = as_user("autorite")
    [report] = authority.call("reserve.report", "read", [report_id], ["attachment_id"])
    [attachment] = authority.call("ir.attachment", "read", [report["attachment_id"][0]], ["datas"])
    book = openpyxl.load_workbook(io.BytesIO(base64.b64decode(attachment["datas"])))
    text = " ".join(str(cell.value) for sheet in book for row in sheet.iter_rows() for cell in row if cell.value)
    names = [p["name"] for p in coordinator.call("reserve.person", "search_read", [], ["name"])]
    assert names
    assert not [name for name in names if name and name in text]
