from . import availability
from . import portal
from . import signup
from . import employer
