"""scikit-learn's conventions for an estimator of *texts*: what input is a list of texts,
and which of ``check_estimator``'s checks (written for numeric arrays) cannot apply, and why.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import scipy.sparse as sp


class TextInput:
    """Mixin (before ``BaseEstimator``) for an estimator of texts: scikit-learn's input tags say
    it reads strings, one text column of a two-dimensional input, and no sparse matrix.

    Example:
        >>> from sklearn.base import BaseEstimator
        >>> class Reader(TextInput, BaseEstimator):
        ...     pass
        >>> tags = Reader().__sklearn_tags__().input_tags
        >>> tags.string, tags.two_d_array, tags.sparse
        (True, True, False)
    """

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.string = True
        tags.input_tags.two_d_array = True  # one text column (e.g. a DataFrame[["text"]])
        tags.input_tags.sparse = False
        return tags


def as_texts(X, who: str = "TraditionTagger") -> list[str]:
    """``X`` as a list of texts: a 1-D sequence of str, or a 2-D array / DataFrame with one
    text column. Anything else is refused with the ``ValueError`` / ``TypeError``
    scikit-learn's conventions expect (``who`` names the estimator in the message).

    Example:
        >>> as_texts(("a", "b"))
        ['a', 'b']
        >>> as_texts("one text")
        Traceback (most recent call last):
        ...
        ValueError: TraditionTagger expects a sequence of texts, got a single str; wrap it in a list
    """
    if isinstance(X, str):
        raise ValueError(f"{who} expects a sequence of texts, got a single str; "
                         "wrap it in a list")
    if isinstance(X, pd.DataFrame):
        if X.shape[1] != 1:
            raise ValueError(f"{who} expects one text column, got {X.shape[1]}")
        X = X.iloc[:, 0]
    if isinstance(X, pd.Series):
        values = X.tolist()
    elif isinstance(X, list):
        values = X
    else:
        if sp.issparse(X):
            raise TypeError(f"{who} expects texts, not a sparse matrix")
        arr = np.asarray(X, dtype=object)
        if arr.ndim == 2:
            if arr.shape[1] == 0:
                raise ValueError(f"Found array with 0 feature(s) (shape={arr.shape}) while a "
                                 "minimum of 1 is required: " f"{who} expects one text "
                                 "column")
            if arr.shape[1] != 1:
                raise ValueError(f"{who} expects texts (a 1-D sequence of str or "
                                 f"one text column), got a 2-D array with {arr.shape[1]} "
                                 "columns")
            arr = arr[:, 0]
        if arr.ndim != 1:
            raise ValueError(f"{who} expects a 1-D sequence of texts, got {arr.ndim}-D")
        values = arr.tolist()
    if len(values) == 0:
        raise ValueError(f"{who}: found array with 0 sample(s) (no texts)")
    bad = [v for v in values if not isinstance(v, str)]
    if bad:
        if any(isinstance(v, complex | np.complexfloating) for v in bad):
            raise ValueError("Complex data not supported: " f"{who} expects texts (str)")
        if any(isinstance(v, float | np.floating) and not np.isfinite(v) for v in bad):
            raise ValueError("Input contains NaN or infinity: " f"{who} expects texts "
                             "(str), and a missing text is not a text")
        raise ValueError(f"{who} expects texts (str); got an element of type "
                         f"{type(bad[0]).__name__}")
    return list(values)


def as_labels(y, who: str = "TraditionTagger") -> np.ndarray:
    """``y`` as a 1-D array of class labels with at least two classes, or the ``ValueError``
    scikit-learn's conventions expect.

    Example:
        >>> as_labels([["a"], ["b"]]).tolist()
        ['a', 'b']
        >>> as_labels(["a", "a"])
        Traceback (most recent call last):
        ...
        ValueError: TraditionTagger needs at least 2 classes; y has 1 class (['a'])
    """
    from sklearn.utils.multiclass import check_classification_targets

    if y is None:
        raise ValueError(f"{who} requires y to be passed, but the target y is None")
    y = np.asarray(y)
    if y.ndim == 2 and y.shape[1] == 1:
        y = y.ravel()
    if y.ndim != 1:
        raise ValueError(f"y should be a 1d array, got shape {y.shape}")
    check_classification_targets(y)
    if len(np.unique(y)) < 2:
        raise ValueError(f"{who} needs at least 2 classes; y has 1 class "
                         f"({np.unique(y).tolist()})")
    return y


# ------------------------------------------------------- scikit-learn conventions ----
_NUMERIC = "feeds a numeric 2-D array with several columns; a text estimator refuses it"
#: The checks of ``sklearn.utils.estimator_checks.check_estimator`` that the tagger's
#: estimators do not pass, and why. Every other check passes (the tests run them all,
#: and also fails if a check listed here starts passing). Where the check's *intent*
#: applies to texts, tests/test_tagger.py tests it on texts (named in the reason).
SKLEARN_EXPECTED_FAILED_CHECKS: dict[str, str] = {
    "check_fit_score_takes_y": _NUMERIC,
    "check_estimators_overwrite_params": _NUMERIC + "; tested on texts "
                                         "(test_fit_does_not_change_params)",
    "check_dont_overwrite_parameters": _NUMERIC + "; tested on texts "
                                       "(test_fit_does_not_change_params)",
    "check_estimators_fit_returns_self": _NUMERIC + "; tested on texts (test_fit_returns_self)",
    "check_readonly_memmap_input": _NUMERIC,
    "check_n_features_in_after_fitting": "texts have no number of features before "
                                         "vectorising; like TfidfVectorizer, no n_features_in_",
    "check_n_features_in": "texts have no number of features; no n_features_in_",
    "check_positive_only_tag_during_fit": _NUMERIC,
    "check_estimators_dtypes": _NUMERIC + " (float32/int dtypes)",
    "check_dtype_object": "feeds an object array of numbers with several columns; refused",
    "check_estimators_nan_inf": _NUMERIC + "; it is refused for its shape before NaN is "
                                "looked at (a NaN among texts is refused as NaN, "
                                "test_rejects_non_text)",
    "check_pipeline_consistency": _NUMERIC + "; tested on texts (test_deterministic)",
    "check_estimators_pickle": _NUMERIC + "; tested on texts (test_pickle_roundtrip)",
    "check_f_contiguous_array_estimator": _NUMERIC,
    "check_classifier_data_not_an_array": _NUMERIC + "; lists, arrays, Series and one-column "
                                          "DataFrames of texts are tested (test_input_types)",
    "check_classifiers_classes": _NUMERIC + "; string and integer labels on texts are "
                                 "tested (test_labels_any_type)",
    "check_classifiers_train": _NUMERIC + " (blobs): its accuracy floor is for numbers",
    "check_supervised_y_2d": _NUMERIC,
    "check_methods_sample_order_invariance": _NUMERIC + "; tested on texts "
                                             "(test_sample_order_and_subset_invariance)",
    "check_methods_subset_invariance": _NUMERIC + "; tested on texts "
                                       "(test_sample_order_and_subset_invariance)",
    "check_fit2d_1feature": "a one-column array of numbers is refused as not texts, not "
                            "for having one feature (a one-column array of texts is accepted)",
    "check_dict_unchanged": _NUMERIC + "; tested on texts (test_predict_does_not_change_state)",
    "check_fit_idempotent": _NUMERIC + "; tested on texts (test_deterministic)",
    "check_fit_check_is_fitted": _NUMERIC + "; unfitted use raises NotFittedError "
                                 "(check_estimators_unfitted passes)",
    "check_fit2d_predict1d": _NUMERIC,
}


def expected_failed_checks(estimator) -> dict[str, str]:
    """:data:`SKLEARN_EXPECTED_FAILED_CHECKS`, and for an estimator with a
    ``decision_function`` the check comparing it with ``predict_proba`` (run on numbers).

    Example:
        >>> "check_decision_proba_consistency" in expected_failed_checks(object())
        False
    """
    checks = dict(SKLEARN_EXPECTED_FAILED_CHECKS)
    if hasattr(estimator, "decision_function"):
        checks["check_decision_proba_consistency"] = (
            _NUMERIC + "; predict_proba is the softmax of decision_function, so their orders "
            "agree")
    return checks
