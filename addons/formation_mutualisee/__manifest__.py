{
    "name": "Formations mutualisées",
    "summary": "Shared trainings between member establishments: catalogue, sessions, seats, attendance",
    "version": "19.0.1.0.0",
    "category": "Services",
    "author": "Réserve médico-sociale contributors",
    "website": "https://github.com/reserve-medicosociale/reserve-medicosociale",
    "license": "AGPL-3",
    "depends": ["reserve_medicosociale"],
    "data": [
        "security/formation_mutualisee_groups.xml",
        "views/menus.xml",
    ],
    "installable": True,
}
