"""Timing and memory measurement for the benchmark workers.

Time: wall-clock (``time.perf_counter``) and CPU (``time.process_time``: this process, all
threads) of each call; a stage's figure is the median of its timed runs, after warm-up runs.

Memory (two figures, both per call):

- ``rss``: the resident-set high-water mark of the worker process *during* the call, read
  from ``/proc/self/status`` (``VmHWM``) after resetting it just before the call (writing
  ``5`` to ``/proc/self/clear_refs``, Linux >= 4.0). ``peak_rss_mb`` is that absolute peak
  (everything the process holds, inputs included); ``peak_rss_delta_mb`` is the peak minus
  the resident size just before the call: what the call itself added at its worst. Where the
  reset is not available this falls back to ``resource.getrusage(...).ru_maxrss`` (then the
  delta is 0 unless the call raised the process's lifetime peak) and says so.
- ``tracemalloc``: one extra, untimed run under :mod:`tracemalloc`; its peak counts every
  allocation made through Python's allocators during the call (NumPy and SciPy arrays
  included; not BLAS/liblinear scratch or memory mapped by C libraries directly).
"""

from __future__ import annotations

import gc
import os
import re
import resource
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable

_MB = 1024 * 1024


def _status_kb(field: str) -> int | None:
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            m = re.search(rf"^{field}:\s+(\d+) kB", fh.read(), re.M)
        return int(m.group(1)) if m else None
    except OSError:
        return None


def _reset_peak() -> bool:
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as fh:
            fh.write("5")
        return True
    except OSError:
        return False


def _maxrss_bytes() -> int:
    r = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return r if sys.platform == "darwin" else r * 1024


def rss_now_mb() -> float:
    """Resident set size of this process now (MB)."""
    kb = _status_kb("VmRSS")
    return kb / 1024 if kb is not None else _maxrss_bytes() / _MB


PEAK_METHOD = ("VmHWM reset per call (/proc/self/clear_refs)" if _reset_peak()
               else "ru_maxrss (process lifetime peak; no per-call reset available)")


def call(fn: Callable[[], object]) -> dict:
    """Run ``fn`` once; its wall and CPU seconds and RSS peak (absolute and delta, MB)."""
    gc.collect()
    before = rss_now_mb()
    reset = _reset_peak()
    t0, c0 = time.perf_counter(), time.process_time()
    result = fn()
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    hwm = _status_kb("VmHWM") if reset else None
    peak = hwm / 1024 if hwm is not None else _maxrss_bytes() / _MB
    del result
    return {"wall_s": wall, "cpu_s": cpu, "peak_rss_mb": peak,
            "peak_rss_delta_mb": max(0.0, peak - before)}


def traced_peak_mb(fn: Callable[[], object]) -> float:
    """Peak of Python-tracked allocations during one run of ``fn`` (MB)."""
    gc.collect()
    tracemalloc.start()
    try:
        result = fn()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    del result
    return peak / _MB


def summarise(runs: list[dict], warmup: int, traced: float | None = None) -> dict:
    """One stage's figures from its timed runs."""
    walls = [r["wall_s"] for r in runs]
    out = {
        "median_s": statistics.median(walls),
        "min_s": min(walls),
        "max_s": max(walls),
        "cpu_median_s": statistics.median(r["cpu_s"] for r in runs),
        "runs_s": [round(w, 4) for w in walls],
        "repeats": len(runs),
        "warmup": warmup,
        "peak_rss_mb": max(r["peak_rss_mb"] for r in runs),
        "peak_rss_delta_mb": max(r["peak_rss_delta_mb"] for r in runs),
    }
    if traced is not None:
        out["tracemalloc_peak_mb"] = traced
    return out


def measure(fns: dict[str, Callable[[], object]], repeats: int, warmup: int = 1,
            trace: bool = True) -> dict[str, dict]:
    """Time several functions under the same conditions: after ``warmup`` runs of each, the
    timed runs alternate between them (``a b c a b c ...``), so that a busy machine slows
    them alike. Returns ``name -> summary`` (see :func:`summarise`)."""
    for _ in range(warmup):
        for fn in fns.values():
            fn()
    runs: dict[str, list[dict]] = {name: [] for name in fns}
    for _ in range(max(1, repeats)):
        for name, fn in fns.items():
            runs[name].append(call(fn))
    out = {}
    for name, fn in fns.items():
        out[name] = summarise(runs[name], warmup, traced_peak_mb(fn) if trace else None)
    return out


def load_average() -> list[float] | None:
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return None
