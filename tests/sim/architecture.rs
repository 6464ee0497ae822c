//! The functional core keeps its shape.
//!
//! It stays pure: nothing under `src/sim` may touch the browser (yew, web-sys, js-sys, gloo,
//! wasm-bindgen), read a clock, or draw unseeded randomness (std's randomly keyed hash maps
//! included). Then the core builds and tests natively, and the same scenario + seed always gives
//! the same trace.
//!
//! Its layers run one way: `src/sim/mod.rs` lists the modules bottom-up, and no module uses one
//! listed above it (its unit tests may: they sit outside the layering, as dev-dependencies do).
//! A newcomer can then read the core from the bottom, and a change to a high layer cannot
//! break a low one.
//!
//! The checks read code only: comments (line, doc and block comments) are blanked out first,
//! so a module doc may say "there is no clock here" or name `Instant::now` as the thing to
//! avoid. String literals count as code.

use std::fs;
use std::path::{Path, PathBuf};

/// What the core must never mention, and why.
const FORBIDDEN: &[(&str, &str)] = &[
    ("yew", "UI framework"),
    ("web_sys", "browser API"),
    ("js_sys", "JavaScript API"),
    ("gloo", "browser API"),
    ("wasm_bindgen", "JavaScript glue"),
    ("Instant::now", "reads a clock"),
    ("SystemTime", "reads a clock"),
    ("Date::now", "reads a clock"),
    (
        "std::time",
        "clock and time types: use the simulation's virtual clock",
    ),
    ("thread_rng", "unseeded randomness"),
    ("rand::rng", "unseeded randomness"),
    ("rand::random", "unseeded randomness"),
    ("getrandom", "unseeded randomness"),
    ("OsRng", "unseeded randomness"),
    // std's hash maps hash with random keys on native builds, so they iterate in a different
    // order each run; `sim::hash` has maps with a fixed hash function.
    ("RandomState", "random hash keys: use sim::hash"),
    ("DefaultHasher", "random hash keys: use sim::hash"),
    (
        "HashMap::new",
        "random hash keys: use sim::hash::HashMap::default",
    ),
    (
        "HashSet::new",
        "random hash keys: use sim::hash::HashSet::default",
    ),
    (
        "HashMap::with_capacity",
        "random hash keys: use sim::hash::map_with_capacity",
    ),
    ("HashSet::with_capacity", "random hash keys: use sim::hash"),
];

/// One forbidden mention: 1-based line, the pattern, and why it is forbidden.
#[derive(Debug, PartialEq)]
struct Violation {
    line: usize,
    pattern: &'static str,
    reason: &'static str,
}

/// Every forbidden mention in `source`, ignoring comments.
fn violations(source: &str) -> Vec<Violation> {
    let code = strip_comments(source);
    let mut found = Vec::new();
    for (index, line) in code.lines().enumerate() {
        for &(pattern, reason) in FORBIDDEN {
            if mentions(line, pattern) {
                found.push(Violation {
                    line: index + 1,
                    pattern,
                    reason,
                });
            }
        }
    }
    found
}

/// Whether `line` contains `pattern` as a whole word or path (`gloo` matches `gloo::timers`
/// but not `glooming`; `rand::rng` matches `rand::rng()` but not `rand::rngs`).
fn mentions(line: &str, pattern: &str) -> bool {
    let is_word = |c: char| c.is_alphanumeric() || c == '_';
    line.match_indices(pattern).any(|(start, _)| {
        let before = line[..start].chars().next_back();
        let after = line[start + pattern.len()..].chars().next();
        !before.is_some_and(is_word) && !after.is_some_and(is_word)
    })
}

/// `source` with every comment replaced by spaces (newlines kept, so line numbers hold).
/// Knows enough Rust lexing not to mistake `"//"` in a string, a char literal such as `'"'`,
/// or a lifetime for the start of a comment or string. Block comments nest, as in Rust.
fn strip_comments(source: &str) -> String {
    let chars: Vec<char> = source.chars().collect();
    let mut out = String::with_capacity(source.len());
    let blank = |c: char| if c == '\n' { '\n' } else { ' ' };
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        match c {
            '/' if next == Some('/') => {
                while i < chars.len() && chars[i] != '\n' {
                    out.push(' ');
                    i += 1;
                }
            }
            '/' if next == Some('*') => {
                let mut depth = 0;
                while i < chars.len() {
                    if chars[i] == '/' && chars.get(i + 1) == Some(&'*') {
                        depth += 1;
                        out.push_str("  ");
                        i += 2;
                    } else if chars[i] == '*' && chars.get(i + 1) == Some(&'/') {
                        depth -= 1;
                        out.push_str("  ");
                        i += 2;
                        if depth == 0 {
                            break;
                        }
                    } else {
                        out.push(blank(chars[i]));
                        i += 1;
                    }
                }
            }
            'r' if raw_string_hashes(&chars, i).is_some() => {
                // r"..." or r#"..."#: no escapes; ends at a quote followed by the same hashes.
                let hashes = raw_string_hashes(&chars, i).unwrap_or(0);
                let opening = 2 + hashes; // r, hashes, quote
                out.extend(&chars[i..i + opening]);
                i += opening;
                while i < chars.len() {
                    let closes =
                        chars[i] == '"' && (1..=hashes).all(|k| chars.get(i + k) == Some(&'#'));
                    if closes {
                        out.extend(&chars[i..i + 1 + hashes]);
                        i += 1 + hashes;
                        break;
                    }
                    out.push(chars[i]);
                    i += 1;
                }
            }
            '"' => {
                out.push(c);
                i += 1;
                while i < chars.len() {
                    out.push(chars[i]);
                    if chars[i] == '\\' {
                        if let Some(&escaped) = chars.get(i + 1) {
                            out.push(escaped);
                        }
                        i += 2;
                        continue;
                    }
                    i += 1;
                    if chars[i - 1] == '"' {
                        break;
                    }
                }
            }
            '\'' => {
                // A char literal ('x', '\n', '\''), else a lifetime or label ('a).
                let len = match (next, chars.get(i + 2)) {
                    (Some('\\'), _) => chars[i + 2..]
                        .iter()
                        .skip(1)
                        .position(|&ch| ch == '\'')
                        .map(|p| p + 4),
                    (Some(_), Some('\'')) => Some(3),
                    _ => None,
                };
                let len = len.unwrap_or(1).min(chars.len() - i);
                out.extend(&chars[i..i + len]);
                i += len;
            }
            _ => {
                out.push(c);
                i += 1;
            }
        }
    }
    out
}

/// If a raw string literal starts at `i` (`r"`, `r#"`, …, not part of an identifier such as
/// `for"`), the number of hashes.
fn raw_string_hashes(chars: &[char], i: usize) -> Option<usize> {
    if i > 0 && (chars[i - 1].is_alphanumeric() || chars[i - 1] == '_') {
        return None;
    }
    let hashes = chars[i + 1..].iter().take_while(|&&c| c == '#').count();
    (chars.get(i + 1 + hashes) == Some(&'"')).then_some(hashes)
}

/// Every `.rs` file under `dir`, sorted.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        let entries =
            fs::read_dir(&dir).unwrap_or_else(|e| panic!("reading {}: {e}", dir.display()));
        for entry in entries {
            let path = entry.expect("directory entry").path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|ext| ext == "rs") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

#[test]
fn the_simulation_core_has_no_browser_clock_or_randomness_dependencies() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let sim = root.join("src").join("sim");
    let files = rust_files(&sim);
    assert!(
        files.iter().any(|f| f.ends_with("mod.rs")),
        "expected src/sim/mod.rs among {files:?}"
    );

    let mut report = Vec::new();
    for file in &files {
        let source = fs::read_to_string(file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let shown = file
            .strip_prefix(root)
            .unwrap_or(file)
            .display()
            .to_string();
        for v in violations(&source) {
            report.push(format!(
                "{shown}:{}: mentions `{}` ({})",
                v.line, v.pattern, v.reason
            ));
        }
    }
    assert!(
        report.is_empty(),
        "src/sim must stay pure (no browser APIs, clocks or unseeded randomness):\n{}",
        report.join("\n")
    );
}

/// A module path inside `src/sim`, such as `["lesson", "check"]`.
type ModulePath = Vec<String>;

/// The layers of the core, bottom-up, from the list in `src/sim/mod.rs`'s doc: each line
/// `//! - [`path`]: ...` names one, a top-level module or a part of one (`lesson::check`).
fn layers(sim_mod: &str) -> Vec<ModulePath> {
    sim_mod
        .lines()
        .filter_map(|line| line.trim_start().strip_prefix("//! - [`"))
        .filter_map(|rest| rest.split_once('`'))
        .map(|(path, _)| path.split("::").map(str::to_string).collect())
        .collect()
}

/// The layer a module path belongs to: the longest listed path it starts with.
fn layer_of(path: &[String], layers: &[ModulePath]) -> Option<usize> {
    layers
        .iter()
        .enumerate()
        .filter(|(_, layer)| path.starts_with(layer))
        .max_by_key(|(_, layer)| layer.len())
        .map(|(index, _)| index)
}

/// The module path of a file below `src/sim` (`diagnose/glue.rs` is `diagnose::glue`,
/// `fix/mod.rs` is `fix`).
fn module_path(relative: &Path) -> ModulePath {
    let mut path: ModulePath = relative
        .iter()
        .map(|part| part.to_string_lossy().trim_end_matches(".rs").to_string())
        .collect();
    if path.last().is_some_and(|last| last == "mod") {
        path.pop();
    }
    path
}

/// `code` with every `#[cfg(test)]` item blanked out (newlines kept): a unit-test module may
/// use the layers above its module.
fn without_test_items(code: &str) -> String {
    const MARK: &str = "#[cfg(test)]";
    let mut out = String::with_capacity(code.len());
    let mut rest = code;
    while let Some(start) = rest.find(MARK) {
        out.push_str(&rest[..start]);
        let item = &rest[start..];
        // The item ends at its first `;` unless a `{` opens first; then at the matching `}`.
        let mut depth = 0usize;
        let mut end = item.len();
        for (i, c) in item.char_indices().skip(MARK.len()) {
            match c {
                ';' if depth == 0 => {
                    end = i + 1;
                    break;
                }
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        end = i + 1;
                        break;
                    }
                }
                _ => {}
            }
        }
        out.extend(
            item[..end]
                .chars()
                .map(|c| if c == '\n' { '\n' } else { ' ' }),
        );
        rest = &item[end..];
    }
    out.push_str(rest);
    out
}

/// Every path into `src/sim` that `code` (comments and test items removed) names, made
/// absolute from `module`: `crate::sim::name::Name`, and `super::` chains, with `use` groups
/// (`super::{zone::Zone, record::{RData, Record}}`) unfolded.
fn sim_paths(code: &str, module: &[String]) -> Vec<ModulePath> {
    let chars: Vec<char> = code.chars().collect();
    let is_word = |c: char| c.is_alphanumeric() || c == '_';
    let mut found = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let starts_path = i == 0 || !(is_word(chars[i - 1]) || chars[i - 1] == ':');
        let at = |word: &str, i: usize| {
            word.chars()
                .enumerate()
                .all(|(k, c)| chars.get(i + k) == Some(&c))
        };
        if starts_path && at("crate::sim::", i) {
            i += "crate::sim::".len();
            i = read_tree(&chars, i, Vec::new(), &mut found);
        } else if starts_path && at("super::", i) {
            let mut base = module.to_vec();
            while at("super::", i) {
                base.pop();
                i += "super::".len();
            }
            i = read_tree(&chars, i, base, &mut found);
        } else {
            i += 1;
        }
    }
    found
}

/// Reads a path or `use` tree at `i` below `prefix`, pushing every path it names; returns
/// where it stopped.
fn read_tree(
    chars: &[char],
    mut i: usize,
    prefix: ModulePath,
    found: &mut Vec<ModulePath>,
) -> usize {
    let skip_space = |mut i: usize| {
        while chars.get(i).is_some_and(|c| c.is_whitespace()) {
            i += 1;
        }
        i
    };
    let mut path = prefix;
    loop {
        i = skip_space(i);
        match chars.get(i) {
            Some('{') => {
                i += 1;
                loop {
                    i = skip_space(i);
                    match chars.get(i) {
                        Some('}') => return i + 1,
                        Some(',') => i += 1,
                        None => return i,
                        Some(_) => {
                            let before = i;
                            i = read_tree(chars, i, path.clone(), found);
                            if i == before {
                                i += 1;
                            }
                        }
                    }
                }
            }
            Some(c) if c.is_alphabetic() || *c == '_' => {
                let start = i;
                while chars
                    .get(i)
                    .is_some_and(|c| c.is_alphanumeric() || *c == '_')
                {
                    i += 1;
                }
                path.push(chars[start..i].iter().collect());
                if chars.get(i) == Some(&':') && chars.get(i + 1) == Some(&':') {
                    i += 2;
                } else {
                    found.push(path);
                    return i;
                }
            }
            _ => {
                // `*`, `self` handled as a word above, or the end of a path such as `super::*`.
                if !path.is_empty() {
                    found.push(path);
                }
                return i;
            }
        }
    }
}

#[test]
fn each_core_module_uses_only_the_layers_below_it() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let sim = root.join("src").join("sim");
    let sim_mod = fs::read_to_string(sim.join("mod.rs")).expect("src/sim/mod.rs");
    let layers = layers(&sim_mod);
    assert!(
        layers.len() > 10,
        "src/sim/mod.rs should list the core's layers bottom-up, one `//! - [`module`]: ...` line each; found {layers:?}"
    );
    let shown = |layer: &ModulePath| layer.join("::");

    let mut report = Vec::new();
    let mut used_layers = vec![false; layers.len()];
    for file in rust_files(&sim) {
        let relative = file.strip_prefix(&sim).expect("below src/sim");
        let module = module_path(relative);
        if module.is_empty() {
            continue; // src/sim/mod.rs declares the modules; it uses none.
        }
        let Some(layer) = layer_of(&module, &layers) else {
            report.push(format!(
                "src/sim/{}: `{}` is missing from the layer list in src/sim/mod.rs",
                relative.display(),
                shown(&module)
            ));
            continue;
        };
        used_layers[layer] = true;
        let source =
            fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let code = without_test_items(&strip_comments(&source));
        for path in sim_paths(&code, &module) {
            if let Some(target) = layer_of(&path, &layers)
                && target > layer
            {
                report.push(format!(
                    "src/sim/{}: `{}` (layer {}) uses `{}` from `{}`, listed above it (layer {})",
                    relative.display(),
                    shown(&layers[layer]),
                    layer,
                    shown(&path),
                    shown(&layers[target]),
                    target
                ));
            }
        }
    }
    for (layer, used) in layers.iter().zip(&used_layers) {
        if !used {
            report.push(format!(
                "src/sim/mod.rs lists `{}`, which no file in src/sim is",
                shown(layer)
            ));
        }
    }
    report.sort();
    report.dedup();
    assert!(
        report.is_empty(),
        "src/sim's layers must run one way (bottom-up as src/sim/mod.rs lists them):\n{}",
        report.join("\n")
    );
}

#[test]
fn the_layer_reader_resolves_paths_as_rust_does() {
    let module = |path: &str| -> ModulePath { path.split("::").map(str::to_string).collect() };
    let code = "use super::{zone::Zone, record::{RData, Record}};\n\
                use super::super::name::Name; let x = crate::sim::hash::HashMap::default();\n\
                use super::*; fn f() -> lesson::check::X {} // bare paths are not read\n";
    let found: Vec<String> = sim_paths(code, &module("diagnose::glue"))
        .iter()
        .map(|path| path.join("::"))
        .collect();
    assert_eq!(
        found,
        [
            "diagnose::zone::Zone",
            "diagnose::record::RData",
            "diagnose::record::Record",
            "name::Name",
            "hash::HashMap::default",
            "diagnose",
        ]
    );
    let layers = layers(
        "//! Bottom-up:\n//! - [`name`]: names\n//! - [`lesson`]: data\n//! - [`diagnose`]: checks\n//! - [`lesson::check`]: the check\n",
    );
    assert_eq!(layer_of(&module("lesson::Lesson"), &layers), Some(1));
    assert_eq!(layer_of(&module("lesson::check::check"), &layers), Some(3));
    assert_eq!(layer_of(&module("prose"), &layers), None);
    assert_eq!(module_path(Path::new("fix/mod.rs")), module("fix"));
    assert_eq!(
        module_path(Path::new("diagnose/glue.rs")),
        module("diagnose::glue")
    );
    let code = "use a;\n#[cfg(test)]\nmod tests {\n    use crate::sim::x::{y};\n}\nuse b;";
    let kept = without_test_items(code);
    assert_eq!(kept.lines().count(), code.lines().count());
    assert!(kept.contains("use b;") && !kept.contains("crate::sim::x"));
}

#[test]
fn the_checker_flags_forbidden_code() {
    let source = "use std::collections::BTreeMap;\nuse yew::prelude::*;\nlet t = std::time::Instant::now();\n";
    let found = violations(source);
    let lines: Vec<(usize, &str)> = found.iter().map(|v| (v.line, v.pattern)).collect();
    assert_eq!(
        lines,
        vec![(2, "yew"), (3, "Instant::now"), (3, "std::time")]
    );
    assert_eq!(violations("let mut rng = rand::rng();").len(), 1);
    assert_eq!(violations("use rand::rngs::OsRng;")[0].pattern, "OsRng");
    assert_eq!(
        violations("let seen: HashSet<Name> = HashSet::new();")[0].pattern,
        "HashSet::new"
    );
    assert_eq!(
        violations("let m = sim::hash::HashMap::with_capacity_and_hasher(8, s);").len(),
        0
    );
    assert_eq!(
        violations("let s = \"// not a comment\"; gloo::timers::sleep();").len(),
        1
    );
    assert_eq!(
        violations("let c = '\"'; let x = web_sys::window();").len(),
        1
    );
}

#[test]
fn the_checker_ignores_comments_and_lookalike_names() {
    let source = "\
//! The core has no clock: it never calls Instant::now or SystemTime, and no yew.
/// Doc comment naming wasm_bindgen and thread_rng.
fn f<'a>(x: &'a str) -> &'a str { x } // a trailing comment about gloo
/* block comment: getrandom
   /* nested: OsRng */ still a comment: js_sys */
let glooming = \"yewtree\"; let rand_rngs = 1; let s = r#\"a \"quoted\" // string\"#;
let my_instant_now = 1; // Date::now
";
    assert_eq!(violations(source), Vec::<Violation>::new());
    // Line numbers still count the comment lines.
    assert_eq!(violations("// yew\n/* yew\n */\nuse yew;")[0].line, 4);
}
