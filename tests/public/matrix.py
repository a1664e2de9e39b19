"""Access matrix rows of the residents' pages: the commitments and their figures, open to anyone."""

from tests.roles import EVERYONE

MATRIX = [
    ("GET", "/public/commitments", EVERYONE),
    ("GET", "/public/commitments?month=1999-13", EVERYONE),   # not a month: the season, with a word why
    ("GET", "/public/commitments/poster.pdf", EVERYONE),      # the A3 poster for the service hall
    ("GET", "/public/report", EVERYONE),
    ("POST", "/public/report", EVERYONE),                       # empty: the form again, nothing sent
    ("GET", "/public/track", EVERYONE),
]
