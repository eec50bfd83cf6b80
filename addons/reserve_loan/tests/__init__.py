from . import test_loan_contract
from . import test_loan_reports
from . import test_loan_portal
from . import test_loan_portal_tour
from . import test_loan_statement
from . import test_loan_balance
from . import test_write_guard
from . import test_portal_home_phone
