"""fit(sample_weight=...): the loss of each batch is the weighted mean of the per-sample losses."""

import numpy as np
import pytest

import glassnet
from glassnet import nn


def _train(weights=None, x=None, y=None):
    glassnet.manual_seed(0)
    model = nn.Linear(3, 2)
    glassnet.train.fit(model, (x, y), loss=nn.CrossEntropyLoss(), optimizer="sgd", lr=0.5, epochs=3,
                       batch_size=8, verbose=0, seed=1, sample_weight=weights)
    return model.weight.detach().numpy().copy()


def _data():
    glassnet.manual_seed(0)
    x = glassnet.randn(40, 3)
    return x, (x[:, 0] > 0).long()


def test_equal_weights_train_as_no_weights():
    x, y = _data()
    np.testing.assert_allclose(_train(np.full(40, 2.0), x, y), _train(None, x, y), rtol=1e-5, atol=1e-6)


def test_zero_weight_samples_are_ignored():
    x, y = _data()
    keep = np.arange(40) % 2 == 0
    # Full batch: the weighted mean over all rows equals the plain mean over the kept rows.
    glassnet.manual_seed(0)
    a = nn.Linear(3, 2)
    glassnet.train.fit(a, (x, y), loss=nn.CrossEntropyLoss(), optimizer="sgd", lr=0.5, epochs=2, batch_size=40,
                       verbose=0, shuffle=False, sample_weight=keep.astype(np.float32))
    glassnet.manual_seed(0)
    b = nn.Linear(3, 2)
    idx = glassnet.tensor(np.flatnonzero(keep))
    glassnet.train.fit(b, (x[idx], y[idx]), loss=nn.CrossEntropyLoss(), optimizer="sgd", lr=0.5, epochs=2,
                       batch_size=40, verbose=0, shuffle=False)
    np.testing.assert_allclose(a.weight.detach().numpy(), b.weight.detach().numpy(), rtol=1e-5, atol=1e-6)


def test_bad_sample_weight():
    x, y = _data()
    with pytest.raises(ValueError, match="sample_weight has 3 values but the training data has 40"):
        _train(np.ones(3), x, y)
    with pytest.raises(ValueError, match=">= 0"):
        _train(-np.ones(40), x, y)
    with pytest.raises(TypeError, match="reduction"):
        glassnet.train.fit(nn.Linear(3, 2), (x, y), loss=lambda o, t: (o - o).sum(), optimizer="sgd", epochs=1,
                           verbose=0, sample_weight=np.ones(40))
