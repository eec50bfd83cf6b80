import datetime
import logging

from odoo import fields, models

_logger = logging.getLogger(__name__)

# How long the e-mails refused because the mail server could not be reached are put back in
# the queue (hours, ir.config_parameter); after that they stay failed, visible in the chatter.
RETRY_HOURS_PARAM = ("reserve_medicosociale.mail_retry_hours", 48)


class MailMail(models.Model):
    _inherit = "mail.mail"

    def _cron_retry_unreachable_server(self):
        """Put back in the queue the e-mails that failed only because the mail server could
        not be reached (Odoo marks the whole batch failed and never retries it): a proposal
        or a reminder must not be lost to a relay that was down for ten minutes. E-mails
        refused for themselves (an invalid address, a refused sender) are left failed."""
        param, default = RETRY_HOURS_PARAM
        hours = int(self.env["ir.config_parameter"].sudo().get_param(param, default))
        since = fields.Datetime.now() - datetime.timedelta(hours=hours)
        # mail.mail.send(): a batch whose SMTP connection failed is the only failure
        # Odoo records without a failure type (an e-mail refused for itself always has one).
        mails = self.sudo().search(
            [("state", "=", "exception"), ("failure_type", "=", False), ("create_date", ">=", since)]
        )
        if not mails:
            return
        mails.write({"state": "outgoing", "failure_type": False, "failure_reason": False})
        _logger.info("%s e-mails refused by an unreachable mail server are queued again", len(mails))
        self.env.ref("mail.ir_cron_mail_scheduler_action")._trigger()
