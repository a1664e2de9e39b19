"""The demo roles the access matrix walks, and who belongs to which group."""

ROLES = ("anonymous", "admin", "gm", "deputy", "office-head", "office", "cs-head", "cs",
         "invest-head", "staff", "branch-mgr", "guard", "driver", "inspector")
LOGGED_IN = set(ROLES) - {"anonymous"}
EVERYONE = set(ROLES)
RECORDS = {"admin", "office", "office-head"}   # the office keeps staff records
OFFICE = {"office", "office-head"}             # the office role: regulations, duty, hygiene …
ADMIN = {"admin"}
GM = {"gm"}
INSPECTORS = {"inspector"}                     # inspection / labour role (spot checks)
HEADS = {"office-head", "cs-head", "invest-head", "branch-mgr"}   # heads of a department or branch
LEADERS = {"gm", "deputy"}                     # the GM and the deputy managers
