"""Every area's models, imported together so that migrations and tests see the whole schema."""

from .absence.models import LeavePostNotice, PresenceCheck  # noqa: F401
from .approvals.models import Decision  # noqa: F401
from .auth.models import LoginAttempt, LoginSession  # noqa: F401
from .leave.models import (AttendanceEntry, DutyShift, LeaveEvent, LeaveRequest,  # noqa: F401
                           OrganiserExcuse, OvertimeReport, SpotCheck)
from .handbook.models import Acknowledgement, Regulation, RegulationRevision  # noqa: F401
from .settings import Setting  # noqa: F401
from .staff.models import Department, Employee, Post  # noqa: F401
from .workdays.models import HolidaySchedule  # noqa: F401
