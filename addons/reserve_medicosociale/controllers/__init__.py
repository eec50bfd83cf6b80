from . import availability
from . import portal
from . import signup
from . import proposal
from . import employer
from . import assignment
from . import need_portal
from . import sms
