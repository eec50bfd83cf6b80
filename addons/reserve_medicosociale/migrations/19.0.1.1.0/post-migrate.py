def migrate(cr, version):
    """« Hours to fill » is kept for the needs somebody accepted only: the needs nobody
    accepted lose the 0 they were given, which counted in the dashboards' average."""
    if not version:
        return
    cr.execute("UPDATE reserve_need SET fill_hours = NULL WHERE first_accepted_date IS NULL AND fill_hours = 0")
