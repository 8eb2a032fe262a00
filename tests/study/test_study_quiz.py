"""Quiz checking: normalising answers, keyword groups with synonyms, plurals and wildcards, choice letters."""

from __future__ import annotations

import pytest

from glassnet.study.checking import check, check_choice, check_short, choice_letter, normalise, phrase_in
from glassnet.study.content import Pointer, Question, load_content


def short(keywords, need=None):
    return Question("q", "basics", "short", "?", "because", Pointer("depth"), keywords=keywords,
                    need=need or len(keywords))


def choice(answer="b"):
    return Question("c", "basics", "choice", "?", "because", Pointer("depth"),
                    choices=["Sigmoid", "ReLU (rectified linear unit)", "Tanh"], answer=answer)


def test_normalise_ignores_case_accents_punctuation_and_spaces():
    assert normalise("  Forward-Propagation!!  ") == "forward propagation"
    assert normalise("Régularisation, the model's   job") == "regularisation the models job"
    assert normalise("CO2 (carbon)") == "co2 carbon"


@pytest.mark.parametrize("synonym, text, found", [
    ("layer", "the layers", True),                      # plural
    ("layers", "one layer", True),                      # singular
    ("memory", "memories of the past", True),           # -y / -ies
    ("predict*", "it makes predictions", True),         # wildcard
    ("predict*", "unpredictable", False),               # a wildcard starts at a word's start
    ("few shot", "few-shot learning", True),            # punctuation between words
    ("few-shot", "few shot learning", True),
    ("training data", "data for training", False),     # a phrase's words in order
    ("gan", "organ", False),                            # whole words only
    ("x-ray*", "chest X-rays", True),
])
def test_phrase_matching(synonym, text, found):
    assert phrase_in(synonym, normalise(text).split()) is found


def test_every_group_needed_by_default_and_partial_credit():
    q = short([["input*", "data"], ["layer*", "hidden"], ["output*", "predict*"]])
    v = check_short(q, "Data goes through the hidden layers and gives a prediction.")
    assert v.right and v.score == 1.0 and not v.missing
    v = check_short(q, "the data goes in")
    assert not v.right and v.partial and v.score == pytest.approx(1 / 3) and v.missing == ["layer", "output"]
    v = check_short(q, "no idea")
    assert not v.right and not v.partial and v.score == 0.0


def test_need_sets_how_many_groups_make_a_right_answer():
    q = short([["image*", "picture*"], ["sequence*", "text"]], need=1)
    assert check_short(q, "Pictures").right
    assert check_short(q, "images and text").score == 1.0  # capped at one point


@pytest.mark.parametrize("answer, letter", [("b", "b"), ("B", "b"), ("(b)", "b"), ("b)", "b"), ("2", "b"),
                                             ("relu rectified linear unit", "b"), ("Tanh", "c"), ("z", None),
                                             ("", None), ("4", None)])
def test_choice_letters_in_every_form(answer, letter):
    assert choice_letter(choice(), answer) == letter


def test_choice_scores_and_explains_bad_letters():
    assert check_choice(choice(), "B").right
    assert check_choice(choice(), "a").score == 0.0
    v = check(choice(), "maybe")
    assert not v.right and "a, b, c" in v.note


def test_shipped_questions_accept_their_model_answers_and_refuse_nonsense():
    content = load_content()
    for q in content.questions:
        good = q.answer if q.kind == "choice" else q.example
        assert good, f"{q.id} has no model answer"
        assert check(q, good).right, q.id
        assert check(q, "I do not know").score == 0.0, q.id


@pytest.mark.parametrize("qid, answer", [
    ("forward-propagation", "the input data is passed through each layer to get the output"),
    ("too-many-layers", "vanishing gradients: the first layers stop learning"),
    ("too-many-layers", "it overfits"),
    ("breakthrough-few-shot", "GPT-3 can learn a task from a few examples (few-shot learning)"),
    ("rnn-good-for", "time series and speech"),
    ("gan-good-for", "deepfakes: a generator against a discriminator"),
    ("bias-example", "Amazon's hiring tool discriminated against women"),
    ("ethics-energy", "it emits a lot of CO2 when training big models"),
    ("ethics-privacy", "it can memorise personal data; use differential privacy"),
    ("ethics-accountability", "the developers, with audits and model cards"),
    ("ethics-transparency", "we cannot explain its decisions; saliency maps help"),
])
def test_shipped_short_questions_accept_other_phrasings(qid, answer):
    q = next(q for q in load_content().questions if q.id == qid)
    assert check(q, answer).right
