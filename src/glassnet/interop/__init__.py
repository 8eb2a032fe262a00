"""glassnet.interop: bring weights in from other frameworks (PyTorch state_dicts, torch-written safetensors)."""

from .torch_weights import LoadReport, StateDictMismatchError, from_torch_state_dict

__all__ = ["from_torch_state_dict", "LoadReport", "StateDictMismatchError"]
