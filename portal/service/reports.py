"""The desk's weekly summary (for the manager in charge) and half-monthly report (for the GM) as
an Excel workbook (openpyxl): the period's figures, the return visits by the regulation's four
categories and per operator, then every return visit of the period. A paper of the company: the
view builds it under force_locale("zh_CN"), so its headings are Chinese whatever the reader's
language."""

import io

from flask_babel import gettext as _, lazy_gettext as _l
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from ..clock import to_local
from . import rules
from .labels import SATISFACTION_LABELS, VISIT_METHOD_LABELS

# regulation 8's four categories (labels.py holds the desk's own; these are the regulation's)
VISIT_CATEGORY_LABELS = {rules.HEATING_AND_REPAIRS: _l("Heating quality and repairs"),
                         rules.CONNECTION_AND_WORKS: _l("Connection and works"),
                         rules.FEES: _l("Fees and billing"), rules.OTHER: _l("Other")}
assert set(VISIT_CATEGORY_LABELS) == set(rules.VISIT_CATEGORIES)
SPAN_TITLES = {rules.WEEK: _l("Customer service weekly report"),
               rules.HALF_MONTH: _l("Customer service half-monthly report")}
BOLD = Font(bold=True)


def _share(value: int | None) -> float | None:
    return value / 100 if value is not None else None


def _heading(sheet, values) -> None:
    sheet.append(values)
    for cell in sheet[sheet.max_row]:
        cell.font = BOLD


def report_workbook(company: str, facts: dict, visits) -> bytes:
    """`facts`: what the report page shows (views._report_facts); `visits`: rows of (visit,
    operator's name, desk category) from queries.period_visits."""
    f = facts["f"]
    wb = Workbook()
    sheet = wb.active
    sheet.title = _("Figures")
    sheet.append([f"{company} {SPAN_TITLES[facts['span']]} {facts['first']:%Y-%m-%d}–{facts['last']:%Y-%m-%d}"])
    sheet["A1"].font = Font(bold=True, size=13)
    _heading(sheet, [_("Item"), _("Count"), _("Share")])
    for label, number, share in (
            (_("Calls and visits logged"), f["contacts"], None),
            (_("Tickets"), f["tickets"], None),
            (_("Of which emergencies"), f["emergencies"], None),
            (_("On site in time"), f["in_time"], facts["in_time_share"]),
            (_("Cleared"), f["cleared"], None),
            (_("Complaints received"), f["complaints"], None),
            (_("Complaints closed, result told"), f["closed"], None),
            (_("Result told"), f["told"], facts["told_share"]),
            (_("Return visits"), f["visits"], None),
            (_("Complaints called back"), f["complaint_visits"], facts["coverage"]),
            *((SATISFACTION_LABELS[s], f["satisfaction"].get(s, 0), None) for s in rules.SATISFACTION)):
        sheet.append([str(label), number, _share(share)])
        sheet.cell(sheet.max_row, 3).number_format = "0%"
    sheet.append([])
    _heading(sheet, [_("Category"), _("Return visits"), _("Complaints called back"), _("Complaints handled"),
                     _("Coverage")])
    for line in facts["categories"]:
        sheet.append([str(VISIT_CATEGORY_LABELS[line["category"]]), line["visits"], line["complaint_visits"],
                      line["closed"], _share(line["coverage"])])
        sheet.cell(sheet.max_row, 5).number_format = "0%"
    sheet.append([])
    _heading(sheet, [_("Operator"), _("Return visits")])
    for _id, name, done in facts["operators"]:
        sheet.append([name, done])

    listing = wb.create_sheet(_("Return visits"))
    _heading(listing, [_("Time"), _("Case"), _("Category"), _("Operator"), _("How"), _("Satisfaction"),
                       _("Handled in time"), _("Matches our record"), _("Sent back as ticket")])
    yes, no = _("Yes"), _("No")
    for visit, name, category in visits:
        case = (_("Complaint %(no)s", no=visit.complaint_id) if visit.complaint_id
                else _("Ticket %(no)s", no=visit.ticket_id))
        listing.append([to_local(visit.at).replace(tzinfo=None), case,
                        str(VISIT_CATEGORY_LABELS[rules.visit_category(category)]), name,
                        str(VISIT_METHOD_LABELS.get(visit.method, visit.method)),
                        str(SATISFACTION_LABELS.get(visit.satisfaction, visit.satisfaction)),
                        yes if visit.in_time else no, yes if visit.matches_record else no,
                        visit.reopened_ticket_id or ""])
        listing.cell(listing.max_row, 1).number_format = "yyyy-mm-dd hh:mm"
    for ws, widths in ((sheet, (30, 12, 14, 14, 10)), (listing, (17, 14, 18, 10, 10, 12, 10, 10, 12))):
        for n, width in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(n)].width = width
    listing.freeze_panes = "A2"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def temperature_workbook(company: str, facts: dict) -> bytes:
    """The month's temperature summary and analysis (views_temperature._summary_facts): the
    company's figures, by branch, by estate, and the cold households not measured yet."""
    summary, wb = facts["summary"], Workbook()
    sheet = wb.active
    sheet.title = _("Summary")
    sheet.append([f"{company} {_('Room temperatures: the month')} {facts['first']:%Y-%m}"])
    sheet["A1"].font = Font(bold=True, size=13)
    total, tally, checks = summary["total"], facts["tally"], facts["checks"]
    _heading(sheet, [_("Item"), _("Count"), _("Share")])
    for label, number, share in ((_("Up to standard"), total["met"], total["share"]),
                                 (_("Households counted"), total["counted"], None),
                                 (_("Below standard"), total["below"], None),
                                 (_("The company is not answerable"), total["exempt"], None),
                                 (_("Measurements"), tally["all"], None),
                                 (_("Not valid by the method:"), tally["invalid"], None),
                                 (_("Spot checks by the office"), checks[0], None),
                                 (_("Cold households measured"), facts["cold"] - facts["missing_count"], None)):
        sheet.append([str(label), number, _share(share)])
    for title, lines, name in ((_("By branch"), summary["branches"], lambda b: facts["branch_names"].get(b, "—")),
                               (_("By estate"), summary["estates"], lambda e: e)):
        part = wb.create_sheet(str(title))
        _heading(part, [_("Name"), _("Up to standard"), _("Households counted"), _("Share"), _("Below standard"),
                        _("Not answerable")])
        for key, line in lines.items():
            part.append([name(key), line["met"], line["counted"], _share(line["share"]), line["below"], line["exempt"]])
    missing = wb.create_sheet(str(_("Cold households not measured this month")))
    _heading(missing, [_("Address"), _("Name"), _("Branch")])
    for h in facts["missing"]:
        missing.append([h.address, h.name, h.branch.name if h.branch else ""])
    for ws in wb.worksheets:
        for column in range(1, ws.max_column + 1):
            ws.column_dimensions[get_column_letter(column)].width = 18
        for row in ws.iter_rows(min_row=2):
            for cell in row:
                if isinstance(cell.value, float):
                    cell.number_format = "0%"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
