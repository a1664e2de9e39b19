"""The monthly attendance report (regulation 1): per person, per department and for the
company; on screen and as an Excel workbook (one sheet per department plus a summary)."""

from copy import copy
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from io import BytesIO

from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.styles.fonts import DEFAULT_FONT
from openpyxl.utils import get_column_letter

from . import rules
from .labels import LEAVE_TYPE_LABELS, REPORT_CODE_LABELS

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

CODE_COLUMNS = (rules.PRESENT, rules.LATE, rules.LEFT_EARLY, rules.BUSINESS_TRIP, rules.ON_DUTY, rules.ABSENT)


@dataclass
class Line:
    """One person's month, or the total of several."""
    name: str
    department: str = ""
    employee_id: int | None = None
    codes: dict[str, Decimal] = field(default_factory=lambda: {c: Decimal(0) for c in CODE_COLUMNS})
    leave: dict[str, Decimal] = field(default_factory=lambda: {t: Decimal(0) for t in rules.LEAVE_TYPES})
    duty_days: int = 0                       # holiday duty done, on a roster the GM approved
    overtime_days: Decimal = Decimal(0)      # overtime the GM approved
    allowance_days: Decimal = Decimal(0)     # of those, one allowance per day at most (§8)
    allowance: Decimal | None = None

    missed_duty: int = 0                     # absent without leave on a weekend or holiday (a missed shift)

    @property
    def leave_total(self) -> Decimal:
        return sum(self.leave.values(), Decimal(0))

    @property
    def day_total(self) -> Decimal:
        """The working days the line accounts for: each counted once, so never more than the
        month's working days (per person)."""
        return sum(self.codes.values(), Decimal(0)) + self.leave_total

    def add(self, other: "Line") -> None:
        for code in CODE_COLUMNS:
            self.codes[code] += other.codes[code]
        for kind in self.leave:
            self.leave[kind] += other.leave[kind]
        self.missed_duty += other.missed_duty
        self.duty_days += other.duty_days
        self.overtime_days += other.overtime_days
        self.allowance_days += other.allowance_days
        if other.allowance is not None:
            self.allowance = (self.allowance or Decimal(0)) + other.allowance


@dataclass
class Section:
    department_id: int
    department: str
    lines: list[Line]
    total: Line


def build(departments, figures: dict, first: date, last: date, daily: Decimal | None) -> list[Section]:
    """Sections (one per department, in the given order) from queries_duty.month_figures.
    Each working day of a person counts once (rules.month_totals): the register's code, or
    approved leave (half a day each when it covers half), or a 旷工 that stands over leave."""
    working_days = rules.working_days_between(first, last)
    leave_parts = rules.leave_parts([tuple(r) for r in figures["leaves"]], first, last)
    leave_by_person: dict[int, dict] = {}
    for (employee_id, day), parts in leave_parts.items():
        leave_by_person.setdefault(employee_id, {})[day] = parts
    by_person = {}
    for p in figures["people"]:
        line = Line(name=p.name, employee_id=p.id)
        codes, types, line.missed_duty = rules.month_totals(
            working_days, figures["codes"].get(p.id, {}), leave_by_person.get(p.id, {}), figures["plain"].get(p.id))
        for code, n in codes.items():
            if code in line.codes:
                line.codes[code] = n
        for leave_type, n in types.items():
            if leave_type in line.leave:
                line.leave[leave_type] = n
        line.duty_days = figures["duty"].get(p.id, 0)
        line.overtime_days = sum(figures["overtime"].get(p.id, []), Decimal(0))
        line.allowance_days = figures["allowance"].get(p.id, Decimal(0))
        by_person[p.id] = (p.department_id, line)
    sections = []
    for dept in departments:
        lines = [line for dept_id, line in by_person.values() if dept_id == dept.id]
        total = Line(name=_("Total"), department=dept.name)
        for line in lines:
            line.department = dept.name
            line.allowance = rules.monthly_allowance(line.allowance_days, daily)
            total.add(line)
        if daily is not None and total.allowance is None:
            total.allowance = Decimal("0.00")
        sections.append(Section(dept.id, dept.name, lines, total))
    return sections


def company_total(sections: list[Section], daily: Decimal | None) -> Line:
    total = Line(name=_("Company total"))
    for s in sections:
        total.add(s.total)
    if daily is not None and total.allowance is None:
        total.allowance = Decimal("0.00")
    return total


def number(value) -> str:
    """1 -> "1", Decimal("1.0") -> "1", Decimal("0.5") -> "0.5"; 0 -> "0"."""
    if isinstance(value, Decimal):
        value = value.normalize()
        return f"{value:f}"
    return str(value)


# --- the Excel workbook --------------------------------------------------------------------

def headers() -> list[str]:
    return ([_("Name")] + [str(REPORT_CODE_LABELS[c]) for c in CODE_COLUMNS[:3]]
            + [str(LEAVE_TYPE_LABELS[t]) for t in rules.LEAVE_TYPES] + [_("Leave in all")]
            + [str(REPORT_CODE_LABELS[c]) for c in CODE_COLUMNS[3:]] + [_("Missed duty shifts (absent)")]
            + [_("Holiday duty days"), _("Overtime days"), _("Allowance days"), _("Allowance (yuan)")])


def _values(line: Line) -> list:
    def num(v):
        if isinstance(v, Decimal):
            return int(v) if v == v.to_integral() else float(v)
        return v
    return ([line.name] + [num(line.codes[c]) for c in CODE_COLUMNS[:3]]
            + [num(line.leave[t]) for t in rules.LEAVE_TYPES] + [num(line.leave_total)]
            + [num(line.codes[c]) for c in CODE_COLUMNS[3:]] + [line.missed_duty]
            + [line.duty_days, num(line.overtime_days), num(line.allowance_days),
               float(line.allowance) if line.allowance is not None else _("Not set")])


def display_width(text) -> int:
    """Width in Excel character units: a Chinese character counts two."""
    return sum(2 if ord(c) > 0x2E7F else 1 for c in str(text))


def sheet_title(name: str, taken: set[str]) -> str:
    """A valid, unique worksheet name: at most 31 characters, none of []:*?/\\."""
    clean = "".join(" " if c in "[]:*?/\\" else c for c in name).strip("' ") or "Sheet"
    title, n = clean[:31], 2
    while title.lower() in {t.lower() for t in taken}:
        suffix = f"({n})"
        title, n = clean[:31 - len(suffix)] + suffix, n + 1
    taken.add(title)
    return title


# The table's cells share three named styles. openpyxl looks a style set on a cell up by its
# hash, a named one by its name: done for each of the company's 22,000 cells (1,000 people) that
# was two thirds of a 1.5 s workbook. Each row's first cell takes its style by name, the others
# copy that cell's style record (0.4 s in all, with lxml writing the XML).
HEAD, CELL, TOTAL = "考勤表头", "考勤表格", "考勤合计"


def _add_styles(wb: Workbook) -> None:
    thin = Side(style="thin", color="999999")
    grid = Border(top=thin, bottom=thin, left=thin, right=thin)
    wb.add_named_style(NamedStyle(HEAD, font=Font(bold=True), fill=PatternFill("solid", fgColor="EEF0F3"), border=grid,
                                  alignment=Alignment(horizontal="center", vertical="center", wrap_text=True)))
    wb.add_named_style(NamedStyle(CELL, font=copy(DEFAULT_FONT), border=grid))
    wb.add_named_style(NamedStyle(TOTAL, font=Font(bold=True), border=grid))


def _fill_sheet(ws, title: str, head: list[str], rows: list[list], total: list | None) -> None:
    ws.append([title])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append(head)
    for row in rows:
        ws.append(row)
    if total:
        ws.append(total)
    for row in ws.iter_rows(min_row=2, max_row=ws.max_row, max_col=len(head)):
        first = row[0]
        first.style = HEAD if first.row == 2 else TOTAL if total and first.row == ws.max_row else CELL
        for cell in row[1:]:
            cell._style = copy(first._style)
    ws.freeze_panes = "B3"  # the header row (and the names) stay in view
    for index, label in enumerate(head, start=1):
        widest = max([display_width(label)] + [display_width(r[index - 1]) for r in rows + ([total] if total else [])])
        ws.column_dimensions[get_column_letter(index)].width = min(max(widest + 2, 6), 40)
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "2:2"


def workbook(sections: list[Section], month_label: str, daily: Decimal | None,
             notes: list[str] = ()) -> bytes:
    """The report as .xlsx bytes: a company summary sheet (one row per department) first,
    then one sheet per department (one row per person, and a total); `notes` (e.g. that the
    month's working days are provisional) end the summary sheet."""
    wb = Workbook()
    _add_styles(wb)
    taken: set[str] = set()
    summary = wb.active
    summary.title = sheet_title(_("Company summary"), taken)
    head = headers()
    dept_head = [_("Department"), _("People")] + head[1:]
    rows = [[s.department, len(s.lines)] + _values(s.total)[1:] for s in sections]
    grand = company_total(sections, daily)
    _fill_sheet(summary, _("Attendance report %(month)s · company", month=month_label), dept_head, rows,
                [grand.name, sum(len(s.lines) for s in sections)] + _values(grand)[1:])
    for s in sections:
        ws = wb.create_sheet(sheet_title(s.department, taken))
        _fill_sheet(ws, _("Attendance report %(month)s · %(department)s", month=month_label, department=s.department),
                    head, [_values(line) for line in s.lines], _values(s.total))
    if daily is None:
        summary.append([])
        summary.append([_("The daily allowance is not set yet.")])
    else:
        summary.append([])
        summary.append([_("Daily allowance: %(amount)s yuan.", amount=number(daily))])
    for note in notes:
        summary.append([note])
    out = BytesIO()
    wb.save(out)
    return out.getvalue()
