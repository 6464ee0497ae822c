//! `export-zones`: a world as the files real name servers load, one folder
//! per server with its zone files, and a `manifest.json` that says which
//! server listens where and what the lesson's query is (the differential
//! suite starts NSD, Unbound and BIND from it).

use super::*;

/// `manifest.json` of an export (see the module documentation).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    pub title: String,
    pub scenario_version: u32,
    pub servers: Vec<ManifestServer>,
    pub root_hints: Vec<RootHint>,
    pub queries: Vec<ManifestQuery>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManifestServer {
    pub id: String,
    pub host: Name,
    pub addresses: Vec<IpAddr>,
    pub status: Behaviour,
    pub zones: Vec<ManifestZone>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManifestZone {
    pub apex: Name,
    /// Relative to the export folder, `/`-separated.
    pub file: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RootHint {
    pub host: Name,
    pub address: IpAddr,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManifestQuery {
    pub name: Name,
    #[serde(rename = "type")]
    pub rtype: RType,
}

impl Manifest {
    pub fn to_json(&self) -> String {
        let mut json = serde_json::to_string_pretty(self).expect("a manifest serializes");
        json.push('\n');
        json
    }
}

/// Text safe as one path component: letters, digits, `-`, `_` and `.` as
/// they are, every other byte as `%XX`, so different texts never share a
/// path. A text of dots only (`.`, `..`) has its dots encoded too.
pub(super) fn path_segment(text: &str) -> String {
    let mut out = String::new();
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.') {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    if out.is_empty() {
        "%".into()
    } else if out.bytes().all(|b| b == b'.') {
        out.replace('.', "%2E")
    } else {
        out
    }
}

/// The folder of a server's zone files, inside the export folder.
pub fn server_folder(id: &str) -> String {
    let segment = path_segment(id);
    if segment.eq_ignore_ascii_case("manifest.json") {
        segment.replace('.', "%2E")
    } else {
        segment
    }
}

/// The file name of a zone: its apex without the final dot, then `.zone`;
/// `root.zone` for the root.
pub fn zone_file_name(apex: &Name) -> String {
    if apex.is_root() {
        return "root.zone".into();
    }
    let text = apex.to_string();
    let segment = path_segment(text.strip_suffix('.').unwrap_or(&text));
    if segment.eq_ignore_ascii_case("root") {
        // The zone `root.`, which must not take the root zone's file.
        format!("{segment}%2E.zone")
    } else {
        format!("{segment}.zone")
    }
}

/// What an export writes, without writing it: the manifest, and every zone
/// file as its path relative to the export folder and its text.
pub fn export_files(world: &World) -> (Manifest, Vec<(String, String)>) {
    let scenario = world.scenario();
    let mut files = Vec::new();
    let mut servers = Vec::new();
    for server in world.servers() {
        let folder = server_folder(&server.id.0);
        let mut seen = HashSet::new();
        let mut zones = Vec::new();
        for apex in &server.zones {
            if !seen.insert(apex.clone()) {
                continue;
            }
            let Some(zone) = world.copy_served_by(&server.id, apex) else {
                continue;
            };
            let file = format!("{folder}/{}", zone_file_name(apex));
            files.push((file.clone(), zonefile::print_zone(zone)));
            zones.push(ManifestZone {
                apex: apex.clone(),
                file,
            });
        }
        servers.push(ManifestServer {
            id: server.id.0.clone(),
            host: server.host.clone(),
            addresses: server.addresses.clone(),
            status: server.behaviour,
            zones,
        });
    }
    let manifest = Manifest {
        title: scenario.title.clone(),
        scenario_version: scenario.version,
        servers,
        root_hints: world
            .root_hints()
            .into_iter()
            .map(|(host, address)| RootHint {
                host: host.clone(),
                address,
            })
            .collect(),
        queries: scenario
            .lesson
            .iter()
            .map(|lesson| ManifestQuery {
                name: lesson.query.name.clone(),
                rtype: lesson.query.rtype,
            })
            .collect(),
    };
    (manifest, files)
}

/// A manifest's `file`, as a path under the export folder, if it is a
/// plain relative path (no `..`, no root): the only kind an old manifest
/// may make us remove.
pub(super) fn contained_path(file: &str) -> Option<PathBuf> {
    let parts: Vec<&str> = file.split('/').collect();
    let plain = |part: &&str| {
        !part.is_empty() && *part != "." && *part != ".." && !part.contains(['\\', ':'])
    };
    parts.iter().all(plain).then(|| parts.iter().collect())
}

pub(super) fn io_error(what: &str, path: &Path, error: io::Error) -> CliError {
    CliError::Io(format!("cannot {what} {}: {error}", path.display()))
}

/// Makes `dir` ready for an export: creates it, accepts it empty, or
/// removes the files of the previous export it holds. Refuses anything else.
pub(super) fn prepare_folder(dir: &Path) -> Result<(), CliError> {
    let metadata = match std::fs::metadata(dir) {
        Ok(metadata) => metadata,
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            return std::fs::create_dir_all(dir).map_err(|e| io_error("create", dir, e));
        }
        Err(e) => return Err(io_error("read", dir, e)),
    };
    if !metadata.is_dir() {
        return Err(CliError::Refused(format!(
            "{} exists and is not a folder",
            dir.display()
        )));
    }
    let mut entries = std::fs::read_dir(dir).map_err(|e| io_error("read", dir, e))?;
    if entries.next().is_none() {
        return Ok(());
    }
    let manifest_path = dir.join("manifest.json");
    let previous = std::fs::read_to_string(&manifest_path)
        .ok()
        .and_then(|text| serde_json::from_str::<Manifest>(&text).ok());
    let Some(previous) = previous else {
        return Err(CliError::Refused(format!(
            "{} is not empty and holds no manifest.json of an earlier export; \
             choose an empty or new folder",
            dir.display()
        )));
    };
    let mut folders = Vec::new();
    for file in previous.servers.iter().flat_map(|s| &s.zones) {
        let Some(relative) = contained_path(&file.file) else {
            continue;
        };
        let path = dir.join(&relative);
        match std::fs::remove_file(&path) {
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => return Err(io_error("remove", &path, e)),
        }
        if let Some(parent) = relative.parent().filter(|p| !p.as_os_str().is_empty()) {
            folders.push(dir.join(parent));
        }
    }
    // A server folder left empty goes too; one holding anything else stays.
    for folder in folders {
        let _ = std::fs::remove_dir(folder);
    }
    Ok(())
}

/// Writes the export into `dir` and returns its manifest.
pub fn export_zones(world: &World, dir: &Path) -> Result<Manifest, CliError> {
    let (manifest, files) = export_files(world);
    prepare_folder(dir)?;
    for (file, text) in &files {
        let path = dir.join(contained_path(file).expect("export paths are plain"));
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| io_error("create", parent, e))?;
        }
        std::fs::write(&path, text).map_err(|e| io_error("write", &path, e))?;
    }
    let manifest_path = dir.join("manifest.json");
    std::fs::write(&manifest_path, manifest.to_json())
        .map_err(|e| io_error("write", &manifest_path, e))?;
    Ok(manifest)
}
