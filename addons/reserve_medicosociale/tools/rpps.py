"""RPPS numbers (Répertoire partagé des professionnels de santé): 11 digits whose last is a
Luhn key over the first 10.

The ANS does not state the key algorithm in the public RPPS extract documentation. The Luhn
key was checked on numbers published in the public directory (annuaire.sante.fr), e.g.
10005173140 and 10002727377, which pass, while made-up numbers of the same shape
(10001234567, 10100000000) fail; public validators of health identifiers use the same rule.
The "Identification nationale PP" of the extract is "8" followed by the RPPS number: only the
11-digit RPPS number is checked here.
"""

from stdnum import luhn


def is_valid_rpps(number):
    number = "".join(str(number).split())
    return len(number) == 11 and number.isdigit() and luhn.is_valid(number)
