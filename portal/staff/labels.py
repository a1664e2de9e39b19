"""Display names of ranks, roles and department kinds."""

from flask_babel import lazy_gettext as _l

RANK_LABELS = {
    "staff": _l("Staff"),
    "department_head": _l("Department head"),
    "branch_manager": _l("Branch manager"),
    "deputy_manager": _l("Deputy manager"),
    "general_manager": _l("General manager"),
}

ROLE_LABELS = {
    "admin": _l("Administrator"),
    "office": _l("Office duties"),
    "guard": _l("Guard"),
    "driver": _l("Driver"),
    "customer_service": _l("Customer service"),
    "inspector": _l("Inspection / labour"),
}

KIND_LABELS = {
    "leadership": _l("Company leadership"),
    "office": _l("Office"),
    "section": _l("Section"),
    "labour": _l("Labour and wages section"),
    "branch": _l("Branch company"),
    "guard": _l("Guard team"),
}
