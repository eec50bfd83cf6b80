from . import availability
from . import portal
from . import signup
from . import proposal
from . import employer
