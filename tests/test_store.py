"""The fitted tagger cached on the user's machine (standpoint.tagger.store): arrays and JSON,
never a pickle, verified on reading, keyed on what the model depends on, in a temporary
folder here (never the user's cache)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from synthetic import write_corpus

from standpoint.corpus import load_corpus
from standpoint.tagger import corpus_tagger, tag_passages
from standpoint.tagger import store
from standpoint.tagger.tagging import corpus_digest

TEXTS = pd.DataFrame({"passage_id": ["a", "b", "c"],
                      "text": ["Our comrades on the quay voted to strike.",
                               "Investors expect a clear return on the marina.",
                               "Preheat the oven and whisk the eggs."]})


@pytest.fixture
def corpus(tmp_path):
    return load_corpus(write_corpus(tmp_path / "corpus", per_tradition=2))


@pytest.fixture
def folder(tmp_path):
    return tmp_path / "cache"


def refuse_to_fit(monkeypatch):
    def fail(*args, **kwargs):
        raise AssertionError("the tagger was fitted again")

    monkeypatch.setattr("standpoint.tagger.tagging.fit_passages", fail)


def test_the_second_call_reads_what_the_first_wrote(corpus, folder, monkeypatch):
    first = corpus_tagger(corpus, folder=folder)
    files = sorted(p.name for p in folder.iterdir())
    assert len(files) == 2 and files[0].endswith(".json") and files[1].endswith(".npz")
    refuse_to_fit(monkeypatch)
    again = corpus_tagger(corpus, folder=folder)
    pd.testing.assert_frame_equal(tag_passages(first, TEXTS), tag_passages(again, TEXTS))
    assert again.reliability == first.reliability and again.params == first.params


def test_the_files_are_arrays_and_json_not_pickles(corpus, folder):
    corpus_tagger(corpus, folder=folder)
    npz = next(folder.glob("*.npz"))
    with np.load(npz, allow_pickle=False) as arrays:  # refuses any object array
        assert sorted(arrays.files) == sorted(store.ARRAYS)
        assert all(arrays[name].dtype != object for name in arrays.files)
    with zipfile.ZipFile(npz) as z:
        assert all(name.endswith(".npy") for name in z.namelist())
    meta = json.loads(next(folder.glob("*.json")).read_text(encoding="utf-8"))
    assert meta["format"] == store.FORMAT and len(meta["npz_sha256"]) == 64
    assert oct(folder.stat().st_mode & 0o777) == "0o700"
    assert oct(npz.stat().st_mode & 0o777) == "0o600"


@pytest.mark.parametrize("damage", ["flip a byte", "cut short", "other key", "bad json"])
def test_a_damaged_entry_is_not_used_and_is_replaced(corpus, folder, monkeypatch, damage):
    corpus_tagger(corpus, folder=folder)
    npz, meta = next(folder.glob("*.npz")), next(folder.glob("*.json"))
    key = meta.stem
    if damage == "flip a byte":
        data = bytearray(npz.read_bytes())
        data[len(data) // 2] ^= 0xFF
        npz.write_bytes(bytes(data))
    elif damage == "cut short":
        npz.write_bytes(npz.read_bytes()[:100])
    elif damage == "other key":
        record = json.loads(meta.read_text())
        record["key"] = "0" * 64
        meta.write_text(json.dumps(record))
    else:
        meta.write_text("{not json")
    assert store.load_fitted(folder, key) is None
    fitted = []
    original = store.save_fitted
    monkeypatch.setattr(store, "save_fitted", lambda *a: fitted.append(1) or original(*a))
    corpus_tagger(corpus, folder=folder)
    assert fitted == [1] and store.load_fitted(folder, key) is not None


def test_the_key_follows_the_corpus_the_parameters_and_the_source(corpus, tmp_path):
    key = store.cache_key({"corpus": corpus_digest(corpus), "params": {}})
    assert key == store.cache_key({"corpus": corpus_digest(corpus), "params": {}})
    assert key != store.cache_key({"corpus": corpus_digest(corpus), "params": {"alpha": 2.0}})
    other = load_corpus(write_corpus(tmp_path / "other", per_tradition=2, seed=1))
    assert key != store.cache_key({"corpus": corpus_digest(other), "params": {}})
    assert corpus_digest(corpus)["subjects"] is None  # this corpus has no oppositions.yaml


def test_a_changed_parameter_is_fitted_not_read(corpus, folder):
    a = corpus_tagger(corpus, folder=folder)
    b = corpus_tagger(corpus, folder=folder, target_false_attribution=0.05)
    assert len(list(folder.glob("*.npz"))) == 2
    assert b.threshold >= a.threshold


def test_an_unwritable_cache_only_costs_a_fit(corpus, tmp_path):
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("")
    fitted = corpus_tagger(corpus, folder=blocked / "cache")
    assert list(fitted.classes) == ["archive", "commerce", "ecology", "union"]


def test_cache_folder_follows_xdg_cache_home(monkeypatch, tmp_path):
    monkeypatch.setenv("STANDPOINT_CACHE", str(tmp_path / "chosen"))
    assert store.cache_folder() == tmp_path / "chosen"  # STANDPOINT_CACHE comes first
    monkeypatch.delenv("STANDPOINT_CACHE")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert store.cache_folder() == tmp_path / "standpoint"
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert store.cache_folder() == Path.home() / ".cache" / "standpoint"


def test_the_command_tags_from_the_cache_without_scikit_learn(corpus, tmp_path):
    """``standpoint tag`` on a cached model imports neither scikit-learn nor SciPy (each
    costs more than a second: the budget for tagging a sentence)."""
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "xdg")}
    run = [sys.executable, "-c",
           "import sys; from standpoint.cli import main; code = main(sys.argv[1:]); "
           "heavy = {'sklearn', 'scipy'} & {m.split('.')[0] for m in sys.modules}; "
           "print('HEAVY', sorted(heavy), file=sys.stderr); sys.exit(code)",
           "--corpus", str(corpus.root), "tag", "-"]
    first = subprocess.run(run, input=b"Our comrades voted to strike.", capture_output=True,
                           env=env, timeout=300)
    assert first.returncode == 0, first.stderr.decode()
    second = subprocess.run(run, input=b"Our comrades voted to strike.", capture_output=True,
                            env=env, timeout=300)
    assert second.returncode == 0 and second.stdout == first.stdout
    assert b"HEAVY []" in second.stderr and b"HEAVY []" not in first.stderr
    assert b"What a verdict means" in second.stdout
