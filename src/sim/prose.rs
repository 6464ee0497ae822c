//! Small helpers for the sentences the core writes for learners.

/// "a", "a and b", "a, b and c".
pub(crate) fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// "1 server", "3 servers".
pub(crate) fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// A span of seconds as days, hours, minutes and seconds, leading zero
/// units left out: `"0s"`, `"5m 0s"`, `"1d 0h 0m 7s"`.
pub fn duration_text(seconds: u64) -> String {
    let units = [
        (seconds / 86_400, "d"),
        (seconds / 3_600 % 24, "h"),
        (seconds / 60 % 60, "m"),
        (seconds % 60, "s"),
    ];
    let first = units.iter().position(|(n, _)| *n > 0).unwrap_or(3);
    units[first..]
        .iter()
        .map(|(n, unit)| format!("{n}{unit}"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// A span of seconds with every zero unit left out, for amounts that are
/// usually round: `"7d"`, `"23h"`, `"1d 1h"`, `"0s"`.
pub fn short_duration(seconds: u64) -> String {
    let full = duration_text(seconds);
    let parts: Vec<&str> = full
        .split(' ')
        .filter(|p| p.trim_start_matches('0').len() > 1)
        .collect();
    if parts.is_empty() {
        "0s".into()
    } else {
        parts.join(" ")
    }
}

/// `text` with its first letter in capitals, to open a sentence.
pub fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}
