# Kept for reserve_loan, which still imports RESERVE_TZ from here: the reserve's time zone
# now lives in tools/local_time.py. Not imported by models/__init__.py; remove it once
# reserve_loan imports from odoo.addons.reserve_medicosociale.tools.local_time.
from ..tools.local_time import RESERVE_TZ  # noqa: F401
