//! Lexing: a zone file's text into entries of tokens, each with its line
//! and column; parentheses, comments, quotes and escapes (RFC 1035 §5.1).

use super::*;

/// A token with where it starts and ends (1-based, in characters).
#[derive(Clone, Debug)]
pub(super) struct Token<'t> {
    /// The text as written, escapes kept (names and strings unescape later):
    /// a slice of the zone text, so lexing copies nothing.
    pub(super) text: &'t str,
    pub(super) quoted: bool,
    pub(super) line: u32,
    pub(super) col: u32,
    /// The column just past the token.
    pub(super) end_col: u32,
}

impl Token<'_> {
    pub(super) fn problem(&self, message: impl Into<String>) -> ZoneProblem {
        ZoneProblem {
            severity: Severity::Error,
            file: None,
            line: self.line,
            col: self.col,
            message: message.into(),
        }
    }
}

/// The tokens of one entry: a directive or a record, possibly spanning lines
/// inside parentheses.
#[derive(Clone, Debug)]
pub(super) struct Entry<'t> {
    pub(super) tokens: Vec<Token<'t>>,
    /// The entry began with white space: the owner is the previous one.
    pub(super) inherits_owner: bool,
}

/// Splits text into entries. A lexical error (an unclosed quote or
/// parenthesis) ends lexing there: what follows cannot be read reliably.
pub(super) fn lex<'t>(text: &'t str, problems: &mut Vec<ZoneProblem>) -> Vec<Entry<'t>> {
    let mut entries = Vec::new();
    let mut tokens: Vec<Token<'t>> = Vec::new();
    let mut inherits_owner = false;
    let mut open_paren: Option<(u32, u32)> = None;
    // Characters with their byte offsets, which cut tokens out of `text`.
    let mut chars = text.char_indices().peekable();
    let (mut line, mut col) = (1u32, 1u32);

    let finish = |tokens: &mut Vec<Token<'t>>, inherits: bool, entries: &mut Vec<Entry<'t>>| {
        if !tokens.is_empty() {
            entries.push(Entry {
                tokens: std::mem::take(tokens),
                inherits_owner: inherits,
            });
        }
    };

    while let Some(&(start, c)) = chars.peek() {
        match c {
            '\n' => {
                chars.next();
                if open_paren.is_none() {
                    finish(&mut tokens, inherits_owner, &mut entries);
                }
                line += 1;
                col = 1;
            }
            ';' => while chars.next_if(|&(_, c)| c != '\n').is_some() {},
            ' ' | '\t' | '\r' => {
                chars.next();
                col += 1;
            }
            '(' => {
                if let Some((l, c)) = open_paren {
                    problems.push(problem_at(
                        line,
                        col,
                        format!("a second \"(\" before the one on line {l}, col {c} is closed"),
                    ));
                    return entries;
                }
                if tokens.is_empty() {
                    inherits_owner = col > 1;
                }
                open_paren = Some((line, col));
                chars.next();
                col += 1;
            }
            ')' => {
                if open_paren.take().is_none() {
                    problems.push(problem_at(
                        line,
                        col,
                        "\")\" without a matching \"(\" before it",
                    ));
                    return entries;
                }
                chars.next();
                col += 1;
            }
            '"' => {
                let (start_line, start_col) = (line, col);
                chars.next();
                col += 1;
                let mut end = None;
                while let Some((at, c)) = chars.next() {
                    col += 1;
                    match c {
                        '"' => {
                            end = Some(at);
                            break;
                        }
                        '\\' => {
                            if let Some((_, next)) = chars.next() {
                                col += 1;
                                if next == '\n' {
                                    line += 1;
                                    col = 1;
                                }
                            }
                        }
                        '\n' => break,
                        _ => {}
                    }
                }
                let Some(end) = end else {
                    problems.push(problem_at(
                        start_line,
                        start_col,
                        "this quoted text has no closing \" on the same line",
                    ));
                    return entries;
                };
                if tokens.is_empty() {
                    inherits_owner = start_col > 1;
                }
                tokens.push(Token {
                    // Between the quotes; the opening quote is one byte.
                    text: &text[start + 1..end],
                    quoted: true,
                    line: start_line,
                    col: start_col,
                    end_col: col,
                });
            }
            _ => {
                let start_col = col;
                let mut end = start;
                while let Some((at, c)) = chars.next_if(|&(_, c)| {
                    !matches!(c, ' ' | '\t' | '\r' | '\n' | ';' | '(' | ')' | '"')
                }) {
                    col += 1;
                    end = at + c.len_utf8();
                    if c == '\\'
                        && let Some((at, next)) = chars.next_if(|&(_, next)| next != '\n')
                    {
                        col += 1;
                        end = at + next.len_utf8();
                    }
                }
                if tokens.is_empty() {
                    inherits_owner = start_col > 1;
                }
                tokens.push(Token {
                    text: &text[start..end],
                    quoted: false,
                    line,
                    col: start_col,
                    end_col: col,
                });
            }
        }
    }
    if let Some((l, c)) = open_paren {
        problems.push(problem_at(l, c, "this \"(\" is never closed"));
        return entries;
    }
    finish(&mut tokens, inherits_owner, &mut entries);
    entries
}

pub(super) fn problem_at(line: u32, col: u32, message: impl Into<String>) -> ZoneProblem {
    ZoneProblem {
        severity: Severity::Error,
        file: None,
        line,
        col,
        message: message.into(),
    }
}
