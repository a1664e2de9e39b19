"""Demo content of the absence area (see portal/demo.py)."""
