from . import (
    test_cv_access,
    test_cv_audit,
    test_cv_documents,
    test_cv_retention,
    test_cv_search,
    test_job_offer,
    test_job_offer_http,
    test_migrations,
    test_apply_tour,
    test_hours,
    test_portal_home,
    test_talent_pool,
)
