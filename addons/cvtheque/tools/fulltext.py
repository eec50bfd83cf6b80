"""French full-text search of the CVs: PostgreSQL's ``french`` stemmer behind ``unaccent``.

The configuration ``french_unaccent`` is ``french`` with the words first stripped of their
accents, so that "educateur" finds "Éducateur" and "aide soignante" finds
"aides-soignants". CVs keep a generated ``tsvector`` column (weights: A for the title, jobs
and diplomas, B for the rest) with a GIN index; see ``cvtheque.cv._search_fulltext``.
"""

from odoo.tools import SQL

TS_CONFIG = "french_unaccent"


def ensure_text_search_configuration(cr):
    """Create the unaccent extension and the ``french_unaccent`` configuration if missing
    (idempotent: run before install and again by the CV model's ``init``)."""
    cr.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
    cr.execute("SELECT 1 FROM pg_ts_config WHERE cfgname = %s", [TS_CONFIG])
    if not cr.fetchone():
        cr.execute(SQL("CREATE TEXT SEARCH CONFIGURATION %s (COPY = french)", SQL.identifier(TS_CONFIG)))
        cr.execute(
            SQL(
                "ALTER TEXT SEARCH CONFIGURATION %s "
                "ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem",
                SQL.identifier(TS_CONFIG),
            )
        )


def tsquery(text):
    """The query of what a user typed: web-search syntax ("quoted phrase", or, -word)."""
    return SQL("websearch_to_tsquery(%s::regconfig, %s)", TS_CONFIG, text or "")
