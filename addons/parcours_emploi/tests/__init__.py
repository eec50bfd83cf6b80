from . import (
    test_events_access,
    test_events_immersion,
    test_events_portal,
    test_events_registration,
    test_events_slots,
    test_events_tour,
)
