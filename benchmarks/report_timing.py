"""The report's build times (issue 13): a cold build, a warm build with nothing changed and a
rebuild after one annotation changed, each timed as the ``standpoint report`` command a user
runs; and the latency of ``echo "one sentence" | standpoint tag -`` with the model cached.

Everything runs on a copy of the project's corpus (``--corpus``), so that one row of its
``annotations.csv`` can be edited, with a fresh cache folder (``STANDPOINT_CACHE``): the cold
build starts from nothing, as on a fresh clone. The PDF handouts are printed when Chromium is
found (as ``make report`` does).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SENTENCE = "The workers' councils were the organs of the revolution, and the party betrayed them.\n"


def _standpoint() -> str:
    exe = Path(sys.executable).with_name("standpoint")
    return str(exe) if exe.exists() else "standpoint"


def _timed(argv: list[str], env: dict, stdin: str | None = None) -> tuple[float, str]:
    start = time.perf_counter()
    proc = subprocess.run([_standpoint(), *argv], input=stdin, capture_output=True, text=True,
                          env=env, cwd=REPO)
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"bench: standpoint {' '.join(argv)} failed: {proc.stderr.strip()[-400:]}")
    return seconds, proc.stderr


def edit_one_annotation(corpus: Path) -> None:
    """Append a few words to the note (the last column) of the first row of
    ``annotations.csv``: one changed row, every passage id and anchor as it was."""
    path = corpus / "annotations.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[1] = lines[1].rstrip("\n") + " (edited)\n"
    path.write_text("".join(lines), encoding="utf-8")


def group_report(root, repeats, warmup) -> dict:
    """``report.cold``, ``report.warm``, ``report.incremental`` (seconds, with how many notebook
    runs each executed and reused) and ``tag.one_sentence`` (median of ``repeats`` warm calls)."""
    with tempfile.TemporaryDirectory(prefix="standpoint-bench-report-") as tmp:
        tmp = Path(tmp)
        corpus = tmp / "corpus"
        shutil.copytree(root, corpus)
        env = dict(os.environ, STANDPOINT_CACHE=str(tmp / "cache"))
        out = {}
        for name in ("cold", "warm", "incremental"):
            if name == "incremental":
                edit_one_annotation(corpus)
            seconds, err = _timed(["report", "--corpus", str(corpus), "--out", str(tmp / name)],
                                  env)
            out[f"report.{name}"] = {
                "median_s": seconds, "min_s": seconds, "runs_s": [seconds],
                "executed": sum(" executing " in line for line in err.splitlines()),
                "reused": sum(" reused " in line for line in err.splitlines()),
            }
        cold = out["report.cold"]["median_s"]
        for name in ("warm", "incremental"):
            out[f"report.{name}"]["ratio_to_cold"] = out[f"report.{name}"]["median_s"] / cold
        _timed(["tag", "-", "--corpus", str(corpus)], env, SENTENCE)  # fits and caches the model
        runs = sorted(_timed(["tag", "-", "--corpus", str(corpus)], env, SENTENCE)[0]
                      for _ in range(max(1, repeats)))
        out["tag.one_sentence"] = {"median_s": runs[len(runs) // 2], "min_s": runs[0],
                                   "runs_s": runs,
                                   "note": "echo SENTENCE | standpoint tag -, model cached"}
        return out
