//! Findings: what the diagnostics report, as data.
//!
//! A [`Finding`] is one problem in a world: its [`FindingKind`], how much it
//! matters ([`Severity`]), which zones, servers, records and graph edges it
//! concerns, what a resolver does about it and the [`Fix`]. Every kind
//! carries its [`References`]: the RFC section, and the same problem's name
//! in DNSViz and Zonemaster, so a learner can carry it to the real tools.
//!
//! The types sit here, below the scenario, because lessons name the kinds of
//! finding their challenges clear; `diagnose` produces them.

use super::fix::Fix;
use super::name::Name;
use super::record::Record;
use super::server::ServerId;
use std::fmt;

/// How much a finding matters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Resolution fails, for some resolvers or all.
    Error,
    /// Resolution works, but is fragile, slow or resolver-dependent.
    Warning,
    /// Worth knowing; nothing breaks.
    Notice,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Notice => "notice",
        })
    }
}

/// The kinds of problem the checks find. Saved and read by their ids
/// ([`FindingKind::id`]).
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(into = "&'static str", try_from = "String")]
pub enum FindingKind {
    NsOnlyAtParent,
    NsOnlyAtChild,
    NsSetsDisjoint,
    SingleNameServer,
    NameServersShareAddress,
    MissingGlue,
    GlueMismatch,
    PartialGlue,
    UnrelatedGlue,
    CircularDelegation,
    LameServer,
    UnresponsiveServer,
    NsIsAlias,
    NsLooksLikeAddress,
    NsRelativeNameSlip,
    NsDoesNotResolve,
    DelegationWithoutServers,
    DelegationsOutsideWorld,
    ZoneNotDelegated,
    DivergedCopy,
    OccludedRecords,
    CnameLoop,
    DsMatchesNoKey,
    DsForUnsignedZone,
    KeysNotSignedByDsKey,
    MissingSignatures,
    SignaturesExpired,
    SignaturesNotYetValid,
    BrokenDenial,
}

impl FindingKind {
    /// The kind's stable id, as scenario files, JSON output and the page's
    /// `data-kind` name it: `missing-glue`. Spelt here, not taken from its
    /// `Debug` text, which a release build does not keep.
    pub fn id(self) -> &'static str {
        match self {
            FindingKind::NsOnlyAtParent => "ns-only-at-parent",
            FindingKind::NsOnlyAtChild => "ns-only-at-child",
            FindingKind::NsSetsDisjoint => "ns-sets-disjoint",
            FindingKind::SingleNameServer => "single-name-server",
            FindingKind::NameServersShareAddress => "name-servers-share-address",
            FindingKind::MissingGlue => "missing-glue",
            FindingKind::GlueMismatch => "glue-mismatch",
            FindingKind::PartialGlue => "partial-glue",
            FindingKind::UnrelatedGlue => "unrelated-glue",
            FindingKind::CircularDelegation => "circular-delegation",
            FindingKind::LameServer => "lame-server",
            FindingKind::UnresponsiveServer => "unresponsive-server",
            FindingKind::NsIsAlias => "ns-is-alias",
            FindingKind::NsLooksLikeAddress => "ns-looks-like-address",
            FindingKind::NsRelativeNameSlip => "ns-relative-name-slip",
            FindingKind::NsDoesNotResolve => "ns-does-not-resolve",
            FindingKind::DelegationWithoutServers => "delegation-without-servers",
            FindingKind::DelegationsOutsideWorld => "delegations-outside-world",
            FindingKind::ZoneNotDelegated => "zone-not-delegated",
            FindingKind::DivergedCopy => "diverged-copy",
            FindingKind::OccludedRecords => "occluded-records",
            FindingKind::CnameLoop => "cname-loop",
            FindingKind::DsMatchesNoKey => "ds-matches-no-key",
            FindingKind::DsForUnsignedZone => "ds-for-unsigned-zone",
            FindingKind::KeysNotSignedByDsKey => "keys-not-signed-by-ds-key",
            FindingKind::MissingSignatures => "missing-signatures",
            FindingKind::SignaturesExpired => "signatures-expired",
            FindingKind::SignaturesNotYetValid => "signatures-not-yet-valid",
            FindingKind::BrokenDenial => "broken-denial",
        }
    }

    /// Every kind, in the order findings of equal severity are listed.
    pub const ALL: [FindingKind; 29] = [
        FindingKind::NsOnlyAtParent,
        FindingKind::NsOnlyAtChild,
        FindingKind::NsSetsDisjoint,
        FindingKind::SingleNameServer,
        FindingKind::NameServersShareAddress,
        FindingKind::MissingGlue,
        FindingKind::GlueMismatch,
        FindingKind::PartialGlue,
        FindingKind::UnrelatedGlue,
        FindingKind::CircularDelegation,
        FindingKind::LameServer,
        FindingKind::UnresponsiveServer,
        FindingKind::NsIsAlias,
        FindingKind::NsLooksLikeAddress,
        FindingKind::NsRelativeNameSlip,
        FindingKind::NsDoesNotResolve,
        FindingKind::DelegationWithoutServers,
        FindingKind::DelegationsOutsideWorld,
        FindingKind::ZoneNotDelegated,
        FindingKind::DivergedCopy,
        FindingKind::OccludedRecords,
        FindingKind::CnameLoop,
        FindingKind::DsMatchesNoKey,
        FindingKind::DsForUnsignedZone,
        FindingKind::KeysNotSignedByDsKey,
        FindingKind::MissingSignatures,
        FindingKind::SignaturesExpired,
        FindingKind::SignaturesNotYetValid,
        FindingKind::BrokenDenial,
    ];
}

impl FindingKind {
    /// False for the kind that reports the edge of an open world, where
    /// nothing is wrong and nothing is to be fixed; true for every mistake.
    pub fn is_mistake(self) -> bool {
        self != FindingKind::DelegationsOutsideWorld
    }
}

impl From<FindingKind> for &'static str {
    fn from(kind: FindingKind) -> &'static str {
        kind.id()
    }
}

impl TryFrom<String> for FindingKind {
    type Error = String;

    fn try_from(id: String) -> Result<FindingKind, String> {
        FindingKind::ALL
            .into_iter()
            .find(|kind| kind.id() == id)
            .ok_or_else(|| format!("unknown kind of finding \"{id}\""))
    }
}

/// Where to read more: the RFC, and the same problem's name in DNSViz and
/// Zonemaster where they have one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct References {
    pub rfc: &'static str,
    pub dnsviz: Option<&'static str>,
    pub zonemaster: Option<&'static str>,
}

impl FindingKind {
    pub fn references(self) -> References {
        use FindingKind::*;
        let (rfc, dnsviz, zonemaster) = match self {
            NsOnlyAtParent => (
                "RFC 1034 §4.2.2",
                Some("NS_NAME_NOT_IN_CHILD"),
                Some("DELEGATION07 EXTRA_NAME_PARENT"),
            ),
            NsOnlyAtChild => (
                "RFC 1034 §4.2.2",
                Some("NS_NAME_NOT_IN_PARENT"),
                Some("DELEGATION07 EXTRA_NAME_CHILD"),
            ),
            NsSetsDisjoint => (
                "RFC 1034 §4.2.2",
                Some("NS_NAME_NOT_IN_CHILD"),
                Some("DELEGATION07 TOTAL_NAME_MISMATCH"),
            ),
            SingleNameServer => (
                "RFC 1034 §4.1; RFC 2182 §5",
                None,
                Some("DELEGATION01 NOT_ENOUGH_NS_DEL"),
            ),
            NameServersShareAddress => ("RFC 2182 §3.1", None, Some("DELEGATION02 DEL_NS_SAME_IP")),
            MissingGlue => (
                "RFC 1034 §4.2.1; RFC 9471 §3.1",
                Some("MISSING_GLUE_FOR_NS_NAME"),
                Some("BASIC02 B02_NS_NO_IP_ADDR"),
            ),
            GlueMismatch => (
                "RFC 1034 §4.2.1",
                Some("GLUE_MISMATCH"),
                Some("CONSISTENCY05 IN_BAILIWICK_ADDR_MISMATCH"),
            ),
            PartialGlue => (
                "RFC 9471 §3.1",
                Some("MISSING_GLUE_IPV6 / EXTRA_GLUE_IPV4"),
                Some("CONSISTENCY05 EXTRA_ADDRESS_CHILD"),
            ),
            UnrelatedGlue => ("RFC 2181 §5.4.1; RFC 9471 §2", None, None),
            CircularDelegation => (
                "RFC 9471 §2.3; RFC 1034 §5.3.3",
                Some("ERROR_RESOLVING_NS_NAME"),
                Some("BASIC02 B02_NO_WORKING_NS"),
            ),
            LameServer => (
                "RFC 9499 §7; RFC 1912 §2.8",
                Some("SERVER_NOT_AUTHORITATIVE"),
                Some("BASIC02 B02_NS_NOT_AUTH"),
            ),
            UnresponsiveServer => (
                "RFC 1034 §5.3.3",
                Some("TIMEOUT"),
                Some("BASIC02 B02_NS_NO_RESPONSE"),
            ),
            NsIsAlias => ("RFC 2181 §10.3", None, Some("DELEGATION05 NS_IS_CNAME")),
            NsLooksLikeAddress => (
                "RFC 1035 §3.3.11",
                Some("NO_ADDRESS_FOR_NS_NAME"),
                Some("SYNTAX04 NAMESERVER_NUMERIC_TLD"),
            ),
            NsRelativeNameSlip => (
                "RFC 1035 §5.1",
                Some("NO_ADDRESS_FOR_NS_NAME"),
                Some("NAMESERVER06 CAN_NOT_BE_RESOLVED"),
            ),
            NsDoesNotResolve => (
                "RFC 1034 §4.2.1",
                Some("NO_ADDRESS_FOR_NS_NAME"),
                Some("NAMESERVER06 CAN_NOT_BE_RESOLVED"),
            ),
            DelegationWithoutServers => (
                "RFC 1034 §4.2",
                Some("SERVER_NOT_AUTHORITATIVE"),
                Some("BASIC02 B02_NO_WORKING_NS"),
            ),
            DelegationsOutsideWorld => ("RFC 1034 §4.2", None, None),
            ZoneNotDelegated => (
                "RFC 1034 §4.2.2",
                Some("NO_NS_IN_PARENT_NXDOMAIN"),
                Some("BASIC01 B01_NO_CHILD"),
            ),
            DivergedCopy => (
                "RFC 1996 §1",
                None,
                Some("CONSISTENCY01 MULTIPLE_SOA_SERIALS"),
            ),
            OccludedRecords => ("RFC 1034 §4.2.1", None, None),
            CnameLoop => ("RFC 1034 §3.6.2", Some("CNAME_LOOP"), None),
            DsMatchesNoKey => (
                "RFC 4035 §5.2",
                Some("NO_SEP"),
                Some("DNSSEC02 DS02_NO_DNSKEY_FOR_DS"),
            ),
            DsForUnsignedZone => (
                "RFC 4035 §5.2",
                Some("NO_SEP"),
                Some("DNSSEC11 DS11_DS_BUT_UNSIGNED_ZONE"),
            ),
            KeysNotSignedByDsKey => (
                "RFC 4035 §5.2",
                Some("MISSING_SEP_FOR_ALG"),
                Some("DNSSEC02 DS02_DNSKEY_NOT_SIGNED_BY_ANY_DS"),
            ),
            MissingSignatures => (
                "RFC 4035 §2.2",
                Some("MISSING_RRSIG"),
                Some("DNSSEC09 DS09_MISSING_RRSIG_IN_RESPONSE"),
            ),
            SignaturesExpired => (
                "RFC 4035 §5.3.1",
                Some("EXPIRATION_IN_PAST"),
                Some("DNSSEC04 RRSIG_EXPIRED"),
            ),
            SignaturesNotYetValid => (
                "RFC 4035 §5.3.1",
                Some("INCEPTION_IN_FUTURE"),
                Some("DNSSEC09 DS09_SOA_RRSIG_NOT_YET_VALID"),
            ),
            BrokenDenial => (
                "RFC 4035 §3.1.3; RFC 5155 §7.2",
                None,
                Some("DNSSEC10 DS10_EXPECTED_NSEC_NSEC3_MISSING"),
            ),
        };
        References {
            rfc,
            dnsviz,
            zonemaster,
        }
    }
}

/// A graph edge a finding concerns.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum EdgeRef {
    Delegation {
        parent: Name,
        child: Name,
    },
    Serves {
        server: ServerId,
        zone: Name,
    },
    /// `zone` needs a name in another zone to reach `ns_host`.
    NsHost {
        zone: Name,
        ns_host: Name,
    },
}

/// One problem, where it is, why it matters and how to fix it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    pub kind: FindingKind,
    pub severity: Severity,
    pub zones: Vec<Name>,
    pub servers: Vec<ServerId>,
    /// Records involved, with the zone whose text holds them.
    pub records: Vec<(Name, Record)>,
    pub edges: Vec<EdgeRef>,
    pub title: String,
    /// What a resolver does about it, in plain words.
    pub consequence: String,
    /// How to fix it, in words and, where the world has what it takes, as
    /// edits that do the first thing the words propose.
    pub fix: Fix,
}

impl Finding {
    pub fn references(&self) -> References {
        self.kind.references()
    }
}
