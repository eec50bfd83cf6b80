from odoo import api, fields, models

SLOT_KINDS = [
    ("available", "Available"),
    ("unavailable", "Unavailable"),
]


class ReserveAvailabilitySlot(models.Model):
    """A dated period when a reservist is available beyond their usual week, or
    unavailable (holidays, exams, internship), whatever their usual week says.

    ``start`` and ``stop`` are UTC, as every Odoo datetime. An unavailable period wins
    over the weekly pattern and over available periods.
    """

    _name = "reserve.availability.slot"
    _description = "Dated availability of a reservist"
    _inherit = ["reserve.write.guard"]
    _order = "start desc, id desc"
    # The person keeps their own periods (the rules check the profile).
    _portal_create_fields = frozenset({"person_id", "kind", "start", "stop", "note"})
    _portal_write_fields = frozenset({"kind", "start", "stop", "note"})

    person_id = fields.Many2one("reserve.person", string="Reservist", required=True, index=True, ondelete="cascade")
    kind = fields.Selection(SLOT_KINDS, string="Type", required=True, default="available")
    start = fields.Datetime(required=True)
    stop = fields.Datetime(string="End", required=True)
    note = fields.Char(help="e.g. exams, holidays, internship, school holidays.")

    _stop_after_start = models.Constraint(
        "CHECK(stop > start)",
        "A dated availability or unavailability ends after it starts.",
    )
    # Overlap queries (`tsrange(start, stop) && shift`) over every reservist at once;
    # per-person look-ups use the person_id index.
    _period_idx = models.Index("USING gist (tsrange(start, stop))")

    @api.depends("kind", "start", "stop")
    def _compute_display_name(self):
        labels = dict(self._fields["kind"]._description_selection(self.env))
        for slot in self:
            if not (slot.start and slot.stop):
                slot.display_name = labels.get(slot.kind, "")
                continue
            start, stop = (
                fields.Datetime.to_string(fields.Datetime.context_timestamp(slot, moment))[:16]
                for moment in (slot.start, slot.stop)
            )
            slot.display_name = f"{labels.get(slot.kind, '')}: {start} → {stop}"

    @api.model_create_multi
    def create(self, vals_list):
        slots = super().create(vals_list)
        slots.person_id._availability_touched_by_self()
        return slots

    def write(self, vals):
        result = super().write(vals)
        self.person_id._availability_touched_by_self()
        return result
