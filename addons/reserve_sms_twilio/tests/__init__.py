from . import test_twilio
