from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools.misc import str2bool

from .reserve_person import COORDINATOR_GROUP

MEMBER_MANAGER_GROUP = "reserve_medicosociale.reserve_medicosociale_group_member_manager"
# The setting “Establishments send proposals themselves” (res_config_settings_establishment.py).
ESTABLISHMENT_PROPOSALS_PARAM = "reserve_medicosociale.establishment_send_proposals"
# How many ranked people the portal page of a need shows, and the largest wave it sends.
PORTAL_RANKING_LIMIT = 20
MAX_WAVE_SIZE = 50


class ReserveNeed(models.Model):
    """An establishment's manager looks for people and sends proposals for their own needs,
    when the coordinators allow it. They see the ranked people by name, distance and reasons
    only, and afterwards the people proposed to them: never the reserve as a whole."""

    _inherit = "reserve.need"

    can_send_proposals = fields.Boolean(
        compute="_compute_can_send_proposals",
        help="Whether the current user may look for people and send proposals for this need.",
    )

    @api.depends_context("uid")
    def _compute_can_send_proposals(self):
        if self._is_proposal_coordinator():
            self.can_send_proposals = True
            return
        if not (self.env.user.has_group(MEMBER_MANAGER_GROUP) and self._establishment_proposals_allowed()):
            self.can_send_proposals = False
            return
        allowed = self._origin._filtered_access("write")
        for need in self:
            need.can_send_proposals = bool(need._origin) and need._origin in allowed

    # ------------------------------------------------------------------ permission

    @api.model
    def _establishment_proposals_allowed(self):
        """The setting: may the managers of the member establishments send proposals themselves?"""
        value = self.env["ir.config_parameter"].sudo().get_param(ESTABLISHMENT_PROPOSALS_PARAM)
        return str2bool(value or "False", default=False)

    @api.model
    def _is_proposal_coordinator(self):
        return self.env.su or self.env.user.has_group(COORDINATOR_GROUP)

    def _check_can_send_proposals(self):
        """Raise unless the current user may rank people and send proposals for these needs:
        coordinators always; a member manager for the needs of the establishments they manage,
        when the setting allows it.

        :raise AccessError: with a message saying why
        """
        if self._is_proposal_coordinator():
            return
        if not self.env.user.has_group(MEMBER_MANAGER_GROUP):
            raise AccessError(self.env._("Only the association's coordinators can look for people for a need."))
        if not self._establishment_proposals_allowed():
            raise AccessError(
                self.env._("Your coordinator has not allowed establishments to send proposals themselves; ask them to.")
            )
        # The record rules decide which needs are theirs.
        self.check_access("write")

    def _check_people_can_be_asked(self, persons):
        """A member manager only asks people the matching ranks for this need (or already
        asked, who are skipped): the ids they send are not trusted.

        :raise UserError: when someone can no longer be asked
        """
        self.ensure_one()
        # Checked by the caller (_check_can_send_proposals): the ranking reads the whole reserve.
        need = self.sudo()
        already = set(need.proposal_ids.person_id.ids)
        ranked = {match["person_id"] for match in need._match(limit=None)}
        if any(person.id not in ranked and person.id not in already for person in persons):
            raise UserError(
                self.env._(
                    "Some of these people can no longer be asked for this need (no longer available or "
                    "qualified): look for people again."
                )
            )

    # ------------------------------------------------------------------ ranking and waves

    def _send_wave(self, persons):
        """Send the need to these people in the current user's name, after checking they may.

        :return: the proposals created (people already asked are skipped)
        """
        self.ensure_one()
        self._check_can_send_proposals()
        if not self._is_proposal_coordinator():
            if self.state not in ("open", "partly_filled"):
                raise UserError(self.env._("Proposals can only be sent for an open need."))
            self._check_people_can_be_asked(persons)
        return self._send_proposals(persons)

    def _ranking_for_manager(self, limit=PORTAL_RANKING_LIMIT):
        """The people ranked for this need, as a member manager may see them.

        :return: list of dicts ``{person_id, short_name, name, score, distance_km, reasons}``
        """
        self.ensure_one()
        self._check_can_send_proposals()
        # Checked above: the ranking and the names are read for this need only.
        ranking = self.sudo()._match(limit=limit)
        persons = self.env["reserve.person"].sudo().browse([match["person_id"] for match in ranking])
        names = {person.id: person.name or "" for person in persons}
        return [
            {
                **match,
                "name": names.get(match["person_id"], ""),
                "short_name": self._short_person_name(names.get(match["person_id"], "")),
            }
            for match in ranking
        ]

    @api.model
    def _short_person_name(self, name):
        """``Léa Martin`` → ``Léa M.``: enough for an establishment to recognise a proposal."""
        parts = (name or "").split()
        if len(parts) < 2:
            return name or ""
        return f"{parts[0]} {parts[-1][0].upper()}."

    def _portal_send_proposals(self, person_ids=None, top_n=None):
        """Ask the ticked people (``person_ids``), or the first ``top_n`` of the ranking, from
        the portal page of the need.

        :return: the proposals created
        :raise AccessError: when the current user may not send proposals for this need
        :raise UserError: with a message saying what to correct
        """
        self.ensure_one()
        self._check_can_send_proposals()
        if self.state not in ("open", "partly_filled"):
            raise UserError(self.env._("Proposals can only be sent for an open need."))
        Person = self.env["reserve.person"]
        if person_ids is not None:
            if not person_ids:
                raise UserError(self.env._("Tick the people to ask, or send the wave to the top of the list."))
            persons = Person.browse(person_ids)
        else:
            if not isinstance(top_n, int) or top_n < 1:
                raise UserError(self.env._("The wave size must be one person at least."))
            if top_n > MAX_WAVE_SIZE:
                raise UserError(self.env._("Ask %s people at most at once.", MAX_WAVE_SIZE))
            persons = Person.browse([match["person_id"] for match in self.sudo()._match(limit=top_n)])
        if not persons:
            raise UserError(self.env._("Nobody available and qualified is left to ask for this need."))
        proposals = self._send_wave(persons)
        if not proposals:
            raise UserError(self.env._("These people were already asked for this need."))
        return proposals
