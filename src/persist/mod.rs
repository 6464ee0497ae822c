//! Saving, sharing and importing scenarios: pure encodings, tested
//! natively; the browser side (storage, the address bar, files) lives in
//! `ui`.
//!
//! - A **share link** carries the whole scenario in the URL fragment, which
//!   never reaches a web server: JSON, deflated, then base64url without
//!   padding. Decoding caps the inflated size, so a tampered link cannot
//!   expand into gigabytes (a decompression bomb). A link that is short
//!   enough is also drawn as a QR code ([`qr_code`]) for a class to scan.
//! - An **import** is a scenario file (JSON), a [`Course`] of lessons, one zone file, or a bundle of
//!   zone files as [`export_bundle`] writes them, chosen alone, or zone
//!   files chosen together with the files they `$INCLUDE`. Every failure
//!   is a [`ImportError`] that says what is wrong; the caller keeps its
//!   scenario.

use std::fmt;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use crate::sim::name::Name;
use crate::sim::scenario::{Scenario, ScenarioError, ZoneSource};
use crate::sim::zonefile::{
    ZoneFileError, base_name, expand_includes, has_include, included_names, parse_zone,
};
use std::collections::{BTreeMap, BTreeSet};

mod course;
mod qr;

pub use course::{COURSE_KEY, COURSE_VERSION, Course, CourseError, is_course};
pub use qr::{MAX_QR_VERSION, QrDrawing, QrTooLong, qr_code};

/// The most a share link may inflate to. The largest built-in scenario is
/// a few tens of KB of JSON; a megabyte leaves room for big classroom
/// worlds and stops bombs early.
pub const MAX_INFLATED_BYTES: usize = 1 << 20;

/// The largest file an import reads. Bigger files are refused before
/// being read, so the page never stalls on them.
pub const MAX_IMPORT_BYTES: usize = 5 << 20;

/// The fragment key a share link uses: `#s=<payload>`.
pub const LINK_KEY: &str = "s=";

/// Why a link or a file could not be read. Nothing was changed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ImportError {
    /// The link's payload is not base64url: cut short or altered.
    NotBase64,
    /// The payload does not inflate: cut short or altered.
    Corrupt,
    /// The payload inflates past [`MAX_INFLATED_BYTES`].
    TooBigInflated {
        limit: usize,
    },
    /// The file is larger than [`MAX_IMPORT_BYTES`].
    FileTooBig {
        size: usize,
        limit: usize,
    },
    /// The file is not text.
    NotText,
    /// A scenario file chosen together with other files.
    ScenarioWithOthers,
    /// Every file chosen is included by another: no zone file among them.
    OnlyIncludedFiles,
    Empty,
    /// The scenario did not read or load.
    Scenario(ScenarioError),
    /// A zone file with errors (line and column inside).
    ZoneFile {
        apex: Name,
        error: ZoneFileError,
    },
    /// A zone file whose zone could not be told: no `$ORIGIN` and no SOA.
    UnknownApex,
    /// The imported zones do not load together with the rest.
    Combined(ScenarioError),
    /// A course file that could not be read.
    Course(CourseError),
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ImportError::NotBase64 => f.write_str(
                "this link is damaged: its scenario part has characters a link never contains (was it cut or edited?)",
            ),
            ImportError::Corrupt => f.write_str(
                "this link is damaged: its scenario part does not decompress (was it cut short?)",
            ),
            ImportError::TooBigInflated { limit } => write!(
                f,
                "this link expands to more than {} KB, far more than any scenario: it was refused",
                limit / 1024
            ),
            ImportError::FileTooBig { size, limit } => write!(
                f,
                "the file is {:.1} MB; DNS Lab imports files up to {} MB",
                *size as f64 / (1 << 20) as f64,
                limit >> 20
            ),
            ImportError::NotText => f.write_str("the file is not text (UTF-8)"),
            ImportError::ScenarioWithOthers => f.write_str(
                "a scenario file (JSON) is a whole world: import it on its own, not with other files",
            ),
            ImportError::OnlyIncludedFiles => f.write_str(
                "each of these files is included by another, so none of them is a zone's own file",
            ),
            ImportError::Empty => f.write_str("the file is empty"),
            ImportError::Scenario(error) => write!(f, "{error}"),
            ImportError::ZoneFile { apex, error } => {
                write!(f, "the zone file for {apex} has errors:\n{error}")
            }
            ImportError::UnknownApex => f.write_str(
                "this zone file does not say which zone it is: start it with $ORIGIN or an SOA record",
            ),
            ImportError::Combined(error) => {
                write!(f, "the imported zones do not fit this scenario:\n{error}")
            }
            ImportError::Course(error) => write!(f, "{error}"),
        }
    }
}

impl std::error::Error for ImportError {}

/// The fragment payload of a share link for `scenario`.
pub fn encode_link(scenario: &Scenario) -> String {
    let json = serde_json::to_vec(scenario).expect("a scenario always serializes");
    pack(&json, 9)
}

/// The scenario in a share link's payload (the part after `#s=`).
pub fn decode_link(payload: &str) -> Result<Scenario, ImportError> {
    let text = unpack(payload, MAX_INFLATED_BYTES)?;
    let scenario = Scenario::from_json(&text).map_err(ImportError::Scenario)?;
    scenario.load().map_err(ImportError::Scenario)?;
    Ok(scenario)
}

/// Text deflated at `level` (1 fastest, 9 smallest) and written in
/// base64url without padding: how share links and the saved session carry
/// a scenario.
pub fn pack(text: &[u8], level: u8) -> String {
    URL_SAFE_NO_PAD.encode(miniz_oxide::deflate::compress_to_vec(text, level))
}

/// The text [`pack`] packed, refused when it inflates past `limit` bytes.
pub fn unpack(payload: &str, limit: usize) -> Result<String, ImportError> {
    let payload = payload.trim().trim_end_matches('=');
    let alphabet = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_';
    if !payload.chars().all(alphabet) {
        return Err(ImportError::NotBase64);
    }
    // Only the right characters, yet not base64: a length no encoder
    // writes, as when a link is cut.
    let packed = URL_SAFE_NO_PAD
        .decode(payload)
        .map_err(|_| ImportError::Corrupt)?;
    let text =
        miniz_oxide::inflate::decompress_to_vec_with_limit(&packed, limit).map_err(|error| {
            match error.status {
                miniz_oxide::inflate::TINFLStatus::HasMoreOutput => {
                    ImportError::TooBigInflated { limit }
                }
                _ => ImportError::Corrupt,
            }
        })?;
    String::from_utf8(text).map_err(|_| ImportError::Corrupt)
}

/// The payload of a share link in a URL fragment (`#s=…`), if it has one.
pub fn link_payload(fragment: &str) -> Option<&str> {
    fragment.trim_start_matches('#').strip_prefix(LINK_KEY)
}

/// A file name (or a lesson's id) from a title: lower case ASCII letters
/// and digits, each run of anything else one dash; empty when the title has
/// neither.
pub fn slug(title: &str) -> String {
    title
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(str::to_ascii_lowercase)
        .collect::<Vec<_>>()
        .join("-")
}

/// What an imported file turned out to be.
#[derive(Clone, Debug, PartialEq)]
pub enum Imported {
    /// A whole scenario, to replace the current one.
    Scenario(Scenario),
    /// Lessons in order, to take one after another.
    Course(Course),
    /// Zones to add to (or replace in) the current scenario; returned as
    /// the scenario with them in.
    Zones {
        scenario: Scenario,
        apexes: Vec<Name>,
    },
}

/// The first line of each zone in a bundle: `; zone <apex>`.
const BUNDLE_MARK: &str = "; ==== zone ";

/// Every zone's shared text in one file, each after a `; ==== zone <apex>`
/// line, so it can be imported back or split into zone files by hand.
pub fn export_bundle(scenario: &Scenario) -> String {
    let mut out = format!("; DNS Lab zone bundle: {}\n", scenario.title);
    for zone in &scenario.zones {
        out.push_str(&format!("{BUNDLE_MARK}{} ====\n", zone.apex));
        out.push_str(&zone_file(&zone.apex, &zone.text));
    }
    out
}

/// A zone's text as a zone file of its own: it says which zone it is with
/// `$ORIGIN` first (once: text that starts so already keeps its own line),
/// and ends with a newline.
pub fn zone_file(apex: &Name, text: &str) -> String {
    let first_directive = text
        .lines()
        .map(str::trim)
        .find(|line| !line.is_empty() && !line.starts_with(';'));
    let says_origin = first_directive.is_some_and(|line| {
        let mut words = line.split_whitespace();
        words
            .next()
            .is_some_and(|w| w.eq_ignore_ascii_case("$ORIGIN"))
            && words.next().and_then(|w| Name::parse(w).ok()).as_ref() == Some(apex)
    });
    let mut out = if says_origin {
        String::new()
    } else {
        format!("$ORIGIN {apex}\n")
    };
    out.push_str(text);
    if !text.ends_with('\n') {
        out.push('\n');
    }
    out
}

/// Reads a file the user chose: a scenario (JSON), a bundle of zones, or
/// one zone file. `bytes` is refused when too big before anything else.
pub fn import_file(bytes: &[u8], current: &Scenario) -> Result<Imported, ImportError> {
    import_files(&[("", bytes)], current)
}

/// Reads the files the user chose together: a scenario (JSON) alone, or
/// zone files and bundles with the files they `$INCLUDE` (found by name).
/// More than [`MAX_IMPORT_BYTES`] in all is refused before anything else.
pub fn import_files(files: &[(&str, &[u8])], current: &Scenario) -> Result<Imported, ImportError> {
    let size: usize = files.iter().map(|(_, bytes)| bytes.len()).sum();
    if size > MAX_IMPORT_BYTES {
        return Err(ImportError::FileTooBig {
            size,
            limit: MAX_IMPORT_BYTES,
        });
    }
    let mut texts: Vec<(&str, &str)> = Vec::with_capacity(files.len());
    for (name, bytes) in files {
        let text = std::str::from_utf8(bytes).map_err(|_| ImportError::NotText)?;
        texts.push((name, text.trim_start_matches('\u{feff}')));
    }
    if texts.iter().all(|(_, text)| text.trim().is_empty()) {
        return Err(ImportError::Empty);
    }
    if let [(_, text)] = texts.as_slice()
        && text.trim_start().starts_with('{')
    {
        if is_course(text) {
            return Course::from_json(text)
                .map(Imported::Course)
                .map_err(ImportError::Course);
        }
        let scenario = Scenario::from_json(text).map_err(ImportError::Scenario)?;
        scenario.load().map_err(ImportError::Scenario)?;
        return Ok(Imported::Scenario(scenario));
    }
    if texts
        .iter()
        .any(|(_, text)| text.trim_start().starts_with('{'))
    {
        return Err(ImportError::ScenarioWithOthers);
    }
    // A file another one includes is part of that zone, not a zone.
    let library: BTreeMap<String, String> = texts
        .iter()
        .map(|(name, text)| (base_name(name).to_string(), text.to_string()))
        .collect();
    let included: BTreeSet<String> = texts
        .iter()
        .filter(|(_, text)| has_include(text))
        .flat_map(|(_, text)| included_names(text))
        .map(|name| base_name(&name).to_string())
        .collect();
    let mut zones = Vec::new();
    for (name, text) in &texts {
        if included.contains(base_name(name)) || text.trim().is_empty() {
            continue;
        }
        if text.contains(BUNDLE_MARK) {
            zones.extend(split_bundle(text)?);
        } else {
            zones.push(one_zone(text)?);
        }
    }
    if zones.is_empty() {
        return Err(ImportError::OnlyIncludedFiles);
    }
    let mut scenario = current.clone();
    let mut apexes = Vec::new();
    for mut zone in zones {
        let zone_error = |error| ImportError::ZoneFile {
            apex: zone.apex.clone(),
            error,
        };
        if has_include(&zone.text) {
            let expanded =
                expand_includes(&zone.text, &zone.apex, &library).map_err(|problem| {
                    zone_error(ZoneFileError {
                        problems: vec![problem],
                    })
                })?;
            parse_zone(&expanded.text, &zone.apex).map_err(|error| {
                zone_error(ZoneFileError {
                    problems: error
                        .problems
                        .into_iter()
                        .map(|p| expanded.locate(p))
                        .collect(),
                })
            })?;
            zone.text = expanded.text;
        } else {
            parse_zone(&zone.text, &zone.apex).map_err(zone_error)?;
        }
        apexes.push(zone.apex.clone());
        match scenario.zones.iter_mut().find(|z| z.apex == zone.apex) {
            Some(existing) => existing.text = zone.text,
            None => scenario.zones.push(zone),
        }
    }
    scenario.load().map_err(ImportError::Combined)?;
    Ok(Imported::Zones { scenario, apexes })
}

fn split_bundle(text: &str) -> Result<Vec<ZoneSource>, ImportError> {
    let mut zones = Vec::new();
    for part in text.split(BUNDLE_MARK).skip(1) {
        let (header, body) = part.split_once('\n').unwrap_or((part, ""));
        let apex_text = header.trim().trim_end_matches('=').trim();
        let apex = Name::parse(apex_text).map_err(|_| ImportError::UnknownApex)?;
        zones.push(ZoneSource {
            apex,
            text: body.to_string(),
            signing: None,
        });
    }
    Ok(zones)
}

/// One zone file: its apex from the first `$ORIGIN`, else the owner of its
/// SOA record.
fn one_zone(text: &str) -> Result<ZoneSource, ImportError> {
    let apex = text
        .lines()
        .map(|line| line.split(';').next().unwrap_or("").trim())
        .find_map(|line| {
            let mut words = line.split_whitespace();
            let first = words.next()?;
            if first.eq_ignore_ascii_case("$ORIGIN") {
                return words.next().and_then(|w| Name::parse(w).ok());
            }
            let rest: Vec<&str> = words.collect();
            let has_soa = rest.iter().any(|w| w.eq_ignore_ascii_case("SOA"));
            (has_soa && first.ends_with('.'))
                .then(|| Name::parse(first).ok())
                .flatten()
        })
        .ok_or(ImportError::UnknownApex)?;
    Ok(ZoneSource {
        apex,
        text: text.to_string(),
        signing: None,
    })
}
