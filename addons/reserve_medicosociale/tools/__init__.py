from . import finess
