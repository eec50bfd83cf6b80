"""French CV texts of the sector, for the demo data and the benchmark.

Texts are assembled from sentences a candidate of each trade would write; names and places
are common French ones, nobody real.
"""

import datetime

from .demo_files import make_docx, make_image_pdf, make_pdf

FIRST_NAMES = [
    "Camille",
    "Léa",
    "Manon",
    "Chloé",
    "Emma",
    "Sarah",
    "Julie",
    "Laura",
    "Marine",
    "Pauline",
    "Anaïs",
    "Mélanie",
    "Aurélie",
    "Céline",
    "Sandrine",
    "Nathalie",
    "Isabelle",
    "Sophie",
    "Karine",
    "Élodie",
    "Thomas",
    "Nicolas",
    "Julien",
    "Kévin",
    "Maxime",
    "Antoine",
    "Romain",
    "Mickaël",
    "Yannick",
    "Damien",
    "Fatima",
    "Yasmine",
    "Inès",
    "Mamadou",
    "Samir",
    "Océane",
    "Gaëlle",
    "Brigitte",
    "Françoise",
    "Hélène",
]
LAST_NAMES = [
    "Lefèvre",
    "Lemaître",
    "Hamel",
    "Guérin",
    "Lecoq",
    "Marie",
    "Lebrun",
    "Raimbault",
    "Le Goff",
    "Leroux",
    "Duval",
    "Lemonnier",
    "Letellier",
    "Hébert",
    "Lecomte",
    "Morin",
    "Girard",
    "Renaud",
    "Poirier",
    "Jouan",
    "Le Bihan",
    "Besnard",
    "Fontaine",
    "Legrand",
    "Mercier",
    "Roussel",
    "Guillou",
    "Bouvier",
    "Picard",
    "Tessier",
]
EMPLOYERS = [
    "EHPAD Les Hortensias",
    "EHPAD du Bocage",
    "SSIAD du Cotentin",
    "IME Le Goéland",
    "MAS Les Tilleuls",
    "FAM de la Hague",
    "MECS Le Phare",
    "CHRS L'Escale",
    "EHPAD Le Clos Fleuri",
    "SAAD Nantes Solidarité",
    "Centre hospitalier de Saint-Lô",
    "CHU de Nantes",
    "Clinique du Cotentin",
    "Résidence autonomie Les Pins",
    "ESAT de la Baie",
    "Foyer de vie Les Genêts",
    "Crèche municipale Les Petits Loups",
    "Association ADMR",
]
# job xmlid: (titles, sentences of presentation, experience titles, qualification xmlids)
TRADES = {
    "job_aide_soignant": (
        ["Aide-soignante", "Aide-soignant de nuit", "Aide-soignante en EHPAD", "Aide-soignante diplômée d'État"],
        [
            "Aide-soignante diplômée d'État, j'accompagne les résidents dans les actes de la vie quotidienne.",
            "Soins d'hygiène et de confort, aide aux repas, prévention des escarres et des chutes.",
            "Travail en équipe avec les infirmières et transmissions écrites dans le dossier de soins.",
            "Habituée aux postes de nuit et aux week-ends, en EHPAD comme en service de médecine.",
            "Accompagnement des personnes atteintes de la maladie d'Alzheimer en unité protégée.",
        ],
        ["Aide-soignante", "Aide-soignante de nuit", "Agent de service hospitalier faisant fonction"],
        ["qualification_deas", "qualification_afgsu_2"],
    ),
    "job_infirmier": (
        ["Infirmière", "Infirmier de nuit", "Infirmière coordinatrice", "Infirmière en soins généraux"],
        [
            "Infirmière diplômée d'État, expérience en gériatrie et en soins palliatifs.",
            "Préparation et distribution des traitements, pansements complexes, suivi des plaies.",
            "Encadrement des aides-soignants et des élèves, lien avec les médecins traitants.",
            "Disponible pour des remplacements de nuit, en EHPAD ou en SSIAD.",
            "Gestion des urgences, AFGSU à jour, tenue du dossier de soins informatisé.",
        ],
        ["Infirmière", "Infirmière de nuit", "Infirmière en service de médecine"],
        ["qualification_dei", "qualification_afgsu_2"],
    ),
    "job_aes": (
        ["Accompagnante éducative et sociale", "AES à domicile", "Accompagnant éducatif et social en MAS"],
        [
            "Titulaire du DEAES, j'accompagne des adultes en situation de handicap dans leur quotidien.",
            "Aide à la toilette, aux repas et aux déplacements, animation d'activités.",
            "Intervention à domicile auprès de personnes âgées, courses et entretien du logement.",
            "Attention portée à l'autonomie et au projet personnalisé de chaque personne.",
        ],
        ["Accompagnante éducative et sociale", "Auxiliaire de vie", "AES en foyer de vie"],
        ["qualification_deaes"],
    ),
    "job_auxiliaire_vie": (
        ["Auxiliaire de vie", "Auxiliaire de vie sociale", "Aide à domicile"],
        [
            "Auxiliaire de vie depuis plusieurs années, j'interviens au domicile des personnes âgées.",
            "Aide au lever et au coucher, préparation des repas, accompagnement aux courses.",
            "Permis B et véhicule, secteur rural accepté.",
            "Écoute, discrétion et respect du rythme de chacun.",
        ],
        ["Auxiliaire de vie", "Aide à domicile", "Agent à domicile"],
        ["qualification_deavs", "qualification_permis_b"],
    ),
    "job_agent_service_hospitalier": (
        ["Agent de service hospitalier", "ASH en EHPAD", "Agente de service"],
        [
            "Entretien des chambres et des locaux selon les protocoles d'hygiène.",
            "Service des repas et aide à la prise des repas des résidents.",
            "Bio-nettoyage, gestion du linge, respect des règles de prévention des infections.",
        ],
        ["Agent de service hospitalier", "Agent d'entretien", "Agente de restauration"],
        ["qualification_bac_pro_assp"],
    ),
    "job_educateur_specialise": (
        ["Éducateur spécialisé", "Éducatrice spécialisée en MECS", "Éducateur spécialisé en IME"],
        [
            "Éducateur spécialisé diplômé, j'accompagne des adolescents placés au titre de la protection de l'enfance.",
            "Élaboration et suivi des projets personnalisés, travail avec les familles.",
            "Animation d'ateliers éducatifs, gestion des situations de crise.",
            "Expérience en internat éducatif et en service d'accueil de jour.",
        ],
        ["Éducateur spécialisé", "Moniteur-éducateur", "Éducateur en internat"],
        ["qualification_dees", "qualification_permis_b"],
    ),
    "job_moniteur_educateur": (
        ["Moniteur-éducateur", "Monitrice-éducatrice", "Moniteur-éducateur en foyer"],
        [
            "Moniteur-éducateur, j'accompagne des enfants et des adultes en situation de handicap.",
            "Activités éducatives et de loisirs, accompagnement aux gestes du quotidien.",
            "Travail en internat, horaires d'internat et week-ends acceptés.",
        ],
        ["Moniteur-éducateur", "Animateur", "Surveillant de nuit"],
        ["qualification_deme"],
    ),
    "job_surveillant_nuit": (
        ["Surveillant de nuit", "Surveillante de nuit qualifiée", "Veilleur de nuit"],
        [
            "Surveillant de nuit qualifié, je veille à la sécurité des personnes accueillies.",
            "Rondes, accompagnement des réveils nocturnes, transmissions à l'équipe de jour.",
            "Expérience en foyer d'hébergement et en MECS.",
        ],
        ["Surveillant de nuit", "Veilleur de nuit", "Agent de sécurité"],
        ["qualification_sst"],
    ),
    "job_cuisinier": (
        ["Cuisinier de collectivité", "Cuisinière en EHPAD", "Second de cuisine"],
        [
            "Cuisinier de collectivité, je prépare des repas adaptés aux régimes et aux textures modifiées.",
            "Respect des normes HACCP, gestion des stocks et des commandes.",
            "Expérience en cuisine centrale et en restauration d'établissement médico-social.",
        ],
        ["Cuisinier", "Commis de cuisine", "Second de cuisine"],
        ["qualification_cap_cuisine"],
    ),
    "job_aide_medico_psychologique": (
        ["Aide médico-psychologique", "AMP en FAM", "Aide médico-psychologique en MAS"],
        [
            "Aide médico-psychologique, j'accompagne des adultes polyhandicapés.",
            "Soins du quotidien, stimulation, activités sensorielles et de bien-être.",
            "Participation aux réunions de projet et aux transmissions.",
        ],
        ["Aide médico-psychologique", "Accompagnante éducative et sociale"],
        ["qualification_deamp"],
    ),
    "job_psychologue": (
        ["Psychologue clinicienne", "Psychologue en EHPAD", "Psychologue du développement"],
        [
            "Psychologue clinicienne, je propose des entretiens individuels et des groupes de parole.",
            "Soutien des familles et des équipes, analyse des pratiques.",
            "Bilans neuropsychologiques et suivi des troubles cognitifs.",
        ],
        ["Psychologue", "Psychologue clinicienne"],
        ["qualification_master_psy"],
    ),
    "job_animateur": (
        ["Animatrice sociale", "Animateur en EHPAD", "Animateur socioculturel"],
        [
            "Animatrice en EHPAD, je conçois des activités qui maintiennent le lien social.",
            "Ateliers mémoire, sorties, fêtes et rencontres intergénérationnelles.",
            "Accompagnement des visites des familles et des bénévoles.",
        ],
        ["Animatrice", "Animateur socioculturel"],
        ["qualification_permis_b"],
    ),
}
CITIES = [
    "Cherbourg-en-Cotentin",
    "Saint-Lô",
    "Granville",
    "Coutances",
    "Avranches",
    "Valognes",
    "Nantes",
    "Saint-Nazaire",
    "Rezé",
    "Châteaubriant",
]


def cv_content(rng, job_xmlid):
    """(title, summary, experience lines, qualification xmlids, paragraphs of the document)."""
    titles, sentences, experience_titles, qualifications = TRADES[job_xmlid]
    title = rng.choice(titles)
    years = rng.randint(1, 20)
    chosen = rng.sample(sentences, k=min(len(sentences), rng.randint(2, 4)))
    summary = f"{years} ans d'expérience. " + " ".join(chosen)
    today = datetime.date(2026, 9, 1)
    experiences = []
    end = today
    for _index in range(rng.randint(1, 3)):
        length = rng.randint(1, 6)
        start = end.replace(year=end.year - length)
        experiences.append(
            {
                "title": rng.choice(experience_titles),
                "employer": rng.choice(EMPLOYERS),
                "date_start": start,
                "date_end": end if end != today else False,
                "description": rng.choice(sentences),
            }
        )
        end = start
    paragraphs = [
        title,
        f"{years} ans d'expérience — {rng.choice(CITIES)}",
        *chosen,
        "Expérience professionnelle",
        *(
            f"{line['date_start'].year}–{line['date_end'].year if line['date_end'] else 'aujourd’hui'} : "
            f"{line['title']}, {line['employer']}. {line['description']}"
            for line in experiences
        ),
        "Diplômes et formations",
        *(f"{code.replace('qualification_', '').upper().replace('_', ' ')}" for code in qualifications),
    ]
    return title, summary, experiences, qualifications, paragraphs


def cv_file(rng, index, name, paragraphs):
    """(filename, bytes): a PDF or a DOCX, and now and then a scan without text."""
    slug = name.lower().replace(" ", "-")
    if index % 23 == 22:
        return f"cv-{slug}-scan.pdf", make_image_pdf()
    if index % 2:
        return f"cv-{slug}.docx", make_docx(paragraphs)
    return f"cv-{slug}.pdf", make_pdf(paragraphs, title=f"{name} — {paragraphs[0]}")
