from . import reserve_department
from . import reserve_commune
from . import reserve_finess_category
from . import reserve_territory
from . import res_partner
