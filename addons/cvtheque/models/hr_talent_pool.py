from odoo import api, fields, models
from odoo.exceptions import AccessError


class HrTalentPool(models.Model):
    """Recruitment's talent pools; one of them, shipped, is the CV library's shared pool.

    Its talents are made by the CVs themselves (``cvtheque.cv._sync_talent_pool``): a CV
    whose person shares it with members is in the pool, a withdrawn or anonymised one is
    removed at once. The record rules give a member manager only the talents whose CV they
    may read.
    """

    _inherit = "hr.talent.pool"

    is_cvtheque_pool = fields.Boolean(
        string="CV library pool",
        readonly=True,
        copy=False,
        help="The pool fills itself from the CVs their persons share with the member establishments.",
    )

    def _check_pool_flag(self, vals):
        if "is_cvtheque_pool" in vals and not self.env.su:
            raise AccessError(self.env._("The CV library's pool is set by the module only."))

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_pool_flag(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._check_pool_flag(vals)
        return super().write(vals)
