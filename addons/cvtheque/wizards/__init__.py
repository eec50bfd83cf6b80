from . import cvtheque_search
