from odoo import models


class EventMail(models.Model):
    """The mail schedulers of training sessions send each e-mail with the session's
    calendar file attached."""

    _inherit = "event.mail"

    def _send_mail(self, registrations):
        if not self.event_id.is_training or self.template_ref._name != "mail.template":
            return super()._send_mail(registrations)
        registrations._formation_send_mail(self.template_ref)
        return None
