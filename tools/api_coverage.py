"""How much of PyTorch's public API glassnet has: writes docs/api-coverage.md.

    python tools/api_coverage.py            # rewrite docs/api-coverage.md
    python tools/api_coverage.py --check    # exit 1 if the committed report is stale

It walks PyTorch's public names in torch (functions), torch.Tensor (methods and attributes),
torch.nn (layer classes), torch.nn.functional, torch.linalg, torch.optim (optimizers) and
torch.optim.lr_scheduler, sets aside the families glassnet does not aim at (EXCLUSIONS, each with
its reason), and checks which of the rest glassnet has, and that they are callable where PyTorch's
are. Needs torch installed; the report records the torch version it was made against.
"""

from __future__ import annotations

import argparse
import inspect
import re
import sys
import types
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
REPORT = REPO / "docs" / "api-coverage.md"

# Targets from issue #9: (title, namespaces pooled together, goal in percent).
TARGETS = [
    ("torch.nn layers and torch.nn.functional functions", ("torch.nn", "torch.nn.functional"), 95.0),
    ("dense real-valued torch.Tensor methods and attributes", ("torch.Tensor",), 90.0),
]

# Operator and protocol dunders of torch.Tensor that are part of its everyday API (a + b, t[i], len(t)).
TENSOR_OPERATORS = frozenset("""
__abs__ __add__ __and__ __array__ __bool__ __contains__ __deepcopy__ __eq__ __float__ __floordiv__ __format__
__ge__ __getitem__ __gt__ __iadd__ __iand__ __ifloordiv__ __ilshift__ __imod__ __imul__ __index__ __int__
__invert__ __ior__ __ipow__ __irshift__ __isub__ __iter__ __itruediv__ __ixor__ __le__ __len__ __lshift__ __lt__
__matmul__ __mod__ __mul__ __ne__ __neg__ __or__ __pos__ __pow__ __radd__ __rand__ __repr__ __reversed__
__rfloordiv__ __rlshift__ __rmatmul__ __rmod__ __rmul__ __ror__ __rpow__ __rrshift__ __rshift__ __rsub__
__rtruediv__ __rxor__ __setitem__ __sub__ __truediv__ __xor__
""".split())


@dataclass(frozen=True)
class Exclusion:
    """A family of PyTorch names outside glassnet's scope: a name is in it if it matches `pattern`."""

    family: str
    reason: str
    pattern: str
    namespaces: tuple[str, ...] = ()  # empty: every namespace

    def matches(self, namespace: str, name: str) -> bool:
        """Whether this rule covers `name` in `namespace`."""
        if self.namespaces and namespace not in self.namespaces:
            return False
        return re.search(self.pattern, name) is not None


def _words(names: str) -> str:
    """A regex matching exactly one of the whitespace-separated names."""
    return "^(" + "|".join(re.escape(n) for n in names.split()) + ")$"


# Applied in order; the first rule that matches a name decides its family.
EXCLUSIONS = [
    Exclusion("private", "underscore names are PyTorch internals, not API", r"^_(?!_.*__$)"),
    Exclusion("dunder internals", "Python protocol and pickling hooks, not tensor operators (the operator dunders "
              "of torch.Tensor stay in scope)", r"^__.*__$"),
    Exclusion("sparse", "sparse layouts (COO/CSR/CSC/BSR/BSC); glassnet is dense only",
              r"sparse|coalesce|indices_copy$|^values_copy$"
              + "|" + _words("indices values crow_indices col_indices ccol_indices row_indices to_dense dense_dim "
                             "dsmm hsmm hspmm smm spmm sspaddmm saddmm SparseAdam")),
    Exclusion("quantized", "quantized tensors and int8/fp16 packed kernels",
              r"quantiz|^q_|qscheme|^int_repr$|^dequantize$|fbgemm|qparams|fake_quant"),
    Exclusion("complex", "complex dtypes; glassnet is real-valued",
              r"complex|^conj|^resolve_(conj|neg)$|^is_(conj|neg)$|^(imag|real|polar|cfloat|cdouble|chalf)$"
              r"|^view_as_real|^(stft|istft)$"),
    Exclusion("named tensors", "named tensors (a prototype PyTorch feature)",
              _words("names name refine_names rename rename_ align_to align_as has_names")),
    Exclusion("accelerator-only", "CUDA/MPS/XPU/IPU/ROCm/MKLDNN/Vulkan devices, pinned memory, autocast, "
              "float8 GEMMs and multi-GPU layers; glassnet runs on the CPU",
              r"(^|_)(cuda\d*|cudnn|miopen|mkldnn|mps|xpu|hip|vulkan|ipu|xla|mtia|maia|hpu|nnpack|autocast|cudagraph)"
              r"(_|$)|" + _words("is_meta is_pinned pin_memory record_stream scaled_mm grouped_mm scaled_grouped_mm "
                                 "DataParallel SyncBatchNorm")),
    Exclusion("storage internals", "raw storage, strides by hand, data pointers, DLPack and shared-memory plumbing",
              r"storage|data_ptr|dlpack|^as_strided|^empty_strided$|^empty_permuted$|^resize|^set_$|^is_set_to$"
              r"|^is_shared$|^share_memory_$|^from_file$|^new_empty_strided$|^dim_order$|^module_load$"
              r"|^as_subclass$|^output_nr$|^hash_tensor$|^is_nested$|^to_padded_tensor$"),
    Exclusion("view-copy variants", "the *_copy twins of view ops exist for PyTorch's functionalization pass",
              r"^(alias|detach|diagonal|expand|narrow|permute|select|slice|split|split_with_sizes|squeeze|t"
              r"|transpose|unbind|unfold|unsqueeze|view)_copy$"),
    Exclusion("deprecated", "deprecated or removed in PyTorch in favour of a named successor",
              _words("chain_matmul cholesky eig ger lstsq lu lu_solve matrix_rank qr solve symeig triangular_solve "
                     "svd set_default_tensor_type range frobenius_norm nuclear_norm norm_except_dim reinforce "
                     "volatile new Container NLLLoss2d upsample upsample_bilinear upsample_nearest "
                     "assert_int_or_pair"),
              namespaces=("torch", "torch.Tensor", "torch.nn", "torch.nn.functional")),
    Exclusion("JIT/fx/compile internals", "TorchScript, torch.compile, symbolic shapes, functorch control flow and "
              "the __torch_function__ override machinery",
              r"^sym_|^import_ir_module|^parse_|type_comment|^unify_type_list$|^classproperty$|^boolean_dispatch$"
              r"|torch_function|^compiled_with_cxx11_abi$|" + _words("compile cond while_loop vmap fork wait "
                                                                      "typename get_file_path slice_inverse "
                                                                      "nonzero_static segment_reduce "
                                                                      "thread_safe_generator")),
    Exclusion("distributed", "multi-process and multi-machine training",
              r"distributed|^prepare_multiprocessing_environment$|^get_device_module$"),
    Exclusion("aten internals", "kernels PyTorch exposes at torch.* but does not document (backward helpers, "
              "native_* entry points, fused RNN steps)",
              r"^native_|_backward|^batch_norm_(elemt|gather|stats|update)|^feature_dropout|^feature_alpha_dropout_$"
              r"|^(rnn_relu|rnn_tanh|gru|lstm)(_cell)?$|^conv_tbc$|^convolution$|^constant_pad_nd$|^grid_sampler"
              r"|^affine_grid_generator$|^embedding_renorm_$|^unsafe_|^is_vulkan_available$|_with_counts$",
              namespaces=("torch", "torch.Tensor", "torch.nn.functional")),
]

# torch.* twins of torch.nn.functional ops, undocumented at torch.*: counted once, under nn.functional.
FUNCTIONAL_TWIN = Exclusion("nn.functional twins", "undocumented torch.* copies of torch.nn.functional ops; "
                            "counted under torch.nn.functional", "", namespaces=("torch",))
# torch.abs_(x) and friends: the documented in-place API is the Tensor method.
INPLACE_TWIN = Exclusion("in-place twins", "undocumented torch.X_ in-place functions; the documented in-place API "
                         "is Tensor.X_", "", namespaces=("torch",))
DOCUMENTED_AT_TORCH = frozenset({"sigmoid", "tanh"})  # also in F, but documented torch pointwise ops


@dataclass
class Namespace:
    """One PyTorch namespace compared with its glassnet counterpart."""

    name: str
    glassnet_path: str
    present: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    excluded: dict[str, list[str]] = field(default_factory=dict)

    @property
    def in_scope(self) -> int:
        """How many names are counted."""
        return len(self.present) + len(self.missing)

    @property
    def percent(self) -> float:
        """Share of the counted names glassnet has."""
        return 100.0 * len(self.present) / self.in_scope if self.in_scope else 100.0


def _resolve(path: str):
    """The object at a dotted path (glassnet's lazy subpackages load through getattr), or None."""
    import importlib

    parts = path.split(".")
    try:
        obj = importlib.import_module(parts[0])
        for part in parts[1:]:
            obj = getattr(obj, part)
    except (ImportError, AttributeError):
        return None
    return obj


def _is_attribute(cls, name: str) -> bool:
    """Whether `name` on a class is a data attribute (property/descriptor/plain value) rather than a method."""
    static = inspect.getattr_static(cls, name)
    if isinstance(static, (property, types.GetSetDescriptorType, types.MemberDescriptorType)):
        return True
    return not callable(static) and not isinstance(static, (staticmethod, classmethod))


def _torch_candidates(torch) -> dict[str, list[str]]:
    """PyTorch's public names per namespace, before exclusions."""
    F = torch.nn.functional

    def functions(module) -> list[str]:
        out = []
        for n in dir(module):
            obj = getattr(module, n, None)
            if obj is None or inspect.isclass(obj) or isinstance(obj, types.ModuleType) or not callable(obj):
                continue
            if (getattr(obj, "__module__", None) or "torch").split(".")[0] != "torch":
                continue  # typing.Optional and friends imported into the module
            out.append(n)
        return out

    def subclasses(module, base) -> list[str]:
        return [n for n in dir(module) if inspect.isclass(getattr(module, n)) and issubclass(getattr(module, n), base)
                and not n.startswith("_")]

    tensor = [n for n in dir(torch.Tensor) if not n.startswith("__") or n in TENSOR_OPERATORS]
    schedulers = subclasses(torch.optim.lr_scheduler, torch.optim.lr_scheduler.LRScheduler)
    if "ReduceLROnPlateau" not in schedulers:  # not an LRScheduler subclass in every torch version
        schedulers.append("ReduceLROnPlateau")
    return {
        "torch": functions(torch),
        "torch.Tensor": tensor,
        "torch.nn": subclasses(torch.nn, torch.nn.Module),
        "torch.nn.functional": functions(F),
        "torch.linalg": [n for n in functions(torch.linalg) if n != "common_notes"],
        "torch.optim": subclasses(torch.optim, torch.optim.Optimizer),
        "torch.optim.lr_scheduler": sorted(schedulers),
    }


GLASSNET_PATHS = {
    "torch": "glassnet",
    "torch.Tensor": "glassnet.Tensor",
    "torch.nn": "glassnet.nn",
    "torch.nn.functional": "glassnet.nn.functional",
    "torch.linalg": "glassnet.linalg",
    "torch.optim": "glassnet.optim",
    "torch.optim.lr_scheduler": "glassnet.optim.lr_scheduler",
}


def _exclusion_for(namespace: str, name: str, torch) -> Exclusion | None:
    if namespace == "torch.Tensor" and name in TENSOR_OPERATORS:
        return None
    for rule in EXCLUSIONS:
        if rule.matches(namespace, name):
            return rule
    if namespace == "torch":
        if hasattr(torch.nn.functional, name) and name not in DOCUMENTED_AT_TORCH:
            return FUNCTIONAL_TWIN
        if name.endswith("_") and hasattr(torch, name[:-1]):
            return INPLACE_TWIN
    return None


def glassnet_has(namespace: str, name: str, torch) -> bool:
    """Whether glassnet has the counterpart of torch's `namespace.name`, in a usable form."""
    owner = _resolve(GLASSNET_PATHS[namespace])
    if owner is None:
        return False
    if namespace == "torch.Tensor":
        return _tensor_has(owner, name, _is_attribute(torch.Tensor, name))
    obj = getattr(owner, name, None)
    if obj is None or not callable(obj):
        return False
    if namespace == "torch.nn":
        return inspect.isclass(obj) and issubclass(obj, _resolve("glassnet.nn.Module"))
    if namespace in ("torch.optim", "torch.optim.lr_scheduler"):
        return inspect.isclass(obj)
    return True


def _tensor_has(cls, name: str, attribute: bool) -> bool:
    if name.startswith("__"):  # an operator: glassnet.Tensor itself must define it, not just inherit object's
        return any(name in vars(k) for k in cls.__mro__ if k is not object)
    if attribute:
        import glassnet

        try:
            getattr(glassnet.ones(2, 2, requires_grad=True), name)
        except (AttributeError, NotImplementedError, TypeError, RuntimeError):
            return False
        return True
    return callable(getattr(cls, name, None))


def collect() -> tuple[str, list[Namespace]]:
    """Torch's version and the comparison for every namespace."""
    import torch

    result = []
    for ns_name, names in _torch_candidates(torch).items():
        ns = Namespace(ns_name, GLASSNET_PATHS[ns_name])
        for name in sorted(set(names)):
            rule = _exclusion_for(ns_name, name, torch)
            if rule is not None:
                ns.excluded.setdefault(rule.family, []).append(name)
            elif glassnet_has(ns_name, name, torch):
                ns.present.append(name)
            else:
                ns.missing.append(name)
        result.append(ns)
    return torch.__version__.split("+")[0], result


def _pooled(namespaces: list[Namespace], names: tuple[str, ...]) -> tuple[int, int]:
    chosen = [ns for ns in namespaces if ns.name in names]
    return sum(len(ns.present) for ns in chosen), sum(ns.in_scope for ns in chosen)


def _names(names: list[str]) -> str:
    return ", ".join(f"`{n}`" for n in names) if names else "(none)"


def render(torch_version: str, namespaces: list[Namespace]) -> str:
    """The Markdown report."""
    lines = [
        f"# API coverage: glassnet against PyTorch {torch_version}",
        "",
        "Generated by `python tools/api_coverage.py` (do not edit by hand; "
        "`tests/test_api_coverage.py` fails when this file is stale).",
        "",
        "## Targets (issue #9)",
        "",
        "| target | covered | goal | met |",
        "|---|---|---|---|",
    ]
    for title, names, goal in TARGETS:
        have, total = _pooled(namespaces, names)
        pct = 100.0 * have / total if total else 100.0
        lines.append(f"| {title} | {have}/{total} = **{pct:.1f}%** | {goal:.0f}% | {'yes' if pct >= goal else 'no'} |")
    lines += ["", "## Summary", "", "| namespace | glassnet | covered | present | missing | excluded |",
              "|---|---|---|---|---|---|"]
    for ns in namespaces:
        excluded = sum(len(v) for v in ns.excluded.values())
        lines.append(f"| `{ns.name}` | `{ns.glassnet_path}` | {ns.percent:.1f}% | {len(ns.present)} | "
                     f"{len(ns.missing)} | {excluded} |")
    lines += [
        "",
        "What is counted: `torch` and `torch.nn.functional` and `torch.linalg`: public callables that are not "
        "classes or modules; `torch.Tensor`: public methods and attributes plus the operator dunders "
        "(`__add__`, `__getitem__` ...), a method counting when glassnet's is callable and an attribute when a "
        "glassnet tensor has it; `torch.nn`: `Module` subclasses (glassnet's must subclass `glassnet.nn.Module`); "
        "`torch.optim`: `Optimizer` subclasses; `torch.optim.lr_scheduler`: `LRScheduler` subclasses and "
        "`ReduceLROnPlateau`.",
        "",
        "## Exclusion rules",
        "",
        "A name matching a rule is not counted; the first matching rule names its family.",
        "",
        "| family | reason | namespaces | rule (regex on the name) |",
        "|---|---|---|---|",
    ]
    for rule in [*EXCLUSIONS, FUNCTIONAL_TWIN, INPLACE_TWIN]:
        where = ", ".join(f"`{n}`" for n in rule.namespaces) or "all"
        pattern = f"`{rule.pattern}`".replace("|", "\\|") if rule.pattern else "(see reason)"
        lines.append(f"| {rule.family} | {rule.reason} | {where} | {pattern} |")
    for ns in namespaces:
        lines += ["", f"## `{ns.name}`: {ns.percent:.1f}% ({len(ns.present)} of {ns.in_scope})", "",
                  f"**Missing ({len(ns.missing)}):** {_names(ns.missing)}", "",
                  f"**Present ({len(ns.present)}):** {_names(ns.present)}", ""]
        for family, names in sorted(ns.excluded.items()):
            lines.append(f"- excluded, {family} ({len(names)}): {_names(names)}")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Write the report, or with --check report whether the committed one is current."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="exit 1 if docs/api-coverage.md is stale")
    parser.add_argument("--out", type=Path, default=REPORT, help="where to write the report")
    args = parser.parse_args(argv)
    text = render(*collect())
    if args.check:
        current = args.out.read_text() if args.out.exists() else ""
        if current != text:
            print(f"{args.out} is stale: run python tools/api_coverage.py", file=sys.stderr)
            return 1
        return 0
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text)
    print(text[:text.index("## Exclusion rules")])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
