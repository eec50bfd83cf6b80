import datetime
import logging

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from odoo.addons.base.models.res_users import check_identity

_logger = logging.getLogger(__name__)


class ResUsersApikeysIssue(models.TransientModel):
    """An administrator issues an API key to an integration user: the user a partner system
    (an establishment's HR software, a Département's dashboard) calls the JSON-2 API as, with
    that user's groups and record rules and nothing more. Odoo lets users make their own keys
    only; an integration user never logs in."""

    _name = "res.users.apikeys.issue"
    _description = "Issue an API key to an integration user"

    user_id = fields.Many2one(
        "res.users",
        string="Integration user",
        required=True,
        domain=[("share", "=", False)],
        ondelete="cascade",
    )
    name = fields.Char(string="Partner system", required=True, help="Shown in the user's list of API keys.")
    expiration_date = fields.Date(
        required=True,
        default=lambda self: fields.Date.context_today(self) + relativedelta(years=1),
        help="The key stops working after this day; issue a new one before.",
    )

    @api.constrains("expiration_date")
    def _check_expiration_date(self):
        today = fields.Date.context_today(self)
        for wizard in self:
            if wizard.expiration_date <= today:
                raise UserError(self.env._("The expiration date must be after today."))

    @check_identity
    def action_issue(self):
        """Make the key (after the administrator confirmed their password) and show it once."""
        return self._issue_key()

    def _issue_key(self):
        self.ensure_one()
        if not self.env.is_system():
            raise AccessError(self.env._("Only an administrator issues API keys to other users."))
        user = self.user_id
        if user.share:
            raise UserError(
                self.env._(
                    "%(user)s is a portal user: partner systems call the API as an internal user with the "
                    "groups of their role.",
                    user=user.name,
                )
            )
        expiry = datetime.datetime.combine(self.expiration_date, datetime.time.max)
        # Made in the user's name, as they would make it (sudo: expiry beyond their group's limit).
        key = self.env["res.users.apikeys"].with_user(user).sudo()._generate("rpc", self.name, expiry)
        _logger.info("API key %r issued to user %s (%s) by uid %s", self.name, user.login, user.id, self.env.uid)
        return {
            "type": "ir.actions.act_window",
            "res_model": "res.users.apikeys.show",
            "name": self.env._("API key for %(user)s", user=user.name),
            "views": [(False, "form")],
            "target": "new",
            "context": {"default_key": key},
        }
