//! The scenario's date: when signatures start and stop being valid.
//!
//! An RRSIG record carries its inception and expiration as seconds since
//! 1970-01-01T00:00:00Z, modulo 2³² (RFC 4034 §3.1.5), and a validator
//! compares them with its own clock using serial-number arithmetic
//! (RFC 1982), so a signature stays readable after 2106. DNS Lab has no
//! clock of its own: each scenario has an epoch, a UTC date-time, and the
//! virtual clock's offset is added to it (see [`UtcTime::after`]).

use crate::sim::date::Civil;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// A moment in UTC, as whole seconds since 1970-01-01T00:00:00Z.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct UtcTime(u64);

/// The epoch scenarios have unless they say otherwise.
pub const DEFAULT_EPOCH: UtcTime = UtcTime(1_767_225_600); // 2026-01-01T00:00:00Z

/// The latest date a scenario may have: the end of 9999, as far as
/// `YYYYMMDDHHmmSS` and RFC 3339 can write.
const LATEST: u64 = 253_402_300_799;

impl Default for UtcTime {
    fn default() -> Self {
        DEFAULT_EPOCH
    }
}

impl UtcTime {
    pub fn from_unix_seconds(seconds: u64) -> Option<UtcTime> {
        (seconds <= LATEST).then_some(UtcTime(seconds))
    }

    pub fn unix_seconds(self) -> u64 {
        self.0
    }

    /// The moment `seconds` later (the virtual clock's offset), kept within
    /// the dates a zone file can write.
    pub fn after(self, seconds: u64) -> UtcTime {
        UtcTime(self.0.saturating_add(seconds).min(LATEST))
    }

    /// The moment `seconds` earlier, no earlier than 1970.
    pub fn before(self, seconds: u64) -> UtcTime {
        UtcTime(self.0.saturating_sub(seconds))
    }

    /// The time as an RRSIG field holds it: seconds modulo 2³².
    pub fn rrsig_field(self) -> u32 {
        self.0 as u32
    }

    /// The moment an RRSIG time field means, read as the one nearest to
    /// `near` with those low 32 bits (RFC 4034 §3.1.5).
    pub fn from_rrsig_field(field: u32, near: UtcTime) -> UtcTime {
        let offset = field.wrapping_sub(near.rrsig_field()) as i32;
        if offset >= 0 {
            near.after(offset as u64)
        } else {
            near.before(u64::from(offset.unsigned_abs()))
        }
    }

    /// Reads an RFC 3339 date-time in UTC, such as `2026-01-01T00:00:00Z`.
    pub fn parse(text: &str) -> Result<UtcTime, String> {
        let civil = Civil::parse_rfc3339(text.trim()).ok_or_else(|| {
            format!("\"{text}\" is not a UTC date-time like 2026-01-01T00:00:00Z")
        })?;
        civil
            .to_unix()
            .and_then(UtcTime::from_unix_seconds)
            .ok_or_else(|| format!("\"{text}\" is not a date between 1970 and 9999"))
    }

    /// `YYYYMMDDHHmmSS`, as zone files write RRSIG times (RFC 4034 §3.2)
    /// and Unbound's `val-override-date` takes them.
    pub fn compact(self) -> String {
        Civil::from_unix(self.0).compact()
    }
}

/// Whether `moment` is at or after the RRSIG time `field`, in serial-number
/// arithmetic (RFC 4034 §3.1.5, RFC 1982): a field is the nearest moment
/// with those low 32 bits, so a signature made in 2105 still compares right
/// in 2107.
pub fn reached(moment: UtcTime, field: u32) -> bool {
    (moment.rrsig_field().wrapping_sub(field) as i32) >= 0
}

impl fmt::Display for UtcTime {
    /// RFC 3339 in UTC, whole seconds: `2026-01-01T00:00:00Z`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&Civil::from_unix(self.0).rfc3339())
    }
}

impl Serialize for UtcTime {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for UtcTime {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        UtcTime::parse(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_read_and_print_in_utc() {
        assert_eq!(DEFAULT_EPOCH.to_string(), "2026-01-01T00:00:00Z");
        assert_eq!(UtcTime::parse("2026-01-01T00:00:00Z"), Ok(DEFAULT_EPOCH));
        assert_eq!(DEFAULT_EPOCH.after(86_400 + 61).compact(), "20260102000101");
        assert!(UtcTime::parse("yesterday").is_err());
        assert!(UtcTime::parse("1969-12-31T23:59:59Z").is_err());
    }

    #[test]
    fn rrsig_times_compare_across_the_32_bit_wrap() {
        let late = UtcTime::from_unix_seconds(u32::MAX as u64 + 100).unwrap();
        let field = UtcTime::from_unix_seconds(u32::MAX as u64 - 100)
            .unwrap()
            .rrsig_field();
        assert!(reached(late, field));
        assert!(!reached(late, late.rrsig_field().wrapping_add(1)));
        assert_eq!(UtcTime::from_rrsig_field(field, late), late.before(200));
    }
}
