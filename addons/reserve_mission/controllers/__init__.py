from . import mission, portal, web
