"""The new layers and functions take PyTorch's arguments: same names in the same order (and the same defaults)."""

import inspect

import pytest

import glassnet.nn as nn
import glassnet.nn.functional as F

torch = pytest.importorskip("torch")

# (torch's conv3d, conv_transpose1d/3d, conv_tbc, avg_pool3d, hardshrink, softshrink, cosine_similarity,
# pairwise_distance, pdist, channel_shuffle and bilinear are C builtins without an inspectable signature)
FUNCTIONS = """adaptive_avg_pool3d lp_pool1d lp_pool2d
lp_pool3d max_unpool1d max_unpool2d max_unpool3d max_pool1d_with_indices max_pool2d_with_indices
max_pool3d_with_indices adaptive_max_pool1d_with_indices adaptive_max_pool2d_with_indices
adaptive_max_pool3d_with_indices fractional_max_pool2d_with_indices fractional_max_pool3d_with_indices instance_norm
rms_norm local_response_norm glu threshold rrelu gumbel_softmax feature_alpha_dropout normalize
margin_ranking_loss hinge_embedding_loss soft_margin_loss
multilabel_soft_margin_loss multilabel_margin_loss multi_margin_loss cosine_embedding_loss triplet_margin_loss
triplet_margin_with_distance_loss poisson_nll_loss gaussian_nll_loss ctc_loss embedding_bag
grid_sample affine_grid multi_head_attention_forward linear_cross_entropy interpolate upsample upsample_nearest
upsample_bilinear pad""".split()

LAYERS = """Transformer Conv3d ConvTranspose1d ConvTranspose3d MaxPool3d AvgPool3d AdaptiveAvgPool3d AdaptiveMaxPool1d
AdaptiveMaxPool3d LPPool1d LPPool2d LPPool3d MaxUnpool1d MaxUnpool2d MaxUnpool3d FractionalMaxPool2d
FractionalMaxPool3d InstanceNorm1d InstanceNorm2d InstanceNorm3d RMSNorm LocalResponseNorm CrossMapLRN2d GLU Hardshrink
Softshrink Threshold RReLU FeatureAlphaDropout CosineSimilarity PairwiseDistance MarginRankingLoss HingeEmbeddingLoss
SoftMarginLoss MultiLabelSoftMarginLoss MultiLabelMarginLoss MultiMarginLoss CosineEmbeddingLoss TripletMarginLoss
TripletMarginWithDistanceLoss PoissonNLLLoss GaussianNLLLoss CTCLoss ChannelShuffle EmbeddingBag
AdaptiveLogSoftmaxWithLoss LinearCrossEntropyLoss SyncBatchNorm ZeroPad3d ConstantPad1d ReflectionPad2d LazyLinear
LazyConv1d LazyConv2d LazyConv3d LazyConvTranspose1d LazyConvTranspose2d LazyConvTranspose3d LazyBatchNorm1d
LazyBatchNorm2d LazyBatchNorm3d LazyInstanceNorm1d LazyInstanceNorm2d LazyInstanceNorm3d BatchNorm2d GroupNorm
Bilinear MultiheadAttention Conv1d Conv2d""".split()


def _params(fn):
    return [(p.name, p.default) for p in inspect.signature(fn).parameters.values()]


@pytest.mark.parametrize("name", FUNCTIONS)
def test_function_signature_matches_torch(name):
    expected = _params(getattr(torch.nn.functional, name))
    assert [n for n, _ in _params(getattr(F, name))] == [n for n, _ in expected]


@pytest.mark.parametrize("name", LAYERS)
def test_layer_signature_matches_torch(name):
    mine, theirs = _params(getattr(nn, name).__init__), _params(getattr(torch.nn, name).__init__)
    assert [n for n, _ in mine] == [n for n, _ in theirs]
    for (n, d), (_, e) in zip(mine, theirs):
        if isinstance(e, (int, float, str, bool, type(None), tuple)) and n not in ("device", "dtype"):
            assert d == e, f"{name}({n}=...) default {d!r} != torch's {e!r}"
