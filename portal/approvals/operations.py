"""Deciding an item: the only code that writes a decision."""

from collections.abc import Callable

from sqlalchemy import update

from ..clock import utcnow
from ..extensions import db
from . import rules
from .models import Decision


def decide(model, item_id: int, *, subject: str, open_state: str, outcome: str, decider_id: int,
           approver_of_record_id: int | None, note: str = "",
           then: Callable[[], None] | None = None) -> bool:
    """Decide item `item_id` of `model` (a table with state, decided_by_id, decided_at and
    decision_note) if it is still in `open_state`; record the decision in the ledger, run
    `then` (the area's own consequences, in the same transaction) and commit.

    The state changes by a conditional UPDATE, so of two decisions sent at the same moment
    exactly one finds the item open: that one returns True, the other False (nothing
    written; the caller tells who decided first)."""
    state = rules.OUTCOMES[outcome]
    now = utcnow()
    note = (note or "").strip()
    changed = db.session.execute(
        update(model).where(model.id == item_id, model.state == open_state)
        .values(state=state, decided_by_id=decider_id, decided_at=now, decision_note=note)
        .execution_options(synchronize_session="evaluate")).rowcount
    if changed != 1:
        db.session.rollback()
        return False
    db.session.add(Decision(subject=subject, subject_id=item_id, outcome=state, decided_by_id=decider_id,
                            on_behalf_of_id=rules.on_behalf_of(approver_of_record_id, decider_id),
                            decided_at=now, note=note))
    if then is not None:
        then()
    db.session.commit()
    return True


def change_state(model, item_id: int, *, from_states, to_state: str, values: dict | None = None,
                 then: Callable[[], None] | None = None) -> bool:
    """Move an item from one of `from_states` to `to_state` (cancelling, reporting back, …)
    only if it is still in one of them: the same guard as `decide`, for the requester's
    own steps, so that cancelling and approving at the same moment leave one outcome."""
    changed = db.session.execute(
        update(model).where(model.id == item_id, model.state.in_(tuple(from_states)))
        .values(state=to_state, **(values or {}))
        .execution_options(synchronize_session="evaluate")).rowcount
    if changed != 1:
        db.session.rollback()
        return False
    if then is not None:
        then()
    db.session.commit()
    return True
