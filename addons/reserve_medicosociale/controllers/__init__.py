from . import availability
from . import portal
from . import signup
