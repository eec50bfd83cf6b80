{
    "name": "Réserve médico-sociale: volunteer missions",
    "summary": "Volunteer missions of general interest: moderated before publication, never replacing "
    "paid staff, found and joined on the portal, with hours and volunteer attestations",
    "version": "19.0.1.0.0",
    "category": "Services",
    "author": "Réserve médico-sociale contributors",
    "website": "https://github.com/reserve-medicosociale/reserve-medicosociale",
    "license": "AGPL-3",
    "depends": ["reserve_medicosociale", "mail", "portal"],
    "data": [
        "security/reserve_mission_groups.xml",
        "security/reserve_mission_security.xml",
        "security/ir.model.access.csv",
        "data/spreadsheet_dashboard_data.xml",
        "data/reserve_mission_activity_data.xml",
        "data/ir_cron_data.xml",
        "data/mail_template_data.xml",
        "report/reserve_mission_reports.xml",
        "report/reserve_mission_templates.xml",
        "views/reserve_mission_activity_views.xml",
        "views/reserve_mission_views.xml",
        "views/reserve_mission_participation_views.xml",
        "views/reserve_territory_views.xml",
        "views/res_partner_views.xml",
        "views/res_config_settings_views.xml",
        "views/portal_templates.xml",
        "views/menus.xml",
        "wizards/reserve_mission_decision_views.xml",
        "wizards/reserve_mission_invite_views.xml",
    ],
    "demo": [
        "demo/reserve_mission_demo.xml",
    ],
    "assets": {
        "web.report_assets_common": [
            "reserve_mission/static/src/report/reserve_mission_attestation.scss",
        ],
        "web.assets_tests": [
            "reserve_mission/static/tests/tours/**/*",
        ],
    },
    "installable": True,
}
