"""Run every benchmark (`bench/bench_*.py`) and print one table: `python -m bench [name ...]`.

Benchmarks use their own SQLite database under DATA_DIR so they never touch the
development data. Each module defines ``run(report)``.
"""

from __future__ import annotations

import importlib
import os
import pkgutil
import sys
import traceback
from pathlib import Path


def main(argv: list[str]) -> int:
    base = Path(__file__).resolve().parent.parent
    sys.path.insert(0, str(base))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("SQLITE_PATH", str(base / "var" / "bench.sqlite3"))
    os.environ.setdefault("TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ.setdefault("ACCESS_LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)

    from bench.report import Report

    report = Report()
    wanted = set(argv)
    names = sorted(m.name for m in pkgutil.iter_modules([str(Path(__file__).parent)]) if m.name.startswith("bench_"))
    failed = False
    for name in names:
        if wanted and name.removeprefix("bench_") not in wanted and name not in wanted:
            continue
        print(f"running {name} …", file=sys.stderr, flush=True)
        try:
            importlib.import_module(f"bench.{name}").run(report)
        except Exception:
            failed = True
            traceback.print_exc()
            report.note(f"{name} FAILED (traceback above)")
    print(report.render())
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
