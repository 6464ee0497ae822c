//! UTC dates and second counts, both ways.
//!
//! DNS writes time as seconds since 1970-01-01T00:00:00Z (RRSIG fields,
//! RFC 4034 §3.1.5) and prints it as `YYYYMMDDHHmmSS` (§3.2); scenarios
//! carry an RFC 3339 date. The proleptic Gregorian calendar in UTC, with
//! no leap seconds (as POSIX time and DNS count), is a few lines of
//! arithmetic: Howard Hinnant's `civil_from_days` and `days_from_civil`,
//! which count days from 0000-03-01 in 400-year eras of 146,097 days. A
//! date library would cost the page tens of kilobytes for them.

/// A UTC date and time of day, to the second.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Civil {
    pub year: u64,
    pub month: u64,
    pub day: u64,
    pub hour: u64,
    pub minute: u64,
    pub second: u64,
}

impl Civil {
    /// The date and time `seconds` after 1970-01-01T00:00:00Z.
    pub fn from_unix(seconds: u64) -> Civil {
        let (days, time) = (seconds / 86_400, seconds % 86_400);
        let days = days + 719_468;
        let era = days / 146_097;
        let day_of_era = days % 146_097;
        let year_of_era =
            (day_of_era - day_of_era / 1_460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
        let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
        let month_from_march = (5 * day_of_year + 2) / 153;
        let day = day_of_year - (153 * month_from_march + 2) / 5 + 1;
        let month = if month_from_march < 10 {
            month_from_march + 3
        } else {
            month_from_march - 9
        };
        Civil {
            year: year_of_era + era * 400 + u64::from(month <= 2),
            month,
            day,
            hour: time / 3_600,
            minute: time / 60 % 60,
            second: time % 60,
        }
    }

    /// Seconds since 1970-01-01T00:00:00Z; `None` for a date that does not
    /// exist (February 30th) or comes before 1970.
    pub fn to_unix(self) -> Option<u64> {
        let leap = self.year.is_multiple_of(4)
            && (!self.year.is_multiple_of(100) || self.year.is_multiple_of(400));
        let month_days = [
            31,
            if leap { 29 } else { 28 },
            31,
            30,
            31,
            30,
            31,
            31,
            30,
            31,
            30,
            31,
        ];
        let valid = (1..=12).contains(&self.month)
            && (1..=month_days[(self.month - 1) as usize]).contains(&self.day)
            && self.hour < 24
            && self.minute < 60
            && self.second < 60
            && self.year >= 1970;
        if !valid {
            return None;
        }
        let year = self.year - u64::from(self.month <= 2);
        let era = year / 400;
        let year_of_era = year % 400;
        let month_from_march = (self.month + 9) % 12;
        let day_of_year = (153 * month_from_march + 2) / 5 + self.day - 1;
        let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
        let days = era * 146_097 + day_of_era - 719_468;
        Some(days * 86_400 + self.hour * 3_600 + self.minute * 60 + self.second)
    }

    /// `YYYYMMDDHHmmSS`.
    pub fn compact(&self) -> String {
        format!(
            "{:04}{:02}{:02}{:02}{:02}{:02}",
            self.year, self.month, self.day, self.hour, self.minute, self.second
        )
    }

    /// RFC 3339 in UTC: `2026-01-01T00:00:00Z`.
    pub fn rfc3339(&self) -> String {
        format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
            self.year, self.month, self.day, self.hour, self.minute, self.second
        )
    }

    /// Reads `YYYY-MM-DDTHH:MM:SSZ` (a space for the `T` too, and a lower
    /// case `t` or `z`, as RFC 3339 §5.6 allows); `None` for anything else.
    pub fn parse_rfc3339(text: &str) -> Option<Civil> {
        let bytes = text.as_bytes();
        let number = |range: std::ops::Range<usize>| -> Option<u64> {
            let digits = text.get(range)?;
            digits
                .bytes()
                .all(|b| b.is_ascii_digit())
                .then(|| digits.parse().ok())?
        };
        let shape = bytes.len() == 20
            && bytes[4] == b'-'
            && bytes[7] == b'-'
            && matches!(bytes[10], b'T' | b't' | b' ')
            && bytes[13] == b':'
            && bytes[16] == b':'
            && matches!(bytes[19], b'Z' | b'z');
        if !shape {
            return None;
        }
        Some(Civil {
            year: number(0..4)?,
            month: number(5..7)?,
            day: number(8..10)?,
            hour: number(11..13)?,
            minute: number(14..16)?,
            second: number(17..19)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_second_counts_agree_both_ways() {
        for seconds in [
            0,
            951_782_400,
            1_767_225_600,
            4_102_444_800,
            253_402_300_799,
        ] {
            let civil = Civil::from_unix(seconds);
            assert_eq!(civil.to_unix(), Some(seconds), "{civil:?}");
        }
        // 2000-02-29 (a leap day of a century divisible by 400).
        assert_eq!(
            Civil::from_unix(951_782_400).rfc3339(),
            "2000-02-29T00:00:00Z"
        );
        assert_eq!(Civil::from_unix(1_767_225_600).compact(), "20260101000000");
        let parsed = Civil::parse_rfc3339("2026-01-01T00:00:00Z").unwrap();
        assert_eq!(parsed.to_unix(), Some(1_767_225_600));
        assert_eq!(
            Civil::parse_rfc3339("2026-02-30T00:00:00Z")
                .unwrap()
                .to_unix(),
            None
        );
        assert!(Civil::parse_rfc3339("2026-01-01").is_none());
        assert!(Civil::parse_rfc3339("2026-01-01T00:00:00+01:00").is_none());
    }
}
