"""The decisions ledger: rules at their boundaries, and rows the database itself refuses to
change or delete."""

import pytest
from sqlalchemy import delete, update
from sqlalchemy.exc import DatabaseError

from portal.approvals import rules
from portal.approvals.models import Decision
from portal.extensions import db
from tests import factories


@pytest.mark.parametrize("outcome, note, problem", [
    ("approve", "", None),
    ("approve", "好", None),
    ("refuse", "年底任务重", None),
    ("refuse", "", rules.REASON_REQUIRED),
    ("refuse", "   ", rules.REASON_REQUIRED),
    ("refuse", "理" * 500, None),
    ("refuse", "理" * 501, rules.NOTE_TOO_LONG),
    ("approved", "", rules.UNKNOWN_OUTCOME),
    ("", "", rules.UNKNOWN_OUTCOME),
    (None, "", rules.UNKNOWN_OUTCOME),
])
def test_decision_problem(outcome, note, problem):
    assert rules.decision_problem(outcome, note) == problem


@pytest.mark.parametrize("record, decider, behalf", [(7, 7, None), (7, 9, 7), (None, 9, None)])
def test_on_behalf_of(record, decider, behalf):
    assert rules.on_behalf_of(record, decider) == behalf


def test_a_decision_cannot_be_rewritten_or_deleted(app):
    with app.app_context():
        decider = factories.person().id
        decision = Decision(subject="leave", subject_id=10**6, outcome="approved", decided_by_id=decider)
        db.session.add(decision)
        db.session.commit()
        for statement in (update(Decision).where(Decision.id == decision.id).values(outcome="refused"),
                          delete(Decision).where(Decision.id == decision.id)):
            with pytest.raises(DatabaseError):
                db.session.execute(statement)
                db.session.flush()
            db.session.rollback()
        assert db.session.get(Decision, decision.id).outcome == decision.outcome
