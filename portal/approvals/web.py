"""Reading a decision from a request and saying what happened, the same in every area.
Deciding is always `POST …/<id>/decide` with `outcome` (approve/refuse) and `note`, sent by
the `decide` macro of templates/approvals/_decide.html."""

from flask import request
from flask_babel import format_datetime, gettext as _

from ..web import htmx
from ..web.forms import clean_line
from . import labels, rules
from .queries import decision_on


def read_decision() -> tuple[str, str, str | None]:
    """(outcome, note, problem message or None) from the posted form; the page is told a
    decision was asked for (its 审批 badge counts again)."""
    htmx.announce(DECIDED)
    outcome = request.form.get("outcome", "")
    note = clean_line(request.form.get("note", ""))
    problem = rules.decision_problem(outcome, note)
    return outcome, note, str(labels.PROBLEMS[problem]) if problem else None


DECIDED = "decided"


def already_decided(subject: str, item_id: int, state: str) -> str:
    """Tell the second decider plainly who decided first (or that the item was withdrawn)."""
    decision = decision_on(subject, item_id)
    if decision is None or state == "cancelled":  # withdrawn, perhaps after it was approved
        return _("This item is no longer open for a decision (it was withdrawn).")
    return _("%(name)s already decided this at %(time)s: %(outcome)s.", name=decision.decided_by.name,
             time=format_datetime(decision.decided_at, "M月d日 HH:mm"),
             outcome=labels.OUTCOME_LABELS.get(decision.outcome, decision.outcome))


def success_message(outcome: str, what: str) -> str:
    return (_("Approved: %(what)s.", what=what) if outcome == rules.APPROVE
            else _("Refused: %(what)s.", what=what))


def message_category(outcome: str) -> str:
    """How the message of a decision taken shows: green for an approval, neutral for a
    refusal (done as asked, but not good news for the requester)."""
    return "success" if outcome == rules.APPROVE else "info"
