//! `$INCLUDE file [origin]` (RFC 1035 §5.1): a zone file that reads another
//! file at that point, as operators split keys, hosts or delegations out of
//! a big zone.
//!
//! A zone in DNS Lab is one text, so includes are resolved when files are
//! imported together: the included file's lines take the place of the
//! `$INCLUDE` line, between comments that say where they came from. The
//! included file starts at the origin the directive gives (else the current
//! one), and the origin after it is the one before it, whatever the file
//! set (RFC 1035 §5.1). Files are found by their name without any
//! directory, so `$INCLUDE /etc/bind/db.hosts` finds `db.hosts`.
//!
//! The expanded text remembers where each of its lines came from, so a
//! problem in it is reported at the file, line and column it was written.

use super::*;

/// How deep includes may nest; deeper is surely a mistake.
pub const MAX_INCLUDE_DEPTH: usize = 8;

/// A zone's text with its includes in place.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Expanded {
    pub text: String,
    /// For each line of `text`: the file it came from (`None`: the zone's
    /// own file) and its line there.
    origins: Vec<(Option<String>, u32)>,
}

impl Expanded {
    /// `problem`, moved to where its line was written.
    pub fn locate(&self, problem: ZoneProblem) -> ZoneProblem {
        match self.origins.get(problem.line.saturating_sub(1) as usize) {
            Some((file, line)) => ZoneProblem {
                file: file.clone(),
                line: *line,
                ..problem
            },
            None => problem,
        }
    }

    /// Whether any file was included.
    pub fn included_any(&self) -> bool {
        self.origins.iter().any(|(file, _)| file.is_some())
    }
}

/// True when `text` has an `$INCLUDE` line, the quick test before reading.
pub fn has_include(text: &str) -> bool {
    text.lines().any(|line| {
        line.get(..8)
            .is_some_and(|start| start.eq_ignore_ascii_case("$INCLUDE"))
    })
}

/// The file names `text` includes, as written (directories and all).
pub fn included_names(text: &str) -> Vec<String> {
    let mut ignored = Vec::new();
    lex(text, &mut ignored)
        .iter()
        .filter(|entry| is_include(entry))
        .filter_map(|entry| entry.tokens.get(1).map(|t| t.text.to_string()))
        .collect()
}

/// A file name without its directories: what an imported file is known by.
pub fn base_name(name: &str) -> &str {
    name.rsplit(['/', '\\']).next().unwrap_or(name)
}

/// `text`, the zone at `apex`, with every `$INCLUDE` replaced by the file
/// it names, found in `files` by base name.
pub fn expand_includes(
    text: &str,
    apex: &Name,
    files: &BTreeMap<String, String>,
) -> Result<Expanded, ZoneProblem> {
    let mut expanded = Expanded {
        text: String::with_capacity(text.len()),
        origins: Vec::new(),
    };
    expand_file(&mut expanded, None, text, apex, files, &mut Vec::new())?;
    Ok(expanded)
}

fn is_include(entry: &Entry) -> bool {
    !entry.inherits_owner
        && entry.tokens[0].text.eq_ignore_ascii_case("$INCLUDE")
        && !entry.tokens[0].quoted
}

fn expand_file(
    out: &mut Expanded,
    file: Option<&str>,
    text: &str,
    origin: &Name,
    files: &BTreeMap<String, String>,
    stack: &mut Vec<String>,
) -> Result<(), ZoneProblem> {
    let in_file = |problem: ZoneProblem| ZoneProblem {
        file: file.map(str::to_string),
        ..problem
    };
    // Lexing problems are left for the reader, which reports them at the
    // right place of the expanded text.
    let mut ignored = Vec::new();
    let entries = lex(text, &mut ignored);
    let mut origin_at: BTreeMap<u32, &Entry> = BTreeMap::new();
    let mut include_at: BTreeMap<u32, &Entry> = BTreeMap::new();
    for entry in &entries {
        let first = &entry.tokens[0];
        if is_include(entry) {
            include_at.insert(first.line, entry);
        } else if !entry.inherits_owner && first.text.eq_ignore_ascii_case("$ORIGIN") {
            origin_at.insert(first.line, entry);
        }
    }
    let mut origin = origin.clone();
    for (index, line) in text.lines().enumerate() {
        let number = index as u32 + 1;
        let Some(entry) = include_at.get(&number) else {
            if let Some(argument) = origin_at.get(&number).and_then(|e| e.tokens.get(1))
                && let Ok(name) = Name::parse_relative_to(argument.text, &origin)
            {
                origin = name;
            }
            push_line(out, line, file, number);
            continue;
        };
        let keyword = &entry.tokens[0];
        let Some(name_token) = entry.tokens.get(1) else {
            return Err(in_file(after(
                keyword,
                "$INCLUDE needs the name of the file to read",
            )));
        };
        let name = base_name(name_token.text);
        let Some(included) = files.get(name) else {
            return Err(in_file(name_token.problem(format!(
                "$INCLUDE reads \"{}\", which was not imported with this file: choose it too when you import (files are matched by name, without directories)",
                name_token.text
            ))));
        };
        if stack.iter().any(|open| open == name) || file == Some(name) {
            return Err(in_file(name_token.problem(format!(
                "$INCLUDE \"{name}\" would read itself again: the files include each other in a loop"
            ))));
        }
        if stack.len() >= MAX_INCLUDE_DEPTH {
            return Err(in_file(name_token.problem(format!(
                "includes nest more than {MAX_INCLUDE_DEPTH} deep here"
            ))));
        }
        let included_origin = match entry.tokens.get(2) {
            Some(token) => Name::parse_relative_to(token.text, &origin).map_err(|e| {
                in_file(token.problem(format!("$INCLUDE origin \"{}\": {e}", token.text)))
            })?,
            None => origin.clone(),
        };
        if let Some(extra) = entry.tokens.get(3) {
            return Err(in_file(extra.problem(format!(
                "unexpected \"{}\" after the $INCLUDE file and origin",
                extra.text
            ))));
        }
        push_line(
            out,
            &format!("; $INCLUDE {name}: its lines follow"),
            file,
            number,
        );
        push_line(out, &format!("$ORIGIN {included_origin}"), file, number);
        stack.push(name.to_string());
        expand_file(out, Some(name), included, &included_origin, files, stack)?;
        stack.pop();
        push_line(out, &format!("; the end of {name}"), file, number);
        push_line(out, &format!("$ORIGIN {origin}"), file, number);
    }
    Ok(())
}

fn push_line(out: &mut Expanded, line: &str, file: Option<&str>, number: u32) {
    out.text.push_str(line);
    out.text.push('\n');
    out.origins.push((file.map(str::to_string), number));
}
