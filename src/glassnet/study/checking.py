"""Checking quiz answers: the letter (or text) of a choice, or a short answer matched by keywords and synonyms.

A short answer is normalised (case, accents, punctuation and extra spaces ignored) and split into words; each
keyword group is one idea, met when any of its synonyms appears as consecutive words. Plurals match ("layer"
finds "layers"), and a synonym ending in ``*`` matches any word starting so ("predict*" finds "prediction").
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from .content import CHOICE_LETTERS, Question

_NON_WORD = re.compile(r"[^a-z0-9]+")


@dataclass
class Verdict:
    """How an answer scored: ``score`` in [0, 1], ``right`` when full marks, and which keyword groups were met."""

    score: float
    right: bool
    met: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    note: str = ""

    @property
    def partial(self) -> bool:
        """Some credit but not full marks."""
        return 0 < self.score < 1


def normalise(text: str) -> str:
    """Lower case, accents removed, punctuation and hyphens turned into spaces, spaces collapsed."""
    text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode("ascii").lower()
    text = text.replace("'", "")  # "model's" -> "models", "don't" -> "dont"
    return " ".join(_NON_WORD.sub(" ", text).split())


def _same_word(pattern: str, word: str) -> bool:
    if pattern.endswith("*"):
        return word.startswith(pattern[:-1])
    if pattern == word:
        return True
    # plurals either way: layer/layers, process/processes, memory/memories
    for a, b in ((pattern, word), (word, pattern)):
        if b in (a + "s", a + "es") or (a.endswith("y") and b == a[:-1] + "ies"):
            return True
    return False


def phrase_in(synonym: str, words: list[str]) -> bool:
    """Whether the synonym's words appear consecutively in ``words`` (each compared by :func:`_same_word`)."""
    star = synonym.strip().endswith("*")
    parts = normalise(synonym).split()
    if not parts:
        return False
    if star:
        parts[-1] += "*"
    n = len(parts)
    return any(all(_same_word(p, w) for p, w in zip(parts, words[i:i + n], strict=True))
               for i in range(len(words) - n + 1))


def check_short(question: Question, answer: str) -> Verdict:
    """Score a short answer: groups met / groups needed, capped at 1; right when at least ``need`` groups are met."""
    words = normalise(answer).split()
    met, missing = [], []
    for group in question.keywords:
        (met if any(phrase_in(s, words) for s in group) else missing).append(group[0].rstrip("*"))
    score = min(1.0, len(met) / question.need) if question.need else 0.0
    return Verdict(score, len(met) >= question.need, met, missing)


def choice_letter(question: Question, answer: str) -> str | None:
    """The letter the learner chose: 'b', 'B)', '(b)', '2', or the text of the choice itself; None if none fits."""
    letters = CHOICE_LETTERS[:len(question.choices)]
    a = normalise(answer)
    if len(a) == 1 and a in letters:
        return a
    if a.isdigit() and 1 <= int(a) <= len(letters):
        return letters[int(a) - 1]
    for letter, choice in zip(letters, question.choices, strict=False):
        if a and a == normalise(choice):
            return letter
    return None


def check_choice(question: Question, answer: str) -> Verdict:
    """Score a multiple-choice answer: full marks for the right letter (or its text), else none."""
    letter = choice_letter(question, answer)
    if letter is None:
        letters = CHOICE_LETTERS[:len(question.choices)]
        return Verdict(0.0, False, note=f"(answer with one of the letters {', '.join(letters)})")
    right = letter == question.answer
    return Verdict(1.0 if right else 0.0, right)


def check(question: Question, answer: str) -> Verdict:
    """Score any question's answer."""
    return check_choice(question, answer) if question.kind == "choice" else check_short(question, answer)


__all__ = ["Verdict", "check", "check_choice", "check_short", "choice_letter", "normalise", "phrase_in"]
