"""The study companion: key terms, the C.H.O.P. memory trick, misconceptions and a quiz (``glassnet study``).

The content is YAML under ``glassnet/study/content/`` (a teacher edits it, or adds a question bank with
``--bank FILE``); the quiz checks multiple-choice letters and short answers by keywords and synonyms, explains
every answer, suggests the lab experiment or notebook for every miss, and keeps the learner's progress in
``~/.glassnet/study_progress.json``.
"""

from .checking import Verdict, check, normalise
from .content import Content, Question, StudyContentError, load_content
from .session import StudySession, run_session

__all__ = ["Content", "Question", "StudyContentError", "StudySession", "Verdict", "check", "load_content",
           "normalise", "run_session"]
