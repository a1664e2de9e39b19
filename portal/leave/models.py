"""Leave, attendance and duty (regulation 1 考勤制度, regulation 4 岗位责任制度)."""

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import ForeignKey, Index, Numeric, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..staff.models import Department, Employee
from ..clock import utcnow

LEAVE_STATES = ("submitted", "approved", "refused", "cancelled")
# What changed a register cell: the head's register, the duty roster (a missed shift marked or
# corrected), a late return from a leave-post notice, the office's presence check, an
# inspector's or leader's spot check, the resolution of a conflict (RegisterConflict).
CHANGE_SOURCES = ("register", "duty", "notice", "presence", "spot_check", "conflict")


class LeaveRequest(db.Model):
    """A leave request. `approver_id` is whose approval it is (from the org chart by length,
    rank and type); who actually decides while that person is away is derived at read time
    (their post substitute, or one level up) and recorded in `decided_by_id` ("王某 代 李某")."""

    __tablename__ = "leave_requests"
    __table_args__ = (
        Index("ix_leave_requests_state_approver", "state", "approver_id"),
        Index("ix_leave_requests_dates", "start_date", "end_date"),
        # Who is away now / who has not reported back: approved leave by its end date.
        Index("ix_leave_requests_state_end", "state", "end_date"),
        # One person's approved leave around a day (leave over a 旷工, pieces of one leave).
        Index("ix_leave_requests_employee_state_end", "employee_id", "state", "end_date"),
        # Leave not reported back: a few hundred among years of reported-back leave.
        Index("ix_leave_requests_state_back_end", "state", "reported_back_at", "end_date"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    employee_id: Mapped[int] = mapped_column(ForeignKey("employees.id"), index=True)
    leave_type: Mapped[str] = mapped_column(String(20))
    start_date: Mapped[date]
    start_part: Mapped[str] = mapped_column(String(2))          # "am" / "pm"
    end_date: Mapped[date]
    end_part: Mapped[str] = mapped_column(String(2))
    days: Mapped[Decimal] = mapped_column(Numeric(5, 1))       # working days, half-day steps
    reason: Mapped[str] = mapped_column(Text, default="")
    state: Mapped[str] = mapped_column(String(12), default="submitted")
    approver_level: Mapped[str] = mapped_column(String(20))     # department_head / deputy_manager / general_manager
    approver_id: Mapped[int | None] = mapped_column(ForeignKey("employees.id"))
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("employees.id"))
    decided_at: Mapped[datetime | None]
    decision_note: Mapped[str] = mapped_column(Text, default="")   # required when refusing
    reported_back_at: Mapped[datetime | None]                       # 销假
    proof_file: Mapped[str | None] = mapped_column(String(64))      # random name in the upload folder
    proof_name: Mapped[str | None] = mapped_column(String(200))     # the name it was uploaded with
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # 补请: filed after the leave had begun (at most rules.LATE_FILING_WORKING_DAYS back).
    filed_late: Mapped[bool] = mapped_column(default=False, server_default=false())
    # Leave filed in pieces is routed by the whole: the working days of this request and the
    # pending or approved leave it overlaps or adjoins, when that is more than `days`.
    combined_days: Mapped[Decimal | None] = mapped_column(Numeric(5, 1))
    # Reported back early (销假 before the planned end) the leave ends that day: end_date,
    # end_part and days become the leave as taken — what the register, the reports, the
    # calendar and who-is-away read — and the planned end is kept here (None otherwise).
    planned_end_date: Mapped[date | None]
    planned_end_part: Mapped[str | None] = mapped_column(String(2))
    planned_days: Mapped[Decimal | None] = mapped_column(Numeric(5, 1))

    employee: Mapped[Employee] = relationship(foreign_keys=[employee_id])
    approver: Mapped[Employee | None] = relationship(foreign_keys=[approver_id])
    decided_by: Mapped[Employee | None] = relationship(foreign_keys=[decided_by_id])
    events: Mapped[list["LeaveEvent"]] = relationship(back_populates="request", order_by="LeaveEvent.at")


class LeaveEvent(db.Model):
    """The history of a request: submitted, routed, rerouted and why, decided, reported back."""

    __tablename__ = "leave_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("leave_requests.id"), index=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    kind: Mapped[str] = mapped_column(String(20))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("employees.id"))
    on_behalf_of_id: Mapped[int | None] = mapped_column(ForeignKey("employees.id"))
    detail: Mapped[str] = mapped_column(Text, default="")

    request: Mapped[LeaveRequest] = relationship(back_populates="events")
    actor: Mapped[Employee | None] = relationship(foreign_keys=[actor_id])
    on_behalf_of: Mapped[Employee | None] = relationship(foreign_keys=[on_behalf_of_id])


class OrganiserExcuse(db.Model):
    """Leave from an organised meeting, training or exam, asked of its organiser in advance."""

    __tablename__ = "organiser_excuses"

    id: Mapped[int] = mapped_column(primary_key=True)
    employee_id: Mapped[int] = mapped_column(ForeignKey("employees.id"), index=True)
    organiser_id: Mapped[int] = mapped_column(ForeignKey("employees.id"))
    activity: Mapped[str] = mapped_column(String(100))
    activity_date: Mapped[date]
    reason: Mapped[str] = mapped_column(Text, default="")
    excused: Mapped[bool | None]                 # None until the organiser answers
    answered_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    employee: Mapped[Employee] = relationship(foreign_keys=[employee_id])
    organiser: Mapped[Employee] = relationship(foreign_keys=[organiser_id])


class AttendanceEntry(db.Model):
    """The department head's daily register: one code per person per working day."""

    __tablename__ = "attendance_entries"
    __table_args__ = (UniqueConstraint("employee_id", "day"), Index("ix_attendance_entries_day", "day"),
                      Index("ix_attendance_entries_code_day", "code", "day"))  # the absence alarms

    id: Mapped[int] = mapped_column(primary_key=True)
    employee_id: Mapped[int] = mapped_column(ForeignKey("employees.id"))
    day: Mapped[date]
    code: Mapped[str] = mapped_column(String(16))            # rules.ATTENDANCE_CODES
    absent_reason: Mapped[str | None] = mapped_column(String(32))  # rules.ABSENT_REASONS, for code "absent"
    note: Mapped[str] = mapped_column(String(200), default="")
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("employees.id"))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)
    # What made the cell as it is (CHANGE_SOURCES): an absence found by the office's presence
    # check or a spot check is not the head's to overwrite (rules.PROTECTED_SOURCES).
    source: Mapped[str] = mapped_column(String(20), default="register", server_default="register")

    employee: Mapped[Employee] = relationship(foreign_keys=[employee_id])


class AttendanceChange(db.Model):
    """One change of a register cell, written with the change itself: who, when, the person
    and day, the code and reason before and after (a cleared cell has no new code), and what
    made it — the head's register, a missed duty shift, a late return from a leave-post
    notice, the office's presence check. Never changed or deleted (database triggers)."""

    __tablename__ = "attendance_changes"
    __table_args__ = (Index("ix_attendance_changes_employee_day", "employee_id", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    employee_id: Mapped[int] = mapped_column(ForeignKey("employees.id"))
    day: Mapped[date]
    old_code: Mapped[str | None] = mapped_column(String(16))        # None: the cell was empty
    old_reason: Mapped[str | None] = mapped_column(String(32))
    new_code: Mapped[str | None] = mapped_column(String(16))        # None: the cell was cleared
    new_reason: Mapped[str | None] = mapped_column(String(32))
    note: Mapped[str] = mapped_column(String(200), default="")      # the cell's note after the change
    source: Mapped[str] = mapped_column(String(20))                 # CHANGE_SOURCES
    changed_by_id: Mapped[int | None] = mapped_column(ForeignKey("employees.id"))
    changed_at: Mapped[datetime] = mapped_column(default=utcnow)

    changed_by: Mapped[Employee | None] = relationship(foreign_keys=[changed_by_id])


class SpotCheck(db.Model):
    """A patrol or spot check by the inspection / labour sections (or a leader)."""

    __tablename__ = "spot_checks"
    __table_args__ = (Index("ix_spot_checks_day", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    employee_id: Mapped[int] = mapped_column(ForeignKey("employees.id"), index=True)
    day: Mapped[date]
    code: Mapped[str] = mapped_column(String(16))
    absent_reason: Mapped[str | None] = mapped_column(String(32))
    note: Mapped[str] = mapped_column(String(200), default="")
    checked_by_id: Mapped[int] = mapped_column(ForeignKey("employees.id"))
    checked_at: Mapped[datetime] = mapped_column(default=utcnow)

    employee: Mapped[Employee] = relationship(foreign_keys=[employee_id])
    checked_by: Mapped[Employee] = relationship(foreign_keys=[checked_by_id])


class DutyShift(db.Model):
    """Weekend and public-holiday duty (值班) arranged by the office."""

    __tablename__ = "duty_shifts"
    __table_args__ = (UniqueConstraint("day", "employee_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(index=True)
    employee_id: Mapped[int | None] = mapped_column(ForeignKey("employees.id"))  # None: still unfilled
    post: Mapped[str] = mapped_column(String(40), default="值班")                 # e.g. 公司值班, 换热站值班
    status: Mapped[str] = mapped_column(String(12), default="assigned")           # assigned / done / missed
    assigned_by_id: Mapped[int | None] = mapped_column(ForeignKey("employees.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # The general manager's approval that covers this shift (§8: only approved duty earns the
    # allowance); None until approved, and again when the shift is given to someone else.
    approval_id: Mapped[int | None] = mapped_column(ForeignKey("roster_approvals.id"), index=True)

    employee: Mapped[Employee | None] = relationship(foreign_keys=[employee_id])
    approval: Mapped["RosterApproval | None"] = relationship()


class RosterApproval(db.Model):
    """The general manager approving a month's duty roster at once (regulation 1 §8): every
    filled shift of the month not yet approved then points here. A decision like any other
    (portal.approvals: the ledger row, the conditional update)."""

    __tablename__ = "roster_approvals"

    id: Mapped[int] = mapped_column(primary_key=True)
    month: Mapped[date]                                                    # its first day
    state: Mapped[str] = mapped_column(String(12), default="submitted")   # submitted -> approved
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("employees.id"))
    decided_at: Mapped[datetime | None]
    decision_note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    decided_by: Mapped[Employee | None] = relationship(foreign_keys=[decided_by_id])


class OvertimeReport(db.Model):
    """Overtime reported by a branch or section, approved by the GM (regulation 1 §2, §8)."""

    __tablename__ = "overtime_reports"
    __table_args__ = (Index("ix_overtime_reports_state", "state"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"), index=True)
    employee_id: Mapped[int] = mapped_column(ForeignKey("employees.id"), index=True)
    day: Mapped[date]
    days: Mapped[Decimal] = mapped_column(Numeric(3, 1), default=Decimal("1"))
    reason: Mapped[str] = mapped_column(Text, default="")
    state: Mapped[str] = mapped_column(String(12), default="submitted")  # submitted / approved / refused
    reported_by_id: Mapped[int] = mapped_column(ForeignKey("employees.id"))
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("employees.id"))
    decided_at: Mapped[datetime | None]
    decision_note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    department: Mapped[Department] = relationship()
    employee: Mapped[Employee] = relationship(foreign_keys=[employee_id])
    decided_by: Mapped[Employee | None] = relationship(foreign_keys=[decided_by_id])


class RegisterConflict(db.Model):
    """Two records of one day that disagree, kept side by side until someone with the
    authority decides (regulation 1 §9: one day, one status; the head who covers up is warned).

    kind "head_entry": the head's (or their substitute's) entry differs from an absence without
    leave (旷工) that the office's presence check or a spot check recorded; the 旷工 stays in
    the register, the head's entry is kept here for the GM or the deputy manager in charge.
    kind "leave": leave was approved for a day that already held a 旷工 mark; the row is made
    when the leave's approver or the office resolves it (until then the conflict is found by
    reading approved leave against the register).

    state: open → approved (the head's entry / the leave stands: the register is changed,
    source "conflict") or refused (the 旷工 stands); withdrawn when the head agrees with the
    mark or enters something else (a new row). The decision goes through
    approvals.operations.decide, so it is in the decisions ledger too."""

    __tablename__ = "register_conflicts"
    __table_args__ = (UniqueConstraint("leave_request_id", "day"),
                      Index("ix_register_conflicts_state_kind", "state", "kind"),
                      Index("ix_register_conflicts_employee_day", "employee_id", "day"))

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(12))                   # rules.CONFLICT_KINDS
    employee_id: Mapped[int] = mapped_column(ForeignKey("employees.id"))
    day: Mapped[date]
    mark_code: Mapped[str] = mapped_column(String(16))              # what the register holds (旷工)
    mark_reason: Mapped[str | None] = mapped_column(String(32))
    mark_source: Mapped[str] = mapped_column(String(20))            # CHANGE_SOURCES
    mark_by_id: Mapped[int | None] = mapped_column(ForeignKey("employees.id"))
    claim_code: Mapped[str] = mapped_column(String(16))             # the head's entry, or on_leave
    claim_reason: Mapped[str | None] = mapped_column(String(32))
    claimed_by_id: Mapped[int | None] = mapped_column(ForeignKey("employees.id"))
    claimed_at: Mapped[datetime] = mapped_column(default=utcnow)
    leave_request_id: Mapped[int | None] = mapped_column(ForeignKey("leave_requests.id"))
    state: Mapped[str] = mapped_column(String(12), default="open")  # rules.CONFLICT_STATES
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("employees.id"))
    decided_at: Mapped[datetime | None]
    decision_note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    employee: Mapped[Employee] = relationship(foreign_keys=[employee_id])
    mark_by: Mapped[Employee | None] = relationship(foreign_keys=[mark_by_id])
    claimed_by: Mapped[Employee | None] = relationship(foreign_keys=[claimed_by_id])
    decided_by: Mapped[Employee | None] = relationship(foreign_keys=[decided_by_id])
    leave_request: Mapped[LeaveRequest | None] = relationship(foreign_keys=[leave_request_id])


class AlarmFollowUp(db.Model):
    """One step of the follow-up of an absence alarm (regulation 1 §4): the leadership talk
    (约谈: when, by whom, notes) after 30 days in 3 months; after 60 in 6 months the management
    meeting's decision, the report to the county bureau (城乡建设局) and the exclusion from
    awards, promotions and grade rises with its period. `window_first`, `through` and `days`:
    the alarm's window of absences when the step was recorded (the absences it answers); a
    later alarm counts only absences after the last completed follow-up. A step recorded again
    corrects it (the latest counts). Never changed or deleted (database triggers)."""

    __tablename__ = "alarm_follow_ups"
    __table_args__ = (Index("ix_alarm_follow_ups_employee_alarm", "employee_id", "alarm"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    employee_id: Mapped[int] = mapped_column(ForeignKey("employees.id"))
    alarm: Mapped[str] = mapped_column(String(12))                  # rules.TALK / rules.EXCLUDE
    step: Mapped[str] = mapped_column(String(16))                   # rules.FOLLOW_UP_STEPS
    on_date: Mapped[date]                                           # the talk, meeting, report; exclusion decided
    held_by_id: Mapped[int | None] = mapped_column(ForeignKey("employees.id"))   # the talk: who held it
    notes: Mapped[str] = mapped_column(Text, default="")
    period_start: Mapped[date | None]                               # the exclusion's period
    period_end: Mapped[date | None]
    window_first: Mapped[date]
    through: Mapped[date]
    days: Mapped[int]
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("employees.id"))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)

    employee: Mapped[Employee] = relationship(foreign_keys=[employee_id])
    held_by: Mapped[Employee | None] = relationship(foreign_keys=[held_by_id])
    recorded_by: Mapped[Employee] = relationship(foreign_keys=[recorded_by_id])
