from . import (
    res_config_settings,
    res_partner,
    reserve_mission,
    reserve_mission_activity,
    reserve_mission_date,
    reserve_mission_participation,
    reserve_mission_report,
    reserve_person,
    reserve_report,
    reserve_territory,
)
