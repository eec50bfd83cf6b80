"""The reserve's default SMS provider: the SMS is recorded, nothing leaves the machine.

Odoo's ``sms`` module sends through Odoo's IAP service by default; the reserve never does.
Until an association chooses a real provider (Odoo's ``sms_twilio``, in the settings), each
SMS is marked sent here and stays on the ``sms.sms`` list, on the person's chatter and on
the need's: what would have been sent, to whom, when.
"""

import logging

from odoo.addons.sms.tools.sms_api import SmsApiBase

_logger = logging.getLogger(__name__)


class SmsApiLocal(SmsApiBase):
    """An SMS provider that delivers nothing: every number is reported as sent."""

    def _send_sms_batch(self, messages, delivery_reports_url=False):
        results = []
        for message in messages:
            for number in message["numbers"]:
                _logger.info(
                    "Local SMS provider: SMS to %s recorded, not sent (%s characters).",
                    number["number"],
                    len(message["content"] or ""),
                )
                # Nothing to wait for: “delivered” (sent) at once.
                results.append({"uuid": number["uuid"], "state": "delivered"})
        return results
