"""The study companion's content: terms, the C.H.O.P. steps, misconceptions and quiz questions, read from YAML.

The files live in ``glassnet/study/content/`` so a teacher can edit them without touching code; ``--bank FILE``
adds a teacher's own file with the same layout (``questions:``, and optionally ``terms:`` and ``misconceptions:``).
Every entry is checked when it is read: a bad one gives one error naming the file, the entry and what was expected.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NoReturn

CONTENT_DIR = Path(__file__).with_name("content")
CHOICE_LETTERS = "abcdefghij"


class StudyContentError(ValueError):
    """A content or question-bank file that cannot be used; the message names the file and the entry."""


@dataclass
class Pointer:
    """Where to go to see a thing for yourself: a lab experiment and/or a notebook."""

    experiment: str | None = None
    notebook: str | None = None

    def suggestions(self) -> list[str]:
        """The commands or files to open, in words."""
        out = []
        if self.experiment:
            out.append(f"glassnet lab run {self.experiment}")
        if self.notebook:
            out.append(notebook_path(self.notebook))
        return out


@dataclass
class Term:
    """A glossary entry."""

    term: str
    definition: str
    topic: str
    aliases: list[str] = field(default_factory=list)
    see: Pointer = field(default_factory=Pointer)


@dataclass
class Misconception:
    """A common wrong belief, what is true instead, and the experiment that tests it."""

    myth: str
    truth: str
    see: Pointer = field(default_factory=Pointer)


@dataclass
class Question:
    """A quiz question: multiple choice (``choices`` and ``answer``) or short answer (``keywords`` and ``need``)."""

    id: str
    topic: str
    kind: str
    question: str
    explanation: str
    see: Pointer
    choices: list[str] = field(default_factory=list)
    answer: str = ""
    keywords: list[list[str]] = field(default_factory=list)
    need: int = 0
    example: str = ""
    source: str = ""


@dataclass
class ChopStep:
    """One letter of C.H.O.P."""

    letter: str
    name: str
    text: str


@dataclass
class Content:
    """Everything the study session shows."""

    topics: dict[str, str]
    notebooks: dict[str, str]
    terms: list[Term]
    chop_intro: str
    chop_steps: list[ChopStep]
    chop_see: Pointer
    misconceptions: list[Misconception]
    questions: list[Question]

    def questions_on(self, topic: str | None) -> list[Question]:
        """The questions of one topic, or all of them."""
        return [q for q in self.questions if topic is None or q.topic == topic]

    def terms_on(self, topic: str | None) -> list[Term]:
        """The terms of one topic, or all of them."""
        return [t for t in self.terms if topic is None or t.topic == topic]


def notebook_path(name: str) -> str:
    """The path of a notebook, as the learner would open it from the repository."""
    return name if name.endswith(".ipynb") else f"docs/notebooks/{name}.ipynb"


def _yaml() -> Any:
    try:
        import yaml
    except ImportError:
        raise StudyContentError('glassnet study reads its content with PyYAML: pip install "glassnet[study]"') from None
    return yaml


def read_yaml(path: str | os.PathLike) -> dict:
    """A YAML file's top-level mapping; a missing or malformed file gives one error naming it and the line."""
    yaml = _yaml()
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as e:
        raise StudyContentError(f"{path}: cannot read it ({e.strerror or e})") from None
    except UnicodeDecodeError:
        raise StudyContentError(f"{path}: not a UTF-8 text file") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f" line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""
        problem = getattr(e, "problem", None) or str(e).splitlines()[0]
        raise StudyContentError(f"{path}:{where}: not valid YAML: {problem}") from None
    if not isinstance(data, dict):
        raise StudyContentError(f"{path}: expected a YAML mapping at the top (e.g. 'questions:'), "
                                f"found {type(data).__name__}")
    return data


class _Entry:
    """Reads the fields of one entry, turning any problem into an error that names the file and the entry."""

    def __init__(self, path: Path, section: str, index: int | None, raw: Any, allowed: set[str]):
        self.path, self.where = path, section if index is None else f"{section}[{index}]"
        if not isinstance(raw, dict):
            self.fail(f"expected a mapping of fields, found {type(raw).__name__}")
        self.raw = raw
        if "id" in raw:
            self.where += f" (id {raw['id']!r})"
        unknown = sorted(set(map(str, raw)) - allowed)
        if unknown:
            self.fail(f"unknown field(s) {', '.join(unknown)}; the fields are: {', '.join(sorted(allowed))}")

    def fail(self, message: str) -> NoReturn:
        raise StudyContentError(f"{self.path}: {self.where}: {message}")

    def text(self, key: str, required: bool = True) -> str | None:
        value = self.raw.get(key)
        if value is None:
            if required:
                self.fail(f"'{key}' is missing")
            return None
        if isinstance(value, bool) or not isinstance(value, (str, int, float)) or not str(value).strip():
            self.fail(f"'{key}' must be non-empty text, found {value!r} (quote it in YAML if it reads as yes/no)")
        return " ".join(str(value).split())

    def texts(self, key: str) -> list[str]:
        value = self.raw.get(key, [])
        if not isinstance(value, list):
            self.fail(f"'{key}' must be a list of texts, found {type(value).__name__}")
        out = []
        for i, v in enumerate(value):
            if isinstance(v, bool) or not isinstance(v, (str, int, float)) or not str(v).strip():
                self.fail(f"'{key}' item {i + 1} must be non-empty text, found {v!r} (quote it if it reads as yes/no)")
            out.append(str(v).strip())
        return out

    def pointer(self, notebooks: dict[str, str], required: bool) -> Pointer:
        from ..lab import EXPERIMENTS

        experiment, notebook = self.text("experiment", False), self.text("notebook", False)
        if experiment is not None and experiment not in EXPERIMENTS:
            self.fail(f"experiment {experiment!r} is not a lab experiment; they are: {', '.join(EXPERIMENTS)}")
        if notebook is not None and notebook not in notebooks and not notebook.endswith(".ipynb"):
            self.fail(f"notebook {notebook!r} is not one of {', '.join(notebooks)} (or a path ending in .ipynb)")
        if required and experiment is None and notebook is None:
            self.fail("give an 'experiment' or a 'notebook' to suggest when the question is missed")
        return Pointer(experiment, notebook)

    def topic(self, topics: dict[str, str]) -> str:
        topic = self.text("topic")
        if topic not in topics:
            self.fail(f"topic {topic!r} is not one of: {', '.join(topics)}")
        return topic


_TERM_FIELDS = {"term", "definition", "topic", "aliases", "experiment", "notebook"}
_MYTH_FIELDS = {"myth", "truth", "experiment", "notebook"}
_QUESTION_FIELDS = {"id", "topic", "type", "question", "choices", "answer", "keywords", "need", "example",
                    "explanation", "experiment", "notebook"}


def _list(path: Path, data: dict, key: str) -> list:
    value = data.get(key) or []
    if not isinstance(value, list):
        raise StudyContentError(f"{path}: '{key}' must be a list of entries, found {type(value).__name__}")
    return value


def parse_terms(path: Path, data: dict, topics: dict[str, str], notebooks: dict[str, str]) -> list[Term]:
    """The ``terms:`` entries of a file."""
    out = []
    for i, raw in enumerate(_list(path, data, "terms")):
        e = _Entry(path, "terms", i + 1, raw, _TERM_FIELDS)
        out.append(Term(e.text("term"), e.text("definition"), e.topic(topics), e.texts("aliases"),
                        e.pointer(notebooks, False)))
    return out


def parse_misconceptions(path: Path, data: dict, notebooks: dict[str, str]) -> list[Misconception]:
    """The ``misconceptions:`` entries of a file."""
    out = []
    for i, raw in enumerate(_list(path, data, "misconceptions")):
        e = _Entry(path, "misconceptions", i + 1, raw, _MYTH_FIELDS)
        out.append(Misconception(e.text("myth"), e.text("truth"), e.pointer(notebooks, True)))
    return out


def parse_questions(path: Path, data: dict, topics: dict[str, str], notebooks: dict[str, str],
                    seen_ids: dict[str, str]) -> list[Question]:
    """The ``questions:`` entries of a file; ``seen_ids`` (id -> file) catches an id used twice."""
    out = []
    for i, raw in enumerate(_list(path, data, "questions")):
        e = _Entry(path, "questions", i + 1, raw, _QUESTION_FIELDS)
        qid = e.text("id")
        if qid in seen_ids:
            e.fail(f"id {qid!r} is already used in {seen_ids[qid]}; each question needs its own id")
        kind = e.text("type")
        q = Question(qid, e.topic(topics), kind, e.text("question"), e.text("explanation"),
                     e.pointer(notebooks, True), source=str(path))
        if kind == "choice":
            q.choices = e.texts("choices")
            if not 2 <= len(q.choices) <= len(CHOICE_LETTERS):
                e.fail(f"a choice question needs 2 to {len(CHOICE_LETTERS)} 'choices', found {len(q.choices)}")
            letters = CHOICE_LETTERS[:len(q.choices)]
            q.answer = (e.text("answer") or "").lower()
            if q.answer not in letters:
                e.fail(f"'answer' must be the letter of one of the choices ({', '.join(letters)}), found {q.answer!r}")
            if "keywords" in e.raw or "need" in e.raw or "example" in e.raw:
                e.fail("'keywords', 'need' and 'example' belong to short-answer questions (type: short)")
        elif kind == "short":
            q.keywords = _keyword_groups(e)
            need = e.raw.get("need", len(q.keywords))
            if isinstance(need, bool) or not isinstance(need, int) or not 1 <= need <= len(q.keywords):
                e.fail(f"'need' must be a whole number from 1 to {len(q.keywords)} (the number of keyword groups), "
                       f"found {need!r}")
            q.need = need
            q.example = e.text("example", False) or ""
            if q.example:
                from .checking import check_short

                if not check_short(q, q.example).right:
                    e.fail(f"the 'example' answer does not meet its own keywords (it meets "
                           f"{len(check_short(q, q.example).met)} of the {need} groups needed)")
            if "choices" in e.raw or "answer" in e.raw:
                e.fail("'choices' and 'answer' belong to multiple-choice questions (type: choice)")
        else:
            e.fail(f"'type' must be 'choice' or 'short', found {kind!r}")
        seen_ids[qid] = str(path)
        out.append(q)
    return out


def _keyword_groups(e: _Entry) -> list[list[str]]:
    from .checking import normalise

    raw = e.raw.get("keywords")
    if not isinstance(raw, list) or not raw:
        e.fail("a short-answer question needs 'keywords': a list of groups, each a list of synonyms")
    groups = []
    for i, group in enumerate(raw):
        synonyms = group if isinstance(group, list) else [group]
        if not synonyms:
            e.fail(f"keyword group {i + 1} is empty")
        for s in synonyms:
            if isinstance(s, bool) or not isinstance(s, (str, int, float)) or not normalise(str(s).rstrip("*")):
                e.fail(f"keyword group {i + 1} holds {s!r}: each synonym must be a word or phrase "
                       f"(quote it if it reads as yes/no)")
        groups.append([str(s).strip() for s in synonyms])
    return groups


def load_content(bank: str | os.PathLike | None = None, content_dir: str | os.PathLike | None = None) -> Content:
    """The shipped content (or ``content_dir``'s), plus the questions, terms and misconceptions of ``bank``."""
    folder = Path(content_dir) if content_dir is not None else CONTENT_DIR
    course = read_yaml(folder / "course.yaml")
    topics = {str(k): str(v) for k, v in (course.get("topics") or {}).items()}
    notebooks = {str(k): str(v) for k, v in (course.get("notebooks") or {}).items()}
    if not topics:
        raise StudyContentError(f"{folder / 'course.yaml'}: 'topics' is missing or empty")
    glossary = folder / "glossary.yaml"
    terms = parse_terms(glossary, read_yaml(glossary), topics, notebooks)
    chop_file = folder / "chop.yaml"
    chop = read_yaml(chop_file)
    steps = []
    for i, raw in enumerate(_list(chop_file, chop, "steps")):
        e = _Entry(chop_file, "steps", i + 1, raw, {"letter", "name", "text"})
        steps.append(ChopStep(e.text("letter"), e.text("name"), e.text("text")))
    chop_see = _Entry(chop_file, "top level", None, {k: v for k, v in chop.items() if k in ("experiment", "notebook")},
                      {"experiment", "notebook"}).pointer(notebooks, False)
    myths_file = folder / "misconceptions.yaml"
    myths = parse_misconceptions(myths_file, read_yaml(myths_file), notebooks)
    seen: dict[str, str] = {}
    quiz_file = folder / "quiz.yaml"
    questions = parse_questions(quiz_file, read_yaml(quiz_file), topics, notebooks, seen)
    if bank is not None:
        bank = Path(bank)
        data = read_yaml(bank)
        unknown = sorted(set(map(str, data)) - {"questions", "terms", "misconceptions"})
        if unknown:
            raise StudyContentError(f"{bank}: unknown section(s) {', '.join(unknown)}; a question bank has "
                                    "'questions:' and optionally 'terms:' and 'misconceptions:'")
        added = parse_questions(bank, data, topics, notebooks, seen)
        terms += parse_terms(bank, data, topics, notebooks)
        myths += parse_misconceptions(bank, data, notebooks)
        if not added and "questions" not in data:
            raise StudyContentError(f"{bank}: no 'questions:' list; a question bank adds questions "
                                    f"(see {quiz_file.name} in {folder} for the layout)")
        questions += added
    return Content(topics, notebooks, terms, " ".join(str(chop.get("intro", "")).split()), steps, chop_see, myths,
                   questions)


__all__ = ["CONTENT_DIR", "ChopStep", "Content", "Misconception", "Pointer", "Question", "StudyContentError", "Term",
           "load_content", "notebook_path", "read_yaml"]
