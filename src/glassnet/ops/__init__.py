"""Differentiable ops, one small class per op, grouped by family (one file per family)."""
