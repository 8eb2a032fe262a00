"""The learner's progress: every quiz taken and every question's record, in a small JSON file written atomically."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any

from ..io.atomic import atomic_write
from .content import StudyContentError

VERSION = 1


def default_path() -> Path:
    """``~/.glassnet/study_progress.json``."""
    return Path.home() / ".glassnet" / "study_progress.json"


def empty() -> dict[str, Any]:
    """A learner who has not taken a quiz yet."""
    return {"version": VERSION, "sessions": [], "questions": {}}


def load(path: str | os.PathLike) -> dict[str, Any]:
    """The progress in ``path`` (empty when the file does not exist); a damaged file is named, never overwritten."""
    path = Path(path)
    if not path.exists():
        return empty()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
        raise StudyContentError(f"{path}: cannot read the progress file ({e}); move it away or pass "
                                f"--progress OTHER_FILE") from None
    if not isinstance(data, dict) or not isinstance(data.get("sessions"), list) \
            or not isinstance(data.get("questions"), dict):
        raise StudyContentError(f"{path}: not a glassnet study progress file (expected 'sessions' and 'questions'); "
                                "move it away or pass --progress OTHER_FILE")
    return data


def save(path: str | os.PathLike, progress: dict[str, Any]) -> None:
    """Write the progress so a crash leaves either the old file or the new one, never half of one."""
    text = json.dumps(progress, indent=1, sort_keys=True) + "\n"
    atomic_write(path, lambda tmp: Path(tmp).write_text(text, encoding="utf-8"))


def record_answer(progress: dict[str, Any], question_id: str, score: float) -> None:
    """Count one answer to a question: seen, right (full marks), best and last score."""
    rec = progress["questions"].setdefault(question_id, {"seen": 0, "right": 0, "best": 0.0, "last": 0.0})
    rec["seen"] += 1
    rec["right"] += int(score >= 1.0)
    rec["best"] = max(float(rec.get("best", 0.0)), score)
    rec["last"] = score
    rec["when"] = time.strftime("%Y-%m-%dT%H:%M:%S")


def record_session(progress: dict[str, Any], topic: str | None, score: float, asked: int, missed: list[str]) -> None:
    """Add one finished (or stopped) quiz to the history."""
    progress["sessions"].append({"when": time.strftime("%Y-%m-%dT%H:%M:%S"), "topic": topic or "all",
                                 "score": round(score, 2), "asked": asked, "missed": missed})


__all__ = ["default_path", "empty", "load", "record_answer", "record_session", "save"]
