"""The autograd engine: Function, backward walk, grad(), gradcheck(), grad modes."""

from .anomaly_mode import detect_anomaly, set_detect_anomaly
from .engine import GradientError
from .function import Function
from .functional import grad
from .grad_mode import enable_grad, is_grad_enabled, no_grad, set_grad_enabled
from .gradcheck import gradcheck, gradgradcheck

__all__ = ["Function", "grad", "gradcheck", "gradgradcheck", "enable_grad", "is_grad_enabled",
           "no_grad", "set_grad_enabled", "GradientError", "detect_anomaly", "set_detect_anomaly"]
