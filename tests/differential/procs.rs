//! The real processes the suite starts, and how it stops them.
//!
//! Every daemon runs in the foreground as a child of the suite, in a
//! process group of its own whose id is its pid; [`Daemons`] stops each one
//! by signalling that group (SIGTERM, then SIGKILL after a grace period),
//! also when the suite fails or panics (`Drop`). The group matters for NSD:
//! the process started becomes its zone-transfer process and forks the main
//! and server processes, which a signal to the first pid alone would leave
//! running.
//! `scripts/differential.sh` adds a second belt: the suite runs as PID 1 of
//! its own PID namespace, so nothing it started outlives it.

use std::fs::{self, File};
use std::net::Ipv4Addr;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::thread::sleep;
use std::time::{Duration, Instant};

pub struct Daemon {
    pub label: String,
    child: Child,
    /// Where its own log goes (its stdout and stderr go to `console`).
    pub log: PathBuf,
    console: PathBuf,
}

#[derive(Default)]
pub struct Daemons {
    list: Vec<Daemon>,
}

impl Daemons {
    /// Starts `command` with its output in `console`; `log` is the file the
    /// program's configuration logs to, for error messages.
    pub fn spawn(
        &mut self,
        label: &str,
        mut command: Command,
        console: &Path,
        log: &Path,
    ) -> Result<(), String> {
        let out = File::create(console).map_err(|e| format!("{}: {e}", console.display()))?;
        let err = out.try_clone().map_err(|e| e.to_string())?;
        let child = command
            .process_group(0)
            .stdin(Stdio::null())
            .stdout(out)
            .stderr(err)
            .spawn()
            .map_err(|e| format!("{label}: cannot start {:?}: {e}", command.get_program()))?;
        self.list.push(Daemon {
            label: label.to_string(),
            child,
            log: log.to_path_buf(),
            console: console.to_path_buf(),
        });
        Ok(())
    }

    /// Waits until the last daemon started listens on UDP `address:port`.
    pub fn wait_listening(&mut self, address: Ipv4Addr, port: u16) -> Result<(), String> {
        let deadline = Instant::now() + Duration::from_secs(15);
        let daemon = self.list.last_mut().ok_or("no daemon started")?;
        loop {
            if udp_listeners().contains(&(address, port)) {
                return Ok(());
            }
            if let Ok(Some(status)) = daemon.child.try_wait() {
                return Err(format!(
                    "{} exited ({status}) before listening on {address}:{port}:\n{}\n{}",
                    daemon.label,
                    tail(&daemon.console),
                    tail(&daemon.log)
                ));
            }
            if Instant::now() > deadline {
                return Err(format!(
                    "{} does not listen on {address}:{port} after 15 s:\n{}\n{}",
                    daemon.label,
                    tail(&daemon.console),
                    tail(&daemon.log)
                ));
            }
            sleep(Duration::from_millis(20));
        }
    }

    /// Stops every daemon by its pid, newest first.
    pub fn stop_all(&mut self) {
        while let Some(mut daemon) = self.list.pop() {
            stop(&mut daemon);
        }
    }
}

impl Drop for Daemons {
    fn drop(&mut self) {
        self.stop_all();
    }
}

/// Sends `signal` to the process group `group`; true if a process got it.
fn signal_group(signal: &str, group: &str) -> bool {
    Command::new("kill")
        .args([signal, "--", group])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

fn stop(daemon: &mut Daemon) {
    let pid = daemon.child.id();
    let group = format!("-{pid}");
    // std only sends SIGKILL, and only to one process.
    signal_group("-TERM", &group);
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let exited = matches!(daemon.child.try_wait(), Ok(Some(_)));
        if exited && !signal_group("-0", &group) {
            return;
        }
        if Instant::now() > deadline {
            break;
        }
        sleep(Duration::from_millis(10));
    }
    eprintln!(
        "{} (process group {pid}) is still running 5 s after SIGTERM; killing it",
        daemon.label
    );
    signal_group("-KILL", &group);
    let _ = daemon.child.wait();
}

/// The IPv4 addresses and ports something listens on with UDP, from
/// `/proc/net/udp` (which shows this network namespace).
fn udp_listeners() -> Vec<(Ipv4Addr, u16)> {
    let Ok(text) = fs::read_to_string("/proc/net/udp") else {
        return Vec::new();
    };
    text.lines()
        .skip(1)
        .filter_map(|line| {
            let local = line.split_whitespace().nth(1)?;
            let (addr, port) = local.split_once(':')?;
            let addr = u32::from_str_radix(addr, 16).ok()?;
            let port = u16::from_str_radix(port, 16).ok()?;
            // The kernel prints the address as the in-memory (network
            // order) word read as a host integer.
            Some((Ipv4Addr::from(addr.to_le_bytes()), port))
        })
        .collect()
}

/// The last lines of a file, for an error message.
pub fn tail(path: &Path) -> String {
    let text = fs::read_to_string(path).unwrap_or_default();
    let lines: Vec<&str> = text.lines().collect();
    let start = lines.len().saturating_sub(15);
    format!("--- {} ---\n{}", path.display(), lines[start..].join("\n"))
}
