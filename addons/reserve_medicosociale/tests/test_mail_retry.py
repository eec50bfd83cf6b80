import datetime
from unittest.mock import patch

from odoo.tests import TransactionCase, tagged

from odoo.addons.base.models.ir_mail_server import IrMail_Server


@tagged("post_install", "-at_install")
class TestMailRetry(TransactionCase):
    """E-mails refused because the mail server was unreachable go back to the queue; the others
    stay failed."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Mail = cls.env["mail.mail"]

    def _mail(self, subject):
        return self.Mail.create({"subject": subject, "email_to": "camille@example.com", "body_html": "<p>Hi</p>"})

    def test_mails_refused_by_an_unreachable_server_are_queued_again(self):
        mail = self._mail("Proposition de renfort")
        with patch.object(IrMail_Server, "_connect__", side_effect=ConnectionRefusedError(111, "Connection refused")):
            mail.send(raise_exception=False)
        self.assertEqual(mail.state, "exception", "Odoo gives up on the whole batch")
        self.assertIn("Connection refused", mail.failure_reason)
        self.Mail._cron_retry_unreachable_server()
        self.assertEqual(mail.state, "outgoing")
        self.assertFalse(mail.failure_type or mail.failure_reason)

    def test_mails_refused_for_themselves_stay_failed(self):
        mail = self._mail("Adresse invalide")
        mail.write({"state": "exception", "failure_type": "mail_email_invalid", "failure_reason": "bad address"})
        self.Mail._cron_retry_unreachable_server()
        self.assertEqual(mail.state, "exception")

    def test_retries_stop_after_the_configured_hours(self):
        mail = self._mail("Ancienne proposition")
        mail.write({"state": "exception", "failure_reason": "Connection refused"})
        self.env.cr.execute(
            "UPDATE mail_mail SET create_date = %s WHERE id = %s",
            (datetime.datetime.now() - datetime.timedelta(hours=49), mail.id),
        )
        mail.invalidate_recordset(["create_date"])
        self.Mail._cron_retry_unreachable_server()
        self.assertEqual(mail.state, "exception")
        self.env["ir.config_parameter"].set_param("reserve_medicosociale.mail_retry_hours", 72)
        self.Mail._cron_retry_unreachable_server()
        self.assertEqual(mail.state, "outgoing")
