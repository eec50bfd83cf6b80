"""French mobile numbers, the same way whether ``phonenumbers`` is installed or not."""

import re


def national_digits(number):
    """``+33 6 12 34 56 78``, ``0033612345678``, ``06.12.34.56.78`` → ``0612345678``; other
    numbers keep their digits (and a leading ``+``)."""
    number = (number or "").strip()
    plus = number.startswith("+")
    digits = re.sub(r"\D", "", number)
    if plus and digits.startswith("33"):
        return "0" + digits[2:]
    if digits.startswith("0033"):
        return "0" + digits[4:]
    return ("+" if plus else "") + digits


def e164(number):
    """The number in international format (``+33612345678``), or False when it is not a
    French number of 10 digits nor already international."""
    national = national_digits(number)
    if national.startswith("+") and len(national) > 8:
        return national
    if len(national) == 10 and national.startswith("0"):
        return "+33" + national[1:]
    return False
