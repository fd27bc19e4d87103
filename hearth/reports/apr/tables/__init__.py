"""APR/CAPER tables, one module per question group; each module exports ``TABLES`` (see docs/reports.md)."""
