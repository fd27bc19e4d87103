"""The report engine and the APR/CAPER tables never import Django (they run from a bare Python too)."""

import subprocess
import sys


def test_engine_does_not_import_django():
    code = (
        "import sys\n"
        "import hearth.reports.engine, hearth.reports.conformance\n"
        "from hearth.reports.apr.registry import all_tables\n"
        "assert all_tables()\n"
        "bad = sorted(m for m in sys.modules if m == 'django' or m.startswith('django.'))\n"
        "assert not bad, bad\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
