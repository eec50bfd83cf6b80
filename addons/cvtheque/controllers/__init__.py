from . import job_offer, portal
