//! The web app's cryptography: a WebAssembly module of its own, which the
//! page fetches only once a world has a signed zone (`src/ui/crypto.rs`
//! says why and how). It holds RustCrypto's signature algorithms
//! ([`RustCrypto`]) and nothing else of the app: signing, and the
//! validating resolver's checks of signatures.
//!
//! Keys stay here, in a table, named by their place in it: the app asks
//! for a key once per signer run and then sends only the data to sign.

#[cfg(target_arch = "wasm32")]
mod exports {
    use dns_lab::sim::dnssec::crypto::SigningKey;
    use dns_lab::sim::dnssec::{Algorithm, Cryptography, RustCrypto};
    use std::cell::RefCell;
    use std::collections::HashMap;
    use wasm_bindgen::prelude::*;

    /// Each distinct key once: the same zone signed again finds its key
    /// here, so the table grows only with the keys a learner makes.
    #[derive(Default)]
    struct Keys {
        pairs: Vec<Box<dyn SigningKey>>,
        numbers: HashMap<(u8, [u8; 32]), u32>,
    }

    thread_local! {
        static KEYS: RefCell<Keys> = RefCell::default();
    }

    /// The number of the key pair whose private key is `secret` (32 octets)
    /// for `algorithm`, or `undefined` when `secret` is not one.
    #[wasm_bindgen(js_name = signingKey)]
    pub fn signing_key(algorithm: u8, secret: &[u8]) -> Option<u32> {
        let algorithm = Algorithm::from_number(algorithm)?;
        let secret: &[u8; 32] = secret.try_into().ok()?;
        KEYS.with_borrow_mut(|keys| {
            let known = (algorithm.number(), *secret);
            if let Some(&number) = keys.numbers.get(&known) {
                return Some(number);
            }
            let pair = RustCrypto.signing_key(algorithm, secret)?;
            let number = u32::try_from(keys.pairs.len()).ok()?;
            keys.pairs.push(pair);
            keys.numbers.insert(known, number);
            Some(number)
        })
    }

    /// The public key of key `number`, as DNSKEY data carries it.
    #[wasm_bindgen(js_name = publicKey)]
    pub fn public_key(number: u32) -> Vec<u8> {
        with_key(number, |key| key.public_key())
    }

    /// The signature of `data` with key `number`.
    #[wasm_bindgen]
    pub fn sign(number: u32, data: &[u8]) -> Vec<u8> {
        with_key(number, |key| key.sign(data))
    }

    /// Whether `signature` is the signature of `data` by the DNSKEY public
    /// key `public_key` of `algorithm`; `undefined` for an algorithm this
    /// module does not know.
    #[wasm_bindgen]
    pub fn verify(algorithm: u8, public_key: &[u8], data: &[u8], signature: &[u8]) -> Option<bool> {
        RustCrypto.verify(algorithm, public_key, data, signature)
    }

    /// An unknown number (never handed out) gives empty octets, which no
    /// validator accepts, rather than a trap.
    fn with_key(number: u32, f: impl FnOnce(&dyn SigningKey) -> Vec<u8>) -> Vec<u8> {
        KEYS.with_borrow(|keys| {
            keys.pairs
                .get(number as usize)
                .map(|key| f(key.as_ref()))
                .unwrap_or_default()
        })
    }
}

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!(
        "dns-lab-crypto is the DNS Lab web app's cryptography, a WebAssembly module the page \
         loads when a zone is signed. Build the web app with Trunk: `bash scripts/serve.sh`."
    );
    std::process::exit(2);
}
