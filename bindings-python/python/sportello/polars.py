"""Polars expressions that Polars' own engine runs: a plugin compiled into sportello.

``import sportello.polars`` registers the ``sportello`` namespace on Polars expressions::

    import polars as pl
    import sportello.polars  # noqa: F401

    df.with_columns(
        cf_ok=pl.col("cf").sportello.cf_is_valid(),
        cf_error=pl.col("cf").sportello.cf_validate(),
    )

Each expression is elementwise: Polars runs it on its own threads, in parallel over a frame's
chunks, inside lazy queries and on streaming frames, with no Python call per batch (the rows go
through the same code as :func:`sportello.cf.is_valid_arrow` and the other ``*_arrow``
functions). The same functions exist at module level, taking the column expression (or its
name): ``sportello.polars.cf_is_valid("cf")``.

Requires the ``polars`` package (not a dependency of sportello). The plugin speaks Polars'
expression-plugin interface 0.1, which Polars 1.x and 2.x load.
"""

from __future__ import annotations

import datetime as _dt
import importlib
from pathlib import Path
from typing import Union

import polars as pl
from polars.plugins import register_plugin_function

from . import cf, payments

__all__ = [
    "cf_is_valid",
    "cf_validate",
    "cf_decode",
    "piva_is_valid",
    "piva_validate",
    "notice_is_valid",
    "notice_validate",
    "SportelloExpr",
]

# the extension module of this package: the plugin's symbols are in it
_LIB = Path(str(importlib.import_module("sportello._native").__file__))

IntoExpr = Union[pl.Expr, str]


def _expr(column: IntoExpr) -> pl.Expr:
    if isinstance(column, str):
        return pl.col(column)
    if isinstance(column, pl.Expr):
        return column
    # the one check written here: the native functions never see the expression
    raise TypeError(f"column: expected a polars expression or a column name, got {type(column).__name__}")


def _call(name: str, *args: pl.Expr) -> pl.Expr:
    return register_plugin_function(
        plugin_path=_LIB,
        function_name=name,
        args=list(args),
        is_elementwise=True,
        use_abs_path=True,
    )


_EMPTY = pl.Series("", [], dtype=pl.String)


def _checked(arrow_function, *args, **options) -> None:
    # The options go through the Arrow function of the same name on an empty column first: the
    # same conversions, so the same ArgumentError (code `argument`, naming the parameter).
    arrow_function(_EMPTY, *args, **options)


def cf_is_valid(column: IntoExpr) -> pl.Expr:
    """Whether each codice fiscale is valid (as :func:`sportello.cf.is_valid`): Boolean, nulls kept."""
    return _call("cf_is_valid", _expr(column))


def cf_validate(column: IntoExpr) -> pl.Expr:
    """The error code of each codice fiscale (``cf.format``, ``cf.check_char``, ...): String, null
    where valid (or null)."""
    return _call("cf_validate", _expr(column))


def cf_decode(
    column: IntoExpr,
    today: _dt.date | None = None,
    *,
    max_age: int | None = None,
    strict_place: bool | None = None,
) -> pl.Expr:
    """Decodes each codice fiscale (as :func:`sportello.cf.decode_arrow`): a Struct of ``sex``,
    ``birth_date``, ``birthplace_code``, ``birthplace_name``, ``birthplace_province``,
    ``canonical`` and ``error`` (the code of a row that does not decode). ``today`` defaults to
    the host's date when the expression is built."""
    if today is None:
        today = _dt.date.today()
    _checked(cf.decode_arrow, today, max_age=max_age, strict_place=strict_place)
    return _call(
        "cf_decode",
        _expr(column),
        pl.lit(today, dtype=pl.Date),
        pl.lit(max_age, dtype=pl.UInt32),
        pl.lit(strict_place, dtype=pl.Boolean),
    )


def piva_is_valid(column: IntoExpr) -> pl.Expr:
    """Whether each 11-digit code (partita IVA) is valid: Boolean, nulls kept."""
    return _call("piva_is_valid", _expr(column))


def piva_validate(column: IntoExpr) -> pl.Expr:
    """The error code of each 11-digit code (``piva.format``, ``piva.zero``, ``piva.check_digit``):
    String, null where valid (or null)."""
    return _call("piva_validate", _expr(column))


def notice_is_valid(column: IntoExpr) -> pl.Expr:
    """Whether each pagoPA notice number is valid: Boolean, nulls kept."""
    return _call("notice_is_valid", _expr(column))


def notice_validate(column: IntoExpr, lenient: bool | None = None) -> pl.Expr:
    """The error code of each pagoPA notice number (as :func:`sportello.payments.notice_validate`),
    null where valid (or null)."""
    _checked(payments.notice_validate_arrow, lenient=lenient)
    return _call("notice_validate", _expr(column), pl.lit(lenient, dtype=pl.Boolean))


@pl.api.register_expr_namespace("sportello")
class SportelloExpr:
    """``pl.col(...).sportello.<function>()``: the functions of this module on an expression."""

    def __init__(self, expr: pl.Expr) -> None:
        self._expr = expr

    def cf_is_valid(self) -> pl.Expr:
        """See :func:`sportello.polars.cf_is_valid`."""
        return cf_is_valid(self._expr)

    def cf_validate(self) -> pl.Expr:
        """See :func:`sportello.polars.cf_validate`."""
        return cf_validate(self._expr)

    def cf_decode(
        self, today: _dt.date | None = None, *, max_age: int | None = None, strict_place: bool | None = None
    ) -> pl.Expr:
        """See :func:`sportello.polars.cf_decode`."""
        return cf_decode(self._expr, today, max_age=max_age, strict_place=strict_place)

    def piva_is_valid(self) -> pl.Expr:
        """See :func:`sportello.polars.piva_is_valid`."""
        return piva_is_valid(self._expr)

    def piva_validate(self) -> pl.Expr:
        """See :func:`sportello.polars.piva_validate`."""
        return piva_validate(self._expr)

    def notice_is_valid(self) -> pl.Expr:
        """See :func:`sportello.polars.notice_is_valid`."""
        return notice_is_valid(self._expr)

    def notice_validate(self, lenient: bool | None = None) -> pl.Expr:
        """See :func:`sportello.polars.notice_validate`."""
        return notice_validate(self._expr, lenient)
