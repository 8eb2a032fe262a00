"""The LSTM op's feature-major layout and step schedule, checked directly (the layers' parity tests use them)."""

import numpy as np
import pytest

from glassnet.ops.rnn_steps import FeatureMajor, schedule


@pytest.mark.parametrize("batch_sizes", [(3, 3, 3, 3), (4, 3, 3, 1)])
def test_feature_major_round_trips(batch_sizes):
    fm = FeatureMajor(batch_sizes, np, np.float64)
    n = sum(batch_sizes)
    rows = np.arange(n * 5, dtype=np.float64).reshape(n, 5)
    blocks = fm.from_rows(rows)
    for t, b in enumerate(batch_sizes):  # step t's block is the transpose of its packed rows
        np.testing.assert_array_equal(blocks[t], rows[fm.rows(t)].T)
        assert blocks[t].shape == (5, b) and blocks[t].flags.c_contiguous
    np.testing.assert_array_equal(fm.to_rows(blocks), rows)
    np.testing.assert_array_equal(fm.to_cols(blocks), rows.T)
    np.testing.assert_array_equal(fm.to_rows(blocks, 1, 3), rows[:, 1:3])
    wide = fm.from_rows(rows, out=fm.new(8, fill=-1.0), start=2)  # into feature rows [2, 7) of wider blocks
    np.testing.assert_array_equal(fm.to_rows(wide, 2, 7), rows)
    assert (fm.to_rows(wide, 0, 2) == -1).all() and (fm.to_rows(wide, 7, 8) == -1).all()


def test_schedule_links_steps_in_both_directions():
    fwd = schedule((3, 2, 2, 1), False)
    assert [s.t for s in fwd] == [0, 1, 2, 3] and [s.pt for s in fwd] == [-1, 0, 1, 2]
    assert [s.n for s in fwd] == [0, 2, 2, 1]  # rows taking their previous state from the last step
    assert [s.keep for s in fwd] == [2, 2, 1, 0]  # rows going on to the next step
    rev = schedule((3, 2, 2, 1), True)
    assert [s.t for s in rev] == [3, 2, 1, 0] and [s.pt for s in rev] == [-1, 3, 2, 1]
    # backwards in time, sequences start at their last step: new rows take the initial state
    assert [s.n for s in rev] == [0, 1, 2, 2] and [s.keep for s in rev] == [1, 2, 2, 0]
