from . import (
    cvtheque_cv,
    cvtheque_cv_consent,
    cvtheque_cv_document,
    cvtheque_cv_experience,
    cvtheque_cv_view,
    cvtheque_saved_search,
    hr_applicant,
    hr_job,
    hr_talent_pool,
    privacy_log,
    reserve_person,
)
