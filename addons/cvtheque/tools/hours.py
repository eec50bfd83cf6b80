def format_hours(value):
    """Hours as the French write them: 17.5 → "17 h 30", 35 → "35 h", 7.25 → "7 h 15".

    Minutes are rounded to the nearest one; an empty value gives "".
    """
    if not value:
        return ""
    total = round(float(value) * 60)
    hours, minutes = divmod(total, 60)
    return f"{hours} h {minutes:02d}" if minutes else f"{hours} h"
