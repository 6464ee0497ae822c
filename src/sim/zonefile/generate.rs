//! BIND's `$GENERATE` directive: one line that stands for a run of records
//! differing only by a number, as operators write reverse zones and pools:
//!
//! ```text
//! $GENERATE 1-100 host-$ A 192.0.2.$
//! $GENERATE 0-3/1 $ PTR pool-${10,3,d}.example.test.
//! ```
//!
//! `$GENERATE start-stop[/step] lhs [ttl] [class] type rhs…`: for every value
//! from `start` to `stop`, `$` in the owner and the data becomes the value.
//! `${offset,width,base}` adds `offset`, pads to `width` and writes the
//! value in decimal (`d`), octal (`o`), hex (`x`, `X`) or as nibble labels
//! (`n`, `N`, reversed hex digits, one per label, for `ip6.arpa`); `\$` is a
//! dollar sign. Each record is then read like any other, at the directive's
//! line.

use super::*;

/// The most records one `$GENERATE` may stand for: a bigger range is more
/// likely a typo than a zone.
pub(super) const MAX_GENERATED: u64 = 65_536;

/// Reads a `$GENERATE` entry into the records it stands for.
pub(super) fn expand(
    reader: &mut EntryReader,
    entry: &Entry,
    out: &mut Vec<LocatedRecord>,
) -> Result<(), ZoneProblem> {
    let keyword = &entry.tokens[0];
    let usage = "write $GENERATE start-stop[/step] owner [ttl] [class] type data, with $ where the number goes";
    let (Some(range), Some(_)) = (entry.tokens.get(1), entry.tokens.get(2)) else {
        return Err(after(
            entry.tokens.last().unwrap_or(keyword),
            format!("$GENERATE needs a range, an owner, a type and data: {usage}"),
        ));
    };
    let (start, stop, step) = parse_range(range.text).ok_or_else(|| {
        range.problem(format!(
            "\"{}\" is not a range such as 1-100 or 0-254/2 (start, stop, step; stop not below start)",
            range.text
        ))
    })?;
    let count = (stop - start) / step + 1;
    if count > MAX_GENERATED {
        return Err(range.problem(format!(
            "this range stands for {count} records; one $GENERATE makes at most {MAX_GENERATED}"
        )));
    }
    // Each template token, checked once: its pieces of text and numbers.
    let templates: Vec<(&Token, Vec<Piece>)> = entry.tokens[2..]
        .iter()
        .map(|token| {
            template(token.text)
                .map(|pieces| (token, pieces))
                .map_err(|why| token.problem(why))
        })
        .collect::<Result<_, _>>()?;
    let mut value = start;
    while value <= stop {
        let texts: Vec<String> = templates
            .iter()
            .map(|(token, pieces)| {
                fill(pieces, value).map_err(|why| token.problem(format!("for {value}, {why}")))
            })
            .collect::<Result<_, _>>()?;
        let tokens: Vec<Token> = templates
            .iter()
            .zip(&texts)
            .map(|((token, _), text)| Token {
                text: text.as_str(),
                ..(*token).clone()
            })
            .collect();
        let generated = Entry {
            tokens,
            inherits_owner: false,
        };
        out.push(reader.record(&generated).map_err(|problem| ZoneProblem {
            message: format!("$GENERATE, for {value}: {}", problem.message),
            ..problem
        })?);
        value += step;
    }
    Ok(())
}

/// `start-stop` or `start-stop/step`.
fn parse_range(text: &str) -> Option<(u64, u64, u64)> {
    let (span, step) = match text.split_once('/') {
        Some((span, step)) => (span, step.parse::<u64>().ok().filter(|s| *s > 0)?),
        None => (text, 1),
    };
    let (start, stop) = span.split_once('-')?;
    let (start, stop) = (start.parse::<u64>().ok()?, stop.parse::<u64>().ok()?);
    (start <= stop && stop <= u64::from(u32::MAX)).then_some((start, stop, step))
}

/// A piece of a template: text as written, or the number with its format.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Piece {
    Text(String),
    Number {
        offset: i64,
        width: usize,
        base: Base,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Base {
    Decimal,
    Octal,
    Hex { upper: bool },
    Nibble { upper: bool },
}

/// Splits a template token into text and `$` numbers.
fn template(text: &str) -> Result<Vec<Piece>, String> {
    let mut pieces = Vec::new();
    let mut literal = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            // `\$` is a dollar sign; other escapes stay for the name reader.
            '\\' => match chars.next() {
                Some('$') => literal.push('$'),
                Some(next) => {
                    literal.push('\\');
                    literal.push(next);
                }
                None => literal.push('\\'),
            },
            '$' => {
                pieces.push(Piece::Text(std::mem::take(&mut literal)));
                if chars.next_if_eq(&'{').is_some() {
                    let spec: String = chars.by_ref().take_while(|&c| c != '}').collect();
                    pieces.push(modifiers(&spec)?);
                } else {
                    pieces.push(Piece::Number {
                        offset: 0,
                        width: 0,
                        base: Base::Decimal,
                    });
                }
            }
            _ => literal.push(c),
        }
    }
    pieces.push(Piece::Text(literal));
    Ok(pieces)
}

/// `offset[,width[,base]]`, as in `${-20,3,d}`.
fn modifiers(spec: &str) -> Result<Piece, String> {
    let bad = || {
        format!(
            "\"${{{spec}}}\" is not a modifier; write ${{offset,width,base}} such as ${{0,3,d}} (bases d, o, x, X, n, N)"
        )
    };
    let mut parts = spec.split(',').map(str::trim);
    let offset = match parts.next() {
        Some("") | None => 0,
        Some(text) => text.parse::<i64>().map_err(|_| bad())?,
    };
    let width = match parts.next() {
        Some("") | None => 0,
        Some(text) => text
            .parse::<usize>()
            .ok()
            .filter(|w| *w <= 255)
            .ok_or_else(bad)?,
    };
    let base = match parts.next() {
        None | Some("") | Some("d") => Base::Decimal,
        Some("o") => Base::Octal,
        Some("x") => Base::Hex { upper: false },
        Some("X") => Base::Hex { upper: true },
        Some("n") => Base::Nibble { upper: false },
        Some("N") => Base::Nibble { upper: true },
        Some(_) => return Err(bad()),
    };
    if parts.next().is_some() {
        return Err(bad());
    }
    Ok(Piece::Number {
        offset,
        width,
        base,
    })
}

/// The template's text for `value`.
fn fill(pieces: &[Piece], value: u64) -> Result<String, String> {
    let mut out = String::new();
    for piece in pieces {
        match piece {
            Piece::Text(text) => out.push_str(text),
            Piece::Number {
                offset,
                width,
                base,
            } => {
                let number = i64::try_from(value)
                    .ok()
                    .and_then(|v| v.checked_add(*offset))
                    .and_then(|v| u64::try_from(v).ok())
                    .ok_or_else(|| format!("the offset {offset} makes the number negative"))?;
                let width = *width;
                match base {
                    Base::Decimal => out.push_str(&format!("{number:0width$}")),
                    Base::Octal => out.push_str(&format!("{number:0width$o}")),
                    Base::Hex { upper: false } => out.push_str(&format!("{number:0width$x}")),
                    Base::Hex { upper: true } => out.push_str(&format!("{number:0width$X}")),
                    Base::Nibble { upper } => out.push_str(&nibbles(number, width, *upper)),
                }
            }
        }
    }
    Ok(out)
}

/// The hex digits of `number`, least significant first, one per label:
/// `0x1a` is `a.1`. The width counts the dots too, as BIND's does, so a
/// width of 3 is two nibbles (`a.1`, `1.0` for 1).
fn nibbles(number: u64, width: usize, upper: bool) -> String {
    let hex = if upper {
        format!("{number:X}")
    } else {
        format!("{number:x}")
    };
    let wanted = width.div_ceil(2).max(hex.len());
    let padded = format!("{hex:0>wanted$}");
    let labels: Vec<String> = padded.chars().rev().map(String::from).collect();
    labels.join(".")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn filled(template_text: &str, value: u64) -> String {
        fill(&template(template_text).unwrap(), value).unwrap()
    }

    #[test]
    fn dollars_become_the_number_in_the_form_asked() {
        assert_eq!(filled("host-$", 7), "host-7");
        assert_eq!(filled("$.$", 3), "3.3");
        assert_eq!(filled("pool-${10,3,d}", 2), "pool-012");
        assert_eq!(filled("${0,4,x}", 255), "00ff");
        assert_eq!(filled("${0,0,X}", 255), "FF");
        assert_eq!(filled("${0,3,o}", 8), "010");
        assert_eq!(filled("${-1}", 1), "0");
        assert_eq!(filled("${0,3,n}", 0x1a), "a.1");
        assert_eq!(filled("${0,7,n}", 1), "1.0.0.0");
        assert_eq!(filled("cost-\\$$", 5), "cost-$5");
        assert_eq!(filled("a\\.b$", 1), "a\\.b1");
    }

    #[test]
    fn bad_templates_and_ranges_are_named() {
        assert!(template("${1,2,q}").unwrap_err().contains("not a modifier"));
        assert!(template("${x}").is_err());
        assert!(
            fill(&template("${-5}").unwrap(), 1)
                .unwrap_err()
                .contains("negative")
        );
        assert_eq!(parse_range("1-10"), Some((1, 10, 1)));
        assert_eq!(parse_range("0-254/2"), Some((0, 254, 2)));
        for bad in ["10-1", "1-", "a-b", "1-10/0", "5"] {
            assert_eq!(parse_range(bad), None, "{bad}");
        }
    }
}
