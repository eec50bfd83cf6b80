from . import test_access
from . import test_attendance_certificate
from . import test_cost_sharing
from . import test_portal
from . import test_reports
from . import test_seats
