"""Whole study sessions played through --answers: all right, all wrong, mixed; progress and suggestions."""

from __future__ import annotations

import importlib.machinery
import json
import subprocess
import sys
import types

import pytest

from glassnet.cli.main import main
from glassnet.study import load_content, run_session
from glassnet.study.content import StudyContentError


@pytest.fixture(scope="module")
def content():
    return load_content()


def good(q):
    return q.answer if q.kind == "choice" else q.example


def bad(q):
    # a wrong letter for multiple choice, an answer without any idea for a short one
    return next(letter for letter in "abcd" if letter != q.answer) if q.kind == "choice" else "no idea"


def play(content, tmp_path, answers, **kw):
    lines: list[str] = []
    session = run_session(content, tmp_path / "progress.json", answers, write=lines.append, **kw)
    return session, "\n".join(lines)


def test_all_right_through_the_answers_file(content, tmp_path, capsys):
    qs = content.questions
    answers = tmp_path / "answers.txt"
    answers.write_text("\n".join(["4", *map(good, qs), "q"]) + "\n", encoding="utf-8")
    assert main(["study", "--answers", str(answers), "--progress", str(tmp_path / "progress.json")]) == 0
    out, err = capsys.readouterr()
    assert not err
    assert out.count("Right.") == len(qs) and "See it for yourself" not in out
    assert f"Score: {len(qs)} / {len(qs)} (100%)" in out and "Every answer right." in out
    progress = json.loads((tmp_path / "progress.json").read_text())
    assert progress["sessions"][-1]["score"] == len(qs)
    assert all(progress["questions"][q.id] ["right"] == 1 for q in qs)


def test_all_wrong_suggests_an_experiment_or_notebook_for_every_miss(content, tmp_path):
    qs = content.questions
    session, out = play(content, tmp_path, ["quiz", *map(bad, qs), "quit"])
    assert session.last_quiz["score"] == 0 and session.last_quiz["missed"] == [q.id for q in qs]
    assert out.count("See it for yourself:") == len(qs)
    review = out.split("To review, for each question missed:")[1]
    for q in qs:
        assert q.see.suggestions()[0] in out
        assert q.question[:40] in review
    assert "glassnet lab run depth" in out and "docs/notebooks/08-responsible-ai.ipynb" in out
    assert out.count("Why:") == len(qs)  # every answer explained
    assert out.count("A good answer:") == sum(q.kind == "short" for q in qs)


def test_mixed_session_with_partial_credit_and_progress_kept_across_sessions(content, tmp_path):
    qs = content.questions_on("basics")
    answers = ["4"]
    for i, q in enumerate(qs):
        answers.append(good(q) if i % 2 == 0 else bad(q))
    answers[1] = "the data goes in"  # forward propagation: one idea of the two needed
    session, out = play(content, tmp_path, answers + ["5", "q"], topic="basics")
    quiz = session.last_quiz
    assert quiz["asked"] == len(qs) and "forward-propagation" in quiz["missed"]
    assert "Partly right (0.50 of a point)" in out
    right = len(qs) - len(quiz["missed"])
    assert quiz["score"] == pytest.approx(right + 0.5)
    assert f"basics: {right}/{len(qs)} questions answered right at least once" in out
    # a second session adds to the same file
    session, out = play(content, tmp_path, ["4", *map(good, qs), "progress", "q"], topic="basics")
    progress = json.loads((tmp_path / "progress.json").read_text())
    assert len(progress["sessions"]) == 2
    assert progress["questions"]["forward-propagation"] == {**progress["questions"]["forward-propagation"],
                                                            "seen": 2, "right": 1, "best": 1.0, "last": 1.0}
    assert f"basics: {len(qs)}/{len(qs)}" in out


def test_review_asks_only_what_is_not_yet_right(content, tmp_path):
    qs = content.questions_on("ethics")
    play(content, tmp_path, [good(qs[0]), bad(qs[1]), *map(good, qs[2:])], start="quiz", topic="ethics")
    session, out = play(content, tmp_path, ["/quit"], start="quiz", topic="ethics", review=True)
    assert "Quiz: 1 question on ethics not yet answered right" in out and qs[1].question[:40] in out
    play(content, tmp_path, [good(qs[1])], start="quiz", topic="ethics", review=True)
    session, out = play(content, tmp_path, [], start="quiz", topic="ethics", review=True)
    assert "Nothing to ask: every question here has been answered right." in out


def test_stopping_early_keeps_the_answers_given(content, tmp_path):
    q1 = content.questions[0]
    session, out = play(content, tmp_path, ["4", good(q1), "q", "q"])
    assert session.last_quiz["asked"] == 1 and "question(s) not asked" in out
    # the end of the answers file in the middle of the quiz stops it the same way
    session, out = play(content, tmp_path, ["4", good(q1)])
    progress = json.loads((tmp_path / "progress.json").read_text())
    assert len(progress["sessions"]) == 2 and progress["questions"][q1.id]["seen"] == 2


def test_shuffle_is_seeded(content, tmp_path):
    def order(seed):
        session, out = play(content, tmp_path, [], start="quiz", shuffle=True, seed=seed)
        return out.split("Question 1/")[1].splitlines()[0]

    orders = {order(s) for s in range(4)}
    assert order(0) == order(0) and len(orders) > 1
    assert not (tmp_path / "progress.json").exists()  # no question answered: nothing recorded


def test_menu_terms_chop_and_misconceptions(content, tmp_path, monkeypatch):
    fake = types.ModuleType("glassnet.lab.forward_backward")
    fake.__spec__ = importlib.machinery.ModuleSpec(fake.__name__, None)  # the lab's registry looks for it
    fake.chop_walkthrough = lambda seed: f"LIVE WALKTHROUGH seed={seed}"
    monkeypatch.setitem(sys.modules, "glassnet.lab.forward_backward", fake)
    session, out = play(content, tmp_path, ["1", "Epoch", "lstm", "zzz", "", "chop", "3", "7", "q"], seed=5)
    assert "epoch: One full pass" in out
    assert "recurrent neural network: A network that reads a sequence" in out  # found by its alias
    assert "No term matches 'zzz'" in out
    assert "C  Capture the input" in out and "P  Propagate the error back" in out
    assert "LIVE WALKTHROUGH seed=5" in out
    assert "Myth: More layers always make a better network." in out and "glassnet lab run depth" in out
    assert "Not a choice: '7'" in out
    assert not (tmp_path / "progress.json").exists()  # no quiz taken, nothing written


def test_chop_without_the_experiment_computes_its_own_numbers(content, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "glassnet.lab.forward_backward", None)  # import fails
    session, out = play(content, tmp_path, ["2", "q"])
    assert "autograd's loss.backward() gives" in out and "One gradient-descent step" in out
    by_hand = out.split("dL/dw = dL/dy")[1].split("= ")[-1].splitlines()[0]
    assert by_hand.strip() == out.split("autograd's loss.backward() gives ")[1].split()[0]


def test_a_damaged_progress_file_is_named_and_kept(content, tmp_path):
    (tmp_path / "progress.json").write_text("{not json")
    with pytest.raises(StudyContentError, match="progress.json: cannot read the progress file"):
        play(content, tmp_path, ["q"])
    assert (tmp_path / "progress.json").read_text() == "{not json"


def test_cli_errors_are_one_line(tmp_path, capsys):
    bad_bank = tmp_path / "bank.yaml"
    bad_bank.write_text("questions:\n  - {id: a, topic: basics, type: quiz}\n")
    assert main(["study", "--bank", str(bad_bank), "--answers", str(bad_bank)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"glassnet study: error: {bad_bank}: questions[1] (id 'a'):") and err.count("\n") == 1
    assert main(["study", "--topic", "cooking", "--progress", str(tmp_path / "p.json")]) == 2
    assert "the topics are: basics" in capsys.readouterr().err
    assert main(["study", "--answers", str(tmp_path / "none.txt")]) == 1
    assert "none.txt: cannot read the answers file" in capsys.readouterr().err


def test_cli_replays_a_session_with_a_bank(tmp_path):
    bank = tmp_path / "bank.yaml"
    bank.write_text("questions:\n  - {id: t1, topic: ethics, type: choice, question: \"Who checks the model?\","
                    " choices: [nobody, an auditor], answer: b, explanation: Audits., experiment: bias}\n")
    content = load_content(bank=bank)
    answers = tmp_path / "answers.txt"
    answers.write_text("\n".join(["4", *(bad(q) for q in content.questions_on("ethics")), "q", "spare"]) + "\n")
    progress = tmp_path / "sub" / "progress.json"
    out = subprocess.run([sys.executable, "-m", "glassnet", "study", "--topic", "ethics", "--bank", str(bank),
                          "--answers", str(answers), "--progress", str(progress)],
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert "Who checks the model?" in out.stdout and "Score: 0 /" in out.stdout
    assert "1 line(s) of" in out.stderr and "not used" in out.stderr
    saved = json.loads(progress.read_text())
    assert saved["sessions"][0]["topic"] == "ethics" and "t1" in saved["questions"]


def test_topic_shortens_the_term_list_but_a_look_up_searches_every_topic(content, tmp_path):
    session, out = play(content, tmp_path, ["1", "epoch", "", "q"], topic="ethics")
    listing = out.split("== Key terms ==")[1].split("Type a term")[0]
    assert "transparency" in listing and "epoch" not in listing
    assert "epoch: One full pass" in out
