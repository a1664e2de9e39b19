"""Decisions by an approver, shared by every area: who decided, on whose behalf (the
substitute of an away approver), when, the outcome and the note — and one operation that
decides an item only while it is still open, so two decisions at the same moment leave
exactly one."""
