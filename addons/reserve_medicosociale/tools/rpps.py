"""RPPS numbers (Répertoire partagé des professionnels de santé): 11 digits whose last is a
Luhn key over the first 10."""


def is_valid_rpps(number):
    number = "".join(str(number).split())
    if len(number) != 11 or not number.isdigit():
        return False
    total = 0
    for index, char in enumerate(reversed(number)):
        digit = int(char)
        if index % 2:
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return total % 10 == 0
