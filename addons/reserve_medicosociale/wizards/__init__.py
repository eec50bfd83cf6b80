from . import reserve_file_import_mixin
from . import reserve_finess_import
from . import reserve_person_state_reason
from . import reserve_need_match
from . import reserve_commune_import
from . import reserve_commune_import_line
from . import res_users_apikeys_issue
