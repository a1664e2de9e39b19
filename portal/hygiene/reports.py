"""The hygiene month: scores per department and per place, the ranking, and the trend chart
(server-rendered SVG with pygal, shown as an image: no script runs in the page), and the month
as an Excel workbook."""

import base64
import io
from datetime import date
from functools import lru_cache

import pygal
from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from pygal.style import Style

from . import rules

CHART_STYLE = Style(background="white", plot_background="white", foreground="#333", foreground_strong="#111",
                    foreground_subtle="#ccc", colors=("#b3261e", "#1f5aa6", "#2e7d32", "#8e6c00", "#6a1b9a"),
                    font_family="Noto Sans CJK SC, Noto Sans SC, sans-serif", label_font_size=13,
                    major_label_font_size=13, legend_font_size=13, value_font_size=12, title_font_size=15)


def month(first: date, scores, departments: dict[int, str], zones, trend_rows) -> dict:
    """What the month's page and notice show, from (zone, department, score) of its inspections
    and the departments' monthly averages of the months before."""
    by_zone: dict[int, list] = {}
    by_department: dict[int, list] = {}
    for zone_id, department_id, score in scores:
        by_zone.setdefault(zone_id, []).append(score)
        if department_id is not None:
            by_department.setdefault(department_id, []).append(score)
    department_scores = {d: rules.average_score(s) for d, s in by_department.items()}
    ranked = [(place, departments.get(d, "—"), score, len(by_department[d]))
              for place, d, score in rules.ranking(department_scores)]
    zone_rows = [(z, rules.average_score(by_zone.get(z.id, [])), len(by_zone.get(z.id, []))) for z in zones
                 if z.active or z.id in by_zone]
    failing = [name for _place, name, score, _n in ranked if score < PASS_MARK]
    return {"ranked": ranked, "zone_rows": zone_rows, "inspections": len(scores), "failing": failing,
            "company": rules.average_score([s for _z, _d, s in scores]), "pass_mark": PASS_MARK,
            "trend": trend_chart(first, trend_rows)}


PASS_MARK = 90     # below this a department is named in the notice as needing to improve


def trend_chart(first: date, rows) -> str | None:
    """The company's average score month by month (the last six): an SVG image as a data URI,
    or None before there is anything to draw."""
    months: dict[str, list] = {}
    for _department, month_key, average in rows:
        months.setdefault(str(month_key), []).append(float(average))
    if not months:
        return None
    keys = sorted(months)[-6:]
    return _bar_chart(tuple(k[2:].replace("-", "/") for k in keys),
                      tuple(round(sum(months[k]) / len(months[k])) for k in keys),
                      _("Average score by month"), _("Average score"))


@lru_cache(maxsize=64)
def _bar_chart(labels: tuple[str, ...], values: tuple[int, ...], title: str, series: str) -> str:
    """The SVG as a data URI; pygal takes 10–20 ms to draw it, and the same figures draw the same."""
    chart = pygal.Bar(style=CHART_STYLE, width=640, height=260, show_legend=False, range=(0, 100),
                      js=[], disable_xml_declaration=False, print_values=True, margin=16, title=title)
    chart.x_labels = list(labels)
    chart.add(series, list(values))
    return "data:image/svg+xml;base64," + base64.b64encode(chart.render()).decode()


def month_workbook(company: str, first: date, facts: dict) -> bytes:
    """The month as an Excel workbook (openpyxl): the departments' ranking, then the places. A
    paper of the company: its headings in Chinese whatever the reader's language."""
    wb = Workbook()
    ranking = wb.active
    ranking.title = "部门排名"
    ranking.append([f"{company} 卫生检查 {first:%Y年%m月}：共检查{facts['inspections']}次"])
    ranking["A1"].font = Font(bold=True, size=13)
    ranking.append(["名次", "部门", "得分", "检查次数"])
    for place, name, score, count in facts["ranked"]:
        ranking.append([place, name, score, count])
    places = wb.create_sheet("各区域")
    places.append(["区域", "得分", "检查次数"])
    for zone, score, count in facts["zone_rows"]:
        places.append([zone.name, score, count])
    for sheet, widths in ((ranking, (8, 18, 8, 10)), (places, (18, 8, 10))):
        for cell in sheet[2 if sheet is ranking else 1]:
            cell.font = Font(bold=True)
        for n, width in enumerate(widths, start=1):
            sheet.column_dimensions[get_column_letter(n)].width = width
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
