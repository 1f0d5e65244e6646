"""The commands that make and change a corpus: ``init``, ``add``, ``remove``
(see :mod:`standpoint.corpus.manage`: atomic, and every refusal changes nothing)."""

from __future__ import annotations

from pathlib import Path

from standpoint.cli.corpus_folder import corpus_folder
from standpoint.cli.output import progress


def _root(args) -> Path:
    from standpoint.corpus import default_root

    folder = corpus_folder(args)
    return folder if folder is not None else default_root()


def run_init(args) -> str:
    """Write an empty corpus in DIR; prints its path and what to do next."""
    from standpoint.corpus.manage import init_corpus

    root = init_corpus(args.folder)
    progress(f"standpoint: next, add texts: standpoint add FILE --corpus {root} --tradition T "
             "--author A --title TITLE (see README.md in the folder)")
    return f"{root}\n"


def run_add(args) -> str:
    """Copy a text into the corpus and register it; prints the new ``doc_id``."""
    from standpoint.corpus.manage import add_document

    doc_id = add_document(_root(args), args.file, tradition=args.tradition, author=args.author,
                          title=args.title, year=args.year or "", venue=args.venue or "",
                          doc_id=args.doc_id, new_tradition=args.new_tradition,
                          colour=args.colour)
    return f"{doc_id}\n"


def run_remove(args) -> str:
    """Take a document out of the corpus; says on stderr what it removes (or moves), prints
    the paths."""
    from standpoint.corpus.manage import remove_document

    root = _root(args)
    done = remove_document(root, args.doc_id, keep_file=args.keep_file)
    verb = "kept (moved out of the corpus)" if args.keep_file else "removed"
    progress(f"standpoint: '{args.doc_id}' taken out of {root / 'documents.csv'}; "
             + (f"its text {verb}: {', '.join(map(str, done))}" if done else "it had no text"))
    return "".join(f"{p}\n" for p in done)


__all__ = ["run_add", "run_init", "run_remove"]
