from . import test_member
from . import test_member_access
