"""Callbacks for fit(): one per file, Keras's names and semantics."""

from .base import Callback, CallbackList
from .csv_logger import CSVLogger
from .early_stopping import EarlyStopping
from .history import History
from .learning_rate_scheduler import LearningRateScheduler
from .model_checkpoint import ModelCheckpoint
from .overfitting_monitor import OverfittingMonitor, OverfittingWarning
from .tensorboard import TensorBoard

__all__ = ["Callback", "CallbackList", "History", "EarlyStopping", "ModelCheckpoint", "LearningRateScheduler",
           "CSVLogger", "TensorBoard", "OverfittingMonitor", "OverfittingWarning"]
