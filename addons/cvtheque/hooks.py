from .tools.fulltext import ensure_text_search_configuration


def pre_init_hook(env):
    """The unaccent extension and the French text search configuration that ignores accents,
    before the CV table and its generated search column are created."""
    ensure_text_search_configuration(env.cr)
