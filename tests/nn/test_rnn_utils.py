"""pad_sequence / pack_padded_sequence / pad_packed_sequence against PyTorch, with gradients."""

import numpy as np
import pytest

import glassnet as gn
from glassnet.nn.utils import rnn as R

torch = pytest.importorskip("torch")


@pytest.mark.parametrize("batch_first", [False, True])
def test_pad_sequence_matches_torch(batch_first):
    seqs = [torch.randn(n, 2, dtype=torch.float64, requires_grad=True) for n in (3, 1, 4)]
    gseqs = [gn.tensor(s.detach().numpy().copy(), requires_grad=True) for s in seqs]
    out = torch.nn.utils.rnn.pad_sequence(seqs, batch_first=batch_first, padding_value=-1)
    gout = R.pad_sequence(gseqs, batch_first=batch_first, padding_value=-1)
    np.testing.assert_allclose(gout._data, out.detach().numpy())
    (out * torch.arange(out.numel()).reshape(out.shape)).sum().backward()
    (gout * gn.tensor(np.arange(out.numel()).reshape(tuple(out.shape)))).sum().backward()
    for a, b in zip(gseqs, seqs):
        np.testing.assert_allclose(a.grad._data, b.grad.numpy())


@pytest.mark.parametrize("batch_first", [False, True])
@pytest.mark.parametrize("lengths,enforce_sorted", [([4, 2, 2, 1], True), ([1, 4, 2, 3], False)])
def test_pack_and_pad_round_trip_matches_torch(batch_first, lengths, enforce_sorted):
    shape = (4, 4, 3)
    x = torch.randn(*shape, dtype=torch.float64, requires_grad=True)
    gx = gn.tensor(x.detach().numpy().copy(), requires_grad=True)
    tp = torch.nn.utils.rnn.pack_padded_sequence(x, lengths, batch_first=batch_first,
                                                 enforce_sorted=enforce_sorted)
    gp = R.pack_padded_sequence(gx, lengths, batch_first=batch_first, enforce_sorted=enforce_sorted)
    np.testing.assert_allclose(gp.data._data, tp.data.detach().numpy())
    np.testing.assert_array_equal(gp.batch_sizes._data, tp.batch_sizes.numpy())
    if not enforce_sorted:
        np.testing.assert_array_equal(gp.sorted_indices._data, tp.sorted_indices.numpy())
        np.testing.assert_array_equal(gp.unsorted_indices._data, tp.unsorted_indices.numpy())
    pad, lens = torch.nn.utils.rnn.pad_packed_sequence(tp, batch_first=batch_first, total_length=5)
    gpad, glens = R.pad_packed_sequence(gp, batch_first=batch_first, total_length=5)
    np.testing.assert_allclose(gpad._data, pad.detach().numpy())
    np.testing.assert_array_equal(glens._data, lens.numpy())
    w = torch.randn_like(pad)
    (pad * w).sum().backward()
    (gpad * gn.tensor(w.numpy())).sum().backward()
    np.testing.assert_allclose(gx.grad._data, x.grad.numpy())


def test_pack_sequence_and_unpack():
    seqs = [gn.randn(n, 2) for n in (2, 3, 1)]
    packed = R.pack_sequence(seqs, enforce_sorted=False)
    back = R.unpack_sequence(packed)
    for a, b in zip(back, seqs):
        np.testing.assert_allclose(a._data, b._data)


def test_errors():
    with pytest.raises(RuntimeError, match="sorted in decreasing order"):
        R.pack_padded_sequence(gn.zeros(3, 2, 1), [1, 3])
    with pytest.raises(RuntimeError, match="exceeds"):
        R.pack_padded_sequence(gn.zeros(3, 2, 1), [4, 3])
    with pytest.raises(ValueError, match="expected 3 sequences"):
        R.pack_padded_sequence(gn.zeros(3, 2, 1), [3, 2, 1])
