//! DNSSEC edits from the inspector: the DNS host's signer (sign, re-sign,
//! roll and retire keys, stop) and the registrar's DS records, and the
//! signer that keeps maintained zones signed as the world is edited and
//! its clock moves.

use super::*;
use crate::sim::dnssec::{Algorithm, Denial, KeyRole, UtcTime};
use crate::ui::crypto;

/// Shown while an edit waits for the cryptography.
const LOADING_CRYPTO: &str = "Loading the cryptography to sign with (a part of DNS Lab fetched the first time a zone is signed)…";

/// One DNSSEC edit, made to the zone at its apex.
#[derive(Clone, Debug, PartialEq)]
pub enum SigningEdit {
    Sign {
        apex: Name,
        algorithm: Algorithm,
        nsec3: bool,
        /// One combined key (a CSK) instead of a KSK and a ZSK.
        combined: bool,
    },
    Resign(Name),
    Roll {
        apex: Name,
        role: KeyRole,
    },
    Retire {
        apex: Name,
        key_tag: u16,
    },
    Stop(Name),
    /// Start or stop the host's signer ([`crate::sim::dnssec::Signing::maintained`]).
    SetRunning {
        apex: Name,
        running: bool,
    },
    /// The registrar publishes a DS for each of the zone's KSKs, in place
    /// of whatever DS it had.
    SetDsFromKeys(Name),
    /// The host's signer publishes CDS and CDNSKEY records, or stops.
    PublishCds {
        apex: Name,
        publish: bool,
    },
    /// The registrar takes the DS the zone's CDS or CDNSKEY records ask
    /// for ([`Scenario::ds_from_cds`]).
    SetDsFromCds(Name),
}

impl Lab {
    /// The world's date: its epoch plus the virtual clock.
    pub fn date(&self) -> UtcTime {
        self.loaded.scenario.date(self.query.cache.now())
    }

    pub(super) fn signing_edit(&mut self, edit: SigningEdit) {
        let crypto = match &edit {
            SigningEdit::Stop(apex) => {
                self.edit_scenario(|s| s.stop_signing(apex));
                return;
            }
            SigningEdit::SetRunning { apex, running } => {
                self.edit_scenario(|s| s.set_signer_running(apex, *running));
                return;
            }
            _ => match crypto::available() {
                Some(crypto) => crypto,
                None => {
                    // The page fetches it (crate::ui::crypto); the edit is
                    // made when it arrives.
                    self.awaiting_crypto = Some(edit);
                    self.notice = Some(LOADING_CRYPTO.into());
                    return;
                }
            },
        };
        let crypto = &*crypto;
        let now = self.date();
        match edit {
            SigningEdit::Sign {
                apex,
                algorithm,
                nsec3,
                combined,
            } => {
                let denial = if nsec3 {
                    Denial::NSEC3 {
                        iterations: 0,
                        salt: String::new(),
                    }
                } else {
                    Denial::NSEC
                };
                if self
                    .edit_scenario(|s| {
                        s.sign_zone_with(&apex, algorithm, denial, combined, now, crypto)
                    })
                    .is_some()
                {
                    let notice = self.signed_notice(&apex);
                    self.passing_notice = Some(notice.clone());
                    self.notice = Some(notice);
                }
            }
            SigningEdit::Resign(apex) => {
                self.edit_scenario(|s| s.resign_zone(&apex, now, crypto));
            }
            SigningEdit::Roll { apex, role } => {
                self.edit_scenario(|s| s.roll_key(&apex, role, now, crypto));
            }
            SigningEdit::Retire { apex, key_tag } => {
                self.edit_scenario(|s| s.retire_key(&apex, key_tag, now, crypto));
            }
            // Made above: they sign nothing.
            SigningEdit::Stop(_) | SigningEdit::SetRunning { .. } => {}
            SigningEdit::SetDsFromKeys(apex) => {
                let ds = Scenario::ds_for_child(&self.loaded.world, &apex);
                self.edit_scenario(|s| s.set_ds(&apex, &ds, now, crypto));
            }
            SigningEdit::PublishCds { apex, publish } => {
                self.edit_scenario(|s| s.set_cds_publishing(&apex, publish, now, crypto));
            }
            SigningEdit::SetDsFromCds(apex) => {
                match Scenario::ds_from_cds(&self.loaded.world, &apex) {
                    Some(ds) => {
                        self.edit_scenario(|s| s.set_ds(&apex, &ds, now, crypto));
                    }
                    None => {
                        self.notice = Some(format!(
                            "{apex} publishes no CDS or CDNSKEY records to take."
                        ));
                    }
                }
            }
        }
    }

    /// What signing the zone at `apex` made, and the registrar's step that
    /// makes it count.
    fn signed_notice(&self, apex: &Name) -> String {
        let signatures = self.loaded.world.zone(apex).map_or(0, |zone| {
            zone.records().filter(|r| r.rtype().is_rrsig()).count()
        });
        format!(
            "Signed {apex}: {}. Validators check them only once the registrar publishes its DS (under \"At the parent\").",
            crate::sim::prose::plural(signatures, "signature", "signatures")
        )
    }

    /// An edited scenario as the hosts' signers leave it: maintained zones
    /// whose data changed are signed again at the world's date.
    /// Without the cryptography (the page is still fetching it), they
    /// wait: [`Lab::crypto_arrived`] signs them.
    pub(super) fn keep_signed(&self, scenario: &mut Scenario) {
        if let Some(crypto) = crypto::available() {
            scenario.keep_all_signed(&self.loaded.scenario, self.date(), &*crypto);
        }
    }

    /// After the clock moved: maintained zones renew the signatures that
    /// are due, as a running signer does, without an entry to undo (time
    /// passing is not an edit).
    pub(super) fn resign_as_time_passes(&mut self) {
        // Most worlds have no signed zone: no copy of the world for them.
        if self.loaded.scenario.zones_to_sign(self.date()).is_empty() {
            return;
        }
        let Some(crypto) = crypto::available() else {
            return;
        };
        let mut scenario = (*self.loaded.scenario).clone();
        scenario.keep_all_signed(&self.loaded.scenario, self.date(), &*crypto);
        if scenario != *self.loaded.scenario
            && let Ok(loaded) = self.loaded.after_edit(scenario, self.query.cache.now())
        {
            self.loaded = loaded;
        }
    }
}

impl Lab {
    /// Whether the page should fetch the cryptography: an edit waits for
    /// it, the resolver validates (it verifies signatures), or the world
    /// has a signed zone (whose signer may run again as it is edited and as
    /// time passes).
    pub fn wants_crypto(&self) -> bool {
        self.awaiting_crypto.is_some()
            || self.query.config.validation
            || self
                .loaded
                .scenario
                .zones
                .iter()
                .any(|z| z.signing.is_some())
    }

    /// The cryptography arrived (or could not be fetched): the edit that
    /// waited for it is made, and maintained zones edited meanwhile are
    /// signed again.
    pub(super) fn crypto_arrived(&mut self, arrived: Result<(), String>) {
        let waiting = self.awaiting_crypto.take();
        match arrived {
            Ok(()) => {
                if self.notice.as_deref() == Some(LOADING_CRYPTO) {
                    self.notice = None;
                }
                if let Some(edit) = waiting {
                    self.signing_edit(edit);
                }
                self.resign_as_time_passes();
                // The DNSSEC checks and the validating resolver could not
                // verify a signature until now.
                self.loaded.diagnose(self.query.cache.now());
                if self.query.config.validation {
                    self.recompute_steps();
                }
            }
            Err(error) if waiting.is_some() => {
                self.notice = Some(format!(
                    "Could not sign: the cryptography did not download ({error}). Check the connection and try again."
                ));
            }
            // Fetched for a signed world that was opened: it is served as
            // it was signed, and the next signing edit tries again.
            Err(error) => {
                self.notice = Some(format!(
                    "The cryptography did not download ({error}): the signed zones are served as they are, but not signed again until it can be fetched (the next signing edit tries)."
                ));
            }
        }
    }
}
