{
    "name": "Réserve médico-sociale: SMS through Twilio",
    "summary": "Choose Twilio (Odoo's sms_twilio) as the reserve's SMS provider in its settings; "
    "the local provider stays the default",
    "version": "19.0.1.0.0",
    "category": "Services",
    "author": "Réserve médico-sociale contributors",
    "website": "https://github.com/reserve-medicosociale/reserve-medicosociale",
    "license": "AGPL-3",
    "depends": ["reserve_medicosociale", "sms_twilio"],
    "data": [
        "views/res_config_settings_views.xml",
    ],
    # The bridge comes with sms_twilio: ticking “Send SMS through Twilio” in the reserve's
    # settings installs sms_twilio, and with it this module.
    "auto_install": True,
    "installable": True,
}
