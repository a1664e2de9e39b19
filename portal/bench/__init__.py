"""`flask --app app bench`: a synthetic company of 1,000 people (company.py, organisation.py),
the key pages and their targets (pages.py), SQL statements per request (sqlcount.py),
latency and throughput under gunicorn (load.py), the table (report.py), the command (measure.py)."""
