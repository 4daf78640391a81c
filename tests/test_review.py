"""Review dates: the next review falls due a set number of months after the last one."""

import datetime as dt

import pytest

from claimcheck.review import add_months, review_dates


@pytest.mark.parametrize("day, months, expected", [
    (dt.date(2026, 11, 23), 12, dt.date(2027, 11, 23)),
    (dt.date(2026, 1, 31), 1, dt.date(2026, 2, 28)),
    (dt.date(2027, 12, 15), 3, dt.date(2028, 3, 15)),
    (dt.date(2028, 2, 29), 12, dt.date(2029, 2, 28)),
])
def test_add_months(day, months, expected):
    assert add_months(day, months) == expected


def test_review_due_from_front_matter_wins():
    meta = {"reviewed": dt.date(2026, 1, 1), "review_due": dt.date(2026, 6, 1)}
    assert review_dates(meta, 12) == (dt.date(2026, 1, 1), dt.date(2026, 6, 1))
    assert review_dates({"reviewed": dt.date(2026, 1, 1)}, 12) == (dt.date(2026, 1, 1), dt.date(2027, 1, 1))
    assert review_dates({"reviewed": "soon"}, 12) == (None, None)
