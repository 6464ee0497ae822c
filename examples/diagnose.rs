//! Prints the findings for a scenario file, or for the default scenario:
//! `cargo run --example diagnose -- [scenario.json]`.

use dns_lab::sim::diagnose::diagnose;
use dns_lab::sim::scenario::Scenario;
use dns_lab::sim::scenarios::default_scenario;

fn main() {
    let scenario = match std::env::args().nth(1) {
        Some(path) => {
            let text = std::fs::read_to_string(&path).expect("a readable file");
            Scenario::from_json(&text).expect("a valid scenario")
        }
        None => default_scenario(),
    };
    let world = scenario.load().expect("the scenario loads");
    let findings = diagnose(&world);
    println!("{} findings", findings.len());
    for f in findings {
        let r = f.references();
        println!("[{}] {:?}: {}", f.severity, f.kind, f.title);
        println!("    consequence: {}", f.consequence);
        println!("    fix: {}", f.fix.explanation);
        println!(
            "    see {}{}{}",
            r.rfc,
            r.dnsviz
                .map(|c| format!("; DNSViz {c}"))
                .unwrap_or_default(),
            r.zonemaster
                .map(|c| format!("; Zonemaster {c}"))
                .unwrap_or_default()
        );
    }
}
