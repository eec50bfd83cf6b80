from . import reserve_finess_import
