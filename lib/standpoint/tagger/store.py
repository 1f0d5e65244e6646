"""The fitted tagger, cached on the user's machine: arrays in ``<key>.npz``, everything else
in ``<key>.json`` (never a pickle: loading runs no code), written and read only by
standpoint.

The folder is ``$XDG_CACHE_HOME/standpoint`` (default ``~/.cache/standpoint``), outside the
repository. The key (:func:`cache_key`) is a SHA-256 of what the model depends on: the
corpus's checksums, the package version, the source of the package and the parameters, so a
changed text, registry, version, line of code or setting is a new key. The JSON file records
the SHA-256 of the NPZ file; a file that does not match (cut short, edited, written by two
processes at once) is not used, and the model is fitted again. Writes go to a temporary file
renamed into place, so a reader never sees half a file.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import tempfile
import zipfile
from pathlib import Path

import numpy as np

from standpoint.tagger.fitted import FittedTagger
from standpoint.tagger.naive_bayes import NaiveBayesModel

FORMAT = 1
ARRAYS = ("feature_log_prob", "unit_class", "bias")


def cache_folder() -> Path:
    """standpoint's cache folder on this machine (fitted models here, the report's pages in
    :mod:`standpoint.publish.cache`): ``$STANDPOINT_CACHE``, else
    ``$XDG_CACHE_HOME/standpoint``, else ``~/.cache/standpoint``.

    Example:
        >>> saved = os.environ.pop("STANDPOINT_CACHE", None)
        >>> cache_folder().name
        'standpoint'
        >>> os.environ["STANDPOINT_CACHE"] = "/tmp/chosen"
        >>> str(cache_folder())
        '/tmp/chosen'
        >>> del os.environ["STANDPOINT_CACHE"]
        >>> if saved is not None: os.environ["STANDPOINT_CACHE"] = saved
    """
    if os.environ.get("STANDPOINT_CACHE"):
        return Path(os.environ["STANDPOINT_CACHE"])
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "standpoint"


def source_digest() -> str:
    """SHA-256 of the package's source files and templates (their paths and bytes, in path
    order): an edited function or template changes it.

    Example:
        >>> len(source_digest())
        64
    """
    package = Path(__file__).resolve().parents[1]
    h = hashlib.sha256()
    for path in sorted(p for p in package.rglob("*") if p.suffix in (".py", ".j2")):
        h.update(str(path.relative_to(package)).encode("utf-8") + b"\0")
        h.update(path.read_bytes() + b"\0")
    return h.hexdigest()


def cache_key(parts: dict) -> str:
    """SHA-256 of ``parts`` (JSON, keys sorted) and of :data:`FORMAT`, the package version
    and :func:`source_digest`.

    Example:
        >>> cache_key({"a": 1}) == cache_key({"a": 1}) != cache_key({"a": 2})
        True
    """
    from standpoint import __version__

    record = {"format": FORMAT, "version": __version__, "source": source_digest(), **parts}
    return hashlib.sha256(json.dumps(record, sort_keys=True, default=list).encode()).hexdigest()


def _atomic_write(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def save_fitted(fitted: FittedTagger, folder: Path, key: str) -> Path:
    """Write ``fitted`` (whose scorer is a :class:`NaiveBayesModel`) as ``<key>.npz`` and
    ``<key>.json`` in ``folder`` (created, private to the user); returns the JSON path.

    Example:
        >>> import tempfile
        >>> from standpoint.tagger.naive_bayes import fit_naive_bayes
        >>> m = fit_naive_bayes(["red flag", "black flag"], ["a", "b"])
        >>> t = FittedTagger(m, m.classes, np.zeros(2), 1.0, float("-inf"))
        >>> with tempfile.TemporaryDirectory() as d:
        ...     _ = save_fitted(t, Path(d), "k")
        ...     load_fitted(Path(d), "k").verdict(["red red"]).tolist()
        ['a']
    """
    model = fitted.scorer
    if not isinstance(model, NaiveBayesModel):
        raise TypeError("only a tagger whose scorer is a NaiveBayesModel can be stored")
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    buffer = io.BytesIO()
    np.savez(buffer, feature_log_prob=model.feature_log_prob, unit_class=model.unit_class,
             bias=fitted.bias)
    data = buffer.getvalue()
    options = dict(model.options)
    options["subjects"] = list(options.get("subjects", ()))
    meta = {
        "format": FORMAT, "key": key, "npz_sha256": hashlib.sha256(data).hexdigest(),
        "classes": [str(c) for c in model.classes], "units": [str(u) for u in model.units],
        "vocabulary": sorted(model.vocabulary, key=model.vocabulary.get),
        "lexicon": None if model.lexicon is None else sorted(model.lexicon),
        "options": options, "threshold": fitted.threshold,
        "familiarity_threshold": fitted.familiarity_threshold,
        "temperature": fitted.temperature, "reliability": fitted.reliability,
        "params": fitted.params,
    }
    _atomic_write(folder / f"{key}.npz", data)
    path = folder / f"{key}.json"
    _atomic_write(path, json.dumps(meta, default=list).encode("utf-8"))
    return path


def load_fitted(folder: Path, key: str) -> FittedTagger | None:
    """The tagger stored under ``key`` in ``folder``, or ``None`` if there is none or it does
    not check out (format, key, the NPZ file's SHA-256, the arrays' shapes).

    Example:
        >>> load_fitted(Path("/nonexistent"), "k") is None
        True
    """
    try:
        meta = json.loads((folder / f"{key}.json").read_text(encoding="utf-8"))
        if meta.get("format") != FORMAT or meta.get("key") != key:
            return None
        data = (folder / f"{key}.npz").read_bytes()
        if hashlib.sha256(data).hexdigest() != meta["npz_sha256"]:
            return None
        with np.load(io.BytesIO(data), allow_pickle=False) as npz:
            arrays = {name: npz[name] for name in ARRAYS}
        vocabulary = {t: i for i, t in enumerate(meta["vocabulary"])}
        classes = np.asarray(meta["classes"])
        units = np.asarray(meta["units"], dtype=object)
        shape = (len(units), len(vocabulary))
        if (arrays["feature_log_prob"].shape != shape or arrays["bias"].shape != (len(classes),)
                or arrays["unit_class"].shape != (len(units),)):
            return None
        options = dict(meta["options"])
        options["subjects"] = tuple(options.get("subjects", ()))
        model = NaiveBayesModel(
            classes=classes, units=units, unit_class=arrays["unit_class"].astype(np.int64),
            vocabulary=vocabulary, feature_log_prob=arrays["feature_log_prob"],
            lexicon=None if meta["lexicon"] is None else frozenset(meta["lexicon"]),
            options=options)
        return FittedTagger(model, classes, arrays["bias"], float(meta["threshold"]),
                            float(meta["familiarity_threshold"]), float(meta["temperature"]),
                            dict(meta["reliability"]), dict(meta["params"]))
    except (OSError, ValueError, KeyError, TypeError, AttributeError, EOFError,
            zipfile.BadZipFile):
        return None
