"""The benchmark harness (benchmarks/run.py) runs and writes results.json with the expected keys.

A smoke test only: a tiny run (cheap stages, one repeat, the corpus at 1x and 2x) and unit
tests of the pieces. No timing is asserted anywhere; `make bench` measures, the tests don't.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
BENCH = REPO / "benchmarks"
sys.path.insert(0, str(BENCH))

import replicate  # noqa: E402
import run as bench  # noqa: E402


def test_replicated_corpus_loads_with_unique_ids(tmp_path):
    from standpoint import load_corpus, passages

    info = replicate.build(REPO / "corpus", tmp_path / "c", 2)
    corpus = load_corpus(tmp_path / "c")  # checksums are validated here
    one = load_corpus()
    assert info["copies"] == 2 and info["documents"] == 2 * len(one.documents)
    assert corpus.documents["doc_id"].is_unique
    assert list(corpus.documents["doc_id"][: len(one.documents)]) == list(one.documents["doc_id"])
    assert set(corpus.documents["doc_id"]) - set(one.documents["doc_id"]) == {
        d + "-x002" for d in one.documents["doc_id"]}
    assert (corpus.documents.groupby("tradition").size()
            == 2 * one.documents.groupby("tradition").size()).all()
    p = passages(corpus)
    assert p["passage_id"].is_unique and len(p) == 2 * len(passages(one))


def test_exponent():
    assert bench.exponent([1, 10, 100], [2.0, 20.0, 200.0]) == pytest.approx(1.0)
    assert bench.exponent([1, 10, 100], [1.0, 100.0, 10000.0]) == pytest.approx(2.0)
    assert bench.exponent([1], [1.0]) is None


def test_targets_say_met_and_missed():
    results = {"ratios": {"fit": 1.2, "tag": 2.6}, "stages": {
        "tag_1mb": {"mb_per_s": 0.5}, "import.only": {"median_s": 0.01}},
        "growth": {"sizes": [1, 10, 100], "pipeline": {
            "time_s": [1.0, 9.0, 90.0], "peak_rss_mb": [100, 400, 2048], "exponent": 0.98,
            "stages": ["load"]}}}
    got = {t["target"].split(" ")[0] + str(i): t for i, t in enumerate(bench.targets(results))}
    met = [t["met"] for t in got.values()]
    assert met == [True, False, False, True, False, True, True]
    assert [t for t in got.values() if t["unit"] == "s" and t["limit"] == 60.0][0]["by"] == 1.5


def test_targets_of_the_report_builds_and_tag_latency():
    row = {"executed": 13, "reused": 0}
    results = {"stages": {
        "report.cold": {"median_s": 75.0, **row},
        "report.warm": {"median_s": 4.0, "executed": 0, "reused": 13, "ratio_to_cold": 4 / 75},
        "report.incremental": {"median_s": 30.0, "executed": 9, "reused": 4,
                               "ratio_to_cold": 0.4},
        "tag.one_sentence": {"median_s": 1.2}}}
    got = {t["target"]: t for t in bench.targets(results)}
    assert got["cold report build under 60 s"]["met"] is False
    assert got["report with nothing changed under 5 s"]["met"] is True
    assert "13 reused" in got["report with nothing changed under 5 s"]["note"]
    assert [t["met"] for t in got.values() if t["target"].startswith("one annotation")] == [True]
    assert [t["met"] for t in got.values() if "tag -" in t["target"]] == [False]


def test_editing_one_annotation_changes_one_row(tmp_path):
    import report_timing

    (tmp_path / "annotations.csv").write_text("a,b\n1,x\n2,y\n", encoding="utf-8")
    report_timing.edit_one_annotation(tmp_path)
    assert (tmp_path / "annotations.csv").read_text(encoding="utf-8") == "a,b\n1,x (edited)\n2,y\n"


def test_harness_runs_and_writes_results(tmp_path):
    out = tmp_path / "results.json"
    proc = subprocess.run(
        [sys.executable, str(BENCH / "run.py"), "--out", str(out), "--sizes", "1,2",
         "--repeats", "1", "--warmup", "0", "--stages", "load,passages"],
        cwd=REPO, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-2000:]
    res = json.loads(out.read_text(encoding="utf-8"))
    assert {"schema", "date", "machine", "settings", "stages", "ratios", "growth", "targets",
            "bench_wall_s", "load_average"} <= set(res)
    assert {"platform", "cpu_count", "python", "packages"} <= set(res["machine"])
    assert set(res["machine"]["packages"]) >= {"numpy", "scikit-learn", "pandas"}
    assert set(res["stages"]) == {"load", "passages"}
    for row in res["stages"].values():
        assert {"median_s", "min_s", "cpu_median_s", "runs_s", "peak_rss_mb",
                "peak_rss_delta_mb", "tracemalloc_peak_mb"} <= set(row)
    assert isinstance(res["ratios"], dict)
    g = res["growth"]
    assert g["sizes"] == [1, 2] and len(g["corpus_mb"]) == 2
    assert g["n_passages"][1] == 2 * g["n_passages"][0]
    assert set(g["stages"]) == {"load", "passages"}
    for row in g["stages"].values():
        assert len(row["time_s"]) == 2 and len(row["peak_rss_mb"]) == 2 and "exponent" in row
    assert {"time_s", "exponent", "peak_rss_mb"} <= set(g["pipeline"])
    assert g["any_passages_by_passages_dense"] is False
    assert all({"target", "limit", "measured", "met"} <= set(t) for t in res["targets"])
    assert "growth:" in proc.stdout and "targets:" in proc.stdout


def test_tag_memory_inputs_have_their_size_and_shape(tmp_path):
    import tag_memory

    texts = ["A first text.\n\nWith two paragraphs.", "A second \u2018text\u2019 \u00e9."]
    for make in (lambda n: tag_memory.prose(texts, n), lambda n: tag_memory.jsonl(texts, n)):
        text = make(1000)
        assert 900 < len(text.encode("utf-8")) <= 1000 and text.endswith("\n")
    lines = tag_memory.jsonl(texts, 1000).splitlines()
    assert all(set(json.loads(line)) == {"id", "text"} for line in lines)
    assert tag_memory.tiny(1000) == "x.\n\n" * 250
    assert tag_memory.line_fit([1, 2, 4], [12, 14, 18]) == pytest.approx((2.0, 10.0))
    assert tag_memory.line_fit([1], [1]) is None


def test_tag_memory_measures_a_refusal_in_its_own_process(tmp_path):
    """(The whole group tags megabytes; here only the plumbing: a refused input.)"""
    import tag_memory

    huge = tmp_path / "huge.txt"
    with open(huge, "wb") as fh:
        fh.truncate(10**9)
    r = tag_memory.run_tag(str(REPO / "corpus"), [str(huge)])
    assert r["exit_code"] == 2 and r["rows"] == 0
    assert "more than the limit" in r["stderr"] and 10 < r["peak_rss_mb"] < 400
