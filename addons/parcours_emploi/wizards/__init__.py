from . import parcours_funder_report
