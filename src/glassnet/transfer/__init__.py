"""glassnet.transfer: fine-tuning tools for using a pretrained model on a new task.

Freeze and unfreeze named sub-trees (frozen BatchNorm layers stay in eval mode), replace the
classification head, give each part of the network its own learning rate, and see what will train.
Pretrained weights themselves come from the zoo: ``glassnet.models.lenet5(pretrained=True)``.
"""

from .freeze import freeze, is_bn_eval_pinned, set_bn_eval, unfreeze
from .head import replace_head
from .param_groups import param_groups
from .report import TrainableReport, trainable_report

__all__ = ["TrainableReport", "freeze", "is_bn_eval_pinned", "param_groups", "replace_head", "set_bn_eval",
           "trainable_report", "unfreeze"]
