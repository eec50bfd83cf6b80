from odoo import models
from odoo.exceptions import AccessError


class MailThread(models.AbstractModel):
    _inherit = "mail.thread"

    def _message_compute_author(self, author_id=None, email_from=None):
        """A reservist or a member manager posts in their own name only.

        Odoo lets an internal user give any author to a message (to log a customer's e-mail),
        so a member manager could write on a reservist's profile or a loan "as" the
        coordinator or the employee. The superuser (mail gateway, links, crons) and
        coordinators keep Odoo's behaviour.
        """
        if self.env["reserve.write.guard"]._write_guard_role():
            own = self.env.user.partner_id
            if author_id and author_id != own.id:
                raise AccessError(self.env._("You can only post messages in your own name."))
            if author_id is None and email_from:
                # Not the author found from an address typed by the caller: the caller.
                author_id, email_from = own.id, own.email_formatted
        return super()._message_compute_author(author_id, email_from)
