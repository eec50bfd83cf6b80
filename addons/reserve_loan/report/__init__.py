from . import reserve_loan_report
from . import reserve_loan_statement_report
