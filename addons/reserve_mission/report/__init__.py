from . import reserve_mission_attestation
