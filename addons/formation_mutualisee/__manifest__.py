{
    "name": "Formations mutualisées",
    "summary": "Shared trainings between member establishments: catalogue, sessions, seats, waitlist, "
    "attendance, certificates, satisfaction and cost sharing",
    "version": "19.0.1.0.0",
    "category": "Services",
    "author": "Réserve médico-sociale contributors",
    "website": "https://github.com/reserve-medicosociale/reserve-medicosociale",
    "license": "AGPL-3",
    "depends": ["reserve_medicosociale", "event", "survey"],
    "external_dependencies": {"python": ["xlsxwriter"]},
    "data": [
        "security/formation_mutualisee_groups.xml",
        "security/formation_security.xml",
        "security/ir.model.access.csv",
        "data/spreadsheet_dashboard_data.xml",
        "data/reserve_qualification_data.xml",
        "data/event_type_data.xml",
        "data/ir_cron_data.xml",
        "report/formation_reports.xml",
        "report/formation_templates.xml",
        "data/mail_template_data.xml",
        "views/event_type_views.xml",
        # before the session views: their Book seats button opens its action
        "wizards/formation_session_book_views.xml",
        "views/event_event_views.xml",
        "views/event_registration_views.xml",
        "views/formation_cost_statement_views.xml",
        "views/portal_templates.xml",
        "views/menus.xml",
    ],
    "demo": [
        "demo/formation_demo.xml",
    ],
    "assets": {
        "web.report_assets_common": [
            "formation_mutualisee/static/src/report/formation_document.scss",
        ],
        "web.assets_tests": [
            "formation_mutualisee/static/tests/tours/**/*",
        ],
    },
    "installable": True,
}
