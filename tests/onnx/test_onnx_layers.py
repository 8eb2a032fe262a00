"""Each layer family exports to ONNX and gives glassnet's outputs in onnxruntime, at two batch sizes."""

from __future__ import annotations

import pytest
from onnx_helpers import check_export, randomize_batchnorm

import glassnet
from glassnet import nn

pytest.importorskip("onnx")
pytest.importorskip("onnxruntime")


def randn(*shape):
    return lambda n: glassnet.randn(n, *shape)


class Shapes(nn.Module):
    """The tensor ops models use between layers: view/reshape/flatten, permute/transpose, cat/stack, slicing,
    matmul and arithmetic with Python numbers."""

    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(6, 6)

    def forward(self, x):  # x: (N, 4, 6)
        y = self.fc(x)
        t = y.transpose(1, 2) @ y                                   # (N, 6, 6)
        c = glassnet.cat([t, y], dim=1)                             # (N, 10, 6)
        flat = c.permute(0, 2, 1).reshape(x.shape[0], -1)           # (N, 60)
        mixed = flat.view(-1, 6, 10).mean(-1) * 2.0 + 1 - y.sum(1) / 3 + y.var(1) - y.std(1, correction=0)
        picked = glassnet.stack([y[:, 0], y[..., -1][:, :2].repeat(1, 3), y[:, 1:3, ::2].flatten(1)], dim=1)
        return mixed, picked, (y ** 2 + 1).sqrt().exp().log().unsqueeze(1).squeeze(1), y.amax(-1)


class EmbedLSTM(nn.Module):
    """Embedding -> LSTM -> last step -> Linear: a text classifier."""

    def __init__(self):
        super().__init__()
        self.emb = nn.Embedding(10, 4, padding_idx=0)
        self.lstm = nn.LSTM(4, 5, batch_first=True)
        self.fc = nn.Linear(5, 3)

    def forward(self, x):
        out, _ = self.lstm(self.emb(x))
        return self.fc(out[:, -1])


def tokens(n):
    """Token ids of n sequences of length 5, the last position padding (id 0)."""
    t = glassnet.randint(1, 5, (n, 5))
    t[:, -1] = 0
    return t


class MaskedAttention(nn.Module):
    """Self-attention with a padding mask made from the token ids and a causal mask: both masks are
    computed inside forward, so the trace must follow them."""

    def __init__(self):
        super().__init__()
        self.mha = nn.MultiheadAttention(8, 2, batch_first=True)

    def forward(self, x, ids):
        causal = glassnet.ones(5, 5).triu(1) > 0
        return self.mha(x, x, x, key_padding_mask=ids == 0, attn_mask=causal)


class MaskedEncoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.enc = nn.TransformerEncoder(nn.TransformerEncoderLayer(8, 2, 16, batch_first=True), 2)

    def forward(self, x, ids):
        return self.enc(x, src_key_padding_mask=ids == 0)


class Reductions(nn.Module):
    """max/min over a dim (values and indices), argmax, a detached branch, flip, normalize and cosine similarity."""

    def forward(self, x):
        values, indices = x.max(1)
        low = x.min(1, keepdim=True)[0]
        scale = x.abs().amax(1, keepdim=True).detach() + 1
        return (values, indices, low, x.argmax(1), x.argmin(), x / scale, x.flip(1), nn.functional.normalize(x, dim=1),
                nn.functional.cosine_similarity(x, x.flip(1), dim=1))


class Math(nn.Module):
    """Element-wise math and reductions with Python numbers mixed in."""

    def forward(self, x):
        y = x.clamp(min=-1, max=1) + x.clamp(min=0) + x.clamp(max=0.5) + (x.abs() + 1).rsqrt() + x.abs().log1p()
        y = y + x.expm1() + x ** 3 + 2 ** x + x.abs().pow(x) + glassnet.maximum(x, -x) + x.sign() + x.floor()
        y = y + x.exp2() + (x.abs() + 1).log2() + (x.abs() + 1).log10() + x.erf() + x.sin() * x.cos()
        return y, x.to(glassnet.float64), x.sum(), x.prod(1), x.logsumexp(1), (x > 0).float().mean(0)


class Masks(nn.Module):
    def forward(self, x):
        keep = (x > -0.5) & ~(x > 1.0)
        return x.masked_fill(~keep, 0.0), glassnet.where(keep, x, x * 0.1), x.gather(1, glassnet.tensor([[2, 0, 1]]))


ACTIVATIONS = [nn.ReLU(), nn.LeakyReLU(0.1), nn.ELU(0.7), nn.GELU(), nn.GELU(approximate="tanh"), nn.SiLU(),
               nn.Sigmoid(), nn.Tanh(), nn.Softmax(dim=1), nn.LogSoftmax(dim=-1), nn.Softmin(-1), nn.Hardtanh(-2, 2),
               nn.ReLU6(), nn.Softplus(), nn.Softplus(beta=2, threshold=1), nn.Mish(), nn.PReLU(),
               nn.PReLU(3), nn.Hardswish(), nn.Hardsigmoid(), nn.SELU(), nn.CELU(0.5), nn.Softsign(),
               nn.LogSigmoid(), nn.Tanhshrink(), nn.Threshold(0.1, 2.0), nn.Softshrink(), nn.Hardshrink(),
               nn.GLU(), nn.RReLU(), nn.Dropout(0.5), nn.Identity()]

LAYERS = {
    "linear": (nn.Sequential(nn.Linear(5, 7), nn.Linear(7, 2, bias=False)), randn(5)),
    "linear_3d": (nn.Linear(5, 3), randn(4, 5)),
    "conv1d": (nn.Sequential(nn.Conv1d(3, 4, 3, padding=1), nn.Conv1d(4, 4, 3, stride=2, groups=2, bias=False)),
               randn(3, 9)),
    "conv2d": (nn.Sequential(nn.Conv2d(3, 6, 3, stride=2, padding=2, dilation=2, groups=3),
                             nn.Conv2d(6, 2, (1, 3), padding=(0, 1))), randn(3, 9, 9)),
    "conv_transpose2d": (nn.Sequential(nn.ConvTranspose2d(3, 4, 3, stride=2, padding=1, output_padding=1),
                                       nn.ConvTranspose2d(4, 2, 2, stride=2, bias=False)), randn(3, 4, 4)),
    "conv_transpose1d": (nn.ConvTranspose1d(3, 2, 3, stride=2, padding=1, output_padding=1), randn(3, 5)),
    "local_response_norm": (nn.LocalResponseNorm(3), randn(4, 3, 3)),
    "max_pool": (nn.Sequential(nn.MaxPool2d(2), nn.MaxPool2d(3, 2, 1, ceil_mode=True)), randn(2, 9, 9)),
    "avg_pool": (nn.Sequential(nn.AvgPool2d(2), nn.AvgPool2d(3, 1, 1, count_include_pad=False)), randn(2, 8, 8)),
    "pool_1d": (nn.Sequential(nn.MaxPool1d(2), nn.AvgPool1d(2), nn.AdaptiveAvgPool1d(1)), randn(3, 8)),
    "adaptive_avg_global": (nn.AdaptiveAvgPool2d(1), randn(3, 5, 7)),
    "adaptive_avg": (nn.AdaptiveAvgPool2d((2, 3)), randn(3, 4, 6)),
    "adaptive_max": (nn.Sequential(nn.AdaptiveMaxPool2d(2), nn.AdaptiveMaxPool2d(1)), randn(3, 6, 6)),
    "batchnorm1d": (nn.Sequential(nn.BatchNorm1d(6), nn.Linear(6, 4), nn.BatchNorm1d(4, affine=False)), randn(6)),
    "batchnorm1d_seq": (nn.BatchNorm1d(3), randn(3, 5)),
    "batchnorm2d": (nn.BatchNorm2d(3), randn(3, 4, 4)),
    "batchnorm_batch_stats": (nn.BatchNorm2d(3, track_running_stats=False), randn(3, 4, 4)),
    "instancenorm": (nn.InstanceNorm2d(3, affine=True), randn(3, 4, 4)),
    "layernorm": (nn.Sequential(nn.LayerNorm(6), nn.LayerNorm([4, 6], elementwise_affine=False)), randn(4, 6)),
    "groupnorm": (nn.Sequential(nn.GroupNorm(2, 4), nn.GroupNorm(1, 4, affine=False)), randn(4, 3, 3)),
    "inplace_activations": (nn.Sequential(nn.Conv2d(1, 2, 3), nn.ReLU(inplace=True), nn.BatchNorm2d(2),
                                          nn.LeakyReLU(0.1, inplace=True)), randn(1, 5, 5)),
    "padding": (nn.Sequential(nn.ZeroPad2d((1, 2, 0, 1)), nn.ReflectionPad2d(1), nn.ReplicationPad2d((0, 1, 1, 0))),
                randn(2, 4, 4)),
    "upsample": (nn.Sequential(nn.Upsample(scale_factor=2), nn.Upsample(scale_factor=2, mode="bilinear")),
                 randn(2, 3, 3)),
    "masks": (Masks(), lambda n: glassnet.randn(n, 3) * 2),
    "reductions": (Reductions(), randn(4)),
    "math": (Math(), randn(4)),
    "flatten": (nn.Sequential(nn.Flatten(), nn.Unflatten(1, (4, 6))), randn(2, 3, 4)),
    "shapes": (Shapes(), randn(4, 6)),
    "embedding": (nn.Embedding(10, 4), lambda n: glassnet.randint(0, 10, (n, 7))),
    "embedding_lstm": (EmbedLSTM(), lambda n: glassnet.randint(0, 10, (n, 7))),
    "lstm": (nn.LSTM(3, 4, num_layers=2, bidirectional=True, batch_first=True), randn(5, 3)),
    "lstm_seq_first": (nn.LSTM(3, 4, bias=False), randn(2, 3)),  # the first dim is the sequence
    "gru": (nn.GRU(3, 4, num_layers=2, bidirectional=True, batch_first=True), randn(5, 3)),
    "rnn_tanh": (nn.RNN(3, 4, num_layers=2, batch_first=True), randn(5, 3)),
    "rnn_relu_bidirectional": (nn.RNN(3, 4, nonlinearity="relu", bidirectional=True, batch_first=True), randn(5, 3)),
    "gru_unbatched": (nn.GRU(3, 4), randn(3)),
    "lstm_cell": (nn.LSTMCell(4, 5), lambda n: (glassnet.randn(n, 4), (glassnet.randn(n, 5), glassnet.randn(n, 5)))),
    "gru_cell": (nn.GRUCell(4, 5), lambda n: (glassnet.randn(n, 4), glassnet.randn(n, 5))),
    "rnn_cell": (nn.RNNCell(4, 5, nonlinearity="relu", bias=False), randn(4)),
    "multihead_attention": (nn.MultiheadAttention(8, 2, batch_first=True),
                            lambda n: (glassnet.randn(n, 5, 8),) * 3),
    "multihead_attention_kv": (nn.MultiheadAttention(8, 2, batch_first=True, kdim=6, vdim=4, bias=False),
                               lambda n: (glassnet.randn(n, 5, 8), glassnet.randn(n, 7, 6), glassnet.randn(n, 7, 4))),
    "multihead_attention_seq_first": (nn.MultiheadAttention(8, 4), lambda n: (glassnet.randn(n, 2, 8),) * 3),
    "masked_attention": (MaskedAttention(), lambda n: (glassnet.randn(n, 5, 8), tokens(n))),
    "masked_transformer_encoder": (MaskedEncoder(), lambda n: (glassnet.randn(n, 5, 8), tokens(n))),
    "transformer_encoder_layer": (nn.TransformerEncoderLayer(8, 2, 16, batch_first=True), randn(5, 8)),
    "transformer_encoder": (nn.TransformerEncoder(nn.TransformerEncoderLayer(
        8, 2, 16, activation="gelu", norm_first=True, batch_first=True), 2), randn(5, 8)),
}


@pytest.mark.parametrize("name", sorted(LAYERS))
def test_layer_matches_onnxruntime(name, tmp_path):
    glassnet.manual_seed(0)
    model, make_input = LAYERS[name]
    randomize_batchnorm(model)
    check_export(model, make_input, tmp_path / f"{name}.onnx")


@pytest.mark.parametrize("act", ACTIVATIONS, ids=lambda m: type(m).__name__)
def test_activation_matches_onnxruntime(act, tmp_path):
    glassnet.manual_seed(0)
    check_export(act, lambda n: glassnet.randn(n, 3, 4) * 3, tmp_path / "act.onnx")


def test_lstm_with_initial_state_fixed_batch(tmp_path):
    glassnet.manual_seed(0)
    model = nn.LSTM(3, 4, num_layers=2, bidirectional=True)
    state = (glassnet.randn(4, 2, 4), glassnet.randn(4, 2, 4))
    check_export(model, lambda n: (glassnet.randn(5, n, 3), state), tmp_path / "lstm.onnx", sizes=(2,),
                 dynamic_batch=False)


def test_an_input_whose_first_dim_is_not_the_batch_needs_a_fixed_batch(tmp_path):
    model = nn.LSTM(3, 4)
    state = (glassnet.randn(1, 2, 4), glassnet.randn(1, 2, 4))  # (layers, batch, hidden): the batch is dim 1
    with pytest.raises(glassnet.onnx.OnnxExportError, match="dynamic_batch=False"):
        glassnet.onnx.export(model, (glassnet.randn(5, 2, 3), state), tmp_path / "m.onnx")


def test_opset_18_writes_reduce_axes_as_inputs(tmp_path):
    glassnet.manual_seed(0)
    model = nn.Sequential(nn.GroupNorm(2, 4), nn.AdaptiveAvgPool2d(1))
    proto = check_export(model, randn(4, 3, 3), tmp_path / "m.onnx", opset=18)
    assert proto.opset_import[0].version == 18


def test_example_sequence_models_export(tmp_path):
    """The character-level LSTM and GPT of glassnet.examples (embedding, stacked LSTM, causal attention)."""
    from glassnet.examples.charlm import CharGPT, CharLSTM

    glassnet.manual_seed(0)
    for model in (CharLSTM(20, 8, 16, layers=2), CharGPT(20, block=8, d_model=16, heads=2, layers=2)):
        check_export(model, lambda n: glassnet.randint(0, 20, (n, 8)), tmp_path / "char.onnx")
