//! Diagnostics over the resolver fixtures (`tests/fixtures/resolver`): each
//! misconfiguration is found, named, located and given a fix, and no finding
//! contradicts what the resolver does with the same world.

use crate::support::n;
use dns_lab::sim::authority::Question;
use dns_lab::sim::diagnose::diagnose;
use dns_lab::sim::finding::{EdgeRef, Finding, FindingKind, Severity};
use dns_lab::sim::name::Name;
use dns_lab::sim::record::RType;
use dns_lab::sim::resolver::{Outcome, Resolution, ResolverConfig};
use dns_lab::sim::scenario::{Scenario, World};
use dns_lab::sim::scenarios::{default_scenario, generated_world};
use dns_lab::sim::server::ServerId;
use std::path::PathBuf;

/// The resolver's fixtures, one per misconfiguration of the research
/// notes, and fixtures of our own for the kinds they do not cover.
fn fixture_dirs() -> [PathBuf; 2] {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    [root.join("resolver"), root.join("diagnose")]
}

fn fixture_paths() -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = fixture_dirs()
        .iter()
        .flat_map(|dir| std::fs::read_dir(dir).unwrap())
        .map(|entry| entry.unwrap().path())
        .collect();
    paths.sort();
    paths
}

fn fixture(name: &str) -> World {
    let path = fixture_dirs()
        .into_iter()
        .map(|dir| dir.join(format!("{name}.json")))
        .find(|path| path.exists())
        .unwrap_or_else(|| panic!("no fixture {name}"));
    let text = std::fs::read_to_string(path).unwrap();
    Scenario::from_json(&text).unwrap().load().unwrap()
}

fn of_kind(findings: &[Finding], kind: FindingKind) -> Vec<&Finding> {
    findings.iter().filter(|f| f.kind == kind).collect()
}

fn only(findings: &[Finding], kind: FindingKind, zone: &str) -> Finding {
    let matching: Vec<&Finding> = findings
        .iter()
        .filter(|f| f.kind == kind && f.zones.first() == Some(&n(zone)))
        .collect();
    assert_eq!(matching.len(), 1, "{kind:?} for {zone}: {findings:#?}");
    matching[0].clone()
}

#[test]
fn the_healthy_default_scenario_has_no_findings() {
    let world = default_scenario().load().unwrap();
    assert_eq!(diagnose(&world), []);
}

#[test]
fn every_finding_has_a_title_a_consequence_a_fix_and_an_rfc() {
    for path in fixture_paths() {
        let text = std::fs::read_to_string(&path).unwrap();
        let world = Scenario::from_json(&text).unwrap().load().unwrap();
        for f in diagnose(&world) {
            assert!(
                !f.title.is_empty() && !f.consequence.is_empty() && !f.fix.explanation.is_empty()
            );
            assert!(f.references().rfc.starts_with("RFC "), "{f:?}");
            assert!(!f.zones.is_empty(), "{f:?}");
        }
    }
}

#[test]
fn missing_glue_is_an_error_only_when_no_other_server_saves_the_zone() {
    let findings = diagnose(&fixture("missing_glue"));
    let broken = of_kind(&findings, FindingKind::MissingGlue);
    let noglue: Vec<_> = broken
        .iter()
        .filter(|f| f.zones[0] == n("noglue.test."))
        .collect();
    assert_eq!(noglue.len(), 2);
    assert!(noglue.iter().all(|f| f.severity == Severity::Error));
    assert!(
        noglue[0]
            .fix
            .explanation
            .starts_with("Add the glue record `ns1.noglue.test. A ")
    );
    assert!(noglue[0].fix.explanation.ends_with("` to the test. zone."));
    assert_eq!(
        noglue[0].edges,
        [EdgeRef::Delegation {
            parent: n("test."),
            child: n("noglue.test.")
        }]
    );
    let saved = only(&findings, FindingKind::MissingGlue, "saved.test.");
    assert_eq!(saved.severity, Severity::Warning);
    assert_eq!(saved.references().dnsviz, Some("MISSING_GLUE_FOR_NS_NAME"));
}

#[test]
fn a_circular_delegation_is_named_in_order() {
    let findings = diagnose(&fixture("circular_delegation"));
    let cycle = only(&findings, FindingKind::CircularDelegation, "a.example.");
    assert_eq!(cycle.severity, Severity::Error);
    assert_eq!(
        cycle.title,
        "Circular delegation: a.example → ns.b.test → b.test → ns.a.example → a.example"
    );
    assert_eq!(
        cycle.edges,
        [
            EdgeRef::NsHost {
                zone: n("a.example."),
                ns_host: n("ns.b.test.")
            },
            EdgeRef::NsHost {
                zone: n("b.test."),
                ns_host: n("ns.a.example.")
            },
        ]
    );
    // One cycle, reported once, not once per zone in it.
    assert_eq!(of_kind(&findings, FindingKind::CircularDelegation).len(), 1);
}

/// Sibling zones that serve each other form a loop without glue, and
/// also with sibling glue: BIND sets sibling glue aside (a real named
/// does, per the differential suite), so only names inside each zone
/// break the loop for every resolver.
#[test]
fn sibling_zones_form_a_cycle_with_or_without_sibling_glue() {
    let findings = diagnose(&fixture("sibling_glue"));
    let cycles = of_kind(&findings, FindingKind::CircularDelegation);
    let titles: Vec<&str> = cycles.iter().map(|c| c.title.as_str()).collect();
    assert_eq!(cycles.len(), 2, "{titles:#?}");
    assert!(
        titles
            .iter()
            .any(|t| t.contains("cyc1.test → ns.cyc2.test → cyc2.test"))
    );
    assert!(
        titles
            .iter()
            .any(|t| t.contains("bar.test → ns1.foo.test → foo.test"))
    );
}

#[test]
fn lame_servers_are_named_with_their_server_ids() {
    let findings = diagnose(&fixture("lame_delegation"));
    let lame = of_kind(&findings, FindingKind::LameServer);
    let servers: Vec<&ServerId> = lame.iter().flat_map(|f| &f.servers).collect();
    for id in ["refusing", "left", "grandparent", "parent"] {
        assert!(servers.contains(&&ServerId::from(id)), "{id}: {lame:#?}");
    }
    // One good server is not enough for lame.example.test.: a lame server
    // that holds the parent zone answers NODATA, and the Unbound-like
    // preset believes it. A wrong answer is an error, and the findings say
    // which resolvers get it.
    let about_lame: Vec<&&Finding> = lame
        .iter()
        .filter(|f| f.zones[0] == n("lame.example.test."))
        .collect();
    assert!(!about_lame.is_empty());
    for finding in about_lame {
        assert_eq!(finding.severity, Severity::Error, "{finding:#?}");
        assert!(
            finding
                .consequence
                .starts_with("Unbound-like resolvers can get a wrong answer"),
            "{}",
            finding.consequence
        );
    }
    only(
        &findings,
        FindingKind::DelegationWithoutServers,
        "dead.example.test.",
    );
}

#[test]
fn unresponsive_servers_are_errors_when_all_are_down() {
    let findings = diagnose(&fixture("unresponsive"));
    let down: Vec<_> = of_kind(&findings, FindingKind::UnresponsiveServer);
    assert!(
        down.iter()
            .any(|f| f.zones[0] == n("down.test.") && f.severity == Severity::Error)
    );
    assert!(
        down.iter()
            .any(|f| f.zones[0] == n("slow.test.") && f.severity == Severity::Warning)
    );
}

#[test]
fn name_server_names_that_cannot_work_are_named() {
    let alias = only(
        &diagnose(&fixture("ns_cname")),
        FindingKind::NsIsAlias,
        "alias.test.",
    );
    // Unbound follows the alias, BIND does not: it breaks for some resolvers.
    assert_eq!(alias.severity, Severity::Error);
    assert_eq!(alias.records[0].1.rtype(), RType::CNAME);
    assert_eq!(
        alias.references().zonemaster,
        Some("DELEGATION05 NS_IS_CNAME")
    );

    let literal = diagnose(&fixture("ns_ip_literal"));
    let numeric = only(&literal, FindingKind::NsLooksLikeAddress, "numeric.test.");
    assert_eq!(numeric.severity, Severity::Error);

    // Written without its final dot in test.'s file, the address became
    // 198.51.100.30.test.; resolvers fail as real ones do.
    let relative = diagnose(&fixture("ns_relative_ip_literal"));
    let slip = only(&relative, FindingKind::NsLooksLikeAddress, "rel.test.");
    assert_eq!(slip.severity, Severity::Error);
    assert!(
        slip.title
            .contains("198.51.100.30 written without a final dot"),
        "{}",
        slip.title
    );
    assert!(!slip.fix.edits.is_empty(), "{:?}", slip.fix);

    // A zone nobody delegates still has its own NS names checked.
    let lone = diagnose(&fixture("undelegated_ns_without_address"));
    let unnamed = only(&lone, FindingKind::NsDoesNotResolve, "lone.test.");
    assert!(
        unnamed.title.contains("ns1.provider.net.lone.test"),
        "{}",
        unnamed.title
    );

    let dangling = diagnose(&fixture("dangling_ns"));
    assert_eq!(
        only(&dangling, FindingKind::NsDoesNotResolve, "dangling.test.").severity,
        Severity::Error
    );
    assert_eq!(
        only(&dangling, FindingKind::NsDoesNotResolve, "partly.test.").severity,
        Severity::Warning
    );
}

#[test]
fn glue_that_disagrees_with_the_zone_is_found() {
    let wrong = diagnose(&fixture("wrong_glue"));
    let broken = only(&wrong, FindingKind::GlueMismatch, "broken.test.");
    assert_eq!(broken.severity, Severity::Error);
    assert!(
        broken.fix.explanation.contains("198.51.100.31"),
        "{}",
        broken.fix.explanation
    );
    let partial = diagnose(&fixture("partial_glue"));
    only(&partial, FindingKind::PartialGlue, "example.test.");
}

#[test]
fn zone_data_problems_are_found() {
    let stale = diagnose(&fixture("stale_secondary"));
    let diverged = only(&stale, FindingKind::DivergedCopy, "example.test.");
    assert_eq!(diverged.servers, [ServerId::from("stale")]);
    assert!(diverged.title.contains("SOA serial 1 instead of 2"));

    let occluded = diagnose(&fixture("occluded"));
    let hidden = only(&occluded, FindingKind::OccludedRecords, "example.test.");
    assert_eq!(hidden.zones[1], n("sub.example.test."));

    let loops = diagnose(&fixture("cname_chains"));
    let cname_loop = of_kind(&loops, FindingKind::CnameLoop);
    assert_eq!(cname_loop.len(), 1);
    assert_eq!(cname_loop[0].records.len(), 2);

    let mismatch = diagnose(&fixture("ns_mismatch"));
    let disjoint = only(&mismatch, FindingKind::NsSetsDisjoint, "example.test.");
    assert!(disjoint.title.contains("parent: 1 NS / child: 1 NS"));
}

/// Findings never contradict the stepper: a delegated zone whose apex does
/// not resolve under some preset has an error finding, and every error
/// finding about reaching a zone's servers is confirmed by a failure.
#[test]
fn findings_agree_with_the_resolver() {
    let reachability_kinds = [
        FindingKind::MissingGlue,
        FindingKind::CircularDelegation,
        FindingKind::LameServer,
        FindingKind::UnresponsiveServer,
        FindingKind::NsIsAlias,
        FindingKind::NsDoesNotResolve,
        FindingKind::NsLooksLikeAddress,
    ];
    for path in fixture_paths() {
        let text = std::fs::read_to_string(&path).unwrap();
        let world = Scenario::from_json(&text).unwrap().load().unwrap();
        let findings = diagnose(&world);
        for zone in world.zones() {
            let apex = zone.apex().clone();
            let fails = [ResolverConfig::unbound_like(), ResolverConfig::bind_like()]
                .into_iter()
                .any(|config| {
                    let mut r = Resolution::new(Question::new(apex.clone(), RType::SOA), config);
                    r.run(&world);
                    // Failing is no answer from the zone: SERVFAIL, or a
                    // NODATA or NXDOMAIN from a server that does not hold it.
                    !matches!(
                        r.outcome(),
                        Some(Outcome::Answer { answer })
                            if answer.iter().any(|a| a.owner == apex && a.rtype() == RType::SOA)
                    )
                });
            let errors: Vec<&Finding> = findings
                .iter()
                .filter(|f| f.severity == Severity::Error && f.zones.contains(&apex))
                .collect();
            if fails {
                assert!(
                    !errors.is_empty(),
                    "{}: {apex} does not resolve, yet no error names it",
                    path.display()
                );
            }
            let reach_errors = errors
                .iter()
                .filter(|f| f.zones[0] == apex && reachability_kinds.contains(&f.kind))
                .count();
            if reach_errors > 0 {
                assert!(
                    fails,
                    "{}: {apex} resolves, yet an error says it cannot be reached",
                    path.display()
                );
            }
        }
    }
}

#[test]
fn a_generated_healthy_world_has_no_findings() {
    let world = generated_world(200).load().unwrap();
    assert_eq!(diagnose(&world), []);
}

#[test]
fn every_kind_has_a_fixture_that_triggers_it() {
    let mut seen = std::collections::BTreeSet::new();
    for path in fixture_paths() {
        let text = std::fs::read_to_string(&path).unwrap();
        let world = Scenario::from_json(&text).unwrap().load().unwrap();
        seen.extend(diagnose(&world).into_iter().map(|f| f.kind));
    }
    // The DNSSEC breaks are built by signing (support::signed), not kept
    // as files of signatures.
    for (_, scenario) in crate::support::signed::broken_worlds() {
        let world = scenario.load().unwrap();
        let hierarchy = dns_lab::sim::hierarchy::Hierarchy::build(&world);
        let dnssec = crate::support::signed::dnssec_at(0);
        let findings = dns_lab::sim::diagnose::diagnose_with(&world, &hierarchy, Some(&dnssec));
        seen.extend(findings.into_iter().map(|f| f.kind));
    }
    let missing: Vec<_> = FindingKind::ALL
        .iter()
        .filter(|k| !seen.contains(k))
        .collect();
    assert!(missing.is_empty(), "no fixture triggers {missing:?}");
}

#[test]
fn every_kind_has_its_own_kebab_case_id() {
    let ids: Vec<&str> = FindingKind::ALL.iter().map(|k| k.id()).collect();
    assert_eq!(FindingKind::MissingGlue.id(), "missing-glue");
    assert!(
        ids.iter()
            .all(|id| !id.is_empty() && id.chars().all(|c| c.is_ascii_lowercase() || c == '-')),
        "{ids:?}"
    );
    let unique: std::collections::BTreeSet<&str> = ids.iter().copied().collect();
    assert_eq!(unique.len(), ids.len(), "{ids:?}");
    // Scenario files name kinds by these ids, both ways; an unknown id is refused.
    for kind in FindingKind::ALL {
        let json = serde_json::to_string(&kind).unwrap();
        assert_eq!(json, format!("\"{}\"", kind.id()));
        assert_eq!(serde_json::from_str::<FindingKind>(&json).unwrap(), kind);
    }
    assert!(serde_json::from_str::<FindingKind>("\"no-such-kind\"").is_err());
}

fn delegation(parent: &str, child: &str) -> EdgeRef {
    EdgeRef::Delegation {
        parent: n(parent),
        child: n(child),
    }
}

#[test]
fn ns_set_differences_point_at_the_delegation() {
    let findings = diagnose(&fixture("ns_only_at_parent"));
    let extra = only(&findings, FindingKind::NsOnlyAtParent, "example.test.");
    assert_eq!(extra.severity, Severity::Warning);
    assert_eq!(extra.zones, [n("example.test."), n("test.")]);
    assert_eq!(extra.edges, [delegation("test.", "example.test.")]);
    assert!(extra.title.ends_with("(parent: 3 NS / child: 2 NS)"));
    // ns3 answers for the zone, so the zone's own NS set should list it.
    assert!(
        extra
            .fix
            .explanation
            .starts_with("Add ns3.example.test to the apex NS records of example.test."),
        "{}",
        extra.fix.explanation
    );
    assert_eq!(findings.len(), 1, "{findings:#?}");

    let findings = diagnose(&fixture("ns_only_at_child"));
    let extra = only(&findings, FindingKind::NsOnlyAtChild, "example.test.");
    assert_eq!(extra.severity, Severity::Notice);
    assert_eq!(extra.edges, [delegation("test.", "example.test.")]);
    assert_eq!(findings.len(), 1, "{findings:#?}");
}

#[test]
fn redundancy_that_is_not_there_is_named() {
    let single = diagnose(&fixture("single_name_server"));
    let f = only(&single, FindingKind::SingleNameServer, "example.test.");
    assert_eq!(f.severity, Severity::Warning);
    assert_eq!(f.edges, [delegation("test.", "example.test.")]);
    assert_eq!(single.len(), 1, "{single:#?}");

    let shared = diagnose(&fixture("name_servers_share_address"));
    let f = only(
        &shared,
        FindingKind::NameServersShareAddress,
        "example.test.",
    );
    assert_eq!(f.severity, Severity::Warning);
    assert_eq!(f.servers, [ServerId::from("ns-example")]);
    assert!(f.title.contains("198.51.100.1"), "{}", f.title);
    assert_eq!(
        f.references().zonemaster,
        Some("DELEGATION02 DEL_NS_SAME_IP")
    );
    assert_eq!(shared.len(), 1, "{shared:#?}");
}

#[test]
fn a_missing_trailing_dot_is_recognised() {
    let findings = diagnose(&fixture("ns_relative_name_slip"));
    let slip = only(&findings, FindingKind::NsRelativeNameSlip, "example.test.");
    // ns1 still answers: a warning, not an error.
    assert_eq!(slip.severity, Severity::Warning);
    assert!(
        slip.title.contains("ns2.example.test.example.test.")
            && slip.fix.explanation.contains("`ns2.example.test.`"),
        "{slip:#?}"
    );
}

#[test]
fn a_zone_nobody_delegates_names_the_servers_that_load_it() {
    let findings = diagnose(&fixture("zone_not_delegated"));
    let f = only(&findings, FindingKind::ZoneNotDelegated, "orphan.test.");
    assert_eq!(f.severity, Severity::Error);
    assert_eq!(f.zones, [n("orphan.test."), n("test.")]);
    assert_eq!(
        f.servers,
        [ServerId::from("host-1"), ServerId::from("host-2")]
    );
    assert_eq!(f.edges, [delegation("test.", "orphan.test.")]);
    assert_eq!(findings.len(), 1, "{findings:#?}");
}

#[test]
fn a_cycle_through_a_parent_zone_is_found() {
    let findings = diagnose(&fixture("circular_through_parent"));
    let cycle = only(&findings, FindingKind::CircularDelegation, "example.");
    assert_eq!(cycle.severity, Severity::Error);
    assert_eq!(
        cycle.title,
        "Circular delegation: example → ns.b.test → b.test → ns.a.example → a.example → its parent example"
    );
    assert_eq!(cycle.zones, [n("example."), n("b.test."), n("a.example.")]);
    assert_eq!(
        cycle.edges,
        [
            EdgeRef::NsHost {
                zone: n("example."),
                ns_host: n("ns.b.test.")
            },
            EdgeRef::NsHost {
                zone: n("b.test."),
                ns_host: n("ns.a.example.")
            },
            delegation("example.", "a.example."),
        ]
    );
}

#[test]
fn glue_a_resolver_drops_is_named_with_its_server() {
    let findings = diagnose(&fixture("unrelated_glue"));
    let f = only(&findings, FindingKind::UnrelatedGlue, "b.test.");
    assert_eq!(f.severity, Severity::Notice);
    assert_eq!(f.zones, [n("b.test."), n("test.")]);
    assert_eq!(f.servers, [ServerId::from("op")]);
    let owners: Vec<&Name> = f.records.iter().map(|(_, r)| &r.owner).collect();
    assert_eq!(owners, [&n("ns.helper.test.")]);
    assert_eq!(f.records[0].0, n("test."));
}

/// In an open world, delegations to name servers the world lacks are its
/// edge: one notice per parent sums them up. A delegation to a server of
/// this world that does not load the zone stays an error of its own.
#[test]
fn an_open_world_sums_up_the_delegations_that_lead_outside_it() {
    let world = fixture("open_world");
    let findings = diagnose(&world);
    let outside = only(&findings, FindingKind::DelegationsOutsideWorld, ".");
    assert_eq!(outside.severity, Severity::Notice);
    assert!(!outside.kind.is_mistake() && outside.fix.edits.is_empty());
    assert_eq!(outside.title, "4 delegations lead outside this world");
    assert!(
        outside.consequence.contains("arpa, com, net and org"),
        "{}",
        outside.consequence
    );
    assert!(outside.consequence.contains("SERVFAIL"));
    let lab = only(&findings, FindingKind::DelegationWithoutServers, "lab.");
    assert_eq!(lab.severity, Severity::Error);
    assert_eq!(
        findings.len(),
        2,
        "nothing else, not even about com.'s name servers: {findings:#?}"
    );

    // The same world, closed: each delegation is a mistake of its own.
    let mut closed = world.scenario().clone();
    closed.open_world = false;
    let findings = diagnose(&closed.load().unwrap());
    assert!(of_kind(&findings, FindingKind::DelegationsOutsideWorld).is_empty());
    for zone in ["arpa.", "com.", "net.", "org.", "lab."] {
        only(&findings, FindingKind::DelegationWithoutServers, zone);
    }
}
