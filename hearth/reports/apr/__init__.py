"""The CoC APR and ESG CAPER tables (both follow HUD's one APR/CAPER programming specification). Django-free.

One module per question group under ``tables/`` (``q05.py``, ``q07.py``, ...), each with a module-level
``TABLES`` list; ``registry.tables_for(report, spec)`` finds them all, so new tables need no shared file edited.
"""
