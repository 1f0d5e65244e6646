"""Pooled register lexicons: each word of a lexicon found in a text adds the lexicon's token
(``_lex_scholarly_`` ...) to the word features, so that what a model learns from the words it
saw in training carries over to their synonyms in texts it has never seen (an abstract's
"this article examines" and a review's "the book documents"). The lists are a priori
descriptions of registers -- scholarly apparatus, hedging, first-person plural, and each
current's terms of art -- written before any evaluation, not tuned on it.
"""

from __future__ import annotations

import re

from standpoint.tagger.preparation import require_text

REGISTER_LEXICONS: dict[str, tuple[str, ...]] = {
    "scholarly": tuple("""article articles study studies historian historians historiography
        historiographical scholarship scholar scholars scholarly archival archive archives
        source sources evidence analysis analyses examines examine examined argues author
        authors monograph volume volumes chapter chapters edited editor editors translated
        translation translations published publication review reviewer literature research
        document documents collection book books interpretation interpretations""".split()),
    "hedging": tuple("""perhaps arguably may might seems seem seemed appears appear suggests
        suggest suggested likely possibly probably somewhat relatively apparently presumably
        largely partly""".split()),
    "we": ("we", "our", "us", "ourselves"),
    "left_communist": tuple("""proletariat proletarian proletarians bourgeoisie bourgeois
        counter-revolution counter-revolutionary decadence decadent fraction fractions
        opportunism opportunist opportunists internationalism internationalist degeneration
        councilism councilist councilists bordigist bordigists""".split()),
    "anarchist": tuple("""anarchist anarchists anarchism libertarian libertarians hierarchy
        hierarchical authoritarian authoritarianism self-management self-managed federation
        federalism federalist vanguard vanguardism vanguardist leninist leninists leninism
        statist""".split()),
    "trotskyist": tuple("""bureaucracy bureaucratic bureaucrats stalinism stalinist stalinists
        socialist socialists reformism reformist rank-and-file militants""".split()),
}
_LEXICON_TOKEN = {w: f"_lex_{name}_" for name, words in REGISTER_LEXICONS.items() for w in words}
_LEX_WORD = re.compile(r"[a-z][a-z-]*[a-z]|[a-z]")


def register_tokens(text: str) -> str:
    """The pooled lexicon tokens of ``text`` (one per matching word, in text order), see
    :data:`REGISTER_LEXICONS`.

    Example:
        >>> register_tokens("We think the book perhaps misreads the proletariat.")
        '_lex_we_ _lex_scholarly_ _lex_hedging_ _lex_left_communist_'
    """
    return " ".join(_LEXICON_TOKEN[w] for w in _LEX_WORD.findall(require_text(text, "text").lower())
                    if w in _LEXICON_TOKEN)
