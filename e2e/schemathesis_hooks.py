"""Generation hints of `make schemathesis` (loaded through e2e/schemathesis.toml).

Only how values are drawn, never what a check accepts: the contract gives every date the years
1900-2100 as a pattern, and drawing dates of any year and throwing away the others makes bodies
with many dates (a calendar, a journal batch) too slow to draw. So dates are drawn from those
years; negative tests still break the pattern.
"""

from datetime import date, datetime, time, timezone

import schemathesis
from hypothesis import strategies as st

FIRST, LAST = date(1900, 1, 1), date(2100, 12, 31)

schemathesis.openapi.format("date", st.dates(min_value=FIRST, max_value=LAST).map(date.isoformat))
schemathesis.openapi.format(
    "date-time",
    st.datetimes(
        min_value=datetime.combine(FIRST, time.min),
        max_value=datetime.combine(LAST, time.max),
        timezones=st.just(timezone.utc),
    ).map(lambda t: t.isoformat().replace("+00:00", "Z")),
)
