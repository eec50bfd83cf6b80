"""Signed one-click links (answer a proposal, confirm a mission, "still available").

A token is ``<expiry timestamp>-<HMAC of the scope, the record's parts and the expiry>``:
it is the credential of a link that works without login, until it expires.
"""

import datetime

from odoo.tools.misc import consteq, hmac


def link_token(env, scope, parts, expiry):
    """The token for ``parts`` (ids that the link speaks for) valid until ``expiry`` (a timestamp)."""
    return f"{expiry}-{hmac(env(su=True), scope, (*parts, expiry))}"


def check_link_token(token, make_token):
    """'valid', 'invalid' (tampered, another record's) or 'expired'.

    ``make_token(expiry)`` gives the record's own token for that expiry.
    """
    expiry, _sep, _signature = (token or "").partition("-")
    if not expiry.isdigit() or len(expiry) > 12 or not consteq(make_token(int(expiry)), token):
        return "invalid"
    if int(expiry) < datetime.datetime.now(datetime.UTC).timestamp():
        return "expired"
    return "valid"


def queue_link_mails(template, res_ids):
    """Queue the mails of ``template`` that carry a signed link, for ``res_ids``.

    A queued mail is also a message on its record, which everyone who reads the record reads
    (an establishment's managers read its proposals and assignments, an employer its
    employees): as a 'user_notification' it is read through no record, by its recipient only,
    so nobody answers in the person's name with the link of their e-mail.
    """
    return template.sudo().send_mail_batch(
        res_ids, force_send=False, email_values={"message_type": "user_notification"}
    )
