"""The working calendar shared by every area (working days, holidays, make-up working days),
and the office's page where the State Council's holiday schedule of a year is entered."""
