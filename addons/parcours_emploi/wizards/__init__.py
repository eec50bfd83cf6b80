from . import (
    parcours_application_create,
)
