"""Score (query, candidate) person pairs with OpenSanctions' nomenklatura matcher.

Runs inside the benchmark-only virtualenv (``var/bench-nomenklatura``, made by
:func:`ensure_venv` from ``bench/nomenklatura-requirements.txt``), never in the product's:
``var/bench-nomenklatura/bin/python bench/nomenklatura_runner.py < pairs.json > scores.json``.
Input: ``{"algorithm": "logic-v2", "pairs": [[query, candidate], …]}`` where each person is
``{"names": [...], "birthDate": [...], "nationality": [...]}``. Output: one score (0-1) per
pair, the best over the candidate's entity, and the median milliseconds per pair.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

BASE = Path(__file__).resolve().parent.parent
VENV = BASE / "var" / "bench-nomenklatura"
REQUIREMENTS = Path(__file__).resolve().parent / "nomenklatura-requirements.txt"


def ensure_venv() -> Path:
    """The virtualenv's python, created and filled on first use (needs PyPI)."""
    python = VENV / "bin" / "python"
    stamp = VENV / ".installed-" / REQUIREMENTS.read_text().strip().splitlines()[-1].replace("==", "-")
    if python.exists() and stamp.exists():
        return python
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    subprocess.run(
        [str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check", "-r", str(REQUIREMENTS)],
        check=True,
    )
    stamp.parent.mkdir(parents=True, exist_ok=True)
    stamp.touch()
    return python


def score_pairs(pairs: list[tuple[dict, dict]], algorithm: str = "logic-v2") -> tuple[list[float], float]:
    python = ensure_venv()
    payload = json.dumps({"algorithm": algorithm, "pairs": pairs})
    done = subprocess.run(
        [str(python), str(Path(__file__).resolve())], input=payload, capture_output=True, text=True, check=True
    )
    out = json.loads(done.stdout)
    return out["scores"], out["median_ms"]


def _main() -> None:
    import statistics
    import time

    from followthemoney import model
    from nomenklatura.matching import ScoringConfig, get_algorithm

    request = json.load(sys.stdin)
    algorithm = get_algorithm(request.get("algorithm", "logic-v2"))
    config = ScoringConfig.defaults()

    def person(pid: str, data: dict):
        entity = model.make_entity("Person")
        entity.id = pid
        for name in data.get("names", []):
            entity.add("name", name)
        for prop in ("birthDate", "nationality"):
            for value in data.get(prop, []):
                entity.add(prop, value)
        return entity

    scores, samples = [], []
    warm = person("w", {"names": ["Warm Up"]})
    algorithm.compare(warm, warm, config)
    for n, (query, candidate) in enumerate(request["pairs"]):
        started = time.perf_counter()
        result = algorithm.compare(person(f"q{n}", query), person(f"c{n}", candidate), config)
        samples.append((time.perf_counter() - started) * 1000)
        scores.append(result.score)
    json.dump({"scores": scores, "median_ms": statistics.median(samples) if samples else 0.0}, sys.stdout)


if __name__ == "__main__":
    _main()
