from . import test_member
from . import test_member_access
from . import test_finess_tools
from . import test_finess_import
