"""Who works the customer-service desk and who reads it: declared once for the area's views."""

from ..web.access import Policy, either, rank, role

DESK = role("customer_service")
LEADERS = rank("general_manager", "deputy_manager")
BRANCH = Policy("branch", True, lambda user: user.department is not None and user.department.kind == "branch")
BOARD_READERS = either(DESK, LEADERS, BRANCH)
DESK_READERS = either(DESK, LEADERS)
MEASURERS = either(DESK, BRANCH)          # who measures room temperatures and plans it
OFFICE = role("office")                   # spot-checks measurements (用户测温制度: 抽查)
TEMPERATURE_READERS = either(DESK, LEADERS, BRANCH, OFFICE)


def own_branch(user) -> int | None:
    """The branch whose records a branch's people see; None for the desk and the leaders (all)."""
    only_branch = BRANCH.allows(user) and not (DESK.allows(user) or LEADERS.allows(user))
    return user.department_id if only_branch else None


def in_reach(user, household) -> bool:
    """Whether `user` may measure or plan `household`: a branch its own households, the desk any."""
    branch = own_branch(user)
    return household is not None and (branch is None or household.branch_id == branch)
