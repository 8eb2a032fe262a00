"""The study content: the shipped YAML covers the guide, and a teacher's bad bank gets one clear error."""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path

import pytest

from glassnet.lab import EXPERIMENTS
from glassnet.study.checking import check
from glassnet.study.content import StudyContentError, load_content

GOOD = """\
questions:
  - id: teacher-relu
    topic: basics
    type: choice
    question: Which activation is zero for negative inputs?
    choices: [sigmoid, relu, tanh]
    answer: b
    explanation: ReLU is max(0, x).
    experiment: activations
  - id: teacher-epoch
    topic: training
    type: short
    question: What is an epoch?
    keywords: [[full, whole], [pass*]]
    example: one full pass
    explanation: One pass over the training set.
    notebook: 03-training-and-overfitting
terms:
  - term: softmax
    topic: basics
    definition: Turns scores into probabilities.
"""


def bank(tmp_path, text, name="bank.yaml"):
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_shipped_content_covers_the_guide():
    c = load_content()
    ids = {q.id for q in c.questions}
    # the questions the guide asks: forward propagation, bias, depth, a breakthrough, the three architectures
    # and every ethical question
    assert {"forward-propagation", "bias-example", "too-many-layers", "breakthrough-few-shot", "cnn-good-for",
            "rnn-good-for", "gan-good-for", "which-architecture", "ethics-transparency", "ethics-privacy",
            "ethics-energy", "ethics-accountability"} <= ids
    assert {q.kind for q in c.questions} == {"choice", "short"}
    names = {t.term for t in c.terms} | {a for t in c.terms for a in t.aliases}
    for term in ["activation function", "epoch", "overfitting", "regularization", "transfer learning",
                 "forward propagation", "backward propagation", "loss", "gradient descent", "learning rate", "batch",
                 "cnn", "rnn", "lstm", "gru", "gan", "attention", "dropout"]:
        assert term in names, term
    assert [s.letter for s in c.chop_steps] == ["C", "H", "O", "P"]
    assert c.chop_see.experiment == "forward-backward"
    assert all(m.see.experiment in EXPERIMENTS for m in c.misconceptions)
    assert "depth" in {m.see.experiment for m in c.misconceptions}
    assert all(q.see.suggestions() for q in c.questions)
    assert set(c.topics) == {q.topic for q in c.questions}


def test_a_good_bank_adds_questions_and_terms(tmp_path):
    base = load_content()
    c = load_content(bank=bank(tmp_path, GOOD))
    assert len(c.questions) == len(base.questions) + 2
    assert c.questions[-1].id == "teacher-epoch" and c.questions[-1].need == 2
    assert c.terms[-1].term == "softmax"


@pytest.mark.parametrize("text, expected", [
    ("questions: [\n  - oops", "line"),
    ("- just a list\n", "expected a YAML mapping"),
    ("quiz: []\n", "unknown section(s) quiz"),
    ("terms: []\n", "no 'questions:' list"),
    ("questions:\n  - just text\n", "questions[1]: expected a mapping"),
    ("questions:\n  - {id: a, topic: basics, type: choice, question: Q, choices: [x, y], answer: c,"
     " explanation: E, experiment: depth}\n", "questions[1] (id 'a'): 'answer' must be the letter of one of the"),
    ("questions:\n  - {id: a, topic: maths, type: choice, question: Q, choices: [x, y], answer: a,"
     " explanation: E, experiment: depth}\n", "topic 'maths' is not one of"),
    ("questions:\n  - {id: a, topic: basics, type: essay, question: Q, explanation: E, experiment: depth}\n",
     "'type' must be 'choice' or 'short'"),
    ("questions:\n  - {id: a, topic: basics, type: choice, question: Q, choices: [x, y], answer: a,"
     " explanation: E}\n", "give an 'experiment' or a 'notebook'"),
    ("questions:\n  - {id: a, topic: basics, type: choice, question: Q, choices: [x, y], answer: a,"
     " explanation: E, experiment: nonsense}\n", "experiment 'nonsense' is not a lab experiment"),
    ("questions:\n  - {id: a, topic: basics, type: choice, question: Q, choices: [x, y], answer: a,"
     " explanation: E, notebook: 99-nothing}\n", "notebook '99-nothing' is not one of"),
    ("questions:\n  - {id: a, topic: basics, type: choice, question: Q, choices: [x], answer: a,"
     " explanation: E, experiment: depth}\n", "needs 2 to"),
    ("questions:\n  - {id: a, topic: basics, type: choice, question: Q, choices: [x, yes], answer: a,"
     " explanation: E, experiment: depth}\n", "'choices' item 2 must be non-empty text, found True"),
    ("questions:\n  - {id: a, topic: basics, type: short, question: Q, explanation: E, experiment: depth}\n",
     "needs 'keywords'"),
    ("questions:\n  - {id: a, topic: basics, type: short, question: Q, keywords: [[x], [y]], need: 3,"
     " explanation: E, experiment: depth}\n", "'need' must be a whole number from 1 to 2"),
    ("questions:\n  - {id: a, topic: basics, type: short, question: Q, keywords: [[x], []],"
     " explanation: E, experiment: depth}\n", "keyword group 2 is empty"),
    ("questions:\n  - {id: a, topic: basics, type: short, question: Q, keywords: [[x]], example: y,"
     " explanation: E, experiment: depth}\n", "'example' answer does not meet its own keywords"),
    ("questions:\n  - {id: a, topic: basics, type: short, question: Q, keywords: [[x]], answer: b,"
     " explanation: E, experiment: depth}\n", "belong to multiple-choice questions"),
    ("questions:\n  - {id: a, topic: basics, type: short, question: Q, keywords: [[x]], explaination: E,"
     " experiment: depth}\n", "unknown field(s) explaination"),
    ("questions:\n  - {id: epoch, topic: basics, type: short, question: Q, keywords: [[x]], explanation: E,"
     " experiment: depth}\n", "id 'epoch' is already used in"),
    ("questions:\n  - {id: a, type: short, question: Q, keywords: [[x]], explanation: E, experiment: depth}\n",
     "'topic' is missing"),
])
def test_a_bad_bank_gets_one_error_naming_the_file_and_the_entry(tmp_path, text, expected):
    path = bank(tmp_path, text)
    with pytest.raises(StudyContentError) as e:
        load_content(bank=path)
    assert str(e.value).startswith(str(path))
    assert expected in str(e.value)


def test_yaml_errors_give_the_line(tmp_path):
    path = bank(tmp_path, "questions:\n  - id: a\n    topic: [basics\n")
    with pytest.raises(StudyContentError, match=r"bank\.yaml: line \d+, column \d+: not valid YAML"):
        load_content(bank=path)


def test_a_missing_bank_is_named(tmp_path):
    with pytest.raises(StudyContentError, match="nothere.yaml: cannot read it"):
        load_content(bank=tmp_path / "nothere.yaml")


def test_without_pyyaml_the_error_names_the_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "yaml", None)
    with pytest.raises(StudyContentError, match=r'pip install "glassnet\[study\]"'):
        load_content()


def test_the_teachers_example_bank_in_the_docs_loads(tmp_path):
    readme = Path(__file__).resolve().parents[2] / "docs" / "notebooks" / "README.md"
    example = readme.read_text(encoding="utf-8").split("```yaml\n")[1].split("```")[0]
    c = load_content(bank=bank(tmp_path, example))
    q = c.questions[-1]
    assert q.id == "my-softmax" and check(q, "a probability distribution").right
    assert c.terms[-1].term == "softmax"
