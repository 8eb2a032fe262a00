"""The study session: a menu of key terms, C.H.O.P., misconceptions, a quiz and the learner's progress.

Answers come from the keyboard, or from a list of lines (``--answers FILE``) which replays a whole session:
the menu choices and the quiz answers, one per line, each echoed after its prompt so the transcript reads well.
"""

from __future__ import annotations

import os
import random
import textwrap
from collections.abc import Callable, Iterable
from pathlib import Path

from . import progress as progress_file
from .checking import check, normalise
from .content import CHOICE_LETTERS, Content, Question

STOP_WORDS = {"q", "quit", "/quit", "/stop", "/q"}  # never a real answer: no choice letter goes past j
WIDTH = 100

MENU = [
    ("terms", "key terms and their definitions"),
    ("chop", "the C.H.O.P. memory trick, walked through on a live network"),
    ("myths", "misconceptions, each with the lab experiment that tests it"),
    ("quiz", "the quiz"),
    ("progress", "my progress"),
]
_MENU_ALIASES = {"misconceptions": "myths", "myth": "myths", "term": "terms", "glossary": "terms",
                 "c h o p": "chop", "q": "quit", "exit": "quit", "quit": "quit", "stats": "progress"}


class Printer:
    """Plain text, or headings in colour with ``rich`` when it is installed and the output is a terminal."""

    def __init__(self, write: Callable[[str], None] | None = None, fancy: bool = False):
        self.write = write or (lambda s: print(s, flush=True))
        self.console = None
        if fancy and write is None:
            try:
                from rich.console import Console

                self.console = Console(highlight=False)
            except ImportError:
                pass

    def heading(self, text: str) -> None:
        """A section title."""
        if self.console is not None:
            from rich.markup import escape

            self.console.rule(f"[bold cyan]{escape(text)}")
        else:
            self.write(f"\n== {text} ==")

    def line(self, text: str = "", indent: int = 0) -> None:
        """A paragraph, wrapped."""
        if not text:
            self.write("")
            return
        pad = " " * indent
        self.write(textwrap.fill(text, WIDTH, initial_indent=pad, subsequent_indent=pad + "  ",
                                 break_on_hyphens=False))


class Answers:
    """Where answers come from: the keyboard, or a file's lines replayed (and echoed) in order."""

    def __init__(self, lines: Iterable[str] | None, printer: Printer, source: str = "answers"):
        self.lines = None if lines is None else list(lines)
        self.used = 0
        self.printer, self.source = printer, source

    def ask(self, prompt: str) -> str | None:
        """The next answer, or None at the end of input."""
        if self.lines is None:
            try:
                return input(prompt)
            except EOFError:
                self.printer.write("")
                return None
        if self.used >= len(self.lines):
            return None
        answer = self.lines[self.used]
        self.used += 1
        self.printer.write(f"{prompt}{answer}")
        return answer

    def left(self) -> int:
        """Lines of the answers file not used."""
        return 0 if self.lines is None else len(self.lines) - self.used


class StudySession:
    """One sitting: shows the content, runs the quiz, keeps the score and writes the progress file."""

    def __init__(self, content: Content, progress_path: str | os.PathLike, answers: Answers, printer: Printer,
                 topic: str | None = None, shuffle: bool = False, seed: int = 0, review: bool = False):
        if topic is not None and topic not in content.topics:
            raise ValueError(f"unknown topic {topic!r}; the topics are: {', '.join(content.topics)}")
        self.content, self.answers, self.out = content, answers, printer
        self.progress_path = Path(progress_path)
        self.progress = progress_file.load(self.progress_path)
        self.topic, self.shuffle, self.seed, self.review = topic, shuffle, seed, review
        self.last_quiz: dict | None = None

    # -- the menu --------------------------------------------------------------------------------------------
    def run(self, start: str | None = None) -> None:
        """The menu loop until 'quit' or the end of input; ``start`` (e.g. 'quiz') opens that one section instead."""
        if start is not None:
            self.open(start)
            return
        self.out.heading("glassnet study: deep learning, by the experiment")
        while True:
            self.out.write("")
            for i, (_, label) in enumerate(MENU, 1):
                self.out.write(f"  {i}  {label}")
            self.out.write("  q  quit")
            choice = self.answers.ask("Choose 1-5 or q: ")
            if choice is None:
                return
            name = self.menu_choice(choice)
            if name == "quit":
                return
            if name is None:
                self.out.write(f"Not a choice: {choice!r}. Type a number from 1 to {len(MENU)}, or q to quit.")
                continue
            self.open(name)

    @staticmethod
    def menu_choice(text: str) -> str | None:
        """The section a menu answer names: its number, its name or a known alias; None if none."""
        t = normalise(text)
        if t.isdigit() and 1 <= int(t) <= len(MENU):
            return MENU[int(t) - 1][0]
        names = [name for name, _ in MENU]
        return t if t in names else _MENU_ALIASES.get(t)

    def open(self, name: str) -> None:
        """Show one section."""
        {"terms": self.terms, "chop": self.chop, "myths": self.myths, "quiz": self.quiz,
         "progress": self.show_progress}[name]()

    # -- the sections ----------------------------------------------------------------------------------------
    def terms(self) -> None:
        """The key terms by topic; then look one up, or 'all' for every definition."""
        terms = self.content.terms_on(self.topic)
        self.out.heading("Key terms")
        for topic, title in self.content.topics.items():
            names = [t.term for t in terms if t.topic == topic]
            if names:
                self.out.line(f"{title}: {', '.join(names)}")
        while True:
            text = self.answers.ask("Type a term to see its definition, 'all' for every one, Enter to go back: ")
            if text is None or not text.strip() or text.strip() in STOP_WORDS:
                return
            key = normalise(text)
            if key == "all":
                for t in terms:
                    self.show_term(t)
                continue
            every = self.content.terms  # a look-up searches every topic; --topic only shortens the list
            exact = [t for t in every if key in {normalise(t.term), *map(normalise, t.aliases)}]
            found = exact or [t for t in every if key in normalise(" ".join([t.term, *t.aliases]))]
            if not found:
                self.out.line(f"No term matches {text.strip()!r}; the list above has them all.")
            for t in found:
                self.show_term(t)

    def show_term(self, term) -> None:
        """One definition with where to see it."""
        self.out.line(f"{term.term}: {term.definition}")
        see = term.see.suggestions()
        if see:
            self.out.line(f"see it: {'; '.join(see)}", indent=4)

    def chop(self) -> None:
        """C.H.O.P. letter by letter, then with live numbers."""
        from .chop import walkthrough

        c = self.content
        self.out.heading("C.H.O.P.: how a network learns from one batch")
        self.out.line(c.chop_intro)
        for step in c.chop_steps:
            self.out.line(f"{step.letter}  {step.name}: {step.text}", indent=2)
        self.out.write("")
        self.out.line("The same four steps with live numbers:")
        for line in walkthrough(self.seed).splitlines():
            self.out.write(line)
        see = c.chop_see.suggestions()
        if see:
            self.out.line(f"See it for yourself: {'; '.join(see)}")

    def myths(self) -> None:
        """Every misconception, what is true, and the experiment that tests it."""
        from ..lab import available

        here = set(available())
        self.out.heading("Misconceptions, and the experiments that test them")
        for i, m in enumerate(self.content.misconceptions, 1):
            self.out.line(f"{i}. Myth: {m.myth}")
            self.out.line(f"Truth: {m.truth}", indent=3)
            see = m.see.suggestions()
            if m.see.experiment and m.see.experiment not in here:
                see[0] += " (not in this installation yet)"
            self.out.line(f"Test it: {'; '.join(see)}", indent=3)

    def quiz(self) -> None:
        """Ask every question (of the topic), explain each answer, keep the score and save the progress."""
        questions = self.content.questions_on(self.topic)
        if self.review:  # only what has not been answered right yet
            records = self.progress["questions"]
            questions = [q for q in questions if not records.get(q.id, {}).get("right")]
        if self.shuffle:
            random.Random(self.seed).shuffle(questions)
        self.out.heading(f"Quiz: {len(questions)} question{'s' * (len(questions) != 1)}"
                         + (f" on {self.topic}" if self.topic else "")
                         + (" not yet answered right" if self.review else ""))
        if not questions:
            self.out.line("Nothing to ask: every question here has been answered right." if self.review else
                          "No questions on this topic.")
            return
        self.out.line("Answer with a letter for multiple choice, a sentence or a few words otherwise; "
                      "q stops the quiz (your score so far is kept).")
        score, asked, missed = 0.0, 0, []
        for i, q in enumerate(questions, 1):
            answer = self.ask_question(q, i, len(questions))
            if answer is None:
                break
            asked += 1
            verdict = check(q, answer)
            score += verdict.score
            self.explain(q, verdict)
            if not verdict.right:
                missed.append(q.id)
            progress_file.record_answer(self.progress, q.id, verdict.score)
            progress_file.save(self.progress_path, self.progress)
        self.last_quiz = {"score": score, "asked": asked, "total": len(questions), "missed": missed}
        if not asked:
            self.out.line("No question answered; nothing recorded.")
            return
        self.summary(score, asked, len(questions), [q for q in questions if q.id in missed])
        progress_file.record_session(self.progress, self.topic, score, asked, missed)
        progress_file.save(self.progress_path, self.progress)

    def ask_question(self, q: Question, i: int, n: int) -> str | None:
        """Show a question and read its answer; None when the learner stops."""
        self.out.write("")
        self.out.line(f"Question {i}/{n} [{q.topic}]: {q.question}")
        for letter, choice in zip(CHOICE_LETTERS, q.choices, strict=False):
            self.out.line(f"{letter}) {choice}", indent=3)
        answer = self.answers.ask("> ")
        if answer is None or answer.strip().lower() in STOP_WORDS:
            return None
        return answer

    def explain(self, q: Question, verdict) -> None:
        """Right or not, why, and what to run when it was missed."""
        if q.kind == "choice":
            right = f"{q.answer}) {q.choices[CHOICE_LETTERS.index(q.answer)]}"
            head = "Right." if verdict.right else f"Not quite {verdict.note}".rstrip() + f". The answer is {right}."
        elif verdict.right:
            head = "Right."
        elif verdict.partial:
            head = f"Partly right ({verdict.score:.2f} of a point): you covered {', '.join(verdict.met)}."
        else:
            head = "Not quite."
        self.out.line(head, indent=2)
        if q.kind == "short" and not verdict.right:
            ideas = "; ".join(" or ".join(s.rstrip("*") for s in group[:3]) for group in q.keywords)
            self.out.line(f"A good answer: {q.example}" if q.example else
                          f"A good answer mentions {q.need} of: {ideas}", indent=2)
        self.out.line(f"Why: {q.explanation}", indent=2)
        if not verdict.right:
            self.out.line(f"See it for yourself: {'; '.join(q.see.suggestions())}", indent=2)

    def summary(self, score: float, asked: int, total: int, missed: list[Question]) -> None:
        """The score and, for every missed question, what to run."""
        self.out.heading("Quiz score")
        pct = f" ({100 * score / asked:.0f}%)" if asked else ""
        self.out.line(f"Score: {score:g} / {asked}{pct}" + (f"; {total - asked} question(s) not asked" if
                                                             asked < total else ""))
        if missed:
            self.out.line("To review, for each question missed:")
            for q in missed:
                self.out.line(f"- {q.question} -> {'; '.join(q.see.suggestions())}", indent=2)
        elif asked:
            self.out.line("Every answer right.")
        self.out.line(f"Progress saved in {self.progress_path}")

    def show_progress(self) -> None:
        """Quizzes taken, and per topic the questions answered right at least once."""
        self.out.heading("My progress")
        sessions = self.progress["sessions"]
        if not sessions and not self.progress["questions"]:
            self.out.line(f"No quiz taken yet ({self.progress_path}).")
            return
        self.out.line(f"{len(sessions)} quiz(zes) taken; the last: " + ", ".join(
            f"{s['score']:g}/{s['asked']}" for s in sessions[-5:]))
        records = self.progress["questions"]
        to_review = []
        for topic in self.content.topics:
            qs = self.content.questions_on(topic)
            if not qs:
                continue
            done = sum(1 for q in qs if records.get(q.id, {}).get("right", 0) > 0)
            self.out.line(f"{topic}: {done}/{len(qs)} questions answered right at least once", indent=2)
            to_review += [q for q in qs if q.id in records and not records[q.id].get("right")]
        if to_review:
            self.out.line("Not yet right:")
            for q in to_review:
                self.out.line(f"- {q.question} -> {'; '.join(q.see.suggestions())}", indent=2)


def replay_lines(path: str | os.PathLike) -> list[str]:
    """The lines of an answers file (one answer per line; an empty line is an empty answer)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as e:
        raise ValueError(f"{path}: cannot read the answers file ({e.strerror or e})") from None
    except UnicodeDecodeError:
        raise ValueError(f"{path}: the answers file is not UTF-8 text") from None
    return text.splitlines()


def run_session(content: Content, progress_path: str | os.PathLike, answers: list[str] | None = None,
                topic: str | None = None, shuffle: bool = False, seed: int = 0, start: str | None = None,
                write: Callable[[str], None] | None = None, fancy: bool = False, review: bool = False) -> StudySession:
    """Run one session (replaying ``answers`` when given) and return it, with its progress and last quiz."""
    printer = Printer(write, fancy=fancy)
    session = StudySession(content, progress_path, Answers(answers, printer), printer, topic, shuffle, seed, review)
    session.run(start)
    return session


__all__ = ["Answers", "Printer", "StudySession", "replay_lines", "run_session"]
