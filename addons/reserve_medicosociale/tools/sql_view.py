from odoo.tools import SQL, drop_view_if_exists


def replace_view(cr, table, query):
    """(Re)create the database view ``table`` as ``query`` (a SELECT, str or SQL without
    parameters), for the ``init`` of a report model (``_auto = False``) whose records are its rows."""
    drop_view_if_exists(cr, table)
    cr.execute(SQL("CREATE OR REPLACE VIEW %s AS (%s)", SQL.identifier(table), SQL(query)))
