"""What a decision needs, as pure functions."""

APPROVE, REFUSE = "approve", "refuse"
OUTCOMES = {APPROVE: "approved", REFUSE: "refused"}
"""What the decider asks for -> the state the item takes."""

NOTE_MAX = 500

# Problems returned by decision_problem.
UNKNOWN_OUTCOME = "unknown_outcome"
REASON_REQUIRED = "reason_required"
NOTE_TOO_LONG = "note_too_long"


def decision_problem(outcome: str | None, note: str | None) -> str | None:
    """Why a decision cannot be taken as asked, or None: the outcome must be approve or
    refuse, a refusal needs a reason, a note is at most NOTE_MAX characters."""
    if outcome not in OUTCOMES:
        return UNKNOWN_OUTCOME
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        return NOTE_TOO_LONG
    if outcome == REFUSE and not note:
        return REASON_REQUIRED
    return None


def on_behalf_of(approver_of_record_id: int | None, decider_id: int) -> int | None:
    """Whom the decider stands in for: the approver of record when someone else decides."""
    if approver_of_record_id is None or approver_of_record_id == decider_id:
        return None
    return approver_of_record_id
