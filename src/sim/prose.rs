//! The words every explanation shares: lists, plurals, durations and
//! capitals, written once for the core, the CLI and the UI.

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

/// A span of seconds with each non-zero unit, the one way DNS Lab writes a
/// duration (a TTL, the clock, a cache's age): `"0s"`, `"45s"`, `"1h 20m"`,
/// `"7d"`, `"2d 2h 30s"`.
pub fn duration(seconds: u64) -> String {
    let units = [
        (seconds / 86_400, "d"),
        (seconds / 3_600 % 24, "h"),
        (seconds / 60 % 60, "m"),
        (seconds % 60, "s"),
    ];
    let parts: Vec<String> = units
        .iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, unit)| format!("{n}{unit}"))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_name_each_non_zero_unit() {
        assert_eq!(duration(0), "0s");
        assert_eq!(duration(45), "45s");
        assert_eq!(duration(1_800), "30m");
        assert_eq!(duration(4_800), "1h 20m");
        assert_eq!(duration(3_601), "1h 1s");
        assert_eq!(duration(604_800), "7d");
        assert_eq!(duration(2 * 86_400 + 7_230), "2d 2h 30s");
    }

    #[test]
    fn lists_and_plurals_read_as_english() {
        assert_eq!(and_list(&[]), "");
        assert_eq!(
            and_list(&["a".into(), "b".into(), "c".into()]),
            "a, b and c"
        );
        assert_eq!(plural(1, "server", "servers"), "1 server");
        assert_eq!(plural(3, "server", "servers"), "3 servers");
        assert_eq!(capitalised("ns1 is down"), "Ns1 is down");
    }
}
