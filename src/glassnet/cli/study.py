"""``glassnet study``: key terms, C.H.O.P., misconceptions and a quiz that keeps your progress."""

from __future__ import annotations

import argparse
import sys

from .errors import CLIError

NAME = "study"
HELP = "Study deep learning: key terms, the C.H.O.P. trick, misconceptions and a quiz that keeps your progress."
DESCRIPTION = HELP + """

An interactive session in the terminal. The content is YAML a teacher can edit (glassnet/study/content/);
--bank FILE adds a question bank with the same layout as content/quiz.yaml. Every missed question names the
lab experiment (glassnet lab run NAME) or notebook (docs/notebooks/) that shows the answer.
--answers FILE replays a whole session, one answer per line (menu choices included), for scripts and tests."""
EPILOG = """examples:
  glassnet study
  glassnet study --quiz --topic ethics
  glassnet study --quiz --shuffle --seed 3 --bank my_questions.yaml
  glassnet study --quiz --review          # again, only what you missed
  glassnet study --answers session.txt --progress /tmp/progress.json"""


def add_arguments(p: argparse.ArgumentParser) -> None:
    """--answers, --progress, --bank, --topic, --quiz, --review, --shuffle, --seed, --plain."""
    p.add_argument("--answers", metavar="FILE", help="replay a session from FILE, one answer per line")
    p.add_argument("--progress", metavar="FILE",
                   help="progress file (default: ~/.glassnet/study_progress.json)")
    p.add_argument("--bank", metavar="FILE", help="a teacher's question bank (YAML) to add to the quiz")
    p.add_argument("--topic", help="only this topic's terms and questions (basics, training, architectures, "
                                   "breakthroughs, ethics)")
    p.add_argument("--quiz", action="store_true", help="go straight to the quiz, then stop")
    p.add_argument("--review", action="store_true",
                   help="quiz only the questions not yet answered right (from the progress file)")
    p.add_argument("--shuffle", action="store_true", help="ask the questions in a random order (see --seed)")
    p.add_argument("--seed", type=int, default=0, help="seed of --shuffle and of the C.H.O.P. network (default: 0)")
    p.add_argument("--plain", action="store_true", help="plain text even when rich is installed")


def run(args: argparse.Namespace) -> int:
    """Load the content, run the session, and say where the progress went."""
    from ..study.content import StudyContentError, load_content
    from ..study.progress import default_path
    from ..study.session import replay_lines, run_session

    try:
        content = load_content(bank=args.bank)
        answers = replay_lines(args.answers) if args.answers else None
        if args.topic is not None and args.topic not in content.topics:
            raise CLIError(f"--topic {args.topic!r} is not a topic; the topics are: {', '.join(content.topics)}")
        fancy = not args.plain and answers is None and sys.stdout.isatty()
        session = run_session(content, args.progress or default_path(), answers, topic=args.topic,
                              shuffle=args.shuffle, seed=args.seed, start="quiz" if args.quiz else None, fancy=fancy,
                              review=args.review)
    except StudyContentError as e:
        raise CLIError(str(e)) from None
    left = session.answers.left()
    if left:
        print(f"glassnet study: warning: the session ended with {left} line(s) of {args.answers} not used "
              f"(from line {session.answers.used + 1})", file=sys.stderr)
    return 0
