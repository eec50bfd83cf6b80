from . import formation_reports
