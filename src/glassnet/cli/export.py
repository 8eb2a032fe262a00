"""``glassnet export RUN_DIR --onnx out.onnx``: write a saved run's model as an ONNX file.

The file is built by ``glassnet.onnx.export`` from one traced forward pass on an input of the run's shape,
with the batch dimension left symbolic (``--static-batch`` fixes it). When onnxruntime is installed the file
is run once on that input and its largest difference from glassnet's output is reported. A note of what
was exported goes into the run folder (onnx_export.json), where ``glassnet info`` shows it.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from .errors import CLIError
from .inspect_cmd import parse_size
from .runs import load_model, write_json

NAME = "export"
HELP = "Export a saved run's model to ONNX, to run it with onnxruntime or any other ONNX runtime."
EXPORT_NOTE = "onnx_export.json"

EPILOG = """Examples:
  glassnet export runs/my-lenet --onnx lenet.onnx
  glassnet export runs/my-lenet --onnx lenet.onnx --static-batch --input-size 8,1,28,28"""


def add_arguments(p: argparse.ArgumentParser) -> None:
    """Options of ``glassnet export``."""
    p.add_argument("run_dir", metavar="RUN_DIR", help="a folder written by 'glassnet train'")
    p.add_argument("--onnx", required=True, metavar="PATH", help="the ONNX file to write")
    p.add_argument("--opset", type=int, default=17, help="ONNX opset version (default: 17)")
    p.add_argument("--static-batch", action="store_true",
                   help="fix the batch size to the example input's (default: any batch size)")
    p.add_argument("--input-size", default=None, metavar="SIZE",
                   help="the example input's size with the batch first, e.g. 1,1,28,28 (default: one sample of "
                        "the run's input shape)")


def _max_diff(path: Path, model: object, x: object) -> float | None:
    """Run the file in onnxruntime on ``x`` and compare with the model; None without onnxruntime."""
    try:
        import onnxruntime
    except ImportError:
        return None
    import numpy

    import glassnet as gn

    with gn.no_grad():
        ref = model(x).numpy()
    sess = onnxruntime.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    got = sess.run(None, {sess.get_inputs()[0].name: x.numpy()})[0]
    return float(numpy.abs(got.astype("float64") - ref).max())


def run(args: argparse.Namespace) -> int:
    """Export, check in onnxruntime when it is there, and leave a note in the run folder."""
    from tqdm import tqdm

    import glassnet as gn

    try:
        from ..onnx import export
    except ImportError as e:
        raise CLIError(str(e)) from None
    model, config, run_dir = load_model(args.run_dir)
    size = parse_size(args.input_size) if args.input_size else (1, *config["input_shape"])
    out = Path(args.onnx)
    if out.is_dir():
        raise CLIError(f"--onnx {out} is a folder; give the path of the .onnx file to write")
    gn.manual_seed(0)
    x = gn.rand(*size)
    steps = tqdm(total=2, desc="glassnet export", unit="step", disable=None, leave=False)
    try:
        try:
            proto = export(model, x, out, dynamic_batch=not args.static_batch, opset=args.opset)
        except ImportError as e:
            raise CLIError(str(e)) from None
        steps.update()
        diff = _max_diff(out, model, x)
        steps.update()
    finally:
        steps.close()
    note = {"onnx": str(out.resolve()), "opset": args.opset, "dynamic_batch": not args.static_batch,
            "input_size": list(size), "nodes": len(proto.graph.node), "bytes": out.stat().st_size,
            "onnxruntime_max_abs_diff": diff, "exported_at": time.strftime("%Y-%m-%d %H:%M:%S")}
    write_json(run_dir / EXPORT_NOTE, note)
    checked = ("" if diff is None else f"; onnxruntime output matches glassnet's within {diff:.2g}")
    print(f"wrote {out} ({len(proto.graph.node)} ONNX nodes, opset {args.opset}, "
          f"{'any batch size' if not args.static_batch else f'batch {size[0]}'}){checked}")
    return 0
