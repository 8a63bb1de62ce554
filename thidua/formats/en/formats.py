"""English interface, Vietnamese dates: officers type and read dd/mm/yyyy whatever the language.

Without this module Django's English formats read "03/04/2026" as 4 March and refuse "25/12/2024".
"""

from thidua.formats.vi.formats import (  # noqa: F401 - re-exported as this locale's formats
    DATE_FORMAT,
    DATE_INPUT_FORMATS,
    DATETIME_FORMAT,
    DATETIME_INPUT_FORMATS,
    FIRST_DAY_OF_WEEK,
    MONTH_DAY_FORMAT,
    SHORT_DATE_FORMAT,
    SHORT_DATETIME_FORMAT,
    TIME_FORMAT,
    TIME_INPUT_FORMATS,
    YEAR_MONTH_FORMAT,
)
