"""The yearly accounts on the home page: the accounts waiting for the user's comment; in the
review season (rules.REVIEW_SEASON) also the holder's own account still to write, and for the
office the post holders who have not written theirs. One statement (two for the office in the
season); none for staff out of the season."""

from flask import url_for
from flask_babel import lazy_gettext as _l

from ..clock import local_today
from ..home.panels import Waiting, provider
from . import queries, rules


@provider
def reviews_waiting(user) -> list[Waiting]:
    today = local_today()
    year = rules.review_year(today)
    season = rules.in_season(today)
    own_wanted = season and user.post_id is not None
    may_comment = user.rank != "staff"
    if not (own_wanted or may_comment):
        rows = []
    else:
        rows = queries.uncommented(year, user.id, gm=user.rank == "general_manager",
                                   also_of=user.id if own_wanted else None)
    items = []
    if may_comment:
        gm = user.id if user.rank == "general_manager" else None   # only whether the user comments matters
        count = sum(1 for _id, holder, holder_rank, head, deputy in rows
                    if rules.commenter(holder, holder_rank, head, deputy, gm) == user.id)
        items.append(Waiting(_l("Accounts of duties to comment on"), count, url_for("reviews.overview", year=year)))
    if own_wanted and not any(holder == user.id for _id, holder, *_rest in rows):
        items.append(Waiting(_l("Your account of duties for the year, not written yet"), 1, url_for("reviews.mine")))
    if season and user.has_role("office"):
        items.append(Waiting(_l("Post holders who have not written the year’s account of duties"),
                             queries.missing_count_query(year), url_for("reviews.overview", year=year, missing=1)))
    return items
