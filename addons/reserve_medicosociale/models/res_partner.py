from stdnum.exceptions import ValidationError as StdnumValidationError
from stdnum.fr import siret as stdnum_siret

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from ..tools.finess import finess_department_code, finess_problem
from .reserve_finess_category import SECTORS

PARTNER_AUTOCOMPLETE_WIDGET = "field_partner_autocomplete"

MEMBER_STATES = [
    ("prospect", "Prospect"),
    ("member", "Member"),
    ("suspended", "Suspended"),
    ("left", "Left"),
]
# Which states each membership action starts from.
MEMBER_TRANSITIONS = {
    "member": ("prospect", "suspended", "left"),
    "suspended": ("member",),
    "left": ("prospect", "member", "suspended"),
}
# The membership register is the coordinator's: member managers cannot change these.
MEMBERSHIP_FIELDS = {
    "member_state",
    "member_date_prospect",
    "member_date_join",
    "member_date_suspend",
    "member_date_leave",
    "member_suspend_reason",
    "member_manager_ids",
    "charter_date",
    "charter_document",
    "charter_filename",
}
COORDINATOR_GROUP = "reserve_medicosociale.reserve_medicosociale_group_coordinator"


class ResPartner(models.Model):
    """Member establishments and their managing organisations, on the contacts: the
    membership register, FINESS and SIRET identification, location (for the matching), the
    reservists an establishment blocks, and its needs and assignments."""

    _inherit = "res.partner"

    # Membership register
    member_state = fields.Selection(
        MEMBER_STATES,
        string="Membership",
        tracking=True,
        index=True,
        copy=False,
        help="Empty for contacts outside the member register.",
    )
    is_member = fields.Boolean(
        string="Active member",
        compute="_compute_is_member",
        store=True,
        index=True,
        help="The establishment is a member of the association and not suspended.",
    )
    member_date_prospect = fields.Date(string="Prospect since", copy=False)
    member_date_join = fields.Date(string="Member since", copy=False, tracking=True)
    member_date_suspend = fields.Date(string="Suspended on", copy=False)
    member_suspend_reason = fields.Char(string="Suspension reason", copy=False)
    member_date_leave = fields.Date(string="Left on", copy=False, tracking=True)
    charter_date = fields.Date(string="Charter signed on", copy=False, tracking=True)
    charter_document = fields.Binary(string="Signed charter", attachment=True, copy=False)
    charter_filename = fields.Char(copy=False)
    member_manager_ids = fields.Many2many(
        "res.users",
        "res_partner_member_manager_rel",
        "partner_id",
        "user_id",
        string="Managers",
        copy=False,
        help="Users who manage this establishment's records (needs, employees, contracts).",
    )
    # A reservist's contact is private (res_partner_security.xml): its rules test this field.
    # Coordinators only, as reading it needs access to reserve.person.
    reserve_person_ids = fields.One2many(
        "reserve.person", "partner_id", string="Reservist profile", groups=COORDINATOR_GROUP
    )
    blocked_person_ids = fields.Many2many(
        "reserve.person",
        "res_partner_blocked_person_rel",
        "partner_id",
        "person_id",
        string="Blocked reservists",
        copy=False,
        help="People this establishment does not want to be proposed again; the matching leaves them out.",
    )

    # Identification
    finess_et = fields.Char(
        string="FINESS ET",
        size=9,
        copy=False,
        index=True,
        help="FINESS number of the establishment (entité géographique), 9 characters.",
    )
    finess_ej = fields.Char(
        string="FINESS EJ",
        size=9,
        copy=False,
        index=True,
        help="FINESS number of the legal entity (entité juridique) managing establishments.",
    )
    parent_finess_ej = fields.Char(related="parent_id.finess_ej", string="Managing FINESS EJ")
    siret = fields.Char(string="SIRET", size=14, copy=False, index=True)
    finess_category_id = fields.Many2one("reserve.finess.category", string="FINESS category", index=True)
    member_sector = fields.Selection(
        SECTORS,
        string="Sector",
        compute="_compute_member_sector",
        store=True,
        readonly=False,
        index=True,
    )
    member_capacity = fields.Integer(string="Capacity", help="Authorised places or people supported.")
    finess_open_date = fields.Date(string="Opened on")
    finess_update_date = fields.Date(string="FINESS updated on")

    # Where
    commune_id = fields.Many2one("reserve.commune", index=True)
    department_id = fields.Many2one(
        "reserve.department",
        string="Département",
        compute="_compute_department_id",
        store=True,
        readonly=False,
        index=True,
    )
    territory_id = fields.Many2one(
        "reserve.territory",
        index=True,
        compute="_compute_territory_id",
        store=True,
        readonly=False,
        help="Set from the commune or the département when a territory covers it; can be chosen by hand.",
    )
    latitude = fields.Float(digits=(10, 6), compute="_compute_coordinates", store=True, readonly=False)
    longitude = fields.Float(digits=(10, 6), compute="_compute_coordinates", store=True, readonly=False)

    # Needs and assignments (smart buttons of the member form)
    reserve_need_count = fields.Integer(compute="_compute_reserve_need_assignment_counts", string="Needs")
    reserve_assignment_count = fields.Integer(compute="_compute_reserve_need_assignment_counts", string="Assignments")

    _finess_et_unique = models.UniqueIndex(
        "(finess_et) WHERE finess_et IS NOT NULL",
        "Another contact already has this FINESS ET number (it may be archived): "
        "open it instead of creating a duplicate.",
    )
    _finess_ej_unique = models.UniqueIndex(
        "(finess_ej) WHERE finess_ej IS NOT NULL",
        "Another contact already has this FINESS EJ number (it may be archived): "
        "open it instead of creating a duplicate.",
    )
    _siret_unique = models.UniqueIndex(
        "(siret) WHERE siret IS NOT NULL",
        "Another contact already has this SIRET number (it may be archived): open it instead of creating a duplicate.",
    )

    # ------------------------------------------------------------------ compute methods

    @api.depends("member_state")
    def _compute_is_member(self):
        for partner in self:
            partner.is_member = partner.member_state == "member"

    @api.depends("finess_category_id")
    def _compute_member_sector(self):
        for partner in self:
            if partner.finess_category_id:
                partner.member_sector = partner.finess_category_id.sector

    @api.depends("commune_id", "finess_et", "finess_ej")
    def _compute_department_id(self):
        """From the commune, else from the FINESS number (ET, else EJ)."""
        codes = {
            p.id: finess_department_code(p.finess_et or p.finess_ej)
            for p in self
            if not p.commune_id and (p.finess_et or p.finess_ej)
        }
        by_code = {}
        if any(codes.values()):
            departments = self.env["reserve.department"].search([("code", "in", [c for c in codes.values() if c])])
            by_code = {d.code: d for d in departments}
        for partner in self:
            if partner.commune_id:
                partner.department_id = partner.commune_id.department_id
            elif by_code.get(codes.get(partner.id)):
                partner.department_id = by_code[codes[partner.id]]

    @api.depends("commune_id", "department_id")
    def _compute_territory_id(self):
        located = self.filtered(lambda p: p.commune_id or p.department_id)
        if not located:
            return
        # Territories are few (a handful per association): read them once for the batch.
        territories = self.env["reserve.territory"].search([], limit=1000)
        for partner in located:
            partner.territory_id = next((t for t in territories if partner.commune_id in t.commune_ids), False) or next(
                (t for t in territories if partner.department_id in t.department_ids), partner.territory_id
            )

    @api.depends("commune_id")
    def _compute_coordinates(self):
        """The commune's coordinates, unless precise ones are given (FINESS geolocation)."""
        for partner in self.filtered("commune_id"):
            partner.latitude = partner.commune_id.latitude
            partner.longitude = partner.commune_id.longitude

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

    # ------------------------------------------------------------------ constraints and onchange

    @api.constrains("finess_et", "finess_ej")
    def _check_finess(self):
        for partner in self:
            for field_name in ("finess_et", "finess_ej"):
                number = partner[field_name]
                if number and (problem := finess_problem(number)):
                    raise ValidationError(
                        self.env._(
                            "%(field)s %(number)s of %(partner)s is not valid: %(error)s",
                            field=self._fields[field_name].string,
                            number=number,
                            partner=partner.display_name,
                            error=self.env._(problem.template, **problem.params),
                        )
                    )

    @api.constrains("member_capacity")
    def _check_member_capacity(self):
        if any(partner.member_capacity < 0 for partner in self):
            raise ValidationError(self.env._("The capacity cannot be negative."))

    @api.constrains("siret")
    def _drop_wrong_siret(self):
        for partner in self.filtered("siret"):
            try:
                stdnum_siret.validate(partner.siret)
            except StdnumValidationError as error:
                raise ValidationError(
                    self.env._(
                        "SIRET %(number)s of %(partner)s is not valid (%(reason)s). A SIRET has 14 digits "
                        "and a check key: copy it from the establishment's Kbis or INSEE notice.",
                        number=partner.siret,
                        partner=partner.display_name,
                        reason=str(error),
                    )
                ) from error

    @api.onchange("commune_id")
    def _onchange_commune_id(self):
        commune = self.commune_id
        if commune:
            self.city = commune.name
            if not self.zip or self.zip not in (commune.postal_codes or "").split():
                self.zip = (commune.postal_codes or "").split(" ")[0] or self.zip
            if not self.country_id:
                self.country_id = self.env.ref("base.fr")

    # ------------------------------------------------------------------ CRUD

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._normalize_identifiers(vals)
            self._ensure_membership_write_allowed(vals)
            # An establishment keeps its own address: a "contact" child would share its
            # legal entity's address with it and with every other establishment of it.
            if vals.get("parent_id") and vals.get("is_company") and not vals.get("type"):
                vals["type"] = "other"
            if vals.get("member_state") == "prospect" and not vals.get("member_date_prospect"):
                vals["member_date_prospect"] = fields.Date.context_today(self)
            if vals.get("member_state") == "member" and not vals.get("member_date_join"):
                vals["member_date_join"] = fields.Date.context_today(self)
        self._ensure_identifiers_free(vals_list)
        return super().create(vals_list)

    def write(self, vals):
        self._normalize_identifiers(vals)
        self._ensure_membership_write_allowed(vals)
        if len(self) > 1 and any(vals.get(f) for f in ("finess_et", "finess_ej", "siret")):
            raise ValidationError(self.env._("A FINESS or SIRET number can be given to one contact only."))
        self._ensure_identifiers_free([vals])
        result = super().write(vals)
        if self and self.env["reserve.write.guard"]._write_guard_role() == "manager":
            # The rules were checked on the contacts as they were: a member manager must not
            # move a contact out of their establishments (e.g. by its parent).
            self.check_access("write")
        return result

    @api.model
    def _get_view(self, view_id=None, view_type="form", **options):
        # partner_autocomplete puts its widget on the name and VAT of every partner form; its
        # suggestions come from partner-autocomplete.odoo.com, which the reserve never calls.
        arch, view = super()._get_view(view_id, view_type, **options)
        drop_partner_autocomplete_widget(arch)
        return arch, view

    @api.model
    def _normalize_identifiers(self, vals):
        """Store FINESS and SIRET without spaces, FINESS in upper case ("2a…" → "2A…")."""
        for field_name in ("finess_et", "finess_ej"):
            if vals.get(field_name):
                vals[field_name] = "".join(vals[field_name].split()).upper()
            elif field_name in vals:
                vals[field_name] = False
        if vals.get("siret"):
            vals["siret"] = stdnum_siret.compact(vals["siret"])
        elif "siret" in vals:
            vals["siret"] = False
        return vals

    def _ensure_identifiers_free(self, vals_list):
        """Refuse a FINESS or SIRET number another contact has, with a message naming it.

        Checked before writing, in one query per identifier for the whole batch, as the
        unique indexes (which guard against races) would otherwise answer first with a
        database error.
        """
        for field_name in ("finess_et", "finess_ej", "siret"):
            numbers = [vals[field_name] for vals in vals_list if vals.get(field_name)]
            if not numbers:
                continue
            label = self._fields[field_name].string
            if len(numbers) != len(set(numbers)):
                duplicate = next(n for n in numbers if numbers.count(n) > 1)
                raise ValidationError(
                    self.env._(
                        "%(field)s %(number)s is given to several contacts at once: "
                        "each number belongs to one contact.",
                        field=label,
                        number=duplicate,
                    )
                )
            # sudo: the duplicate may be a contact the user cannot read; only its name is shown.
            other = (
                self.with_context(active_test=False)
                .sudo()
                .search([(field_name, "in", numbers), ("id", "not in", self.ids)], limit=1)
            )
            if other:
                raise ValidationError(
                    self.env._(
                        "%(field)s %(number)s is already the number of “%(other)s”%(archived)s: open that contact "
                        "instead of creating a duplicate.",
                        field=label,
                        number=other[field_name],
                        other=other.display_name,
                        archived="" if other.active else self.env._(" (archived)"),
                    )
                )

    def _ensure_membership_write_allowed(self, vals):
        """Raise unless the current user may write these values: the membership register is
        the coordinators'."""
        if self.env.su or not MEMBERSHIP_FIELDS.intersection(vals):
            return
        if not self.env.user.has_group(COORDINATOR_GROUP):
            raise AccessError(
                self.env._(
                    "Only the association's coordinators can change the membership register "
                    "(membership state, dates, managers, charter)."
                )
            )

    # ------------------------------------------------------------------ actions

    def action_member_prospect(self):
        """Put contacts outside the register into it as prospects."""
        if self.filtered("member_state"):
            raise UserError(self.env._("Only contacts outside the member register can become prospects."))
        return self.write({"member_state": "prospect", "member_date_prospect": fields.Date.context_today(self)})

    def action_member_join(self):
        """Admit prospects, resume suspended members (keeping their joining date), readmit leavers."""
        today = fields.Date.context_today(self)
        for partner in self:
            resumed = partner.member_state == "suspended"
            partner._set_member_state(
                "member",
                member_date_join=partner.member_date_join if resumed else today,
                member_date_suspend=False,
                member_suspend_reason=False,
                member_date_leave=False,
            )
        return True

    def action_member_suspend(self):
        return self._set_member_state("suspended", member_date_suspend=fields.Date.context_today(self))

    def action_member_leave(self):
        return self._set_member_state("left", member_date_leave=fields.Date.context_today(self))

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

    # ------------------------------------------------------------------ membership

    def _set_member_state(self, new_state, **extra):
        allowed = MEMBER_TRANSITIONS[new_state]
        labels = dict(self._fields["member_state"]._description_selection(self.env))
        for partner in self:
            if partner.member_state not in allowed:
                raise UserError(
                    self.env._(
                        "%(partner)s cannot become “%(new)s” from “%(old)s”.",
                        partner=partner.display_name,
                        new=labels[new_state],
                        old=labels.get(partner.member_state) or self.env._("outside the register"),
                    )
                )
        self.write({"member_state": new_state, **extra})
        return True

    # ------------------------------------------------------------------ offline

    @api.model
    def autocomplete_by_vat(self, vat, query_country_id, timeout=15):
        """No suggestion: Odoo would ask partner-autocomplete.odoo.com, then the European
        Commission's VIES service; the reserve never calls out."""
        return []


def drop_partner_autocomplete_widget(arch):
    """Give back the plain field to the nodes that ``partner_autocomplete`` gave its widget."""
    for node in arch.xpath(f"//field[@widget='{PARTNER_AUTOCOMPLETE_WIDGET}']"):
        del node.attrib["widget"]
