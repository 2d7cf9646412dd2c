//! The time the server goes by, and the school's own date.
//!
//! Every school has a time zone (`schools.timezone`, an IANA name). A date that decides something
//! (a lock, a `given_on` window, a deadline, the default week) is the school's local date, worked
//! out once per request from the caller's session ([`crate::auth::Session::today`]) and passed into journal-domain as a parameter: a rule never reads
//! the clock. Tests fix the clock ([`Clock::fixed`]) to check a Vladivostok morning or a Moscow
//! midnight.

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;

/// The server's clock: the system's, or a fixed instant (tests).
#[derive(Debug, Clone, Copy, Default)]
pub struct Clock {
    fixed: Option<DateTime<Utc>>,
}

impl Clock {
    /// The system clock.
    pub fn system() -> Self {
        Self::default()
    }

    /// A clock that always reads `at`.
    pub fn fixed(at: DateTime<Utc>) -> Self {
        Self { fixed: Some(at) }
    }

    /// Now, in UTC.
    pub fn now(&self) -> DateTime<Utc> {
        self.fixed.unwrap_or_else(Utc::now)
    }
}

/// The date at `at` in the time zone `tz`.
pub fn local_date(at: DateTime<Utc>, tz: Tz) -> NaiveDate {
    at.with_timezone(&tz).date_naive()
}

/// A school's time zone (`schools.timezone`, an IANA name); Moscow time when it is not one.
pub fn school_tz(name: &str) -> Tz {
    name.parse::<Tz>().unwrap_or_else(|_| {
        tracing::warn!(
            timezone = name,
            "unknown school time zone: Europe/Moscow used"
        );
        Tz::Europe__Moscow
    })
}

/// The first moment of the day `day` in the time zone `tz`, as a UTC time: a span of the school's
/// days is `[start of the first day, start of the day after the last)`. A midnight skipped by a
/// clock change counts from the first moment after it.
pub fn day_start_utc(day: NaiveDate, tz: Tz) -> chrono::NaiveDateTime {
    use chrono::TimeZone;
    let midnight = day.and_time(chrono::NaiveTime::MIN);
    tz.from_local_datetime(&midnight)
        .earliest()
        .or_else(|| {
            tz.from_local_datetime(&(midnight + chrono::Duration::hours(1)))
                .earliest()
        })
        .map_or(midnight, |t| t.naive_utc())
}

/// The school's offset from UTC at `at`, in minutes (for the SPA's own "today").
pub fn offset_minutes(at: DateTime<Utc>, tz: Tz) -> i32 {
    use chrono::Offset;
    at.with_timezone(&tz).offset().fix().local_minus_utc() / 60
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn a_vladivostok_morning_is_already_monday_while_utc_is_still_sunday() {
        // Monday 17 November 2025, 08:30 in Vladivostok (UTC+10) is Sunday 22:30 UTC.
        let at = Utc.with_ymd_and_hms(2025, 11, 16, 22, 30, 0).unwrap();
        let monday = NaiveDate::from_ymd_opt(2025, 11, 17).unwrap();
        assert_eq!(local_date(at, school_tz("Asia/Vladivostok")), monday);
        assert_eq!(at.date_naive(), monday.pred_opt().unwrap());
        assert_eq!(offset_minutes(at, school_tz("Asia/Vladivostok")), 600);
    }

    #[test]
    fn a_moscow_half_past_midnight_is_the_next_day() {
        // Tuesday 18 November 2025, 00:30 in Moscow (UTC+3) is Monday 21:30 UTC.
        let at = Utc.with_ymd_and_hms(2025, 11, 17, 21, 30, 0).unwrap();
        let tuesday = NaiveDate::from_ymd_opt(2025, 11, 18).unwrap();
        assert_eq!(local_date(at, school_tz("Europe/Moscow")), tuesday);
        assert_eq!(offset_minutes(at, school_tz("Europe/Moscow")), 180);
    }

    #[test]
    fn kaliningrad_is_an_hour_behind_moscow() {
        // 23:30 UTC on 17 November 2025 is 01:30 on the 18th in Kaliningrad (UTC+2), 02:30 in
        // Moscow, and 09:30 in Vladivostok.
        let at = Utc.with_ymd_and_hms(2025, 11, 17, 23, 30, 0).unwrap();
        let tuesday = NaiveDate::from_ymd_opt(2025, 11, 18).unwrap();
        for zone in ["Europe/Kaliningrad", "Europe/Moscow", "Asia/Vladivostok"] {
            assert_eq!(local_date(at, school_tz(zone)), tuesday, "{zone}");
        }
        assert_eq!(offset_minutes(at, school_tz("Europe/Kaliningrad")), 120);
        let evening = Utc.with_ymd_and_hms(2025, 11, 17, 21, 30, 0).unwrap();
        assert_eq!(
            local_date(evening, school_tz("Europe/Kaliningrad")),
            tuesday.pred_opt().unwrap()
        );
    }

    #[test]
    fn a_school_day_starts_at_its_own_midnight() {
        let day = NaiveDate::from_ymd_opt(2025, 11, 18).unwrap();
        let utc = |h| {
            NaiveDate::from_ymd_opt(2025, 11, 17)
                .unwrap()
                .and_hms_opt(h, 0, 0)
                .unwrap()
        };
        assert_eq!(day_start_utc(day, school_tz("Europe/Moscow")), utc(21));
        assert_eq!(day_start_utc(day, school_tz("Asia/Vladivostok")), utc(14));
        // A midnight a clock change skips (Santiago, 7 September 2025: 00:00 became 01:00).
        let skipped = NaiveDate::from_ymd_opt(2025, 9, 7).unwrap();
        let start = day_start_utc(skipped, school_tz("America/Santiago"));
        assert_eq!(start, skipped.and_hms_opt(4, 0, 0).unwrap());
    }

    #[test]
    fn unknown_time_zones_fall_back_to_moscow() {
        assert_eq!(school_tz("Asia/Yekaterinburg"), Tz::Asia__Yekaterinburg);
        assert_eq!(school_tz("Марс/Олимп"), Tz::Europe__Moscow);
    }

    #[test]
    fn a_fixed_clock_reads_its_instant() {
        let at = Utc.with_ymd_and_hms(2025, 11, 17, 21, 30, 0).unwrap();
        assert_eq!(Clock::fixed(at).now(), at);
        assert!(Clock::system().now() > at);
    }
}
