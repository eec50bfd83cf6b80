from datetime import date

from babel.dates import get_month_names
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools.misc import babel_locale_parse


class ReserveLoanStatementGenerate(models.TransientModel):
    """Generate the statements of a month: every lender for a coordinator, the lenders a
    member manager manages otherwise."""

    _name = "reserve.loan.statement.generate"
    _description = "Generate the monthly staff-loan statements"

    month = fields.Selection(
        selection="_selection_month", required=True, default=lambda self: self._default_period()[0]
    )
    year = fields.Integer(required=True, default=lambda self: self._default_period()[1])
    lender_ids = fields.Many2many(
        "res.partner",
        string="Lending members",
        domain="[('id', 'in', allowed_lender_ids)]",
        help="Leave empty for every member you may generate the statements of.",
    )
    allowed_lender_ids = fields.Many2many("res.partner", compute="_compute_allowed_lender_ids")
    is_coordinator = fields.Boolean(compute="_compute_allowed_lender_ids")

    @api.model
    def _default_period(self):
        previous = fields.Date.context_today(self) - relativedelta(months=1)
        return str(previous.month), previous.year

    @api.model
    def _selection_month(self):
        names = get_month_names("wide", locale=babel_locale_parse(self.env.lang or "en_US"))
        return [(str(number), names[number].capitalize()) for number in range(1, 13)]

    @api.depends_context("uid")
    def _compute_allowed_lender_ids(self):
        Statement = self.env["reserve.loan.statement"]
        coordinator = Statement._is_coordinator()
        allowed = (
            self.env["res.partner"].search([("member_state", "!=", False), ("is_company", "=", True)])
            if coordinator
            else Statement._managed_members()
        )
        for wizard in self:
            wizard.is_coordinator = coordinator
            wizard.allowed_lender_ids = allowed

    def _period_start(self):
        self.ensure_one()
        if not 2000 <= self.year <= 2999:
            raise UserError(self.env._("Choose a year such as %(year)s.", year=fields.Date.context_today(self).year))
        return date(self.year, int(self.month), 1)

    def action_generate(self):
        self.ensure_one()
        day = self._period_start()
        if day > fields.Date.context_today(self):
            raise UserError(self.env._("A month that has not started yet has no hours to state."))
        statements = self.env["reserve.loan.statement"]._generate(day, lenders=self.lender_ids or None)
        if not statements:
            raise UserError(
                self.env._(
                    "No hours were done under a staff loan in %(month)s %(year)s: there is nothing to state.",
                    month=dict(self._selection_month())[self.month],
                    year=self.year,
                )
            )
        action = self.env["ir.actions.act_window"]._for_xml_id("reserve_loan.reserve_loan_statement_action")
        action.update({"domain": [("id", "in", statements.ids)], "context": {"create": False}})
        return action
