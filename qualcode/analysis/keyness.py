"""Keyness: which words one group of texts uses notably more (or less) than another.

The log-likelihood G2 as corpus linguists use it (Rayson & Garside 2000, "Comparing corpora
using frequency profiling"): with a and b a word's frequency in groups A and B, and c and d the
groups' sizes in words, the expected frequencies are E1 = c(a+b)/(c+d) and E2 = d(a+b)/(c+d), and
G2 = 2 (a ln(a/E1) + b ln(b/E2)), a term with a zero frequency counting 0. With one degree of
freedom, G2 >= 3.84 is significant at p < 0.05, >= 6.63 at p < 0.01, >= 10.83 at p < 0.001.

G2 says how sure the difference is, not how large; beside it stand the effect sizes %DIFF
(Gabrielatos & Marchi 2012: how much more frequent, per cent, in normalised frequencies) and the
log ratio (Hardie 2014: log2 of the ratio of the relative frequencies; 1 means twice as often).
Where a word is missing from one group, both use 0.5 for its frequency there, so they stay finite.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

CRITICAL = ((10.83, "p<0.001"), (6.63, "p<0.01"), (3.84, "p<0.05"))
"""G2 at one degree of freedom beyond which a difference is significant, strictest first."""


@dataclass(frozen=True, slots=True)
class Keyness:
    """One word's keyness between groups A and B."""

    word: str
    a: int  # frequency in A
    b: int  # frequency in B
    g2: float
    percent_diff: float  # %DIFF: + more frequent in A, - more frequent in B
    log_ratio: float
    significance: str  # "p<0.001", "p<0.01", "p<0.05" or "" (not significant)

    @property
    def more_in(self) -> str:
        """Which group uses the word more often, relative to its size: "A" or "B"."""
        return "A" if self.log_ratio >= 0 else "B"


def log_likelihood(a: int, b: int, c: int, d: int) -> float:
    """Rayson and Garside's G2: frequencies ``a``, ``b`` in groups of ``c``, ``d`` words."""
    if c <= 0 or d <= 0 or a + b == 0:
        return 0.0
    expected_a = c * (a + b) / (c + d)
    expected_b = d * (a + b) / (c + d)
    total = 0.0
    if a:
        total += a * math.log(a / expected_a)
    if b:
        total += b * math.log(b / expected_b)
    return 2 * total


def significance(g2: float) -> str:
    """The strictest level at which G2 (one degree of freedom) is significant; "" if none."""
    for critical, label in CRITICAL:
        if g2 >= critical:
            return label
    return ""


def percent_diff(a: int, b: int, c: int, d: int) -> float:
    """%DIFF: how much more often A uses the word than B, per cent of B's normalised frequency."""
    norm_a = (a or 0.5) / c
    norm_b = (b or 0.5) / d
    return (norm_a - norm_b) * 100 / norm_b


def log_ratio(a: int, b: int, c: int, d: int) -> float:
    """log2 of the ratio of the relative frequencies (1: twice as often in A, -1: in B)."""
    return math.log2(((a or 0.5) / c) / ((b or 0.5) / d))


def keyness(
    group_a: Mapping[str, int],
    group_b: Mapping[str, int],
    *,
    size_a: int | None = None,
    size_b: int | None = None,
) -> list[Keyness]:
    """Every word of either group with its keyness, the most key (largest G2) first.

    ``size_a``, ``size_b``: the groups' sizes in words; by default the sum of their counts.
    """
    c = size_a if size_a is not None else sum(group_a.values())
    d = size_b if size_b is not None else sum(group_b.values())
    if c <= 0 or d <= 0:
        return []
    found = []
    for word in set(group_a) | set(group_b):
        a, b = group_a.get(word, 0), group_b.get(word, 0)
        g2 = log_likelihood(a, b, c, d)
        found.append(
            Keyness(
                word=word,
                a=a,
                b=b,
                g2=g2,
                percent_diff=percent_diff(a, b, c, d),
                log_ratio=log_ratio(a, b, c, d),
                significance=significance(g2),
            )
        )
    found.sort(key=lambda k: (-k.g2, k.word))
    return found
