"""Access matrix rows of the residents' pages: the commitments and their figures, open to anyone."""

from tests.roles import EVERYONE

MATRIX = [
    ("GET", "/public/commitments", EVERYONE),
    ("GET", "/public/commitments?month=1999-13", EVERYONE),   # not a month: the season, with a word why
]
