"""The naive Bayes models of held-out folds, derived from counts made once.

Complement naive Bayes learns nothing but weighted term counts per class, and counts add up:
the model fitted without some texts is the model of the counts of the others.
:func:`held_out_models` prepares and counts the training texts once
(:class:`HeldOutModels`); :meth:`HeldOutModels.model` then gives, for any held-out mask,
the :class:`~standpoint.tagger.naive_bayes.NaiveBayesModel` that
:func:`~standpoint.tagger.naive_bayes.fit_naive_bayes` would fit on the remaining texts,
by adding up the remaining texts' stored counts (one vectorised pass) instead of preparing
and counting every text again.

Two things of a fit depend on its training texts besides the counts, and are derived too:

- the *vocabulary*: the terms that occur in the remaining texts (columns whose remaining count
  is 0 are dropped, in the same sorted order);
- the *lexicon* of common words the names are told by (``mask="names"``): words written in
  lowercase only in the held-out texts leave it, so a remaining text that writes such a word
  capitalised has it masked as a name; those few texts are prepared and counted again.

The counts are added up in the order a refit adds them (text by text), so the model is the
refit's bit for bit (``tests/test_abstention.py`` checks it on the corpus and a synthetic
one). When a re-prepared text
yields a term the full vocabulary lacks, :meth:`HeldOutModels.model` returns ``None`` and
the caller refits.
"""

from __future__ import annotations

from collections import Counter, defaultdict

import numpy as np

from standpoint.tagger.features import TermRows, count_rows, terms, vocabulary, words
from standpoint.tagger.naive_bayes import (FAMILIAR_PRIOR, NaiveBayesModel, check_parameters,
                                           complement_log_prob, unit_layout)
from standpoint.tagger.preparation import (lowercase_lexicon, mask_names, name_candidates,
                                           prepare_texts)


class HeldOutModels:
    """Counts of the training texts, made once, from which :meth:`model` derives the model
    of every held-out fold. Build it with :func:`held_out_models`."""

    def __init__(self, texts: list[str], y, groups, options: dict, alpha: float):
        self.texts = list(texts)
        self.y = np.asarray(y)
        self.groups = None if groups is None else np.asarray(groups, dtype=object)
        self.options = dict(options)
        self.alpha = alpha
        self.documents = bool(options["documents"])
        self.aggregate = options["aggregate"]
        prep = {k: options[k] for k in ("strip_quotes", "citations", "subjects", "names")}
        self.names = options["mask"] == "names"
        lexicon = None
        if self.names:  # the text before name masking, and what masking depends on
            self.stage = prepare_texts(list(texts), mask="numbers", **prep)[0]
            lower = [lowercase_lexicon([t]) for t in self.stage]
            self.lower_count = Counter(w for ws in lower for w in ws)
            self.lower = lower
            lexicon = frozenset(self.lower_count)  # = lowercase_lexicon(self.stage)
        prepared, self.lexicon = prepare_texts(list(texts), mask=options["mask"],
                                               lexicon=lexicon, **prep)
        if self.names:
            self.candidate_rows: dict[str, list[int]] = defaultdict(list)
            for i, t in enumerate(self.stage):
                for w in name_candidates(t) & self.lexicon:
                    self.candidate_rows[w].append(i)
        term_lists = [terms(t, options["lexicons"]) for t in prepared]
        self.vocab = vocabulary(term_lists)
        self.terms = np.asarray(sorted(self.vocab, key=self.vocab.get), dtype=object)
        self.rows = count_rows(term_lists, self.vocab)
        word_lists = [words(t) for t in prepared]
        self.word_rows = count_rows(word_lists, self.vocab)
        self.n_words = np.asarray([len(ws) for ws in word_lists], dtype=np.int64)
        self.entry_row = self.rows.row_of_entry()

    def _lexicon_without(self, held: np.ndarray) -> tuple[frozenset[str], list[int]]:
        """The lexicon of the remaining texts, and the remaining rows it masks differently."""
        in_held = Counter(w for i in np.flatnonzero(held) for w in self.lower[i])
        dropped = {w for w, n in in_held.items() if n == self.lower_count[w]}
        if not dropped:
            return self.lexicon, []
        changed = sorted({i for w in dropped for i in self.candidate_rows.get(w, ())
                          if not held[i]})
        return self.lexicon - dropped, changed

    def model(self, held) -> NaiveBayesModel | None:
        """The model :func:`~standpoint.tagger.naive_bayes.fit_naive_bayes` fits on the texts
        not in ``held`` (a boolean mask over the training texts); ``None`` if
        it cannot be derived (a re-prepared text has a term never seen: refit then).

        Example:
            >>> texts = ["red flag", "red banner", "black flag", "black cat"]
            >>> hm = held_out_models(texts, ["a", "a", "b", "b"], ["d1", "d2", "d3", "d4"])
            >>> m = hm.model(np.array([False, True, False, False]))
            >>> from standpoint.tagger.naive_bayes import fit_naive_bayes
            >>> sorted(m.vocabulary) == sorted(fit_naive_bayes(
            ...     ["red flag", "black flag", "black cat"], ["a", "b", "b"]).vocabulary)
            True
        """
        held = np.asarray(held, dtype=bool)
        train = ~held
        y = self.y[train]
        groups = None if self.groups is None else self.groups[train]
        _, units, unit_class, unit_index, weights = unit_layout(y, groups, self.documents,
                                                                self.aggregate)
        lexicon, changed = (self._lexicon_without(held) if self.names
                            else (self.lexicon, []))
        # the remaining texts' entries (a changed text's from its new preparation), in text
        # order as a refit adds them up, so that every sum is taken in the same order
        entry_row = self.entry_row
        keep_entry = train[entry_row]
        rows_of, cols, data = entry_row[keep_entry], self.rows.indices[keep_entry], \
            self.rows.data[keep_entry]
        if changed:
            token = "_name_" if self.options["names"] == "token" else " "
            new_terms = [terms(" ".join(mask_names(self.stage[i], lexicon, token).split()),
                               self.options["lexicons"]) for i in changed]
            if any(t not in self.vocab for ts in new_terms for t in ts):
                return None
            new = count_rows(new_terms, self.vocab)
            old = np.isin(rows_of, changed)
            order = np.argsort(np.r_[rows_of[~old], np.asarray(changed)[new.row_of_entry()]],
                               kind="stable")
            rows_of = np.r_[rows_of[~old], np.asarray(changed)[new.row_of_entry()]][order]
            cols = np.r_[cols[~old], new.indices][order]
            data = np.r_[data[~old], new.data][order]
        position = np.cumsum(train) - 1  # text index -> index among the remaining texts
        counts = np.zeros((len(units), len(self.vocab)))
        np.add.at(counts, (unit_index[position[rows_of]], cols), data * weights[position[rows_of]])
        present = np.bincount(cols, minlength=len(self.vocab))
        keep = np.flatnonzero(present > 0)
        vocab = {str(t): k for k, t in enumerate(self.terms[keep])}
        return NaiveBayesModel(classes=np.unique(y), units=units, unit_class=unit_class,
                               vocabulary=vocab,
                               feature_log_prob=complement_log_prob(
                                   np.ascontiguousarray(counts[:, keep]), self.alpha),
                               lexicon=lexicon if self.names else None,
                               options={k: v for k, v in self.options.items()
                                        if k != "documents"})

    def scores(self, held, model: NaiveBayesModel) -> tuple[np.ndarray, np.ndarray]:
        """``model.scores`` of the texts in ``held`` (in text order), ``model`` being
        :meth:`model` ``(held)``, from the stored counts: only a text whose preparation the
        fold's lexicon changes is prepared again.

        Example:
            >>> hm = held_out_models(["red flag", "black flag", "red star"], ["a", "b", "a"],
            ...                      ["d1", "d2", "d3"])
            >>> held = np.array([False, False, True])
            >>> m = hm.model(held)
            >>> [np.array_equal(a, b) for a, b in zip(hm.scores(held, m), m.scores(["red star"]))]
            [True, True]
        """
        held = np.flatnonzero(np.asarray(held, dtype=bool))
        to_fold = np.full(len(self.vocab), -1, dtype=np.int64)
        for t, k in model.vocabulary.items():
            to_fold[self.vocab[t]] = k
        redo = ({i for w in self.lexicon - model.lexicon for i in self.candidate_rows.get(w, ())}
                if self.names else set())
        again = np.asarray([k for k, i in enumerate(held) if i in redo], dtype=np.int64)
        stay = np.asarray([k for k, i in enumerate(held) if i not in redo], dtype=np.int64)
        out = np.empty((len(held), len(model.classes)))
        familiarity = np.empty(len(held))
        if len(again):
            out[again], familiarity[again] = model.scores([self.texts[held[k]] for k in again])
        if len(stay):
            out[stay] = model.row_scores(_restricted(self.rows, held[stay], to_fold))
            known = _restricted(self.word_rows, held[stay], to_fold)
            n_known = np.bincount(known.row_of_entry(), weights=known.data, minlength=known.n)
            n = self.n_words[held[stay]]
            familiarity[stay] = np.where(n > 0, (n_known + FAMILIAR_PRIOR)
                                         / (n + FAMILIAR_PRIOR), 0.0)
        return out, familiarity


def _restricted(rows: TermRows, which: np.ndarray, to_fold: np.ndarray) -> TermRows:
    """Rows ``which`` of ``rows``, their terms renumbered by ``to_fold`` (``-1``: dropped)."""
    lengths = rows.lengths()[which]
    starts = rows.indptr[:-1][which]
    offsets = np.repeat(starts - np.r_[0, np.cumsum(lengths)[:-1]], lengths)
    entry = offsets + np.arange(int(lengths.sum()))
    indices = to_fold[rows.indices[entry]]
    keep = indices >= 0
    row_of = np.repeat(np.arange(len(which)), lengths)[keep]
    indptr = np.r_[0, np.cumsum(np.bincount(row_of, minlength=len(which)))].astype(np.int64)
    return TermRows(indptr, indices[keep], rows.data[entry][keep])


def held_out_models(texts: list[str], y, groups=None, *, alpha: float = 1.0,
                    lexicons: bool = True, strip_quotes: bool = True, mask: str = "names",
                    citations: str = "strip", subjects: tuple[str, ...] = (),
                    names: str = "delete", documents: bool = False,
                    aggregate: str = "sum") -> HeldOutModels:
    """Prepare and count ``texts`` once (the parameters are
    :func:`~standpoint.tagger.naive_bayes.fit_naive_bayes`'s) for
    :meth:`HeldOutModels.model`.

    Example:
        >>> hm = held_out_models(["red flag", "black flag", "red star"], ["a", "b", "a"],
        ...                      ["d1", "d2", "d3"])
        >>> hm.model(np.array([False, False, True])).scores(["red"])[0].argmax()
        np.int64(0)
    """
    check_parameters(alpha, aggregate)
    options = {"strip_quotes": bool(strip_quotes), "mask": mask, "citations": citations,
               "subjects": tuple(subjects), "names": names, "lexicons": bool(lexicons),
               "aggregate": aggregate, "documents": bool(documents)}
    return HeldOutModels(texts, y, groups, options, alpha)
