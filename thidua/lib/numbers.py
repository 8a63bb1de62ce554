"""Numbers the Vietnamese way: 1.234,5 (dot for thousands, comma for decimals)."""

from __future__ import annotations

from decimal import Decimal

from django.utils import numberformat


def format_number(value: int | float | Decimal | None, decimals: int | None = None) -> str:
    """ "1.234,5" for 1234.5; `decimals` fixes the number of decimal places. Empty for None."""
    if value is None:
        return ""
    return numberformat.format(
        value, decimal_sep=",", decimal_pos=decimals, grouping=3, thousand_sep=".", force_grouping=True
    )


def format_points(value: Decimal) -> str:
    """Points without trailing zeros: 100, 2,5, 97,25 (never "2,50" or "1E+2")."""
    exact = value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()
    return format_number(exact)
