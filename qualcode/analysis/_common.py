"""Pieces shared by the agreement modules: the result base class and the degenerate-case rule."""

from __future__ import annotations

import numbers
from typing import TypeGuard

import numpy as np
import numpy.typing as npt

from qualcode.domain.errors import InvalidInputError

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

BoolArray = npt.NDArray[np.bool_]

# A denominator (1 - chance agreement, or expected disagreement) this close to 0 counts as 0: the
# coefficient is then 0/0 and reported as NaN with a note (see qualcode.analysis.agreement).
TOLERANCE = 1e-12


class AgreementInputError(InvalidInputError, ValueError):
    """Reliability data or a parameter a coefficient cannot use.

    An InvalidInputError, so the CLI shows one line and exits with INVALID_INPUT; also a
    ValueError, which is what a notebook user expects from a bad argument.
    """


class Coefficient:
    """Base of every result: ``float(result)`` and ``f"{result:.3f}"`` use the coefficient."""

    value: float

    def __float__(self) -> float:
        return float(self.value)

    def __format__(self, spec: str) -> str:
        return format(self.value, spec) if spec else str(self)


def ratio_or_nan(numerator: float, denominator: float) -> float:
    """``numerator / denominator``, or NaN when the denominator is (numerically) zero."""
    if abs(denominator) <= TOLERANCE:
        return float("nan")
    return numerator / denominator


def is_number(value: object) -> TypeGuard[numbers.Real]:
    """A real number that is not a bool (True is not the number 1 of a rating scale)."""
    return isinstance(value, numbers.Real) and not isinstance(value, bool | np.bool_)


def whole_number(value: object, minimum: int) -> int | None:
    """``value`` as an int if it is a whole number of at least ``minimum`` (not a bool), else None.

    Parameters are checked at run time because notebook users pass whatever they have at hand.
    """
    if isinstance(value, bool | np.bool_) or not isinstance(value, numbers.Integral):
        return None
    number = int(value)
    return number if number >= minimum else None
