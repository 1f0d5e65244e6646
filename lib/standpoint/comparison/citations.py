"""Citations: where a quotation comes from (a short form of its source, its section, its
passage id), as data. The rendering layer turns a :class:`Citation` into text once
(:func:`standpoint.render.comparison.citation_text`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from standpoint.text.quotes import normalise


@dataclass(frozen=True)
class Citation:
    """Where a quotation comes from.

    Attributes:
        passage_id: the passage (doc_id:NNN).
        source: a short form of the document's author and title (:func:`short_source`).
        section: the section heading, or ``''`` when it is the document's title heading.
    """

    passage_id: str
    source: str
    section: str = ""


def short_source(document) -> str:
    """A short form of a document's author and title, for citations.

    ``document``: a mapping (or a row of ``corpus.documents``) with ``author``, ``title`` and
    ``venue``. Author: parenthesised remarks dropped; several authors (``;``) joined with
    ``&``; an author who is the venue kept whole (``An Anarchist FAQ``); a name of three or
    more capitalised words becomes its initials (``ICC``); otherwise the surname. Title: a
    quoted title inside it wins; year ranges (``, 1918-1930``) go; a subtitle after ``. `` goes;
    a long title is cut to its main title before ``:`` when that has at least two words.

    Example:
        >>> short_source({"author": "International Communist Current (unsigned)",
        ...               "title": "The Communist Left in Russia, 1918-1930, Part 1", "venue": ""})
        'ICC, The Communist Left in Russia, Part 1'
        >>> short_source({"author": "Daniel Gaido", "venue": "Historical Materialism",
        ...               "title": "Losing Power: The Workers' Opposition in the Russian "
        ...                        "Communist Party. A Review of Allen (ed.)"})
        'Gaido, Losing Power'
    """
    get = document.get if hasattr(document, "get") else (lambda k, d="": getattr(document, k, d))
    author = str(get("author", "") or "")
    title = str(get("title", "") or "")
    venue = str(get("venue", "") or "")
    names = []
    for part in author.split(";"):
        name = re.sub(r"\s*\([^()]*\)", "", part).strip()
        if not name:
            continue
        words = name.split()
        if name == venue.strip():
            names.append(name)
        elif len(words) >= 3 and all(w[:1].isupper() for w in words):
            names.append("".join(w[0] for w in words))
        else:
            names.append(words[-1])
    quoted = re.search(r"[\"“]([^\"”]+)[\"”]", title)
    if quoted:
        title = quoted.group(1)
    title = re.sub(r",\s*\d{4}\s*[-–]\s*\d{2,4}", "", title).strip()
    if ". " in title:
        title = title.split(". ")[0]
    head, sep, _ = title.partition(": ")
    if sep and len(title) > 40 and len(head.split()) >= 2 and re.search(r"[A-Za-z]{2}", head):
        title = head
    return ", ".join(x for x in (" & ".join(names), title.strip()) if x)


def cite(passage_id: str, section: str, document) -> Citation:
    """The :class:`Citation` of a passage; the section is left out when it is the document's
    title heading (the passages before the first real heading).

    Example:
        >>> doc = {"author": "Daniel Gaido", "title": "Losing Power", "venue": ""}
        >>> cite("gaido-review:012", "The Tenth Congress (March 1921)", doc)
        Citation(passage_id='gaido-review:012', source='Gaido, Losing Power', section='The Tenth Congress (March 1921)')
        >>> cite("gaido-review:001", "Losing Power", doc).section
        ''
    """
    get = document.get if hasattr(document, "get") else (lambda k, d="": getattr(document, k, d))
    title = str(get("title", "") or "")
    sec, ttl = normalise(str(section or "")).strip(), normalise(title).strip()
    is_title = sec == ttl or (len(sec) >= 40 and ttl[:40] == sec[:40])
    return Citation(str(passage_id), short_source(document), "" if is_title else str(section).strip())
