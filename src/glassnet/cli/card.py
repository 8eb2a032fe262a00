"""``glassnet card RUN_DIR``: print a run's model card, or write it again from the run's files."""

from __future__ import annotations

import argparse
import json

from .errors import CLIError
from .runs import read_config

NAME = "card"
HELP = "Print a run's model card (MODEL_CARD.md), or regenerate it and model_card.json from the run folder."


def add_arguments(p: argparse.ArgumentParser) -> None:
    """Options of ``glassnet card``."""
    p.add_argument("run_dir", metavar="RUN_DIR", help="a folder written by 'glassnet train'")
    p.add_argument("--regenerate", action="store_true",
                   help="rebuild MODEL_CARD.md and model_card.json from config.json, metrics.json, fairness.json "
                        "and the data files (re-hashed)")
    p.add_argument("--json", action="store_true", help="print model_card.json instead of the Markdown")


def run(args: argparse.Namespace) -> int:
    """Print (and maybe rewrite) the card."""
    from ..model_card import CARD_JSON, CARD_MD, build_model_card, render_markdown, write_model_card

    run_dir, _ = read_config(args.run_dir, need_model=False)
    if args.regenerate:
        write_model_card(run_dir)
    path = run_dir / (CARD_JSON if args.json else CARD_MD)
    if path.is_file():
        print(path.read_text(encoding="utf-8"), end="")
        return 0
    if not (run_dir / "metrics.json").is_file():
        raise CLIError(f"{run_dir} has no metrics.json yet (no epoch finished), so there is no card to show")
    card = build_model_card(run_dir)  # a run from before cards: show one without writing it
    print(json.dumps(card, indent=2) if args.json else render_markdown(card))
    print(f"({run_dir} holds no {path.name}; 'glassnet card {run_dir} --regenerate' writes it)")
    return 0
