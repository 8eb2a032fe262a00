"""einsum as one op. The equation is first made explicit (ellipses spelled out as letters, the implicit
output written down); each operand's gradient is then another einsum: the output gradient contracted
with the other operands, giving that operand's labels. Labels repeated in an operand (a diagonal,
``ii->i``) get the gradient on that diagonal; labels summed within one operand alone get it broadcast.
"""

from __future__ import annotations

import string

from ..autograd.function import Function
from ..backend import array_module


def normalize_equation(equation: str, ndims: list) -> tuple:
    """(input label strings, output label string) with '...' replaced by letters and the output explicit."""
    eq = equation.replace(" ", "")
    lhs, arrow, rhs = eq.partition("->")
    terms = lhs.split(",")
    if len(terms) != len(ndims):
        raise RuntimeError(f"einsum(): {len(terms)} operands in the equation but {len(ndims)} were given")
    for term in terms + [rhs]:
        bad = [c for c in term.replace("...", "") if c not in string.ascii_letters]
        if bad:
            raise RuntimeError(f"einsum(): invalid subscript given at index {eq.index(bad[0])} in the equation "
                               f"string, subscripts must be in [a-zA-Z]")
    spare = [c for c in string.ascii_letters if c not in eq]
    ell_len = 0
    for term, nd in zip(terms, ndims):
        named = len(term.replace("...", ""))
        if "..." in term:
            ell_len = max(ell_len, nd - named)
        elif named != nd:
            raise RuntimeError(f"einsum(): the number of subscripts in the equation ({named}) does not match the "
                               f"number of dimensions ({nd}) for operand {terms.index(term)} and no ellipsis was given")
    ell = "".join(spare[:ell_len])
    out_terms = []
    for term, nd in zip(terms, ndims):
        if "..." in term:
            k = nd - len(term.replace("...", ""))
            term = term.replace("...", ell[ell_len - k:])
        out_terms.append(term)
    if arrow:
        rhs = rhs.replace("...", ell)
    else:  # implicit output: the ellipsis dims, then labels used exactly once, in alphabetical order
        joined = "".join(out_terms)
        rhs = ell + "".join(sorted(c for c in set(joined) if joined.count(c) == 1 and c not in ell))
    return out_terms, rhs


class Einsum(Function):
    @staticmethod
    def forward(ctx, *arrays, terms, out):
        ctx.terms, ctx.out = terms, out
        sizes = {}
        for term, a in zip(terms, arrays):
            for c, n in zip(term, a.shape):
                sizes[c] = max(sizes.get(c, 1), n)
        ctx.sizes = sizes
        ctx.save_for_backward(*arrays)
        return array_module(*arrays).einsum(",".join(terms) + "->" + out, *arrays)

    @staticmethod
    def backward(ctx, g):
        arrays = ctx.saved_tensors
        ns = ctx.ns
        grads = []
        for i, term in enumerate(ctx.terms):
            if not ctx.needs_input_grad[i]:
                grads.append(None)
                continue
            others = [t for j, t in enumerate(ctx.terms) if j != i]
            seen = set(ctx.out).union(*others) if others else set(ctx.out)
            unique = "".join(dict.fromkeys(term))
            kept = "".join(c for c in unique if c in seen)  # labels the contraction can produce
            operands = [g] + [a for j, a in enumerate(arrays) if j != i]
            eq_terms = [ctx.out] + others
            if ns.GRAPH:
                gi = Einsum.apply(*operands, terms=eq_terms, out=kept)
            else:
                gi = array_module(g).einsum(",".join(eq_terms) + "->" + kept, *operands)
            if kept != unique:  # labels summed within this operand alone: the gradient is constant along them
                gi = ns.reshape(gi, tuple(ctx.sizes[c] if c in kept else 1 for c in unique))
                gi = ns.broadcast_to(gi, tuple(ctx.sizes[c] for c in unique))
            if unique != term:  # a repeated label: the gradient lives on that diagonal
                xp = array_module(arrays[i]._data if ns.GRAPH else arrays[i])
                index = []
                for c in term:
                    grid = [1] * len(unique)
                    grid[unique.index(c)] = ctx.sizes[c]
                    index.append(xp.arange(ctx.sizes[c]).reshape(grid))
                gi = ns.index_into_zeros(gi, tuple(ctx.sizes[c] for c in term), tuple(index))
            grads.append(gi)
        return tuple(grads)
