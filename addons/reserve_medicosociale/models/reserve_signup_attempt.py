import logging
from datetime import timedelta

from odoo import api, fields, models

_logger = logging.getLogger(__name__)

# The limits of the public signup form (system parameters, 0 disables one) and the
# windows they count over.
CLIENT_LIMIT_PARAM = "reserve_medicosociale.signup_limit_per_client"
CLIENT_LIMIT_DEFAULT = 20
CLIENT_WINDOW = timedelta(hours=1)
EMAIL_LIMIT_PARAM = "reserve_medicosociale.signup_limit_per_email"
EMAIL_LIMIT_DEFAULT = 3
EMAIL_WINDOW = timedelta(days=1)
# Attempts are kept no longer than the longest window: they hold addresses of people who
# never agreed to anything.
RETENTION = max(CLIENT_WINDOW, EMAIL_WINDOW)


class ReserveSignupAttempt(models.Model):
    """One accepted submission of the public signup form, kept a day to limit abuse.

    Stored in the database rather than in memory (as Odoo's login cooldown is) so that
    every HTTP worker and every server behind the proxy counts the same attempts.
    No group has access: only the signup code reads and writes them, with sudo.
    """

    _name = "reserve.signup.attempt"
    _description = "Signup attempt"
    _order = "id desc"

    client_address = fields.Char(string="Client address", readonly=True, help="IP address the form was sent from.")
    email_normalized = fields.Char(string="E-mail", required=True, readonly=True)

    _client_address_create_date_idx = models.Index("(client_address, create_date)")
    _email_normalized_create_date_idx = models.Index("(email_normalized, create_date)")

    @api.model
    def _get_limit(self, param, default):
        value = self.env["ir.config_parameter"].sudo().get_param(param, default)
        try:
            return max(int(value), 0)
        except (TypeError, ValueError):
            _logger.warning("System parameter %s is not a whole number (%r): using %s.", param, value, default)
            return default

    @api.model
    def _get_limit_reached(self, client_address, email_normalized):
        """Which limit one more accepted submission from this client address for this e-mail
        would pass: "client", "email", or False when it may be accepted. Other public forms
        that create an account (the CV library's applications) count against the same limits
        and say it in their own words."""
        now = self.env.cr.now()
        client_limit = self._get_limit(CLIENT_LIMIT_PARAM, CLIENT_LIMIT_DEFAULT)
        if client_limit and client_address:
            count = self.search_count(
                [("client_address", "=", client_address), ("create_date", ">", now - CLIENT_WINDOW)],
                limit=client_limit,
            )
            if count >= client_limit:
                _logger.warning("Signup refused: %s reached the limit of %d an hour.", client_address, client_limit)
                return "client"
        email_limit = self._get_limit(EMAIL_LIMIT_PARAM, EMAIL_LIMIT_DEFAULT)
        if email_limit and email_normalized:
            count = self.search_count(
                [("email_normalized", "=", email_normalized), ("create_date", ">", now - EMAIL_WINDOW)],
                limit=email_limit,
            )
            if count >= email_limit:
                _logger.warning(
                    "Signup refused from %s: one address reached the limit of %d a day.", client_address, email_limit
                )
                return "email"
        return False

    @api.model
    def _get_limit_message(self, client_address, email_normalized):
        """Whether one more signup may be accepted from this client address for this e-mail.

        :return: False when it may, else the message that says what to do
        """
        reached = self._get_limit_reached(client_address, email_normalized)
        if reached == "client":
            return self.env._(
                "Too many registrations were sent from your connection in the last hour. "
                "Please try again in an hour. If several people sign up from the same place "
                "(a school, an establishment), the coordinators of the reserve can register them."
            )
        if reached == "email":
            return self.env._(
                "We already sent several messages to this e-mail address today. Look for them in "
                "your mailbox (and in its spam folder), or try again tomorrow."
            )
        return False

    @api.model
    def _record(self, client_address, email_normalized):
        return self.create({"client_address": client_address or False, "email_normalized": email_normalized})

    @api.autovacuum
    def _gc_old_attempts(self):
        """Delete the attempts older than the longest window: they no longer count."""
        self.search([("create_date", "<", self.env.cr.now() - RETENTION)]).unlink()
