"""glassnet.nn: modules, layers, losses, initialisation (PyTorch names and semantics).

Each section below is filled by the module family it names; keep imports explicit.
"""

# --- core: Module, containers, linear, activations, dropout, norms, losses ------------------------
from . import functional, init, utils
from .activation import (
    CELU,
    ELU,
    GELU,
    SELU,
    Hardsigmoid,
    Hardswish,
    Hardtanh,
    LeakyReLU,
    LogSigmoid,
    LogSoftmax,
    Mish,
    PReLU,
    ReLU,
    ReLU6,
    Sigmoid,
    SiLU,
    Softmax,
    Softmin,
    Softplus,
    Softsign,
    Tanh,
    Tanhshrink,
)
from .container import (
    Flatten,
    Identity,
    ModuleDict,
    ModuleList,
    ParameterDict,
    ParameterList,
    Sequential,
    Unflatten,
)
from .dropout import AlphaDropout, Dropout, Dropout1d, Dropout2d, Dropout3d
from .linear import Bilinear, LazyLinear, Linear
from .loss import (
    BCELoss,
    BCEWithLogitsLoss,
    CrossEntropyLoss,
    HuberLoss,
    KLDivLoss,
    L1Loss,
    MSELoss,
    NLLLoss,
    SmoothL1Loss,
)
from .module import Module
from .normalization import BatchNorm1d, BatchNorm2d, BatchNorm3d, GroupNorm, LayerNorm
from .padding import (
    CircularPad1d,
    CircularPad2d,
    CircularPad3d,
    ConstantPad1d,
    ConstantPad2d,
    ConstantPad3d,
    ReflectionPad1d,
    ReflectionPad2d,
    ReflectionPad3d,
    ReplicationPad1d,
    ReplicationPad2d,
    ReplicationPad3d,
    ZeroPad1d,
    ZeroPad2d,
)
from .parameter import Buffer, Parameter

# isort: split

# --- convolution and pooling ----------------------------------------------------------------------
from .conv import Conv1d, Conv2d, ConvTranspose2d, Fold, Unfold
from .pixelshuffle import PixelShuffle, PixelUnshuffle
from .pooling import (
    AdaptiveAvgPool1d,
    AdaptiveAvgPool2d,
    AdaptiveMaxPool2d,
    AvgPool1d,
    AvgPool2d,
    MaxPool1d,
    MaxPool2d,
)
from .upsampling import Upsample, UpsamplingBilinear2d, UpsamplingNearest2d

# isort: split

# --- sequence models: embeddings, recurrent, attention, transformer -------------------------------
from .attention import MultiheadAttention
from .embedding import Embedding
from .positional import LearnedPositionalEmbedding, PositionalEncoding
from .recurrent import GRU, LSTM, RNN, GRUCell, LSTMCell, RNNBase, RNNCell, RNNCellBase
from .transformer import (
    TransformerDecoder,
    TransformerDecoderLayer,
    TransformerEncoder,
    TransformerEncoderLayer,
)

# isort: split

# ---- issue #9 coverage (nn2) ----
from .activation import Softmax2d
from .adaptive_softmax import AdaptiveLogSoftmaxWithLoss
from .channel_shuffle import ChannelShuffle
from .embedding_bag import EmbeddingBag
from .feature_alpha_dropout import FeatureAlphaDropout
from .fractional_pool import FractionalMaxPool2d, FractionalMaxPool3d
from .linear_cross_entropy import LinearCrossEntropyLoss
from .lppool import LPPool1d, LPPool2d, LPPool3d
from .lrn import CrossMapLRN2d, LocalResponseNorm
from .margin_losses import (
    HingeEmbeddingLoss,
    MarginRankingLoss,
    MultiLabelMarginLoss,
    MultiLabelSoftMarginLoss,
    MultiMarginLoss,
    SoftMarginLoss,
    TripletMarginWithDistanceLoss,
)
from .pool_indices import AdaptiveMaxPool1d
from .random_activation import RReLU
from .shrink import Hardshrink, Softshrink, Threshold
from .unpool import MaxUnpool1d, MaxUnpool2d, MaxUnpool3d
from .zero_pad import ZeroPad3d
