"""Review currency: when a page or claim was last reviewed and when its next review falls due."""

from __future__ import annotations

import calendar
import datetime as dt


def add_months(day: dt.date, months: int) -> dt.date:
    """Same day of the month `months` later, clamped to the month's end (31 Jan + 1 month = 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def review_dates(meta: dict, interval_months: int) -> tuple[dt.date | None, dt.date | None]:
    """A page's (reviewed, review_due): review_due from front matter, else reviewed plus the interval."""
    reviewed = meta.get("reviewed") if isinstance(meta.get("reviewed"), dt.date) else None
    due = meta.get("review_due") if isinstance(meta.get("review_due"), dt.date) else None
    if due is None and reviewed is not None:
        due = add_months(reviewed, interval_months)
    return reviewed, due
