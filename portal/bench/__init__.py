"""`flask --app app bench`: the generic harness. Each area brings its share in its own
`portal/<area>/bench.py` (named in its area.py): a builder, its measured pages and PDFs
(company.py describes the interface). Here: the synthetic company of 1,000 people built by
the areas in their order (company.py), pages and their targets (pages.py), PDFs and theirs
(pdfs.py), SQL statements per request (sqlcount.py), latency and throughput under gunicorn
(load.py), how busy the machine was (machine.py), the tables (report.py), the command
(measure.py)."""
