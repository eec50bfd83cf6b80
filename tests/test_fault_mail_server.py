"""Fault: the mail server is down while proposals go out. Odoo gives up on the batch; the
e-mails stay in the queue, failed, and are sent once the server is back (the retry cron),
each exactly once."""

import email
import re
import sys
from pathlib import Path

import pytest
from conftest import create_need, free_port

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
from devlib.smtp_sink import SmtpSink  # noqa: E402


def proposal_links(raw):
    """The proposals whose accept link a delivered message carries (each counted once)."""
    message = email.message_from_bytes(raw)
    text = "".join(
        part.get_payload(decode=True).decode(part.get_content_charset() or "utf-8", errors="replace")
        for part in message.walk()
        if part.get_content_maintype() == "text"
    )
    return {int(number) for number in re.findall(r"/reserve/proposition/(\d+)/accept", text)}


def run_cron(admin, xmlid):
    module, name = xmlid.split(".")
    [cron] = admin.call(
        "ir.model.data", "search_read", [("module", "=", module), ("name", "=", name)], fields=["res_id"]
    )
    admin.call("ir.cron", "method_direct_trigger", [cron["res_id"]])


@pytest.fixture
def mail_server(as_user):
    """An outgoing mail server on a loopback port where nothing listens (yet)."""
    admin, port = as_user("admin"), free_port()
    server_id = admin.call(
        "ir.mail_server",
        "create",
        {
            "name": "Relais local (test)",
            "smtp_host": "127.0.0.1",
            "smtp_port": port,
            "smtp_encryption": "none",
            "sequence": 0,
        },
    )
    yield port
    admin.call("ir.mail_server", "unlink", [server_id])


def test_proposals_survive_a_mail_server_outage(as_user, mail_server, figure):
    coordinator, admin = as_user("coordinatrice"), as_user("admin")
    member = coordinator.call("res.partner", "search", [("member_state", "=", "member")], limit=1)[0]
    need = create_need(coordinator, coordinator, member, headcount=3, hours_ahead=40)
    coordinator.call("reserve.need", "action_open", [need])
    people = coordinator.call(
        "reserve.person", "search", [("state", "=", "active"), ("partner_id.email", "!=", False)], limit=3
    )
    coordinator.call("reserve.need", "action_send_wave", [need], person_ids=people)
    proposals = coordinator.call("reserve.proposal", "search", [("need_id", "=", need)])
    assert len(proposals) == len(people)
    ours = [("model", "=", "reserve.proposal"), ("res_id", "in", proposals)]
    queued = admin.call("mail.mail", "search_read", ours, fields=["state", "email_to", "recipient_ids"])
    assert len(queued) == len(people) and {m["state"] for m in queued} == {"outgoing"}

    # The relay is down: Odoo gives up on the batch, the e-mails stay, failed.
    run_cron(admin, "mail.ir_cron_mail_scheduler_action")
    failed = admin.call("mail.mail", "search_read", ours, fields=["state", "failure_reason"])
    assert len(failed) == len(people)
    assert {m["state"] for m in failed} == {"exception"}, failed

    # The relay is back: the retry cron queues them again and the queue sends each once.
    with SmtpSink(mail_server) as sink:
        run_cron(admin, "reserve_medicosociale.ir_cron_mail_retry_unreachable_server")
        run_cron(admin, "mail.ir_cron_mail_scheduler_action")
        left = admin.call("mail.mail", "search_read", ours + [("state", "!=", "sent")], fields=["state"])
        assert not left, left
        delivered = [number for _rcpts, raw in sink.messages for number in proposal_links(raw)]
    assert sorted(number for number in delivered if number in proposals) == sorted(proposals), (
        "each proposal reaches its person exactly once"
    )
    ours_delivered = [number for number in delivered if number in proposals]
    figure(
        f"fault mail_server_down queued={len(queued)} failed_while_down={len(failed)}"
        f" delivered_after={len(ours_delivered)} delivered_twice={len(ours_delivered) - len(set(ours_delivered))}"
    )
