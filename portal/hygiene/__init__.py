"""Hygiene (regulation 2 卫生管理制度): places and who answers for them, the standard as a checklist,
the office's daily inspection, fixes, the weekly collective clean and the GM's office."""
