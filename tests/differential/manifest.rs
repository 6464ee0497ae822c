//! What `dns-lab export-zones` writes, and running it.
//!
//! `DIR/manifest.json` lists the servers (id, host, addresses, status and
//! the zone copies each one loads, as files relative to `DIR`), the root
//! hints and the scenario's queries; `DIR/<server-id>/<apex>.zone` is that
//! server's copy of one zone as canonical zone-file text (the root zone's
//! file is `root.zone`). `src/cli/mod.rs` documents the format.

use serde::Deserialize;
use std::fs;
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::process::Command;

#[derive(Clone, Debug, Deserialize)]
pub struct Manifest {
    /// The scenario format the export was made from.
    pub scenario_version: u32,
    pub servers: Vec<ManifestServer>,
    pub root_hints: Vec<RootHint>,
    #[serde(default)]
    pub queries: Vec<ManifestQuery>,
}

#[derive(Clone, Debug, Deserialize)]
pub struct ManifestServer {
    pub id: String,
    pub host: String,
    pub addresses: Vec<IpAddr>,
    /// "up", "down" or "refusing".
    pub status: String,
    pub zones: Vec<ManifestZone>,
}

#[derive(Clone, Debug, Deserialize)]
pub struct ManifestZone {
    pub apex: String,
    /// Relative to the export directory.
    pub file: String,
}

#[derive(Clone, Debug, Deserialize)]
pub struct RootHint {
    pub host: String,
    pub address: IpAddr,
}

#[derive(Clone, Debug, Deserialize)]
pub struct ManifestQuery {
    pub name: String,
    #[serde(rename = "type")]
    pub rtype: String,
}

impl Manifest {
    pub fn read(dir: &Path) -> Result<Manifest, String> {
        let path = dir.join("manifest.json");
        let text = fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
    }
}

/// Where a scenario comes from, as `export-zones --scenario` takes it.
#[derive(Clone, Debug)]
pub enum ScenarioSource {
    BuiltIn(String),
    File(PathBuf),
}

impl ScenarioSource {
    pub fn argument(&self) -> String {
        match self {
            ScenarioSource::BuiltIn(id) => format!("builtin:{id}"),
            ScenarioSource::File(path) => path.display().to_string(),
        }
    }
}

/// Exports the scenario into `out` (created afresh) with
/// `dns-lab export-zones`, the binary cargo builds for this test.
pub fn export_scenario(source: &ScenarioSource, out: &Path) -> Result<(), String> {
    if out.exists() {
        fs::remove_dir_all(out).map_err(|e| format!("{}: {e}", out.display()))?;
    }
    let binary = env!("CARGO_BIN_EXE_dns-lab");
    let output = Command::new(binary)
        .arg("export-zones")
        .arg("--scenario")
        .arg(source.argument())
        .arg("--out")
        .arg(out)
        .output()
        .map_err(|e| format!("{binary}: {e}"))?;
    if output.status.success() {
        Ok(())
    } else {
        Err(format!(
            "dns-lab export-zones --scenario {} failed: {}",
            source.argument(),
            String::from_utf8_lossy(&output.stderr)
        ))
    }
}
