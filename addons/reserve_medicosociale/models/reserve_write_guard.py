from odoo import api, models
from odoo.exceptions import AccessError

COORDINATOR_GROUP = "reserve_medicosociale.reserve_medicosociale_group_coordinator"
MEMBER_MANAGER_GROUP = "reserve_medicosociale.reserve_medicosociale_group_member_manager"


class ReserveWriteGuard(models.AbstractModel):
    """Who may write which field of a record: the model says it, for every route.

    Odoo checks record rules on a record as it is *before* a write, so a user allowed to
    change a record could otherwise write the very field that makes it theirs (its
    person, its establishment) or an audit field (a consent date, a state). A model that
    portal users or member managers may write inherits this mixin and lists, per role,
    the fields they may set on create and change on write; any other field is refused
    with a message, whether the write comes from the portal, the web client or the
    external API. After a write by those roles the record must still satisfy their record
    rules, or the write is refused.

    Superuser code (the workflow methods, after their own checks) and coordinators are
    not limited here; other internal users are limited by their access rights.
    """

    _name = "reserve.write.guard"
    _description = "Fields each role may write"

    # Fields a reservist (portal user) may give when creating / change on their record.
    _portal_create_fields = frozenset()
    _portal_write_fields = frozenset()
    # The same for a member establishment's manager who is not a coordinator.
    _manager_create_fields = frozenset()
    _manager_write_fields = frozenset()
    # Fields the model's own create() fills for those roles whatever they gave (a reference
    # from a sequence): its override runs before this check, which lets them through.
    _write_guard_assigned_fields = frozenset()

    def _write_guard_role(self):
        """'portal', 'manager', or None when this mixin does not limit the current user."""
        if self.env.su:
            return None
        user = self.env.user
        if user._is_portal():
            return "portal"
        if user.has_group(MEMBER_MANAGER_GROUP) and not user.has_group(COORDINATOR_GROUP):
            return "manager"
        return None

    def _write_guard_check(self, operation, field_names):
        """Raise AccessError if the current user may not give ``field_names`` on
        ``operation`` ('create' or 'write'); return the user's role (or None)."""
        role = self._write_guard_role()
        if role is None:
            return None
        allowed = getattr(self, f"_{role}_{operation}_fields")
        if operation == "create":
            allowed |= self._write_guard_assigned_fields
        refused = sorted(set(field_names) - allowed)
        if refused:
            labels = ", ".join(
                f"« {self._fields[fname]._description_string(self.env)} »" if fname in self._fields else fname
                for fname in refused
            )
            raise AccessError(
                self.env._(
                    "You cannot set %(fields)s on %(model)s: only the association's coordinators "
                    "can change it. Ask them if it is wrong.",
                    fields=labels,
                    model=self.env["ir.model"]._get(self._name).name,
                )
            )
        return role

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._write_guard_check("create", vals)
        # Odoo checks the record rules on the created records.
        return super().create(vals_list)

    def write(self, vals):
        role = self._write_guard_check("write", vals)
        result = super().write(vals)
        if role and self:
            # The rules were checked on the records as they were: they must still hold.
            self.check_access("write")
        return result
