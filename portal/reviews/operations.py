"""Writing and commenting on the yearly accounts: the only code of the area that commits."""

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError

from ..clock import utcnow
from ..extensions import db
from .models import YearlyReview


def write(holder, year: int, account: str) -> YearlyReview | None:
    """The holder's account of `year`, with their post's duties and goals as they stand now;
    written again while nobody has commented on it. None when it has been commented on."""
    post = holder.post
    values = {"post_id": post.id if post else None, "post_title": post.title if post else "",
              "duties": post.duties if post else "", "goals": post.goals if post else "",
              "account": account, "updated_at": utcnow()}
    changed = db.session.execute(
        update(YearlyReview).where(YearlyReview.employee_id == holder.id, YearlyReview.year == year,
                                   YearlyReview.commented_at.is_(None))
        .values(**values).execution_options(synchronize_session=False)).rowcount
    if not changed:
        db.session.add(YearlyReview(employee_id=holder.id, year=year, written_at=values["updated_at"], **values))
    try:
        db.session.commit()
    except IntegrityError:   # already there (and commented on), or written twice at the same moment
        db.session.rollback()
        return None
    return db.session.scalar(db.select(YearlyReview).where(YearlyReview.employee_id == holder.id,
                                                           YearlyReview.year == year))


def comment(review: YearlyReview, by_id: int, text: str) -> bool:
    """The comment, once; False when someone commented first."""
    changed = db.session.execute(
        update(YearlyReview).where(YearlyReview.id == review.id, YearlyReview.commented_at.is_(None))
        .values(comment=text, commented_by_id=by_id, commented_at=utcnow())
        .execution_options(synchronize_session=False)).rowcount
    if changed != 1:
        db.session.rollback()
        return False
    db.session.commit()
    return True
