"""Transfer learning with few labels: pretrained LeNet-5 vs the same network from scratch, K examples per class.

    python examples/transfer_fewshot.py [--data DIR] [--ks 10 50 200] [--seeds 0 1 2]

Writes docs/transfer/fewshot.md (the table) and docs/transfer/fewshot.png (the plot). The grid is two tasks
(Fashion-MNIST from the shipped MNIST weights; MNIST digits 5-9 from a LeNet-5 trained on digits 0-4) x K x
seeds, two trainings each; the tasks can run as separate processes (--tasks fashion --save-rows a.json ...)
and be rendered together (--from-rows a.json b.json). The method lives in glassnet/examples/fewshot.py.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))

from glassnet.examples import fewshot  # noqa: E402

TASK_TITLES = {"fashion": "Fashion-MNIST (10 classes) from LeNet-5 pretrained on MNIST",
               "digits5-9": "MNIST digits 5-9 (5 classes) from LeNet-5 pretrained on digits 0-4"}


def render(rows: list[dict], out: Path, settings: dict) -> str:
    """Write fewshot.md and fewshot.png under ``out``; return the markdown table."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    summary = fewshot.summarize(rows)
    lines = ["| task | K per class | fine-tuned from pretrained | from scratch | gain |", "|---|---:|---:|---:|---:|"]
    for s in summary:
        lines.append(f"| {s['task']} | {s['k']} | {s['pretrained']:.1%} ± {s['pretrained_std']:.1%} | "
                     f"{s['scratch']:.1%} ± {s['scratch_std']:.1%} | {s['gain'] * 100:+.1f} pts |")
    table = "\n".join(lines)
    tasks = list(dict.fromkeys(s["task"] for s in summary))
    fig, axes = plt.subplots(1, len(tasks), figsize=(4.2 * len(tasks), 3.2), squeeze=False)
    for ax, task in zip(axes[0], tasks):
        sel = [s for s in summary if s["task"] == task]
        ks = [s["k"] for s in sel]
        for key, label, style in (("pretrained", "fine-tuned (pretrained)", "o-"), ("scratch", "from scratch", "s--")):
            ax.errorbar(ks, [100 * s[key] for s in sel], yerr=[100 * s[f"{key}_std"] for s in sel], fmt=style,
                        capsize=3, label=label)
        ax.set_xscale("log")
        ax.set_xticks(ks)
        ax.set_xticklabels([str(k) for k in ks])
        ax.set_xlabel("labelled examples per class (K)")
        ax.set_ylabel("test accuracy (%)")
        ax.set_title(task, fontsize=10)
        ax.grid(alpha=0.3)
        ax.legend(fontsize=8)
    fig.tight_layout()
    out.mkdir(parents=True, exist_ok=True)
    fig.savefig(out / "fewshot.png", dpi=80)
    plt.close(fig)
    seeds = sorted({r["seed"] for r in rows})
    md = [
        "# Transfer learning with few labels", "",
        "LeNet-5 fine-tuned from pretrained weights against the same network trained from scratch, on the same K "
        f"labelled examples per class; mean ± standard deviation over {len(seeds)} seeds (seed = the draw of the "
        "K examples, the new head's initialisation and the batch order). Made by `examples/transfer_fewshot.py`.", "",
        *(f"- **{t}**: {TASK_TITLES[t]}." for t in tasks), "",
        f"Both arms: Adam, lr 1e-3, batch 32, {settings['steps']} steps. Fine-tuning replaces the head "
        "(`glassnet.transfer.replace_head`), freezes the pretrained convolutions (`freeze(model, \"features\")`) "
        "and trains the fully connected layers. Test accuracy on "
        f"{settings['test_images']:,} test images per task (a fixed random subset).", "",
        table, "", "![few-shot transfer](fewshot.png)", "",
        "Notes from choosing the recipe (same settings, K=10, seeds 0 and 1):", "",
        "- Training every layer, the pretrained ones at a tenth of the head's learning rate "
        "(`param_groups`), lost to scratch on digits 5-9 (70.9% and 73.2% vs 86.3% and 83.8%), likely because "
        "100 steps at 1e-4 change the fully connected layers trained on digits 0-4 little. At the full learning "
        "rate it was 83.7% and 86.0%; freezing the convolutions, 85.6% and 87.3%.",
        "- A LeNet-5 from scratch already reads five digit classes well from 50 images, so the digits gain "
        "is small; on Fashion-MNIST scratch is further from what the network can reach, and the MNIST "
        "convolutions add about 7 points at every K.",
        "- The budget is 100 steps whatever K is, so at K=200 (2,000 images, 1.6 epochs) neither arm has "
        "converged: the table compares equal, small amounts of training.", "",
    ]
    (out / "fewshot.md").write_text("\n".join(md))
    return table


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data", default=os.environ.get("GLASSNET_SHARED_DATA", str(REPO.parent / "shared" / "data")),
                   help="folder with the mnist/ and fashion-mnist/ IDX files")
    p.add_argument("--tasks", nargs="+", default=list(fewshot.TASKS), choices=fewshot.TASKS)
    p.add_argument("--ks", nargs="+", type=int, default=[10, 50, 200])
    p.add_argument("--seeds", nargs="+", type=int, default=[0, 1, 2])
    p.add_argument("--steps", type=int, default=100, help="optimizer steps per training (both arms)")
    p.add_argument("--test-images", type=int, default=1000)
    p.add_argument("--out", default=str(REPO / "docs" / "transfer"))
    p.add_argument("--save-rows", default=None, help="also write the per-seed results as JSON here")
    p.add_argument("--from-rows", nargs="+", default=None, help="render saved results instead of training")
    args = p.parse_args(argv)
    settings = {"steps": args.steps, "test_images": args.test_images}
    if args.from_rows:
        rows, saved = [], []
        for f in args.from_rows:
            d = json.loads(Path(f).read_text())
            rows += d["rows"]
            saved.append(d["settings"])
        settings = saved[0]
    else:
        t0 = time.perf_counter()
        prepared = fewshot.prepare(args.data, args.tasks, args.test_images)
        rows = fewshot.run(prepared, args.ks, args.seeds, args.steps)
        print(f"{len(rows)} settings in {time.perf_counter() - t0:.0f} s")
        if args.save_rows:
            Path(args.save_rows).write_text(json.dumps({"settings": settings, "rows": rows}, indent=1))
    print(render(rows, Path(args.out), settings))
    return 0


if __name__ == "__main__":
    sys.exit(main())
