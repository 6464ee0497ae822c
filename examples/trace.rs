//! Prints the dig-style trace of one resolution in the default scenario:
//! `cargo run --example trace -- www.example.test. A [bind]`.

use dns_lab::sim::authority::Question;
use dns_lab::sim::name::Name;
use dns_lab::sim::resolver::{Resolution, ResolverConfig, trace};
use dns_lab::sim::scenarios::default_scenario;

fn main() {
    let mut args = std::env::args().skip(1);
    let name = args.next().unwrap_or_else(|| "www.example.test.".into());
    let rtype = args.next().unwrap_or_else(|| "A".into());
    let config = match args.next().as_deref() {
        Some("bind") => ResolverConfig::bind_like(),
        _ => ResolverConfig::unbound_like(),
    };
    let world = default_scenario()
        .load()
        .expect("the default scenario loads");
    let question = Question::new(
        Name::parse(&name).expect("a valid name"),
        rtype.parse().expect("a known type"),
    );
    let mut resolution = Resolution::new(question.clone(), config);
    let steps = resolution.run(&world);
    for step in &steps {
        println!(
            "[{}] depth {}: {}",
            step.index,
            step.depth,
            step.explanation()
        );
    }
    println!();
    print!("{}", trace::render(&question, &steps));
}
