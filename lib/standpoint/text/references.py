"""References and cross-references: spans of a text that are apparatus, not prose.

One detector for every module (the tagger's token stream, the term counts of keyness, the
mention finder): :func:`reference_spans` returns non-overlapping spans with a kind:

- ``bibref``: an outermost ``[...]`` or ``(...)`` group holding a page, ``ibid``, ``Op. Cit.``,
  ``n°``, ``no.``, ``vol.``, "quoted in/by", "cited in" or "contained in"
  (``[Daniels, Op. Cit., p. 87]``, ``(ibid, p. 10)``);
- ``cite``: a parenthesised author-date citation (``(Allen 2015)``, ``(Allen 2015, p. 4)``,
  ``(Daniels 1960: 114)``, ``(Workers' Dreadnought, July 29, 1922)``);
- ``xref``: a cross-reference to another part of the same work, with the words announcing it
  (``(see section H.3.5)``, ``see section I.3.8``, ``as discussed in section H.5``);
- ``page``: a bare page reference outside any group (``p. 12``, ``pp. 3-5``).

Editorial insertions ("[s]oon", "[the opposition]") and asides ("(see below)") are prose.
:func:`citation_spans` is the ``bibref`` kind alone (what a mention "inside a citation" means).
"""

from __future__ import annotations

import re

from standpoint.text.checks import require_str

REFERENCE_KINDS = ("bibref", "cite", "xref", "page")

# ------------------------------------------------------------------ citations ----
_CITATION_CUE = re.compile(
    r"\bp\.?\s?\d|\bpp\.|\bibid\b|\bop\.\s*cit\b|n°\s?\d|\bno\.\s?\d|\bvol\.|\bquoted (?:in|by)\b"
    r"|\bcited in\b|\bcontained in\b",
    re.I,
)


_BRACKET = re.compile(r"[\[\]()]")


def citation_spans(text: str) -> list[tuple[int, int]]:
    """Spans of ``text`` that are bibliographic references: outermost ``[...]`` or ``(...)``
    groups containing a page, ``ibid``, ``Op. Cit.``, ``n°``, ``vol.`` or "quoted in/by".

    Editorial insertions ("[s]oon", "[the opposition]") and asides ("(see section H.3)") are
    not references.

    Example:
        >>> t = 'It was "right." [Daniels, Op. Cit., p. 87] The [local] party (see below).'
        >>> [t[a:b] for a, b in citation_spans(t)]
        ['[Daniels, Op. Cit., p. 87]']
    """
    spans: list[tuple[int, int]] = []
    opener = {"]": "[", ")": "("}
    stack: list[int] = []  # offsets of the open brackets, innermost last
    # the stack depths of the open "[" and "(", innermost last: a closing bracket finds its
    # opener at once, however many of the other kind are open (linear, not quadratic)
    depths: dict[str, list[int]] = {"[": [], "(": []}
    for bracket in _BRACKET.finditer(text):  # only brackets open or close a group
        i, ch = bracket.start(), bracket.group()
        if ch in depths:
            depths[ch].append(len(stack))
            stack.append(i)
        elif depths[opener[ch]]:
            # close the innermost matching bracket, dropping unclosed inner ones
            depth = depths[opener[ch]][-1]
            opened = stack[depth]
            del stack[depth:]
            for kind_depths in depths.values():
                while kind_depths and kind_depths[-1] >= depth:
                    kind_depths.pop()
            if not stack and _CITATION_CUE.search(text, opened, i + 1):
                spans.append((opened, i + 1))
    return spans


# (Allen 2015) / (Allen 2015, p. 4) / (Daniels 1960: 114) / (Berlin 1924) /
# (Workers' Dreadnought, July 29, 1922): a parenthesis opening on a capital, ending on a year
_CITE = re.compile(r"\([A-Z][^()]{0,80}?\b(?:1[6-9]|20)\d\d[a-z]?(?:[,:] ?(?:pp?\. ?)?\d+(?:\s?[-–]\s?\d+)?)?\)")
# a cross-reference to another part of the same work: "(see section H.3.5)", "section I.3.8",
# with the words that announce it ("see section I.3.8", "as discussed in section H.5")
_XREF_LEAD = r"(?:see also|see|as (?:we )?discuss(?:ed)? in|as indicated in)"
_XREF = re.compile(r"\((?:" + _XREF_LEAD + r")?\s*(?:the )?section [A-Z](?:\.\d+)*\)"
                   r"|(?:\b" + _XREF_LEAD + r"\s{1,5}(?:the )?)?\bsection [A-Z](?:\.\d+)+", re.I)
_PAGE = re.compile(r"\bpp?\.\s?\d+(?:\s?[-,]\s?\d+)*", re.I)


def reference_spans(text: str) -> list[tuple[int, int, str]]:
    """Non-overlapping ``(start, end, kind)`` spans of references in ``text``, in text order
    (kinds: :data:`REFERENCE_KINDS`, see the module docstring). Linear in the text's length.

    Example:
        >>> t = ("It was right [Daniels, Op. Cit., p. 87] (Allen 2015) (see section H.3.5), "
        ...      "as p. 12 shows (see below).")
        >>> [(t[a:b], kind) for a, b, kind in reference_spans(t)]
        [('[Daniels, Op. Cit., p. 87]', 'bibref'), ('(Allen 2015)', 'cite'), ('(see section H.3.5)', 'xref'), ('p. 12', 'page')]
    """
    require_str(text, "text", "reference_spans")
    found = [(a, b, "bibref") for a, b in citation_spans(text)]
    for kind, pattern in (("cite", _CITE), ("xref", _XREF), ("page", _PAGE)):
        taken = sorted(found)
        k = 0
        for m in pattern.finditer(text):
            a, b = m.span()
            while k < len(taken) and taken[k][1] <= a:
                k += 1
            if k < len(taken) and taken[k][0] < b:  # overlaps a span already found
                continue
            found.append((a, b, kind))
    return sorted(found)
