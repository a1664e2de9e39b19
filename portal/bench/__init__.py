"""`flask --app app bench`: a synthetic company of 1,000 people (company.py, with a builder per
area: organisation.py, handbook.py), the key pages and their targets (pages.py), the PDFs and
theirs (pdfs.py), SQL statements per request (sqlcount.py), latency and throughput under
gunicorn (load.py), how busy the machine was (machine.py), the tables (report.py), the command
(measure.py)."""
