//! The `dns-lab` command: resolve, trace, diagnose and export a scenario's
//! zones from a terminal. Everything happens in `dns_lab::cli`; this only
//! passes the arguments in, prints what comes back and exits with its code.

use std::io::Write;
use std::process::ExitCode;

fn main() -> ExitCode {
    let mut args = Vec::new();
    for arg in std::env::args_os().skip(1) {
        match arg.into_string() {
            Ok(arg) => args.push(arg),
            Err(arg) => {
                eprintln!("dns-lab: the argument {arg:?} is not valid UTF-8");
                return ExitCode::from(2);
            }
        }
    }
    let (text, code, to_stderr) = match dns_lab::cli::run(&args) {
        Ok(output) => (output.stdout, output.code, false),
        Err(error) => (format!("{error}\n"), error.exit_code(), true),
    };
    // A closed pipe (`dns-lab trace … | head`) is not worth a panic.
    let _ = if to_stderr {
        std::io::stderr().write_all(text.as_bytes())
    } else {
        std::io::stdout().write_all(text.as_bytes())
    };
    ExitCode::from(u8::try_from(code).unwrap_or(1))
}
