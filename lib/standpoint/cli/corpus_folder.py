"""Which corpus a command reads: ``--corpus DIR``, else the ``STANDPOINT_CORPUS`` environment
variable, else the project's ``corpus/``."""

from __future__ import annotations

import os
from pathlib import Path

ENVIRONMENT_VARIABLE = "STANDPOINT_CORPUS"


def corpus_folder(args) -> Path | None:
    """The corpus folder the command ``args`` names (``None``: the project's own).

    Example:
        >>> import argparse, os
        >>> saved = os.environ.pop(ENVIRONMENT_VARIABLE, None)
        >>> corpus_folder(argparse.Namespace(corpus=None)) is None
        True
        >>> os.environ[ENVIRONMENT_VARIABLE] = "from-env"
        >>> str(corpus_folder(argparse.Namespace(corpus=None)))
        'from-env'
        >>> str(corpus_folder(argparse.Namespace(corpus="my-corpus")))  # the option wins
        'my-corpus'
        >>> del os.environ[ENVIRONMENT_VARIABLE]
        >>> if saved is not None: os.environ[ENVIRONMENT_VARIABLE] = saved
    """
    folder = getattr(args, "corpus", None)
    if folder is None:
        folder = os.environ.get(ENVIRONMENT_VARIABLE) or None
    return Path(folder) if folder is not None else None


def load(args):
    """The :class:`~standpoint.corpus.Corpus` the command ``args`` reads (checked: a
    changed text is a one-line error).

    Example:
        >>> import argparse
        >>> sorted(load(argparse.Namespace(corpus=None)).texts)[0]
        'afaq-oppositions'
    """
    from standpoint.corpus import load_corpus

    return load_corpus(corpus_folder(args))


__all__ = ["ENVIRONMENT_VARIABLE", "corpus_folder", "load"]
