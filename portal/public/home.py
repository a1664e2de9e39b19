"""For the leadership's home page: this heating season's promises as residents read them on
the commitments page (regulation 13) — the same counts, remembered the same way — with the
room temperature month by month as a small chart."""

from flask import url_for
from flask_babel import lazy_gettext as _l

from ..clock import local_today
from ..home import figures
from ..service.rules import heating_season
from . import charts, queries, rules

SHOWN = ((rules.TEMPERATURE, _l("Room temperature met")), (rules.REPAIRS, _l("Repair calls reached in time")),
         (rules.COMPLAINTS, _l("Complaints closed")))


@figures.source(shown_to=figures.LEADERSHIP, order=40)
def season_promises() -> figures.Group:
    today = local_today()
    months = rules.season_months(heating_season(today), today)
    promises = rules.commitments(queries.figures(months), months, None)
    url = url_for("public.commitments")
    temperature = promises[rules.TEMPERATURE]["months"]
    return figures.Group(_l("This heating season"), [
        figures.Figure(label, _share(promises[key]["season"]), url, note=_l("target %(n)s%%", n=rules.TARGETS[key]))
        for key, label in SHOWN],
        chart=charts.months_chart(months, temperature, rules.TARGETS[rules.TEMPERATURE], None),
        chart_label=_l("Room temperature met, month by month"))


def _share(figure: dict) -> str:
    return "—" if figure["share"] is None else f"{figure['share']}%"
