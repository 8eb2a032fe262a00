"""CTC loss against torch: padded and concatenated targets, reductions, zero_infinity, blank index, gradients."""

import numpy as np
import pytest
from conftest import assert_close, check_gradcheck

import glassnet
import glassnet.nn as nn
import glassnet.nn.functional as F

torch = pytest.importorskip("torch")

RNG = np.random.default_rng(0)
T, N, C = 12, 4, 6
LOGITS = RNG.standard_normal((T, N, C))
TARGET_LENGTHS = np.array([3, 0, 5, 2])
INPUT_LENGTHS = np.array([12, 10, 12, 3])
PADDED = RNG.integers(1, C, (N, 5))
PADDED[0, :3] = [2, 2, 3]  # a repeated label: the path needs a blank between the two 2s
CONCAT = np.concatenate([PADDED[i, :TARGET_LENGTHS[i]] for i in range(N)])


def _log_probs(dtype):
    return torch.tensor(LOGITS.astype(dtype)).log_softmax(2).numpy()


def _both(lp, targets, il, tl, **kw):
    g, t = glassnet.tensor(lp, requires_grad=True), torch.tensor(lp, requires_grad=True)
    go = F.ctc_loss(g, glassnet.tensor(targets), glassnet.tensor(il), glassnet.tensor(tl), **kw)
    to = torch.nn.functional.ctc_loss(t, torch.tensor(targets), torch.tensor(il), torch.tensor(tl), **kw)
    assert_close(go, to)
    w = np.random.default_rng(1).uniform(0.5, 1.5, tuple(to.shape)).astype(lp.dtype)
    (go * glassnet.tensor(w)).sum().backward()
    (to * torch.tensor(w)).sum().backward()
    return g.grad, t.grad


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("reduction", ["none", "mean", "sum"])
@pytest.mark.parametrize("targets", [PADDED, CONCAT], ids=["padded", "concatenated"])
def test_ctc_matches_torch(dtype, reduction, targets):
    gg, tg = _both(_log_probs(dtype), targets, INPUT_LENGTHS, TARGET_LENGTHS, reduction=reduction)
    assert_close(gg, tg)


def test_ctc_blank_index():
    targets = np.where(PADDED == 3, 0, PADDED)  # blank=3 must not appear in targets
    gg, tg = _both(_log_probs(np.float64), targets, INPUT_LENGTHS, TARGET_LENGTHS, blank=3)
    assert_close(gg, tg)


@pytest.mark.parametrize("zero_infinity", [False, True])
def test_ctc_impossible_alignments(zero_infinity):
    lp = _log_probs(np.float32)[:6, :3]
    targets = np.array([[1, 1, 1, 1], [2, 2, 0, 0], [1, 2, 3, 0]])
    gg, tg = _both(lp, targets, np.array([3, 6, 0]), np.array([4, 2, 3]), reduction="none",
                   zero_infinity=zero_infinity)
    assert_close(gg, tg)  # nan where torch has nan (no zero_infinity), zeros with it


def test_ctc_unbatched_and_layer():
    lp = _log_probs(np.float64)[:, 1]
    g, t = glassnet.tensor(lp, requires_grad=True), torch.tensor(lp, requires_grad=True)
    go = nn.CTCLoss(reduction="none")(g, glassnet.tensor([2, 2]), glassnet.tensor(9), glassnet.tensor(2))
    to = torch.nn.CTCLoss(reduction="none")(t, torch.tensor([2, 2]), torch.tensor(9), torch.tensor(2))
    assert_close(go, to)
    go.backward()
    to.backward()
    assert_close(g.grad, t.grad)


def test_ctc_gradcheck_through_log_softmax():
    # The gradient treats log_probs as normalised (as torch's does), so check it behind a log_softmax.
    z = np.random.default_rng(2).standard_normal((5, 2, 4))
    check_gradcheck(lambda x: F.ctc_loss(F.log_softmax(x, 2), glassnet.tensor([[1, 1], [3, 2]]), [5, 4], [2, 2]),
                    [z])
    check_gradcheck(lambda x: F.ctc_loss(F.log_softmax(x, 2), glassnet.tensor([2, 1, 3]), [5, 5], [1, 2],
                                         reduction="sum", blank=0), [z])


def test_ctc_errors():
    lp = glassnet.tensor(_log_probs(np.float32))
    with pytest.raises(RuntimeError, match="input_lengths"):
        F.ctc_loss(lp, PADDED, [13, 1, 1, 1], TARGET_LENGTHS)
    with pytest.raises(RuntimeError, match="size at least 5 at dimension 1"):
        F.ctc_loss(lp, PADDED[:, :3], INPUT_LENGTHS, TARGET_LENGTHS)
    with pytest.raises(RuntimeError, match="blank"):
        F.ctc_loss(lp, PADDED, INPUT_LENGTHS, TARGET_LENGTHS, blank=6)
    with pytest.raises(RuntimeError, match="log_probs"):
        F.ctc_loss(glassnet.randn(2, 3, 4, 5), PADDED, INPUT_LENGTHS, TARGET_LENGTHS)
    with pytest.raises(RuntimeError, match="concatenated targets"):
        F.ctc_loss(lp, CONCAT[:-1], INPUT_LENGTHS, TARGET_LENGTHS)
