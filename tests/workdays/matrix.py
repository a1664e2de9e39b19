"""Access matrix rows of the working calendar (administration): the office and administrators."""

from tests.roles import RECORDS

MATRIX = [
    ("GET", "/admin/calendar/", RECORDS),
    ("GET", "/admin/calendar/?year=2027", RECORDS),
    ("GET", "/admin/calendar/?year=nonsense", RECORDS),
    ("POST", "/admin/calendar/", RECORDS),   # empty: explained, nothing entered
]
