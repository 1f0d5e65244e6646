"""Finding the registry's speakers in a text: :class:`SpeakerIndex` compiles every spelling and
title of ``corpus/speakers.yaml`` into one pattern; :meth:`SpeakerIndex.find` returns the
mentions with their offsets, kind, and whether the words around them say that the speaker
speaks ("Kollontai argued that", "according to Kollontai", "as Lenin put it", "Kollontai's
pamphlet", "a speech by Iury Lutovinov").
"""

from __future__ import annotations

import re
from typing import NamedTuple

import pandas as pd

from standpoint.text.quotes import normalise

#: verbs (and phrases) of saying and writing, after a name: "X argued", "X had openly admitted"
SPEECH_VERBS = (
    "said|says|say|saying|argued|argues|argue|arguing|wrote|writes|write|writing|stated|states|"
    "stating|noted|notes|noting|warned|warns|claimed|claims|insisted|insists|concluded|"
    "concludes|recalled|recalls|recalling|declared|declares|decried|asked|asks|maintained|"
    "maintains|stressed|stresses|admitted|admits|observed|observes|summarises|summarised|"
    "summarizes|put it|puts it|told|tells|proposed|believed|complained|denounced|explained|"
    "explains|added|adds|asserted|asserts|replied|remarked|demanded|proclaimed|recognised|"
    "recognising|acknowledged|emphasised|suggested|predicted|defined|defining|described|"
    "depicted|referred|reported|protested|urged|affirmed|indicated|continued|went on|"
    "had this to say|quotes|commented|comments|reacted|outlined|began|answered|expressed|"
    "issued|read|reads|runs|ran|thundered|attacked|saw|sums up|summed up|insisting|"
    "announced|conceded|confessed|threatened|speaks|spoke|put forward"
)
#: nouns of speech after a possessive: "Kollontai's pamphlet", "Lenin's Testament"
SPEECH_NOUNS = (
    "pamphlet|brochure|book|article|speech|speeches|words|comments|comment|remarks|reply|"
    "letter|letters|diary|Diary|testament|Testament|intervention|claim|claims|view|views|"
    "verdict|watchword|slogan|report|Report|theses|manifesto|platform|declaration|statement|"
    "argument|arguments|rationalisation|assessment|warning|proposal|polemics|account|memoirs|"
    "writings|thesis|resolution|appeal|answer"
)
# a name, then (within 60 characters of the same clause) a verb of saying; the caller blanks
# out quotations, so the verb is the author's
_AFTER = re.compile(r"[^.;:!?\[\]]{0,60}?\b(?:" + SPEECH_VERBS + r")\b"
                    r"|'s?\s+(?:[\w-]+\s+){0,2}?(?:" + SPEECH_NOUNS + r")\b")
_BEFORE = re.compile(r"(?:\baccording to|\bby|\bfrom)\s+(?:the\s+)?(?:[\w.]+\s+){0,2}$"
                     r"|\b(?:notes|noted|writes|wrote|argues|argued|says|said|summarises|recalls|"
                     r"adds|added|asks|asked|continues|observes|stresses|explains)\s+$", re.I)
_KIND_RANK = {"group": 0, "periodical": 1, "document": 1, "person": 1}


class Mention(NamedTuple):
    """A speaker named in a text: offsets, id, kind (``document`` for a title of the speaker's
    works), whether it is said to speak."""

    start: int
    end: int
    speaker: str
    kind: str
    speaks: bool

    @property
    def rank(self) -> int:
        """2 for a speaker said to speak, plus 1 unless it is a group (groups rank last)."""
        return 2 * self.speaks + _KIND_RANK.get(self.kind, 1)


def _pattern(spelling: str) -> str:
    """A spelling as a regex: a lower-case letter matches either case, a capital only itself;
    the text is matched after :func:`normalise` (curly quotes are straight)."""
    out = []
    for ch in normalise(spelling):
        if ch.islower():
            out.append(f"[{ch}{ch.upper()}]")
        elif ch == " ":
            out.append(r"\s+")
        else:
            out.append(re.escape(ch))
    return "".join(out)


class SpeakerIndex:
    """Every spelling (``variants`` and ``works``) of a speakers table, compiled once.

    Example:
        >>> from standpoint.corpus import load_speakers
        >>> index = SpeakerIndex(load_speakers())
        >>> [(m.speaker, m.speaks) for m in index.find("As Shlyapnikov put it, Lenin's speech failed.")]
        [('shliapnikov', True), ('lenin', True)]
        >>> [m.speaker for m in index.find("The Workers' Opposition's platform said so.")]
        ['workers-opposition-theses']
    """

    def __init__(self, speakers: pd.DataFrame):
        spellings: dict[str, str] = {}
        self._works: set[str] = set()
        self.kind: dict[str, str] = {}
        self.name: dict[str, str] = {}
        self.group: dict[str, str] = {}
        for row in speakers.itertuples(index=False):
            self.kind[row.speaker] = row.kind
            self.name[row.speaker] = row.name
            self.group[row.speaker] = row.group
            for spelling in list(row.variants) + list(row.works):
                spellings[spelling] = row.speaker
            self._works.update(normalise(" ".join(w.split())).lower() for w in row.works)
        ordered = sorted(spellings, key=lambda s: (-len(s), s))
        self._owner = {normalise(" ".join(s.split())).lower(): spellings[s] for s in ordered}
        body = "|".join(_pattern(s) for s in ordered)
        # no speaker (a corpus without speakers.yaml): a pattern that never matches
        self._regex = re.compile(r"(?<!\w)(?:" + body + r")(?!\w)" if ordered else r"(?!)")

    def _speaker_of(self, matched: str) -> str:
        return self._owner[" ".join(matched.split()).lower()]

    def find(self, text: str) -> list[Mention]:
        """The speakers named in ``text`` (spans blanked out by the caller are skipped), in
        text order, each with whether the words around it say it speaks."""
        norm = normalise(text)
        out = []
        for m in self._regex.finditer(norm):
            sid = self._speaker_of(m.group())
            after = norm[m.end():m.end() + 80]
            speaks = bool(_AFTER.match(after)) or bool(_BEFORE.search(norm[max(0, m.start() - 40):m.start()]))
            # a title ("The New Course") is a document, whoever wrote it: "It runs as follows:"
            work = " ".join(m.group().split()).lower() in self._works
            out.append(Mention(m.start(), m.end(), sid, "document" if work else self.kind[sid],
                               speaks))
        return out


def best(mentions: list[Mention]) -> Mention | None:
    """The mention most likely to be the speaker: said to speak first, groups last, then the
    earliest (the subject of the sentence).

    Example:
        >>> best([Mention(0, 5, "a", "group", False), Mention(9, 12, "b", "person", False)]).speaker
        'b'
    """
    if not mentions:
        return None
    return max(mentions, key=lambda m: (m.rank, -m.start))
