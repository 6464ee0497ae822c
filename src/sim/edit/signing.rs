//! Signing a scenario's zones, as a DNS host does, and setting DS records
//! at the parent, as a registrar does.
//!
//! The host holds the keys and runs the signer: it signs the zone, signs
//! again after each edit (unless its signer has stopped), rolls keys, or
//! stops signing. The registrar holds the parent's half: the DS records
//! for the child's key-signing key, which the child's operator hands over
//! (or publishes as CDS records, RFC 7344, for the parent to pick up). The
//! two halves are set by different people at different times, which is how
//! they come to disagree (see [`crate::sim::dnssec`]).
//!
//! Every edit that signs takes the scenario's date ([`Scenario::date`]):
//! signatures are valid around the moment they are made; and the
//! [`Cryptography`] to sign with.

use super::{DELEGATION_TTL, EditError};
use crate::sim::dnssec::keys::{KeyRole, KeyState, ZoneKey, ds_for, is_entry_point};
use crate::sim::dnssec::sign::text_digest;
use crate::sim::dnssec::{Algorithm, Cryptography, Denial, KeyPair, Signing, UtcTime};
use crate::sim::name::Name;
use crate::sim::record::{Opaque, RData, RType, Record};
use crate::sim::scenario::{Scenario, World};
use crate::sim::zonefile::{edit_records, parse_zone};

impl Scenario {
    /// The world's date when its virtual clock reads `clock_seconds`.
    pub fn date(&self, clock_seconds: u64) -> UtcTime {
        self.epoch.after(clock_seconds)
    }

    /// Signs the zone at `apex` with a new KSK and ZSK of `algorithm` and
    /// `denial`. The keys' seeds come from the date, so a zone signed
    /// again later (a new provider) gets new keys.
    pub fn sign_zone(
        &mut self,
        apex: &Name,
        algorithm: Algorithm,
        denial: Denial,
        now: UtcTime,
        crypto: &dyn Cryptography,
    ) -> Result<(), EditError> {
        self.sign_zone_with(apex, algorithm, denial, false, now, crypto)
    }

    /// Signs each zone of `apexes`, children before their parents, and
    /// publishes each one's DS at its parent: a chain of trust from the
    /// root down (the root has no parent, so it is the trust anchor).
    pub fn sign_chain(
        &mut self,
        apexes: &[Name],
        algorithm: Algorithm,
        denial: Denial,
        now: UtcTime,
        crypto: &dyn Cryptography,
    ) -> Result<(), EditError> {
        for apex in apexes {
            self.sign_zone(apex, algorithm, denial.clone(), now, crypto)?;
            if !apex.is_root() {
                // The DS of each key-signing key the zone was just given.
                let ds: Vec<Record> = self
                    .signing_of(apex)?
                    .keys
                    .iter()
                    .filter(|key| key.role.signs_keys())
                    .map(|key| KeyPair::derive(apex, key, crypto))
                    .filter_map(|pair| ds_record(apex, &ds_for(apex, pair.dnskey())))
                    .collect();
                self.set_ds(apex, &ds, now, crypto)?;
            }
        }
        Ok(())
    }

    /// [`Scenario::sign_zone`] with one combined key (a CSK) when
    /// `combined`.
    pub fn sign_zone_with(
        &mut self,
        apex: &Name,
        algorithm: Algorithm,
        denial: Denial,
        combined: bool,
        now: UtcTime,
        crypto: &dyn Cryptography,
    ) -> Result<(), EditError> {
        let mut signing =
            Signing::with_keys(algorithm, now.unix_seconds().wrapping_mul(2), combined);
        signing.denial = denial;
        self.resign_with(apex, signing, now, None, crypto)
    }

    /// Runs the signer of the zone at `apex` again at `now`: signatures of
    /// changed RRsets, and those near their expiration, are renewed.
    pub fn resign_zone(
        &mut self,
        apex: &Name,
        now: UtcTime,
        crypto: &dyn Cryptography,
    ) -> Result<(), EditError> {
        let signing = self.signing_of(apex)?.clone();
        self.resign_with(apex, signing, now, None, crypto)
    }

    /// Stops signing the zone at `apex`: its keys, signatures and proofs
    /// are gone. A DS left at the parent now points at nothing.
    pub fn stop_signing(&mut self, apex: &Name) -> Result<(), EditError> {
        self.signing_of(apex)?;
        let source = self.zone_source_mut(apex)?;
        source.signing = None;
        Ok(())
    }

    /// Sets the zone's signing exactly as given: keys, settings and output
    /// (a recorded fix remakes a signed zone this way).
    pub fn set_signing(&mut self, apex: &Name, signing: Option<Signing>) -> Result<(), EditError> {
        self.zone_source_mut(apex)?.signing = signing;
        Ok(())
    }

    /// Sets whether the host re-signs the zone after edits and as its
    /// signatures age ([`Signing::maintained`]).
    pub fn set_signer_running(&mut self, apex: &Name, running: bool) -> Result<(), EditError> {
        self.signing_of(apex)?;
        let source = self.zone_source_mut(apex)?;
        if let Some(signing) = &mut source.signing {
            signing.maintained = running;
        }
        Ok(())
    }

    /// Starts a rollover of the zone's `role` key (RFC 6781 §4.1): a new
    /// key of the same algorithm joins the DNSKEY RRset. A new KSK signs at
    /// once beside the old one (double signature), so either DS validates;
    /// a new ZSK takes over signing and the old one stays published for
    /// the caches that hold its signatures (pre-publication, shortened).
    /// [`Scenario::retire_key`] ends the rollover.
    pub fn roll_key(
        &mut self,
        apex: &Name,
        role: KeyRole,
        now: UtcTime,
        crypto: &dyn Cryptography,
    ) -> Result<(), EditError> {
        let mut signing = self.signing_of(apex)?.clone();
        let algorithm = signing
            .keys
            .iter()
            .find(|k| k.role == role)
            .or(signing.keys.first())
            .map_or(Algorithm::EcdsaP256Sha256, |k| k.algorithm);
        let seed = signing.keys.iter().map(|k| k.seed).max().unwrap_or(0) + 1;
        if role == KeyRole::ZSK {
            for key in signing.keys.iter_mut().filter(|k| k.role == role) {
                key.state = KeyState::Published;
            }
        }
        signing.keys.push(ZoneKey {
            role,
            algorithm,
            seed,
            state: KeyState::Active,
        });
        self.resign_with(apex, signing, now, None, crypto)
    }

    /// Removes the key with `key_tag` from the zone at `apex` and signs
    /// again without it.
    pub fn retire_key(
        &mut self,
        apex: &Name,
        key_tag: u16,
        now: UtcTime,
        crypto: &dyn Cryptography,
    ) -> Result<(), EditError> {
        let mut signing = self.signing_of(apex)?.clone();
        let before = signing.keys.len();
        signing
            .keys
            .retain(|key| KeyPair::derive(apex, key, crypto).key_tag() != key_tag);
        if signing.keys.len() == before {
            return Err(EditError::NoSuchKey {
                apex: apex.clone(),
                key_tag,
            });
        }
        self.resign_with(apex, signing, now, None, crypto)
    }

    /// What a registrar would publish for the zone at `child`: a DS record
    /// (SHA-256) for each key-signing key in its DNSKEY RRset as `world`
    /// serves it, revoked keys aside.
    pub fn ds_for_child(world: &World, child: &Name) -> Vec<Record> {
        let Some(zone) = world.zone(child) else {
            return Vec::new();
        };
        zone.rrset_wire(child, RType::DNSKEY)
            .into_iter()
            .filter(|dnskey| is_entry_point(dnskey))
            .filter_map(|dnskey| ds_record(child, &ds_for(child, dnskey)))
            .collect()
    }

    /// Sets whether the zone's signer publishes CDS and CDNSKEY records
    /// for its key-signing keys ([`Signing::publish_cds`]), and signs again.
    pub fn set_cds_publishing(
        &mut self,
        apex: &Name,
        publish: bool,
        now: UtcTime,
        crypto: &dyn Cryptography,
    ) -> Result<(), EditError> {
        let mut signing = self.signing_of(apex)?.clone();
        signing.publish_cds = publish;
        self.resign_with(apex, signing, now, None, crypto)
    }

    /// What a registrar that reads the child's CDS and CDNSKEY records
    /// (RFC 7344 §4, RFC 8078) would publish for the zone at `child`, as
    /// `world` serves it: its CDS records as DS records, or else a SHA-256
    /// DS for each key its CDNSKEY records hold; none when they hold the
    /// delete request (RFC 8078 §4: `CDS 0 0 0 00`, `CDNSKEY 0 3 0 AA==`),
    /// which asks the parent to make the delegation insecure. `None` when
    /// the child publishes neither. A real registrar also checks that the
    /// records are signed by a key its current DS names (RFC 7344 §4.1);
    /// DNS Lab's signer signs them so.
    pub fn ds_from_cds(world: &World, child: &Name) -> Option<Vec<Record>> {
        let zone = world.zone(child)?;
        let (cds, cdnskey) = (
            zone.rrset_wire(child, RType::CDS),
            zone.rrset_wire(child, RType::CDNSKEY),
        );
        const DELETE_CDS: [u8; 5] = [0, 0, 0, 0, 0];
        const DELETE_CDNSKEY: [u8; 5] = [0, 0, 3, 0, 0];
        let ds: Vec<Vec<u8>> = if !cds.is_empty() {
            cds.into_iter()
                .filter(|d| *d != DELETE_CDS)
                .map(<[u8]>::to_vec)
                .collect()
        } else if !cdnskey.is_empty() {
            cdnskey
                .into_iter()
                .filter(|k| *k != DELETE_CDNSKEY)
                .map(|key| ds_for(child, key))
                .collect()
        } else {
            return None;
        };
        Some(ds.iter().filter_map(|ds| ds_record(child, ds)).collect())
    }

    /// Replaces the DS records for `child` in its parent zone with `ds`
    /// (none: the delegation becomes insecure), as a registrar does, and
    /// re-signs the parent if its signer runs.
    pub fn set_ds(
        &mut self,
        child: &Name,
        ds: &[Record],
        now: UtcTime,
        crypto: &dyn Cryptography,
    ) -> Result<(), EditError> {
        let parent = self
            .parent_zone_of(child)
            .ok_or_else(|| EditError::NoParentZone(child.clone()))?;
        let parent_apex = parent.apex.clone();
        let text = edit_records(
            &parent.text,
            &parent_apex,
            |r| r.owner == *child && r.rtype() == RType::DS,
            ds,
        )
        .map_err(|error| EditError::ParentText {
            parent: parent_apex.clone(),
            error,
        })?;
        self.zone_source_mut(&parent_apex)?.text = text;
        self.keep_signed(&parent_apex, now, crypto)
    }

    /// Re-signs every zone whose signer runs and whose text is not the one
    /// its output was made from, or whose signatures are due for renewal
    /// at `now` (or were made after `now`: the clock went back). Edits to
    /// keys and settings sign as they are made. `before` is the scenario
    /// before the edit, whose text the last output may have been made
    /// from. The UI calls this after each edit and each move of the clock,
    /// as a DNS host's signer would run. Zones that fail to sign keep what
    /// they had.
    pub fn keep_all_signed(&mut self, before: &Scenario, now: UtcTime, crypto: &dyn Cryptography) {
        for apex in self.zones_to_sign(now) {
            let Some(signing) = self.zone_source(&apex).and_then(|z| z.signing.clone()) else {
                continue;
            };
            let earlier = before.zone_source(&apex).map(|z| z.text.as_str());
            let _ = self.resign_with(&apex, signing, now, earlier, crypto);
        }
    }

    /// The zones [`Scenario::keep_all_signed`] would sign at `now`: their
    /// signer runs, and their text is not the one their output was made
    /// from or their signatures are due.
    pub fn zones_to_sign(&self, now: UtcTime) -> Vec<Name> {
        self.zones
            .iter()
            .filter(|source| {
                let Some(signing) = source.signing.as_ref().filter(|s| s.maintained) else {
                    return false;
                };
                renewal_due(signing, now) || text_digest(&source.text) != signing.signed_from
            })
            .map(|source| source.apex.clone())
            .collect()
    }

    fn keep_signed(
        &mut self,
        apex: &Name,
        now: UtcTime,
        crypto: &dyn Cryptography,
    ) -> Result<(), EditError> {
        match self.zone_source(apex).and_then(|z| z.signing.as_ref()) {
            Some(signing) if signing.maintained => self.resign_zone(apex, now, crypto),
            _ => Ok(()),
        }
    }

    fn signing_of(&self, apex: &Name) -> Result<&Signing, EditError> {
        self.zone_source(apex)
            .ok_or_else(|| EditError::NoSuchZone(apex.clone()))?
            .signing
            .as_ref()
            .ok_or_else(|| EditError::NotSigned(apex.clone()))
    }

    fn zone_source_mut(
        &mut self,
        apex: &Name,
    ) -> Result<&mut crate::sim::scenario::ZoneSource, EditError> {
        self.zones
            .iter_mut()
            .find(|z| &z.apex == apex)
            .ok_or_else(|| EditError::NoSuchZone(apex.clone()))
    }

    /// Signs the zone at `apex` with `signing` at `now`; `earlier` is a
    /// text it had before this edit, which the last output may have been
    /// made from.
    fn resign_with(
        &mut self,
        apex: &Name,
        signing: Signing,
        now: UtcTime,
        earlier: Option<&str>,
        crypto: &dyn Cryptography,
    ) -> Result<(), EditError> {
        let source = self.zone_source_mut(apex)?;
        let parsed = parse_zone(&source.text, apex).map_err(|error| EditError::ZoneText {
            apex: apex.clone(),
            error,
        })?;
        let (signing, _) = signing
            .resigned(&source.text, &parsed.zone, earlier, now, crypto)
            .map_err(|error| EditError::Signing {
                apex: apex.clone(),
                error,
            })?;
        source.signing = Some(signing);
        Ok(())
    }
}

/// A DS record for `child` with data `ds`, at the TTL delegations get.
fn ds_record(child: &Name, ds: &[u8]) -> Option<Record> {
    let RType::Other(code) = RType::DS else {
        return None;
    };
    let data = Opaque::from_wire(code, ds).ok()?;
    Some(Record::new(
        child.clone(),
        DELEGATION_TTL,
        RData::Other(data),
    ))
}

/// Whether the signer's last run is old enough that some signature may be
/// due (see `sign::SignatureTimes::renew_within`), or lies ahead of `now`.
fn renewal_due(signing: &Signing, now: UtcTime) -> bool {
    now < signing.signed_at
        || now
            >= signing
                .signed_at
                .after(u64::from(signing.validity.lifetime / 4))
}
