//! What every benchmark shares: the quick mode CI runs, criterion's
//! settings, and a table of how each measured family grows with size.
//!
//! Quick mode (`BENCH_QUICK=1`, or `bash scripts/bench.sh --quick`) keeps
//! the two smallest sizes of each family and takes few, short samples, so
//! CI runs every benchmark in about a minute: enough to show the code still
//! builds, runs and grows as it should, not figures to quote.

// Each benchmark uses some of these helpers.
#![allow(dead_code)]

use criterion::measurement::WallTime;
use criterion::{BenchmarkGroup, BenchmarkId, Criterion};
use std::cell::RefCell;
use std::fmt::Write as _;
use std::hint::black_box;
use std::time::{Duration, Instant};

/// True in quick mode.
pub fn quick() -> bool {
    std::env::var("BENCH_QUICK").is_ok_and(|v| !v.is_empty() && v != "0")
}

/// The sizes to measure: all of them, or the two smallest in quick mode.
pub fn sizes(all: &[usize]) -> Vec<usize> {
    let keep = if quick() { 2 } else { all.len() };
    all.iter().copied().take(keep).collect()
}

/// Criterion's settings: ten samples (its minimum) over `measurement`, or a
/// fraction of a second each in quick mode. Command-line flags still win.
pub fn criterion(measurement: Duration) -> Criterion {
    let criterion = Criterion::default().sample_size(10);
    if quick() {
        criterion
            .warm_up_time(Duration::from_millis(100))
            .measurement_time(Duration::from_millis(300))
    } else {
        criterion
            .warm_up_time(Duration::from_secs(1))
            .measurement_time(measurement)
    }
}

/// Per-iteration times seen for each (family, size), in the order first
/// measured, for the growth table.
#[derive(Default)]
pub struct Growth {
    rows: RefCell<Vec<(String, usize, Vec<Duration>)>>,
}

impl Growth {
    /// Benchmarks `routine` in `group` as `family/size`, recording what
    /// criterion measures for the growth table (no second measurement).
    ///
    /// A routine that takes over a second is timed three times instead:
    /// criterion's ten samples at least would keep a full run from staying
    /// within minutes, and at that length one run varies little.
    pub fn bench<T>(
        &self,
        group: &mut BenchmarkGroup<'_, WallTime>,
        family: &str,
        size: usize,
        mut routine: impl FnMut() -> T,
    ) {
        let start = Instant::now();
        black_box(routine());
        let first = start.elapsed();
        if first > Duration::from_secs(1) {
            self.record(family, size, first);
            for _ in 0..2 {
                self.record(family, size, best_of(1, &mut routine));
            }
            let median = self.median(family, size).expect("just recorded");
            println!(
                "{family}/{size}: median {} of 3 runs (over a second each: timed without criterion)",
                show(median)
            );
            return;
        }
        group.bench_function(BenchmarkId::new(family, size), |b| {
            b.iter_custom(|iters| {
                let start = Instant::now();
                for _ in 0..iters {
                    black_box(routine());
                }
                let elapsed = start.elapsed();
                self.record(family, size, elapsed / iters.max(1) as u32);
                elapsed
            })
        });
    }

    /// Records one measurement made outside criterion.
    pub fn record(&self, family: &str, size: usize, time: Duration) {
        let mut rows = self.rows.borrow_mut();
        match rows.iter_mut().find(|(f, s, _)| f == family && *s == size) {
            Some((_, _, times)) => times.push(time),
            None => rows.push((family.to_string(), size, vec![time])),
        }
    }

    /// The median time recorded for `family` at `size`.
    pub fn median(&self, family: &str, size: usize) -> Option<Duration> {
        let rows = self.rows.borrow();
        let (_, _, times) = rows.iter().find(|(f, s, _)| f == family && *s == size)?;
        Some(median(times))
    }

    /// Prints each family's median time per size, the factor from the
    /// previous size, and that factor scaled to a 10× step: 10 is linear,
    /// 100 quadratic.
    pub fn print(&self, what: &str, unit: &str) {
        let rows = self.rows.borrow();
        if rows.is_empty() {
            return;
        }
        println!("\n## Growth: {what}\n");
        println!("| benchmark | {unit} | median time | growth | per 10× |");
        println!("|---|---:|---:|---:|---:|");
        let mut families: Vec<&str> = Vec::new();
        for (family, _, _) in rows.iter() {
            if !families.contains(&family.as_str()) {
                families.push(family);
            }
        }
        for family in families {
            let mut points: Vec<(usize, Duration)> = rows
                .iter()
                .filter(|(f, _, _)| f == family)
                .map(|(_, size, times)| (*size, median(times)))
                .collect();
            points.sort();
            let mut previous: Option<(usize, Duration)> = None;
            for &(size, time) in &points {
                let (growth, per_ten) = match previous {
                    Some((size0, time0)) if !time0.is_zero() => {
                        let factor = time.as_secs_f64() / time0.as_secs_f64();
                        let decades = (size as f64 / size0 as f64).log10();
                        (
                            format!("{}→{}: ×{factor:.1}", count(size0), count(size)),
                            format!("×{:.1}", factor.powf(1.0 / decades)),
                        )
                    }
                    _ => (String::new(), String::new()),
                };
                println!(
                    "| {family} | {} | {} | {growth} | {per_ten} |",
                    count(size),
                    show(time)
                );
                previous = Some((size, time));
            }
        }
        println!();
    }
}

fn median(times: &[Duration]) -> Duration {
    let mut sorted = times.to_vec();
    sorted.sort();
    sorted[sorted.len() / 2]
}

/// A count as the tables write it: 100, 10k, 1M.
pub fn count(n: usize) -> String {
    match n {
        n if n >= 1_000_000 && n % 1_000_000 == 0 => format!("{}M", n / 1_000_000),
        n if n >= 1_000 && n % 1_000 == 0 => format!("{}k", n / 1_000),
        n => n.to_string(),
    }
}

/// A duration with three significant figures and a unit that fits.
pub fn show(time: Duration) -> String {
    let seconds = time.as_secs_f64();
    let (value, unit) = if seconds >= 1.0 {
        (seconds, "s")
    } else if seconds >= 1e-3 {
        (seconds * 1e3, "ms")
    } else {
        (seconds * 1e6, "µs")
    };
    let decimals = if value >= 100.0 {
        0
    } else if value >= 10.0 {
        1
    } else {
        2
    };
    format!("{value:.decimals$} {unit}")
}

/// The best of `runs` timings of `routine` (at least one run).
pub fn best_of<T>(runs: usize, mut routine: impl FnMut() -> T) -> Duration {
    (0..runs.max(1))
        .map(|_| {
            let start = Instant::now();
            black_box(routine());
            start.elapsed()
        })
        .min()
        .expect("at least one run")
}

/// The sizes of the generated zones a benchmark reads or signs, with their
/// texts: 10³ and 10⁴ records in quick mode, `full` otherwise.
pub fn generated_zones(apex: &str, full: &[usize]) -> (Vec<usize>, Vec<String>) {
    let sizes = if quick() {
        vec![1_000, 10_000]
    } else {
        full.to_vec()
    };
    let texts = sizes.iter().map(|&n| generated_zone(apex, n)).collect();
    (sizes, texts)
}

/// A zone of exactly `records` records: an apex (SOA, two NS and their
/// addresses), then units of ten records for one host and one delegated
/// subzone, written as people write zone files: relative and absolute
/// names, a `$TTL` default and some explicit TTLs, with and without class.
pub fn generated_zone(apex: &str, records: usize) -> String {
    let mut lines: Vec<String> = vec![
        format!("@ IN SOA ns1.{apex} hostmaster.{apex} 2024010101 7200 3600 1209600 300"),
        "@ IN NS ns1".to_string(),
        format!("@ IN NS ns2.{apex}"),
        "ns1 IN A 192.0.2.1".to_string(),
        "ns2 IN A 192.0.2.2".to_string(),
    ];
    let mut unit = 0usize;
    while lines.len() < records {
        let k = unit;
        let v4 = |last: usize| {
            format!(
                "10.{}.{}.{}",
                (k >> 14) & 255,
                (k >> 6) & 255,
                (k & 63) * 4 + last
            )
        };
        let v6 = |last: usize| format!("2001:db8:{:x}:{:x}::{last}", k >> 16, k & 0xffff);
        lines.extend([
            format!("h{k} 300 IN A {}", v4(1)),
            format!("h{k} IN AAAA {}", v6(1)),
            format!("h{k} MX 10 h{k}.{apex}"),
            format!("h{k} TXT \"v=spf1 a mx -all\" \"unit {k}\""),
            format!("www.h{k} CNAME h{k}"),
            format!("sub{k} 86400 IN NS ns1.sub{k}"),
            format!("sub{k} 86400 IN NS ns2.sub{k}.{apex}"),
            format!("ns1.sub{k} 86400 IN A {}", v4(2)),
            format!("ns2.sub{k} 86400 IN A {}", v4(3)),
            format!("ns2.sub{k} 86400 IN AAAA {}", v6(3)),
        ]);
        unit += 1;
    }
    lines.truncate(records);
    let mut text = format!("$ORIGIN {apex}\n$TTL 3600\n");
    for line in lines {
        writeln!(text, "{line}").expect("writing to a string");
    }
    text
}
