"""The small chart beside each figure of the commitments page: the season month by month, the
share of each month as a bar (the month asked for in red), the target as a stronger guide line.
Server-rendered SVG with pygal, without its scripts, shown as an image (a data URI): the page's
Content-Security-Policy allows no inline script or style, and an image's own styles stay inside it."""

import base64
from datetime import date

import pygal
from flask_babel import format_date
from flask_babel import gettext as _
from pygal.style import Style

STYLE = Style(background="white", plot_background="white", foreground="#333", foreground_strong="#1d232b",
              foreground_subtle="#d9dde3", colors=("#1a5fb4",), opacity="1", opacity_hover="1",
              font_family="Noto Sans CJK SC, Noto Sans SC, PingFang SC, Microsoft YaHei, sans-serif",
              label_font_size=15, major_label_font_size=15, value_font_size=15, title_font_size=15,
              value_colors=("#ffffff",), guide_stroke_color="#d9dde3", major_guide_stroke_color="#b3261e")
CHOSEN, OTHER = "#b3261e", "#1a5fb4"


def months_chart(months: list[tuple[date, date]], figures: list[dict], target, chosen: int | None) -> str | None:
    """Each month's share as a bar (None: nothing counted that month, no bar), 0–100 %; the
    target a red guide, the only labelled line besides 0 and 50 (a label of 100 would sit on 98).
    An SVG data URI, or None when no month has anything to show."""
    if all(f["share"] is None for f in figures):
        return None
    chart = pygal.Bar(style=STYLE, width=420, height=200, show_legend=False, range=(0, 100),
                      js=[], disable_xml_declaration=True, print_values=True, margin=8, spacing=6,
                      y_labels=[0, 50, target], y_labels_major=[target], show_minor_y_labels=True,
                      show_y_guides=True, show_x_guides=False, truncate_label=-1,
                      value_formatter=lambda v: f"{v:g}" if v is not None else "",
                      tooltip_border_radius=0, pretty_print=False)
    chart.x_labels = [format_date(first, "MMM") for first, _last in months]
    chart.add(_("Share kept"), [
        None if f["share"] is None else {"value": float(f["share"]), "color": CHOSEN if n == chosen else OTHER}
        for n, f in enumerate(figures)])
    svg = chart.render()     # without the XML declaration pygal gives text
    svg = svg.encode() if isinstance(svg, str) else svg
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode()
