"""Pictures of what was learned: filters, feature maps, confusion matrix, misclassified examples."""

from __future__ import annotations

import numpy as np
import pytest

import glassnet
from glassnet import nn
from glassnet.inspect import (
    confusion_matrix_figure,
    conv_filters_figure,
    feature_maps_figure,
    misclassified_figure,
    save_figure,
)


def test_first_layer_filters_one_image_per_filter(tmp_path):
    fig = conv_filters_figure(glassnet.models.resnet8())
    assert len(fig.axes) == 16
    assert "conv1: 16 filters 3x3" in fig._suptitle.get_text()
    assert save_figure(fig, tmp_path / "f.png").read_bytes()[:4] == b"\x89PNG"
    colour = conv_filters_figure(nn.Sequential(nn.Conv2d(3, 5, 3)))
    assert colour.axes[0].images[0].get_array().shape == (3, 3, 3)


def test_filters_of_a_named_layer_and_errors():
    model = glassnet.models.LeNet5()
    assert len(conv_filters_figure(model, "features.3").axes) == 16
    with pytest.raises(ValueError, match="not a 2-D convolution"):
        conv_filters_figure(model, "classifier.1")
    with pytest.raises(ValueError, match="has no Conv2d layer"):
        conv_filters_figure(nn.Linear(2, 2))


def test_feature_maps_of_a_layer():
    model = glassnet.models.LeNet5()
    fig = feature_maps_figure(model, "features.4", glassnet.rand(1, 1, 28, 28), max_maps=8)
    assert len(fig.axes) == 8
    assert fig.axes[0].images[0].get_array().shape == (10, 10)
    assert "16 feature maps 10x10 (first 8 of 16)" in fig._suptitle.get_text()
    with pytest.raises(ValueError, match="no layer named 'conv9'"):
        feature_maps_figure(model, "conv9", glassnet.rand(1, 1, 28, 28))
    with pytest.raises(ValueError, match=r"not \(N, C, H, W\) feature maps"):
        feature_maps_figure(model, "classifier.1", glassnet.rand(1, 1, 28, 28))


def test_confusion_matrix_counts_and_accuracy():
    cm = np.array([[5, 1, 0], [0, 4, 2], [1, 0, 7]])
    fig = confusion_matrix_figure(cm, classes=["a", "b", "c"])
    ax = fig.axes[0]
    assert "accuracy 80.0%" in ax.get_title()
    assert [t.get_text() for t in ax.texts][:3] == ["5", "1", "0"]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["a", "b", "c"]
    norm = confusion_matrix_figure(cm, normalize=True)
    assert norm.axes[0].texts[0].get_text() == "0.83"
    with pytest.raises(ValueError, match="square"):
        confusion_matrix_figure(np.zeros((2, 3)))
    with pytest.raises(ValueError, match="2 class names for a 3x3 matrix"):
        confusion_matrix_figure(cm, classes=["a", "b"])


def test_misclassified_examples_grid():
    x = np.random.default_rng(0).random((6, 1, 8, 8))
    fig = misclassified_figure(x, [0, 1, 2, 3, 4, 5], np.eye(6)[[0, 2, 2, 1, 4, 0]], classes=list("abcdef"))
    assert [a.get_title() for a in fig.axes] == ["b -> c", "d -> b", "f -> a"]
    assert len(misclassified_figure(x, [0] * 6, [1] * 6, max_images=4).axes) == 4
    assert "no misclassified" in misclassified_figure(x, [1] * 6, [1] * 6).texts[0].get_text()
    with pytest.raises(ValueError, match="must be as many"):
        misclassified_figure(x, [0, 1], [0, 1, 2])
