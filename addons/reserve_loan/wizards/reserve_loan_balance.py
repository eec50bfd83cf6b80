import io
from collections import defaultdict
from datetime import date

import xlsxwriter
from xlsxwriter.utility import xl_col_to_name

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_round
from odoo.tools.misc import format_date


class ReserveLoanBalance(models.TransientModel):
    """The lending balance over a period: per member, the hours it lent and borrowed.

    So the federation sees who carries whom. A coordinator sees every member; a member
    manager only the members they manage, whatever they ask for.
    """

    _name = "reserve.loan.balance"
    _description = "Staff-loan lending balance"

    date_from = fields.Date(string="From", required=True, default=lambda self: self._default_dates()[0])
    date_to = fields.Date(string="Until", required=True, default=lambda self: self._default_dates()[1])
    line_ids = fields.One2many("reserve.loan.balance.line", "balance_id", string="Members", readonly=True)
    currency_id = fields.Many2one("res.currency", default=lambda self: self.env.company.currency_id)
    computed = fields.Boolean(readonly=True)

    @api.model
    def _default_dates(self):
        today = fields.Date.context_today(self)
        return date(today.year, 1, 1), date(today.year, 12, 31)

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for balance in self:
            if balance.date_to < balance.date_from:
                raise UserError(self.env._("The period must end after it starts."))

    @api.model_create_multi
    def create(self, vals_list):
        balances = super().create(vals_list)
        balances._refresh_lines()
        return balances

    def write(self, vals):
        result = super().write(vals)
        if {"date_from", "date_to"} & set(vals):
            self._refresh_lines()
        return result

    def _member_scope(self):
        """None for every member (a coordinator), else the members the current user manages."""
        Statement = self.env["reserve.loan.statement"]
        return None if Statement._is_coordinator() else Statement._managed_members()

    def _query_figures(self, date_from, date_to, members=None):
        """Per member: hours lent and borrowed, their value and the loans concerned, from the hours
        done in the period.

        A day is valued by its loan's one rule (``reserve.loan.contract._day_figures``), the
        one the monthly statements state: over whole months, what a member lent is the sum of
        its statements, to the cent.

        :return: (member id, hours lent, hours borrowed, value lent, value borrowed, loan count) rows
        """
        domain = [("date", ">=", date_from), ("date", "<=", date_to)]
        if members is not None:
            domain += ["|", ("lender_id", "in", members.ids), ("borrower_id", "in", members.ids)]
        # The caller's scope is the domain above: every loan's days are read to value them.
        hours_lines = self.env["reserve.loan.hours"].sudo().search(domain)
        figures = defaultdict(lambda: {"lent": 0.0, "borrowed": 0.0, "value_lent": 0.0, "value_borrowed": 0.0})
        loans = defaultdict(set)
        for contract, lines in hours_lines.grouped("contract_id").items():
            day_figures = contract._day_figures()
            for line in lines:
                amount = day_figures[line.id]["amount"]
                for member, side in ((contract.lender_id, "lent"), (contract.borrower_id, "borrowed")):
                    if members is None or member in members:
                        figures[member.id][side] += line.hours
                        figures[member.id][f"value_{side}"] += amount
                        loans[member.id].add(contract.id)
        return [
            (
                member_id,
                values["lent"],
                values["borrowed"],
                values["value_lent"],
                values["value_borrowed"],
                len(loans[member_id]),
            )
            for member_id, values in figures.items()
        ]

    def _refresh_lines(self):
        """Recompute the lines of each balance; True when done."""
        members = self._member_scope()
        for balance in self:
            rows = self._query_figures(balance.date_from, balance.date_to, members)
            digits = balance.currency_id.decimal_places or 2
            commands = [fields.Command.clear()]
            commands += [
                fields.Command.create(
                    {
                        "member_id": member_id,
                        "hours_lent": lent,
                        "hours_borrowed": borrowed,
                        "value_lent": float_round(value_lent, precision_digits=digits),
                        "value_borrowed": float_round(value_borrowed, precision_digits=digits),
                        "loan_count": loans,
                    }
                )
                for member_id, lent, borrowed, value_lent, value_borrowed, loans in rows
            ]
            # Written as superuser so the lines stay as computed: nobody types a balance.
            super(ReserveLoanBalance, balance.sudo()).write({"line_ids": commands, "computed": True})
        return True

    def action_refresh(self):
        """Compute the figures again (the hours may have changed); the form then shows them."""
        return self._refresh_lines()

    def action_export_xlsx(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_url",
            "url": f"/reserve/loan/balance/{self.id}/xlsx",
            "target": "download",
        }

    def _xlsx_file_name(self):
        return f"balance-{self.date_from}-{self.date_to}.xlsx"

    def _build_xlsx(self):
        """The same table as on screen, with totals computed by Excel and written as values too."""
        self.ensure_one()
        output = io.BytesIO()
        book = xlsxwriter.Workbook(output, {"in_memory": True})
        sheet = book.add_worksheet(self.env._("Lending balance")[:31])
        currency = self.currency_id or self.env.company.currency_id
        digits = currency.decimal_places or 2
        money = "#,##0.{}{}".format("0" * digits, f' "{currency.symbol}"' if currency.symbol else "")
        title = book.add_format({"bold": True, "font_size": 14})
        head = book.add_format({"bold": True, "bg_color": "#E8EEF4", "border": 1, "text_wrap": True})
        text_fmt = book.add_format({"border": 1})
        hours_fmt = book.add_format({"num_format": "0.00", "border": 1})
        money_fmt = book.add_format({"num_format": money, "border": 1})
        int_fmt = book.add_format({"num_format": "0", "border": 1})
        total_label = book.add_format({"bold": True, "border": 1, "bg_color": "#E8EEF4"})
        total_hours = book.add_format({"bold": True, "num_format": "0.00", "border": 1, "bg_color": "#E8EEF4"})
        total_money = book.add_format({"bold": True, "num_format": money, "border": 1, "bg_color": "#E8EEF4"})

        sheet.write(0, 0, self.env._("Staff-loan lending balance"), title)
        sheet.write(
            1,
            0,
            self.env._(
                "From %(start)s to %(end)s",
                start=format_date(self.env, self.date_from),
                end=format_date(self.env, self.date_to),
            ),
        )
        columns = [
            ("member", self.env._("Member"), 40, text_fmt, None),
            ("hours_lent", self.env._("Hours lent"), 12, hours_fmt, total_hours),
            ("hours_borrowed", self.env._("Hours borrowed"), 12, hours_fmt, total_hours),
            ("balance", self.env._("Balance (hours)"), 12, hours_fmt, total_hours),
            ("value_lent", self.env._("Value lent"), 14, money_fmt, total_money),
            ("value_borrowed", self.env._("Value borrowed"), 14, money_fmt, total_money),
            ("loan_count", self.env._("Loans"), 8, int_fmt, None),
        ]
        header_row = 3
        for col, (_key, label, width, _fmt, _total) in enumerate(columns):
            sheet.write(header_row, col, label, head)
            sheet.set_column(col, col, width)
        lines = self.line_ids.sorted(lambda line: line.member_id.name or "")
        row = header_row
        for row, line in enumerate(lines, start=header_row + 1):
            for col, (key, _label, _width, fmt, _total) in enumerate(columns):
                if key == "member":
                    sheet.write_string(row, col, line.member_id.name or "", fmt)
                else:
                    sheet.write_number(row, col, line[key], fmt)
        total_row = row + 1
        sheet.write(total_row, 0, self.env._("Total"), total_label)
        for col, (key, _label, _width, _fmt, total_fmt) in enumerate(columns):
            if not total_fmt:
                if col:
                    sheet.write_blank(total_row, col, None, total_label)
                continue
            letter = xl_col_to_name(col)
            formula = f"=SUM({letter}{header_row + 2}:{letter}{total_row})" if lines else "=0"
            sheet.write_formula(total_row, col, formula, total_fmt, sum(lines.mapped(key)))
        sheet.freeze_panes(header_row + 1, 1)
        book.close()
        return output.getvalue()
