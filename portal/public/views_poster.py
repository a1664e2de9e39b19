"""The commitments poster for the service hall (服务承诺公示): regulation 13's promises with this
heating season's figures, as one A3 page to print and hang, always in Chinese. The figures are the
commitments page's own (queries.figures, rules.commitments: the same counts, the same rounding);
a QR code leads to the page for the latest."""

import hashlib

from flask import Blueprint, render_template, url_for
from flask_babel import force_locale

from ..clock import local_today, to_local
from ..service.rules import heating_season
from ..web import pdf, qr
from ..web.access import PUBLIC, declare
from . import queries, rules

bp = Blueprint("public_poster", __name__, url_prefix="/public")
declare(bp, PUBLIC)

STYLESHEET = "public-poster.css"


@bp.get("/commitments/poster.pdf")
def poster():
    today = local_today()
    season = heating_season(today)
    months = rules.season_months(season, today)
    counts = queries.figures(months)
    figures = rules.commitments(counts, months, None)
    computed = to_local(counts["at"])
    with force_locale("zh_CN"):              # a notice on the wall of the service hall: always in Chinese
        html = render_template("public/poster.html", figures=figures, so_far=rules.season_so_far(season, today),
                               computed=computed, targets=rules.TARGETS, billing_target=rules.BILLING_TARGET,
                               facilities_target=rules.FACILITIES_TARGET, entered=rules.entered_figures(queries.entered(season[0])),
                               code=qr.data_uri(url_for("public.commitments", _external=True)))
    key = "public-poster-" + hashlib.sha256(html.encode()).hexdigest()[:32]
    path = pdf.cached(key, lambda: pdf.render(html, (STYLESHEET,)))
    return pdf.send(path, f"服务承诺公示-{computed.date().isoformat()}.pdf", etag=path.stem)
