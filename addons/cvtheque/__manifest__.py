{
    "name": "CVthèque médico-sociale",
    "summary": "Shared CV library, job offers and follow-up pathways of the member establishments",
    "version": "19.0.1.0.0",
    "category": "Services",
    "author": "Réserve médico-sociale contributors",
    "website": "https://github.com/reserve-medicosociale/reserve-medicosociale",
    "license": "AGPL-3",
    "depends": ["reserve_medicosociale"],
    "data": [
        "security/cvtheque_groups.xml",
        "views/menus.xml",
    ],
    "installable": True,
}
