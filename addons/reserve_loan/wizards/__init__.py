from . import reserve_loan_statement_generate
from . import reserve_loan_balance
from . import reserve_loan_balance_line
