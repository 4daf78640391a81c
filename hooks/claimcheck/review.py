"""Review currency: when a page or claim was last reviewed and when its next review falls due."""

from __future__ import annotations

import calendar
import datetime as dt

from .problems import Problem, WARNING

DUE_SOON_DAYS = 30


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


def _currency(path, position, what, reviewed, due, today) -> list[Problem]:
    if today > due:
        return [Problem(path, *position, "review-expired",
                        f"{what} was last reviewed on {reviewed.isoformat()} and was due for review on {due.isoformat()}; "
                        "review it against its sources and update its reviewed date")]
    if (due - today).days <= DUE_SOON_DAYS:
        return [Problem(path, *position, "review-due",
                        f"{what} is due for review on {due.isoformat()}, in {(due - today).days} days; "
                        "review it against its sources and update its reviewed date", WARNING)]
    return []


def review_problems(registry, pages, today: dt.date) -> list[Problem]:
    """Expired reviews are errors, reviews due within 30 days warnings; pages must say when they were reviewed."""
    months = registry.review_months
    problems = []
    for claim in registry.claims.values():
        due = add_months(claim.reviewed, months)
        problems += _currency(claim.path, claim.reviewed_at, f"claim '{claim.id}'", claim.reviewed, due, today)
    for page in pages:
        reviewed, due = review_dates(page.meta, months)
        if reviewed is None:
            problems.append(Problem(page.path, 1, 1, "review-missing",
                                    "the page has no 'reviewed' date; add reviewed: YYYY-MM-DD and review_due: YYYY-MM-DD to its front matter"))
            continue
        key = "review_due" if "review_due" in page.meta_at else "reviewed"
        problems += _currency(page.path, page.meta_at[key], "this page", reviewed, due, today)
    return problems
