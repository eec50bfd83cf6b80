from . import attendance
from . import export
from . import portal
