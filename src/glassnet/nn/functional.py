"""glassnet.nn.functional: the stateless forms of the layers (PyTorch's ``F``).

Every name is defined in a module of ``glassnet/nn/`` (the import below says which); ``glassnet/ops/``
holds only the ops they apply, on raw arrays (``tests/test_layering.py`` checks both).
"""
# ruff: noqa: F401 - this module re-exports; `ruff --fix` must not delete the imports below

# --- core: linear, activations, dropout, normalisation, losses, padding ----------------------------
from .activation_extra import (
    celu_,
    elu_,
    feature_alpha_dropout,
    glu,
    gumbel_softmax,
    hardshrink,
    hardtanh_,
    leaky_relu_,
    relu_,
    rrelu,
    rrelu_,
    selu_,
    softshrink,
    threshold,
    threshold_,
)
from .activation_functional import (
    celu,
    elu,
    gelu,
    hardsigmoid,
    hardswish,
    hardtanh,
    leaky_relu,
    log_softmax,
    logsigmoid,
    mish,
    prelu,
    relu,
    relu6,
    selu,
    sigmoid,
    silu,
    softmax,
    softmin,
    softplus,
    softsign,
    tanh,
    tanhshrink,
)
from .channel_shuffle import channel_shuffle, native_channel_shuffle
from .distance import cosine_similarity, normalize, pairwise_distance, pdist
from .dropout_functional import alpha_dropout, dropout, dropout1d, dropout2d, dropout3d
from .grid_sample import affine_grid, grid_sample
from .instancenorm import instance_norm
from .linear import bilinear, linear
from .linear_cross_entropy import linear_cross_entropy
from .local_response_norm import local_response_norm
from .loss_extra_functional import (
    cosine_embedding_loss,
    ctc_loss,
    gaussian_nll_loss,
    hinge_embedding_loss,
    margin_ranking_loss,
    multi_margin_loss,
    multilabel_margin_loss,
    multilabel_soft_margin_loss,
    poisson_nll_loss,
    soft_margin_loss,
    triplet_margin_loss,
    triplet_margin_with_distance_loss,
)
from .loss_functional import (
    binary_cross_entropy,
    binary_cross_entropy_with_logits,
    cross_entropy,
    huber_loss,
    kl_div,
    l1_loss,
    mse_loss,
    nll_loss,
    one_hot,
    smooth_l1_loss,
)
from .normalization_functional import batch_norm, group_norm, layer_norm
from .padding import pad
from .rmsnorm import rms_norm

# isort: split

# --- convolution, pooling, interpolation, unfold/fold ---------------------------------------------
from .conv import conv1d, conv2d, conv_transpose2d, fold, unfold
from .conv_nd import conv3d, conv_tbc, conv_transpose1d, conv_transpose3d
from .fractional_pool import (
    fractional_max_pool2d,
    fractional_max_pool2d_with_indices,
    fractional_max_pool3d,
    fractional_max_pool3d_with_indices,
)
from .pixelshuffle import pixel_shuffle, pixel_unshuffle
from .pooling import (
    adaptive_avg_pool1d,
    adaptive_avg_pool2d,
    adaptive_max_pool2d,
    avg_pool1d,
    avg_pool2d,
    max_pool1d,
    max_pool2d,
)
from .pooling_nd import (
    adaptive_avg_pool3d,
    adaptive_max_pool1d,
    adaptive_max_pool1d_with_indices,
    adaptive_max_pool2d_with_indices,
    adaptive_max_pool3d,
    adaptive_max_pool3d_with_indices,
    avg_pool3d,
    lp_pool1d,
    lp_pool2d,
    lp_pool3d,
    max_pool1d_with_indices,
    max_pool2d_with_indices,
    max_pool3d,
    max_pool3d_with_indices,
    max_unpool1d,
    max_unpool2d,
    max_unpool3d,
)
from .upsampling import interpolate, upsample, upsample_bilinear, upsample_nearest

# isort: split

# --- sequence: embedding, attention ----------------------------------------------------------------
from .attention_functional import multi_head_attention_forward, scaled_dot_product_attention
from .embedding import embedding
from .embedding_bag import embedding_bag
