from . import (
    parcours_application_create,
    parcours_funder_report,
)
