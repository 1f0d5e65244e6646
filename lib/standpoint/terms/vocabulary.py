"""What counts as a term: the rules every term statistic shares (:mod:`standpoint.terms.matrix`
counts with them; :func:`tokenize` shows them on one text).

Words come from the package's one tokeniser, :func:`standpoint.text.tokens.scan`, with hyphens
kept inside words, possessives stripped and numbers dropped:

- **Whose words.** Inside a text, quotations are removed (``strip_quotes``) and the words on
  either side of a removed span are never joined into a bigram:

  - ``True`` (default): quotations go, **scare quotes stay**. A scare quote is a quoted span
    of at most :data:`standpoint.text.quotes.SCARE_QUOTE_WORDS` (4) words with no ``.``,
    ``!`` or ``?`` inside: ``"Workers' Opposition"``, ``"Left Communists"``, ``"one-man
    management"``, ``‘socialism in one country'``. These name groups, slogans and concepts in
    the author's own sentence; the Anarchist FAQ puts nearly every group name in double
    quotes, so removing them would make ``workers opposition`` a term the anarchists
    significantly *avoid* in passages chosen because they discuss it. (The term matrix
    counts how many occurrences of each term lie inside quotation marks.)
  - ``"all"``: every quoted span goes (as :class:`standpoint.tagger.TraditionTagger` does).
  - ``False``: nothing goes.
- **References are not prose.** References and cross-references are removed before anything
  else, whatever ``strip_quotes`` says, by the package's one detector,
  :func:`standpoint.text.references.reference_spans`: ``[quoted by Daniels, Op. Cit., p.
  147]``, ``(ibid, p. 10)``, ``(Allen 2015)``, ``(Trotsky, My Life, p 481)``, ``(see section
  H.3)``, ``see section I.3.8``. Otherwise the FAQ's citation habit would make ``cit``,
  ``quoted``, ``daniels`` and ``see`` "anarchist" terms.
- **Normalisation.** Curly apostrophes and quotes become straight ones, ``--`` a dash; text
  is lowercased *after* the capitalisation of each word has been recorded (for names, below).
- **Tokens.** Runs of letters, with inner hyphens and apostrophes kept, so ``one-man``,
  ``counter-revolution`` and ``don't`` are one token each. A possessive ``'s`` or trailing
  ``'`` is removed (``Lenin's`` -> ``lenin``, ``Workers'`` -> ``workers``). Tokens containing
  a digit (years, numbers, ``1920s``) are dropped, as are single letters (initials such as the
  ``V. I.`` of ``V. I. Lenin``). No stemming: ``union`` and ``unions`` are different terms,
  so a scholar sees the forms the texts use.
- **Stop words.** :data:`STOP_WORDS`, a hand-made list of English *function* words
  (articles, pronouns, prepositions, conjunctions, auxiliaries and modals with their
  contractions, determiners and quantifiers, and a few connective adverbs such as
  ``however``/``thus``). It deliberately is *not* scikit-learn's list, which also removes
  content words that matter in this literature: ``system`` (one-party system), ``interest``
  (class interest), ``whole``, ``part``, ``serious``, ``fire``, ``call``, ``move``,
  ``found``, ``name``, ``first``, ``last``, ``full``, ``back``, ``side``. Prepositions such as
  ``against`` and ``without`` *are* stop words (they carry stance only in a phrase, and
  bigrams with them are not formed).
- **Bigrams** are two adjacent tokens of the same clause, *neither* of them a stop word:
  ``trade unions``, ``party dictatorship``, ``world revolution`` and ``workers opposition``
  (from ``Workers' Opposition``) are terms; ``of the`` and ``dictatorship of the party`` are
  not (the latter yields only its unigrams). A bigram never spans punctuation (other than an
  apostrophe), a dropped number, a removed quotation or reference, or a dropped name.
- **Names.** A word is a *name* (``is_name``) when, in the input selection, it is
  capitalised in at least 90% of its mid-sentence occurrences (a word that only ever opens
  sentences is not judged). This catches person names (Kollontai, Shlyapnikov) but also
  proper adjectives and acronyms (Bolshevik, Russian, NEP, Kronstadt), and can catch a label
  a selection always capitalises (``Opposition`` if it is only ever written as part of
  ``Workers' Opposition``). A bigram is a name if either word is. The term matrix keeps names
  by default (``names="keep"``: for "what a tradition stresses" the people and organisations
  it writes about *are* the finding) and flags them; ``names="drop"`` removes them before
  counting (and no bigram spans a dropped name).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from standpoint.text.tokens import Scan, check_strip_quotes, ngrams, scan

# English function words. Chosen by hand (see the module docstring): no content words.
STOP_WORDS: frozenset[str] = frozenset("""
a an the
i me my mine myself we us our ours ourselves you your yours yourself yourselves
he him his himself she her hers herself it its itself they them their theirs themselves
one ones oneself
this that these those who whom whose which what whatever whoever whichever
am is are was were be been being have has had having do does did doing done
will would shall should can could may might must ought
isn't aren't wasn't weren't hasn't haven't hadn't don't doesn't didn't won't wouldn't
shan't shouldn't can't cannot couldn't mightn't mustn't i'm i've i'd i'll you're you've
you'd you'll he'd he'll she'd she'll we're we've we'd we'll they're they've they'd they'll
let's
and or but nor so yet if then else than because although though while whereas unless
until whether since as whilst
of in on at by for with about against between into through during before after above
below to from up down out off over under again further upon onto within without among
amongst across along around behind beside besides beyond toward towards via per throughout
all any both each every either neither few more most other others another some such no
not only own same too very just also even much many several less least
there here when where why how wherever whenever
however therefore thus hence indeed moreover furthermore nevertheless nonetheless
thereby whereby therein wherein
etc ie eg viz
""".split())

#: capitalised in at least this share of its mid-sentence occurrences -> a name
NAME_SHARE = 0.9


def term_scan(text: str, strip_quotes: bool | str = True) -> Scan:
    """:func:`standpoint.text.tokens.scan` as the term statistics read a text (hyphens kept,
    possessives stripped, numbers dropped, references removed).

    Example:
        >>> [t.word for t in term_scan("Lenin's one-man rule (Allen 2015) in 1921.").tokens]
        ['lenin', 'one-man', 'rule', 'in']
    """
    return scan(text, hyphens="keep", possessives="strip", numbers="drop", references="strip",
                strip_quotes=strip_quotes)


def tokenize(text: str, *, ngram_range: tuple[int, int] = (1, 2), strip_quotes: bool | str = True,
             exclude: Iterable[str] = ()) -> list[str]:
    """The terms (unigrams and bigrams by default) of one text, in text order of their first
    word (all unigrams of a clause, then its bigrams). See the module docstring for the rules.

    ``exclude``: lowercased words to drop like stop words (e.g. the names found by
    :func:`proper_names`).

    Example:
        >>> tokenize('The trade unions’ role: one-man management, in 1921 "a slogan", of the party.')
        ['trade', 'unions', 'role', 'trade unions', 'unions role', 'one-man', 'management', 'one-man management', 'slogan', 'party']
        >>> tokenize('Lenin said "we must retreat to a new policy" and the party obeyed.')
        ['lenin', 'said', 'lenin said', 'party', 'obeyed', 'party obeyed']
        >>> tokenize('This is discussed, see section H.3.5 (see section H.6).')
        ['discussed']
    """
    check_strip_quotes(strip_quotes)
    skip = STOP_WORDS | frozenset(exclude)
    return [term for term, _ in ngrams(term_scan(text, strip_quotes).tokens, ngram_range, skip=skip)]


def names_in(scans: Iterable[Scan], threshold: float = NAME_SHARE) -> frozenset[str]:
    """Lowercased words capitalised in at least ``threshold`` of their mid-sentence
    occurrences across ``scans`` (stop words and single letters are never names).

    Example:
        >>> sorted(names_in([term_scan("Then Kollontai and the Opposition spoke."),
        ...                  term_scan("The opposition met Kollontai.")]))
        ['kollontai']
    """
    mid: Counter[str] = Counter()
    capitalised: Counter[str] = Counter()
    for tokens, _ in scans:
        for word, cap, position, _clause, _quoted in tokens:
            if position == "mid" and len(word) > 1 and word not in STOP_WORDS:
                mid[word] += 1
                capitalised[word] += cap
    return frozenset(w for w, n in mid.items() if capitalised[w] >= threshold * n)


def proper_names(texts: Iterable[str], *, strip_quotes: bool | str = True,
                 threshold: float = NAME_SHARE) -> frozenset[str]:
    """Lowercased words capitalised in at least ``threshold`` of their mid-sentence
    occurrences across ``texts`` (stop words are never names).

    Example:
        >>> sorted(proper_names(["Then Kollontai and the Opposition spoke.",
        ...                      "The opposition met Kollontai. Workers left."]))
        ['kollontai']
    """
    check_strip_quotes(strip_quotes)
    return names_in((term_scan(t, strip_quotes) for t in texts), threshold)
