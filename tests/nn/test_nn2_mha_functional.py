"""nn2 F.multi_head_attention_forward against torch (shared and separate projections, masks, unbatched)."""

import numpy as np
import pytest
from conftest import check_parity, rand_array

import glassnet
import glassnet.nn.functional as F


def _args(lib, w):
    t = glassnet.tensor if lib is F else __import__("torch").tensor
    return dict(in_proj_weight=t(w["in"]), in_proj_bias=t(w["in_b"]), bias_k=None, bias_v=None,
                add_zero_attn=False, dropout_p=0.0, out_proj_weight=t(w["out"]), out_proj_bias=t(w["out_b"]))


W = {"in": rand_array((24, 8)) * 0.3, "in_b": rand_array((24,)), "out": rand_array((8, 8)) * 0.3,
     "out_b": rand_array((8,))}


@pytest.mark.parametrize("average", [True, False])
def test_matches_torch_with_masks(average):
    torch = pytest.importorskip("torch")
    tf = torch.nn.functional
    q, k, v = rand_array((4, 2, 8)), rand_array((5, 2, 8)), rand_array((5, 2, 8))
    causal = np.triu(np.ones((4, 5), dtype=bool), 2)
    pad = np.array([[False] * 4 + [True], [False] * 5])
    check_parity(
        lambda a, b, c: F.multi_head_attention_forward(a, b, c, 8, 2, **_args(F, W), attn_mask=glassnet.tensor(causal),
                                                       key_padding_mask=glassnet.tensor(pad),
                                                       average_attn_weights=average),
        lambda a, b, c: tf.multi_head_attention_forward(a, b, c, 8, 2, **_args(tf, W), attn_mask=torch.tensor(causal),
                                                        key_padding_mask=torch.tensor(pad),
                                                        average_attn_weights=average),
        [q, k, v])


def test_self_attention_unbatched_and_no_weights_match_torch():
    torch = pytest.importorskip("torch")
    tf = torch.nn.functional
    x = rand_array((3, 8))
    check_parity(lambda a: F.multi_head_attention_forward(a, a, a, 8, 4, **_args(F, W)),
                 lambda a: tf.multi_head_attention_forward(a, a, a, 8, 4, **_args(tf, W)), [x])
    check_parity(lambda a: F.multi_head_attention_forward(a, a, a, 8, 4, **_args(F, W), need_weights=False)[0],
                 lambda a: tf.multi_head_attention_forward(a, a, a, 8, 4, **_args(tf, W), need_weights=False)[0],
                 [x])


def test_separate_projection_weights_match_torch():
    torch = pytest.importorskip("torch")
    tf = torch.nn.functional
    q, k, v = rand_array((4, 2, 8)), rand_array((5, 2, 6)), rand_array((5, 2, 3))
    wq, wk, wv = rand_array((8, 8)), rand_array((8, 6)), rand_array((8, 3))

    def run(lib, t, a, b, c):
        return lib.multi_head_attention_forward(a, b, c, 8, 2, **{**_args(lib, W), "in_proj_weight": None},
                                                use_separate_proj_weight=True, q_proj_weight=t(wq),
                                                k_proj_weight=t(wk), v_proj_weight=t(wv))

    check_parity(lambda a, b, c: run(F, glassnet.tensor, a, b, c), lambda a, b, c: run(tf, torch.tensor, a, b, c),
                 [q, k, v])


def test_same_as_the_module():
    m = glassnet.nn.MultiheadAttention(8, 2)
    x = glassnet.tensor(rand_array((4, 3, 8)))
    out, w = F.multi_head_attention_forward(x, x, x, 8, 2, m.in_proj_weight, m.in_proj_bias, None, None, False, 0.0,
                                            m.out_proj.weight, m.out_proj.bias)
    ref, ref_w = m(x, x, x)
    np.testing.assert_array_equal(out._data, ref._data)
    np.testing.assert_array_equal(w._data, ref_w._data)


def test_errors():
    x = glassnet.ones(3, 8)
    with pytest.raises(AssertionError, match="embedding dimension of 6"):
        F.multi_head_attention_forward(x, x, x, 6, 2, **_args(F, W))
    with pytest.raises(AssertionError, match="bias_v is set but bias_k is None"):
        F.multi_head_attention_forward(x, x, x, 8, 2, **{**_args(F, W), "bias_v": glassnet.ones(1, 1, 8)})


def test_add_zero_attn_matches_torch():
    # torch supports add_zero_attn in the functional form too (an earlier version of this test expected an error)
    torch = pytest.importorskip("torch")
    tf = torch.nn.functional
    q, k = rand_array((4, 2, 8)), rand_array((5, 2, 8))
    check_parity(lambda a, b: F.multi_head_attention_forward(a, b, b, 8, 2, **{**_args(F, W), "add_zero_attn": True}),
                 lambda a, b: tf.multi_head_attention_forward(a, b, b, 8, 2, **{**_args(tf, W), "add_zero_attn": True}),
                 [q, k])
