"""``tag_memory``: peak memory and time of the ``standpoint tag`` command against the size and
shape of its input, up to the input limit (:data:`standpoint.segment.inputs.MAX_INPUT_BYTES`), and
what refusing a larger input costs.

Each input is tagged by the command itself in a fresh process (``python -m standpoint tag
FILE --format jsonl``, output counted and discarded), so the figure is everything a user's
process holds: interpreter, libraries, corpus, the tagger it fits, the input and the output.
Peak memory is the child's own ``VmHWM``, which it writes at exit (benchmarks/peak_rss.py:
the ``ru_maxrss`` a parent sees includes the parent's own peak). One run per input: the
memory figure barely varies between runs; the time is a single run's.

Shapes:

- ``prose``: corpus text (the texts joined and repeated), 1 MB, 4 MB and the limit itself;
- ``jsonl``: the same paragraphs as JSON lines (``--jsonl``), 4 MB;
- ``tiny``: ``"x.\\n\\n"`` repeated, a two-character passage every 4 bytes: the most passages a
  text of that size can hold, the worst case for memory and time (0.25, 1 and 4 MB; the
  figures at the limit are extrapolated from the fitted line, a run there takes minutes);
- ``refused``: a sparse file of 5 GB (refused from its size, never read) and an endless
  stdin (``/dev/zero``, read up to the limit and one byte).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

MB = 1_000_000
PEAK_RSS = Path(__file__).resolve().with_name("peak_rss.py")
PROSE_MB = (1, 4, None)  # None: the limit itself
JSONL_MB = (4,)
TINY_MB = (0.25, 1, 4)
HUGE_BYTES = 5 * 10**9


def _cut(text: str, size: int) -> str:
    """``text`` cut at the last line end at or before ``size`` UTF-8 bytes."""
    raw = text.encode("utf-8")[:size]
    return raw[: raw.rfind(b"\n") + 1].decode("utf-8")


def prose(texts: list[str], size: int) -> str:
    """At most ``size`` bytes of corpus text, ending at a line end."""
    joined = "\n\n".join(t.strip() for t in texts) + "\n\n"
    return _cut(joined * (size // len(joined.encode("utf-8")) + 2), size)


def jsonl(texts: list[str], size: int) -> str:
    """At most ``size`` bytes of JSON lines, one corpus paragraph each."""
    paragraphs = [p.strip() for t in texts for p in t.split("\n\n") if p.strip()]
    lines, total, k = [], 0, 0
    while True:
        line = json.dumps({"id": f"p{k}", "text": paragraphs[k % len(paragraphs)]},
                          ensure_ascii=False) + "\n"
        n = len(line.encode("utf-8"))
        if total + n > size:
            return "".join(lines)
        lines.append(line)
        total += n
        k += 1


def tiny(size: int) -> str:
    """``"x.\\n\\n"`` repeated: one passage every 4 bytes."""
    return "x.\n\n" * (size // 4)


def run_tag(root: str, args: list[str], stdin=None) -> dict:
    """``standpoint tag`` in a fresh process: wall seconds, peak RSS (MB, the process's own
    ``VmHWM``, see benchmarks/peak_rss.py), output lines, exit code and the last line of
    stderr."""
    with tempfile.NamedTemporaryFile("r", suffix=".hwm", encoding="ascii") as hwm:
        cmd = [sys.executable, str(PEAK_RSS), hwm.name, "--corpus", root, "tag", *args,
               "--format", "jsonl"]
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdin=stdin if stdin is not None else subprocess.DEVNULL,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        lines = 0
        while chunk := proc.stdout.read(1 << 20):
            lines += chunk.count(b"\n")
        err = proc.stderr.read().decode("utf-8", "replace").strip()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        own = hwm.read().strip()
    if own:
        peak_mb = int(own) / 1024
    else:  # (no /proc: ru_maxrss, which may include the parent's peak)
        peak_mb = usage.ru_maxrss * (1 if sys.platform == "darwin" else 1024) / 2**20
    return {"wall_s": wall, "peak_rss_mb": peak_mb, "rows": lines,
            "exit_code": proc.returncode, "stderr": err.splitlines()[-1] if err else ""}


def line_fit(xs: list[float], ys: list[float]) -> tuple[float, float] | None:
    """Least-squares ``(slope, intercept)`` of ``ys`` on ``xs``."""
    if len(xs) < 2:
        return None
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    sxx = sum((x - mx) ** 2 for x in xs)
    if sxx == 0:
        return None
    slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sxx
    return slope, my - slope * mx


def group_tag_memory(root: str, repeats: int, warmup: int, *, prose_mb=PROSE_MB,
                     jsonl_mb=JSONL_MB, tiny_mb=TINY_MB, huge_bytes=HUGE_BYTES) -> dict:
    from standpoint import load_corpus
    from standpoint.segment import MAX_INPUT_BYTES

    texts = list(load_corpus(root).texts.values())
    out: dict[str, dict] = {}

    def row(name: str, result: dict, n_bytes: int, shape: str) -> None:
        if result["exit_code"] != 0 and shape != "refused":
            raise SystemExit(f"bench: tag_memory {name} failed: {result['stderr']}")
        out[name] = {"median_s": result["wall_s"], "min_s": result["wall_s"],
                     "runs_s": [round(result["wall_s"], 4)], "repeats": 1,
                     "peak_rss_mb": result["peak_rss_mb"], "bytes": n_bytes, "shape": shape,
                     "rows": result["rows"], "exit_code": result["exit_code"],
                     **({"stderr": result["stderr"]} if shape == "refused" else {})}

    with tempfile.TemporaryDirectory(prefix="standpoint-tag-memory-") as tmp:
        def file_of(name: str, text: str) -> tuple[str, int]:
            path = Path(tmp) / name
            path.write_text(text, encoding="utf-8")
            return str(path), path.stat().st_size

        path, n = file_of("base.txt", prose(texts, 2_000))
        for _ in range(max(0, warmup)):  # (warm the page cache and .pyc files)
            run_tag(root, [path])
        row("tag_memory.base", run_tag(root, [path]), n, "prose")
        base = out["tag_memory.base"]["peak_rss_mb"]
        for mb in prose_mb:
            size = MAX_INPUT_BYTES if mb is None else int(mb * MB)
            label = "limit" if mb is None else f"{mb:g}mb"
            path, n = file_of(f"prose-{label}.txt", prose(texts, size))
            row(f"tag_memory.prose_{label}", run_tag(root, [path]), n, "prose")
        for mb in jsonl_mb:
            path, n = file_of(f"jsonl-{mb:g}mb.jsonl", jsonl(texts, int(mb * MB)))
            row(f"tag_memory.jsonl_{mb:g}mb", run_tag(root, ["--jsonl", path]), n, "jsonl")
        for mb in tiny_mb:
            path, n = file_of(f"tiny-{mb:g}mb.txt", tiny(int(mb * MB)))
            row(f"tag_memory.tiny_{mb:g}mb", run_tag(root, [path]), n, "tiny")
        huge = Path(tmp) / "huge.txt"
        with open(huge, "wb") as fh:
            fh.truncate(huge_bytes)  # sparse: no disk used, nothing to read
        row("tag_memory.refused_file", run_tag(root, [str(huge)]), huge_bytes, "refused")
        with open(os.devnull if not Path("/dev/zero").exists() else "/dev/zero", "rb") as zero:
            row("tag_memory.refused_stdin", run_tag(root, ["-"], stdin=zero), -1, "refused")

    for name, r in out.items():
        r["peak_rss_delta_mb"] = max(0.0, r["peak_rss_mb"] - base)
    summary: dict = {"limit_bytes": MAX_INPUT_BYTES, "base_peak_rss_mb": base}
    for shape in ("prose", "tiny"):
        rows = [r for k, r in out.items() if r["shape"] == shape and k != "tag_memory.base"]
        xs = [r["bytes"] / MB for r in rows]
        mem = line_fit(xs, [r["peak_rss_mb"] for r in rows])
        sec = line_fit(xs, [r["median_s"] for r in rows])
        if mem and sec:
            at = MAX_INPUT_BYTES / MB
            summary[shape] = {"rss_mb_per_mb": mem[0], "rss_intercept_mb": mem[1],
                              "s_per_mb": sec[0], "s_intercept": sec[1],
                              "rss_mb_at_limit": mem[0] * at + mem[1],
                              "s_at_limit": sec[0] * at + sec[1],
                              "measured_up_to_mb": max(xs)}
    out["tag_memory.summary"] = summary
    return out
