"""glassnet.train: Keras's fit/evaluate/predict, callbacks, metrics and resumable checkpoints."""

from . import callbacks, metrics
from .callbacks import (
    Callback,
    CSVLogger,
    EarlyStopping,
    History,
    LearningRateScheduler,
    ModelCheckpoint,
    OverfittingMonitor,
    OverfittingWarning,
    TensorBoard,
)
from .checkpoint import load_checkpoint, restore_checkpoint, save_checkpoint
from .fit import evaluate, fit, predict

__all__ = ["fit", "evaluate", "predict", "History", "Callback", "EarlyStopping", "ModelCheckpoint",
           "LearningRateScheduler", "CSVLogger", "TensorBoard", "OverfittingMonitor", "OverfittingWarning",
           "save_checkpoint", "load_checkpoint", "restore_checkpoint", "metrics", "callbacks"]
