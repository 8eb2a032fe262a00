"""The few-shot transfer example at CI size: with 10 labels per class, a pretrained start beats scratch."""

from __future__ import annotations

import numpy as np
import pytest

from glassnet.examples import fewshot


def test_k_per_class_draws_k_of_each():
    y = np.repeat(np.arange(3), 20)
    idx = fewshot.k_per_class(y, 4, seed=0)
    assert np.bincount(y[idx]).tolist() == [4, 4, 4]
    assert not np.array_equal(idx, fewshot.k_per_class(y, 4, seed=1))


def test_finetune_freezes_features_and_leaves_the_source_alone():
    import glassnet as gn

    src = gn.models.LeNet5().eval()
    before = src.features[0].weight._data.copy()
    x, y = np.random.default_rng(0).random((6, 1, 28, 28), dtype=np.float32), np.array([0, 1, 2, 0, 1, 2])
    model = fewshot.finetune(src, 3, x, y, steps=2, seed=0)
    assert model.classifier[5].out_features == 3
    np.testing.assert_array_equal(model.features[0].weight._data, before)
    assert not model.features[0].weight.requires_grad and src.features[0].weight.requires_grad


@pytest.mark.slow
def test_pretrained_beats_scratch_at_k10_fashion(shared_data):
    prepared = fewshot.prepare(shared_data, tasks=("fashion",), test_images=1000)
    rows = fewshot.run(prepared, ks=(10,), seeds=(0, 1), steps=60, log=None)
    (summary,) = fewshot.summarize(rows)
    assert summary["pretrained"] > summary["scratch"], rows
