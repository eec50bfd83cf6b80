import base64
import hashlib
import hmac
import logging

from werkzeug.urls import url_join

from odoo import http
from odoo.http import request

from .email_link import EMAIL_LINK_HEADERS, render_email_link_result

_logger = logging.getLogger(__name__)

# The first word of a reply that stops SMS (French and English).
STOP_WORDS = {"STOP", "ARRET", "ARRÊT", "STOPSMS", "UNSUBSCRIBE"}


class ReserveSmsController(http.Controller):
    @http.route("/s/<string:code>", type="http", auth="public", methods=["GET"], website=True, sitemap=False)
    def sms_short_link(self, code, **kwargs):
        """The short link of an urgent proposal's SMS: on to the page of its accept link, which
        shows the need and a button (opening a link never answers)."""
        proposal = request.env["reserve.proposal"]._from_sms_code(code)
        if not proposal:
            return render_email_link_result("reserve_medicosociale.proposal_answer_page", "invalid")
        response = request.redirect(proposal._answer_url("accept"), code=303, local=False)
        response.headers.update(EMAIL_LINK_HEADERS)
        return response

    @http.route("/reserve/sms/inbound", type="http", auth="public", methods=["POST"], csrf=False, sitemap=False)
    def sms_inbound(self, **form):
        """A reply to an SMS, posted by Twilio (the real provider of ``sms_twilio``): “STOP”
        stops the SMS of the person with that number. Twilio's signature is checked with the
        company's auth token; without Twilio configured, nothing is accepted."""
        company = request.env.company.sudo()
        token = "sms_twilio_auth_token" in company._fields and company.sms_twilio_auth_token
        if not token:
            raise request.not_found()
        url = url_join(company.get_base_url(), "/reserve/sms/inbound")
        data = url + "".join(f"{key}{value}" for key, value in sorted(request.httprequest.form.items()))
        expected = base64.b64encode(hmac.new(token.encode(), data.encode(), hashlib.sha1).digest()).decode()
        if not hmac.compare_digest(expected, request.httprequest.headers.get("X-Twilio-Signature", "")):
            _logger.warning("SMS reply refused: the Twilio signature does not match.")
            raise request.not_found()
        words = (form.get("Body") or "").strip().upper().split()
        if words and words[0].strip(".!") in STOP_WORDS:
            request.env["reserve.person"]._sms_stop_from_number(form.get("From"))
        return request.make_response(
            '<?xml version="1.0" encoding="UTF-8"?><Response/>',
            headers=[("Content-Type", "text/xml"), *EMAIL_LINK_HEADERS.items()],
        )
