"""The customer-service desk: households, the first-contact ledger (regulation 5), tickets
against the time limits (regulation 9), and complaints (regulation 11), which — as received and
every later step — the database refuses to change or delete (migration a1c5e9d7f243), as it
does a ticket's history and the return visits (migration d4a8c2e6f197)."""

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import ForeignKey, Index, Numeric, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..clock import utcnow
from ..extensions import db
from ..staff.models import Department, Employee


class Household(db.Model):
    """A heated home: where it is, who lives there, how large, which branch answers for it."""

    __tablename__ = "households"
    __table_args__ = (Index("ix_households_address", "estate", "building", "unit", "room"),
                      Index("ix_households_cold", "cold"))

    id: Mapped[int] = mapped_column(primary_key=True)
    estate: Mapped[str] = mapped_column(String(40))               # 小区
    building: Mapped[str] = mapped_column(String(10))
    unit: Mapped[str] = mapped_column(String(10))
    room: Mapped[str] = mapped_column(String(10))
    name: Mapped[str] = mapped_column(String(40), index=True)
    phone: Mapped[str] = mapped_column(String(40), default="", index=True)
    heated_area: Mapped[Decimal | None] = mapped_column(Numeric(7, 2))    # m²
    branch_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id"))
    cold: Mapped[bool] = mapped_column(default=False)             # 不热户

    branch: Mapped[Department | None] = relationship(foreign_keys=[branch_id])

    @property
    def address(self) -> str:
        return f"{self.estate}{self.building}号楼{self.unit}单元{self.room}"


class Contact(db.Model):
    """A call, visit or letter in the first-contact ledger (首问责任): the receiver owns it until
    someone of the department it was passed to accepts it."""

    __tablename__ = "service_contacts"
    __table_args__ = (Index("ix_service_contacts_received", "received_at"),
                      Index("ix_service_contacts_to_accept", "passed_to_id", "accepted_by_id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    received_at: Mapped[datetime] = mapped_column(default=utcnow)
    channel: Mapped[str] = mapped_column(String(16))              # rules.CHANNELS
    name: Mapped[str] = mapped_column(String(40))
    phone: Mapped[str] = mapped_column(String(40), default="")
    address: Mapped[str] = mapped_column(String(120), default="")
    household_id: Mapped[int | None] = mapped_column(ForeignKey("households.id"), index=True)
    matter: Mapped[str] = mapped_column(Text)
    receiver_id: Mapped[int] = mapped_column(ForeignKey("employees.id"), index=True)
    outcome: Mapped[str] = mapped_column(String(16), default="")  # rules.CONTACT_OUTCOMES, "" while open
    told_missing: Mapped[str] = mapped_column(Text, default="")   # 一次性告知: everything missing, told at once
    passed_to_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id"))
    passed_at: Mapped[datetime | None]
    accepted_by_id: Mapped[int | None] = mapped_column(ForeignKey("employees.id"))
    accepted_at: Mapped[datetime | None]
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("service_tickets.id"))
    complaint_id: Mapped[int | None] = mapped_column(ForeignKey("complaints.id"))
    connection_id: Mapped[int | None] = mapped_column(ForeignKey("connection_applications.id"))

    household: Mapped[Household | None] = relationship()
    receiver: Mapped[Employee] = relationship(foreign_keys=[receiver_id])
    passed_to: Mapped[Department | None] = relationship(foreign_keys=[passed_to_id])
    accepted_by: Mapped[Employee | None] = relationship(foreign_keys=[accepted_by_id])


class Ticket(db.Model):
    """A repair or service call against regulation 9's time limits (and regulation 13's for
    repair calls, air locks and blockages); the clock runs day and night and stops on arrival."""

    __tablename__ = "service_tickets"
    __table_args__ = (Index("ix_service_tickets_open", "cleared_at", "promised_by"),
                      Index("ix_service_tickets_received", "received_at"))

    id: Mapped[int] = mapped_column(primary_key=True)
    household_id: Mapped[int | None] = mapped_column(ForeignKey("households.id"), index=True)
    address: Mapped[str] = mapped_column(String(120), default="")
    caller: Mapped[str] = mapped_column(String(40), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    category: Mapped[str] = mapped_column(String(16))             # rules.CATEGORIES
    situation: Mapped[str] = mapped_column(String(24))            # rules.SITUATIONS
    urgency: Mapped[str] = mapped_column(String(10))
    fault: Mapped[str] = mapped_column(String(10), default="")    # "air_lock" / "blockage" / ""
    description: Mapped[str] = mapped_column(Text, default="")
    received_at: Mapped[datetime]
    received_by_id: Mapped[int] = mapped_column(ForeignKey("employees.id"))
    arrive_by: Mapped[datetime]                                   # regulation 9
    promised_by: Mapped[datetime]                                 # the binding limit (13 for repair calls)
    clear_by: Mapped[datetime | None]
    branch_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id"), index=True)
    arrived_at: Mapped[datetime | None]
    cleared_at: Mapped[datetime | None]
    result: Mapped[str] = mapped_column(Text, default="")

    household: Mapped[Household | None] = relationship()
    branch: Mapped[Department | None] = relationship(foreign_keys=[branch_id])
    received_by: Mapped[Employee] = relationship(foreign_keys=[received_by_id])


TICKET_EVENT_KINDS = ("received", "reopened", "arrived", "cleared", "visited", "sent_back")


class TicketEvent(db.Model):
    """A step in a ticket's life (received, on site, cleared, called back, sent back), with who
    took it: the ticket's whole history, only ever added to."""

    __tablename__ = "ticket_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("service_tickets.id"), index=True)
    kind: Mapped[str] = mapped_column(String(12))                 # TICKET_EVENT_KINDS
    at: Mapped[datetime]
    by_id: Mapped[int | None] = mapped_column(ForeignKey("employees.id"))     # None: carried over, unknown
    note: Mapped[str] = mapped_column(Text, default="")
    other_ticket_id: Mapped[int | None] = mapped_column(ForeignKey("service_tickets.id"))   # sent back as / from

    by: Mapped[Employee | None] = relationship(foreign_keys=[by_id])


class Complaint(db.Model):
    """A complaint as received (regulation 11): never hidden, altered or destroyed."""

    __tablename__ = "complaints"

    id: Mapped[int] = mapped_column(primary_key=True)
    received_at: Mapped[datetime] = mapped_column(index=True)
    received_by_id: Mapped[int] = mapped_column(ForeignKey("employees.id"))
    name: Mapped[str] = mapped_column(String(40))
    phone: Mapped[str] = mapped_column(String(40))
    address: Mapped[str] = mapped_column(String(120))
    household_id: Mapped[int | None] = mapped_column(ForeignKey("households.id"), index=True)
    source: Mapped[str] = mapped_column(String(16))               # rules.CHANNELS
    category: Mapped[str] = mapped_column(String(16))             # rules.CATEGORIES
    content: Mapped[str] = mapped_column(Text)

    received_by: Mapped[Employee] = relationship(foreign_keys=[received_by_id])
    entries: Mapped[list["ComplaintEntry"]] = relationship(order_by="ComplaintEntry.id")


class ComplaintEntry(db.Model):
    """A later step of a complaint, only ever added: the unit asked, fixed, a corrective plan,
    explained, the result told, closed — or a correction naming the entry it corrects and why."""

    __tablename__ = "complaint_entries"
    __table_args__ = (Index("ix_complaint_entries_kind_at", "kind", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    complaint_id: Mapped[int] = mapped_column(ForeignKey("complaints.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))                 # rules.ENTRY_KINDS
    text: Mapped[str] = mapped_column(Text, default="")
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("employees.id"))   # "owner": who has it now
    corrects_id: Mapped[int | None] = mapped_column(ForeignKey("complaint_entries.id"))
    by_id: Mapped[int] = mapped_column(ForeignKey("employees.id"))
    at: Mapped[datetime] = mapped_column(default=utcnow)

    by: Mapped[Employee] = relationship(foreign_keys=[by_id])
    owner: Mapped[Employee | None] = relationship(foreign_keys=[owner_id])


class ReturnVisit(db.Model):
    """A return visit (regulation 8) on a handled complaint or a cleared ticket: how the resident
    judged it; an unsatisfied, late or untrue case goes back to the department as a new ticket."""

    __tablename__ = "return_visits"

    id: Mapped[int] = mapped_column(primary_key=True)
    complaint_id: Mapped[int | None] = mapped_column(ForeignKey("complaints.id"), unique=True)
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("service_tickets.id"), unique=True)
    method: Mapped[str] = mapped_column(String(8))                  # phone / visit
    satisfaction: Mapped[str] = mapped_column(String(12))           # rules.SATISFACTION
    in_time: Mapped[bool]
    matches_record: Mapped[bool]
    note: Mapped[str] = mapped_column(Text, default="")
    by_id: Mapped[int] = mapped_column(ForeignKey("employees.id"))
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    reopened_ticket_id: Mapped[int | None] = mapped_column(ForeignKey("service_tickets.id"))

    by: Mapped[Employee] = relationship(foreign_keys=[by_id])


class ConnectionApplication(db.Model):
    """A one-stop connection application (regulations 6 and 13): accepted at one counter, approved
    by the departments in parallel, one charge, a guide who walks the applicant through, and an
    answer within 15 working days."""

    __tablename__ = "connection_applications"

    id: Mapped[int] = mapped_column(primary_key=True)
    applicant: Mapped[str] = mapped_column(String(60))
    phone: Mapped[str] = mapped_column(String(40))
    address: Mapped[str] = mapped_column(String(120))
    heated_area: Mapped[Decimal | None] = mapped_column(Numeric(9, 2))
    applied_on: Mapped[date]
    answer_by: Mapped[date]                                       # rules.answer_deadline
    accepted_by_id: Mapped[int] = mapped_column(ForeignKey("employees.id"))
    guide_id: Mapped[int | None] = mapped_column(ForeignKey("employees.id"))     # 领办人
    charge_yuan: Mapped[Decimal | None] = mapped_column(Numeric(11, 2))        # 一口收费
    appointment: Mapped[str] = mapped_column(String(120), default="")          # what cannot be done at once
    answered_on: Mapped[date | None]
    answer: Mapped[str] = mapped_column(Text, default="")

    guide: Mapped[Employee | None] = relationship(foreign_keys=[guide_id])
    accepted_by: Mapped[Employee] = relationship(foreign_keys=[accepted_by_id])
    approvals: Mapped[list["ConnectionApproval"]] = relationship(order_by="ConnectionApproval.id")


class ConnectionApproval(db.Model):
    """One department's decision on a connection application, taken in parallel with the
    others' (并联审批) through the approvals component."""

    __tablename__ = "connection_approvals"
    __table_args__ = (Index("ix_connection_approvals_department_state", "department_id", "state"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("connection_applications.id"), index=True)
    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"))
    state: Mapped[str] = mapped_column(String(10), default="pending")
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("employees.id"))
    decided_at: Mapped[datetime | None]
    decision_note: Mapped[str] = mapped_column(Text, default="")

    department: Mapped[Department] = relationship(foreign_keys=[department_id])
    decided_by: Mapped[Employee | None] = relationship(foreign_keys=[decided_by_id])
    application: Mapped[ConnectionApplication] = relationship(viewonly=True)


class Measurement(db.Model):
    """A household's room temperatures measured by the regulation's method (用户测温制度), signed
    by both sides (or the resident's refusal recorded): never changed afterwards; a second
    measurement is a new one. The verdict and any method problems are kept as judged then."""

    __tablename__ = "temperature_measurements"
    __table_args__ = (Index("ix_temperature_measurements_started", "started_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    household_id: Mapped[int] = mapped_column(ForeignKey("households.id"), index=True)
    branch_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id"))
    measured_by_id: Mapped[int] = mapped_column(ForeignKey("employees.id"))
    with_whom: Mapped[str] = mapped_column(String(40), default="")      # the second measurer
    entered_at: Mapped[datetime]
    started_at: Mapped[datetime]
    ended_at: Mapped[datetime]
    doors_windows_closed: Mapped[bool]
    outdoor_c: Mapped[Decimal | None] = mapped_column(Numeric(4, 1))
    signature: Mapped[str] = mapped_column(String(24))                  # rules.SIGNATURES
    signature_file: Mapped[str | None] = mapped_column(String(64))      # the resident's signature on the screen
    objection: Mapped[str] = mapped_column(Text, default="")
    again_requested: Mapped[bool] = mapped_column(default=False)        # the resident asks for a second measurement
    exemption: Mapped[str] = mapped_column(String(24), default="")      # rules.EXEMPTIONS, "" when answerable
    problems: Mapped[str] = mapped_column(String(60), default="")       # rules.measurement_problems, comma-separated
    verdict: Mapped[str] = mapped_column(String(16))                    # rules.household_verdict
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)

    household: Mapped[Household] = relationship()
    branch: Mapped[Department | None] = relationship(foreign_keys=[branch_id])
    measured_by: Mapped[Employee] = relationship(foreign_keys=[measured_by_id])
    rooms: Mapped[list["RoomReading"]] = relationship(order_by="RoomReading.id")

    @property
    def valid(self) -> bool:
        return not self.problems


class RoomReading(db.Model):
    """One room of a measurement: its kind, radiator, whether open to a balcony, the reading and
    the standard that applied (None: recorded, not judged)."""

    __tablename__ = "temperature_readings"

    id: Mapped[int] = mapped_column(primary_key=True)
    measurement_id: Mapped[int] = mapped_column(ForeignKey("temperature_measurements.id"), index=True)
    room: Mapped[str] = mapped_column(String(12))                       # rules.ROOMS
    heated: Mapped[bool]
    open_to_balcony: Mapped[bool]
    reading_c: Mapped[Decimal] = mapped_column(Numeric(4, 1))
    standard_c: Mapped[int | None]


class ColdFile(db.Model):
    """The file of a household found below standard (不热户档案): opened by the measurement that
    found it, it gathers the household's measurements, tickets and complaints until the desk
    closes it with what was done and the result."""

    __tablename__ = "cold_files"
    __table_args__ = (Index("uq_cold_files_one_open", "household_id", unique=True,      # one open file a household
                            sqlite_where=text("closed_at IS NULL"), postgresql_where=text("closed_at IS NULL")),)

    id: Mapped[int] = mapped_column(primary_key=True)
    household_id: Mapped[int] = mapped_column(ForeignKey("households.id"), index=True)
    opened_at: Mapped[datetime]
    opened_by_measurement_id: Mapped[int] = mapped_column(ForeignKey("temperature_measurements.id"))
    closed_at: Mapped[datetime | None]
    closed_by_id: Mapped[int | None] = mapped_column(ForeignKey("employees.id"))
    result: Mapped[str] = mapped_column(Text, default="")

    household: Mapped[Household] = relationship()
    closed_by: Mapped[Employee | None] = relationship(foreign_keys=[closed_by_id])


class PlannedMeasurement(db.Model):
    """A household in a month's measurement plan (测温计划): customer service plans the month, each
    branch picks its part, cold households first; the plan shows which are still to measure."""

    __tablename__ = "temperature_plans"
    __table_args__ = (UniqueConstraint("month", "household_id", name="uq_temperature_plans_month_household"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    month: Mapped[date]                                                 # the month's first day
    household_id: Mapped[int] = mapped_column(ForeignKey("households.id"))
    planned_by_id: Mapped[int] = mapped_column(ForeignKey("employees.id"))
    planned_at: Mapped[datetime] = mapped_column(default=utcnow)

    household: Mapped[Household] = relationship()


class WebReport(db.Model):
    """A problem a resident reported on the public pages (no account): customer service calls back
    before anything is dispatched and makes it a ticket; the resident follows it by its number."""

    __tablename__ = "web_reports"
    __table_args__ = (Index("ix_web_reports_client_received", "client", "received_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)               # the number the resident is given
    received_at: Mapped[datetime] = mapped_column(index=True)
    name: Mapped[str] = mapped_column(String(40))
    phone: Mapped[str] = mapped_column(String(40))
    address: Mapped[str] = mapped_column(String(120))
    situation: Mapped[str] = mapped_column(String(24))              # rules.SITUATIONS, as the resident chose
    text: Mapped[str] = mapped_column(Text, default="")
    client: Mapped[str] = mapped_column(String(45))                 # the address it came from (the rate limit)
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("service_tickets.id"))

    ticket: Mapped[Ticket | None] = relationship()


class TrackFailure(db.Model):
    """A wrong number or phone check on the public tracking page, kept an hour to slow guessing."""

    __tablename__ = "public_track_failures"
    __table_args__ = (Index("ix_public_track_failures_client_at", "client", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    client: Mapped[str] = mapped_column(String(45))
    at: Mapped[datetime]


class MeasurementCheck(db.Model):
    """The office's spot check of a measurement (抽查): whether what it found agrees with the
    record, and what was seen. Kept as written."""

    __tablename__ = "temperature_checks"

    id: Mapped[int] = mapped_column(primary_key=True)
    measurement_id: Mapped[int] = mapped_column(ForeignKey("temperature_measurements.id"), index=True)
    checked_by_id: Mapped[int] = mapped_column(ForeignKey("employees.id"))
    checked_at: Mapped[datetime]
    agrees: Mapped[bool]
    note: Mapped[str] = mapped_column(Text, default="")

    checked_by: Mapped[Employee] = relationship(foreign_keys=[checked_by_id])


class EnteredFigure(db.Model):
    """A commitment's figure the portal has no records to compute (billing accuracy, heating
    facilities in good order), entered by the office for a heating season: the latest entry
    stands, every entry is kept, and the public page says who entered it and when."""

    __tablename__ = "entered_figures"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(24))                   # rules.ENTERED_FIGURES
    season_start: Mapped[date]
    part: Mapped[int]
    whole: Mapped[int]
    note: Mapped[str] = mapped_column(String(200), default="")      # where the numbers come from
    entered_by_id: Mapped[int] = mapped_column(ForeignKey("employees.id"))
    entered_at: Mapped[datetime]

    entered_by: Mapped[Employee] = relationship(foreign_keys=[entered_by_id])
