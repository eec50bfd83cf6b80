from odoo.tools import SQL


def serialize_on(records):
    """Serialize the transactions that book what ``records`` offer (seats, a time slot).

    The rows are updated, not only locked: a concurrent transaction that took its snapshot
    before this one committed then fails to serialize on the same update and Odoo retries
    the request on a fresh snapshot, where it sees what was booked here. (A mere
    ``SELECT … FOR UPDATE`` would let it go on with its old snapshot, blind to the booking.)
    Call it first in the booking method, before reading what is left.
    """
    if not records:
        return
    records.flush_recordset()
    records.env.cr.execute(
        SQL(
            "UPDATE %s SET write_date = (now() AT TIME ZONE 'UTC') WHERE id IN %s",
            SQL.identifier(records._table),
            tuple(records.ids),
        ),
        # Failing to serialize here is the expected outcome of a race: Odoo retries the
        # request (logged as a retry, not as a bad query).
        log_exceptions=False,
    )
    records.env.invalidate_all()
