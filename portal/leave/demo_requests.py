"""Demo content of the leave area (see portal/demo.py)."""
