from odoo import fields, models


class ReservePerson(models.Model):
    _inherit = "reserve.person"

    proposal_ids = fields.One2many("reserve.proposal", "person_id", string="Proposals")
    assignment_ids = fields.One2many("reserve.assignment", "person_id", string="Assignments")
    proposal_count = fields.Integer(compute="_compute_proposal_assignment_counts")
    assignment_count = fields.Integer(compute="_compute_proposal_assignment_counts")

    def _compute_proposal_assignment_counts(self):
        for field, model in (("proposal_count", "reserve.proposal"), ("assignment_count", "reserve.assignment")):
            counts = dict(self.env[model]._read_group([("person_id", "in", self.ids)], ["person_id"], ["__count"]))
            for person in self:
                person[field] = counts.get(person._origin, 0)

    def action_view_proposals(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("reserve_medicosociale.reserve_proposal_action")
        action.update(domain=[("person_id", "=", self.id)], context={})
        return action

    def action_view_assignments(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("reserve_medicosociale.reserve_assignment_action")
        action.update(domain=[("person_id", "=", self.id)], context={})
        return action


class ResPartner(models.Model):
    """Smart buttons of the member form: its needs and the assignments to it."""

    _inherit = "res.partner"

    reserve_need_count = fields.Integer(compute="_compute_reserve_need_assignment_counts", string="Needs")
    reserve_assignment_count = fields.Integer(compute="_compute_reserve_need_assignment_counts", string="Assignments")

    def _compute_reserve_need_assignment_counts(self):
        for field, model in (
            ("reserve_need_count", "reserve.need"),
            ("reserve_assignment_count", "reserve.assignment"),
        ):
            counts = dict(
                self.env[model]._read_group([("establishment_id", "in", self.ids)], ["establishment_id"], ["__count"])
            )
            for partner in self:
                partner[field] = counts.get(partner._origin, 0)

    def action_view_reserve_needs(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("reserve_medicosociale.reserve_need_action")
        action.update(domain=[("establishment_id", "=", self.id)], context={"default_establishment_id": self.id})
        return action

    def action_view_reserve_assignments(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("reserve_medicosociale.reserve_assignment_action")
        action.update(domain=[("establishment_id", "=", self.id)], context={})
        return action
