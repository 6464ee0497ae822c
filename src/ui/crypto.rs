//! The cryptography the page signs zones with ([`Cryptography`]).
//!
//! Natively (the tests, the first-view renderer) it is [`RustCrypto`],
//! always at hand. In the browser it is a WebAssembly module of its own
//! (`src/bin/dns-lab-crypto.rs`), which the page fetches the first time a
//! world has a signed zone or the learner signs one: most visits never
//! sign, and the algorithms' arithmetic is a sizeable part of a page that
//! should arrive fast on a phone. Until it has arrived, edits that would
//! sign wait ([`crate::ui::state::Lab::awaiting_crypto`]), and maintained
//! zones are signed again once it is there.

/// The cryptography, if the page has it.
#[cfg(not(target_arch = "wasm32"))]
pub fn available() -> Option<std::rc::Rc<dyn crate::sim::dnssec::Cryptography>> {
    Some(std::rc::Rc::new(crate::sim::dnssec::RustCrypto))
}

/// Fetches the cryptography (once: later calls find it there).
#[cfg(not(target_arch = "wasm32"))]
pub async fn load() -> Result<(), String> {
    Ok(())
}

#[cfg(target_arch = "wasm32")]
pub use browser::{available, load};

#[cfg(target_arch = "wasm32")]
mod browser {
    use crate::sim::dnssec::{Algorithm, Cryptography, crypto::SigningKey};
    use std::cell::RefCell;
    use std::rc::Rc;
    use wasm_bindgen::prelude::*;

    // The loader (assets/boot.js) finds the module's hashed file names in
    // the page (scripts/post-build.mjs writes them) and starts it once.
    #[wasm_bindgen]
    extern "C" {
        #[wasm_bindgen(catch, js_namespace = window, js_name = dnsLabLoadCrypto)]
        async fn load_module() -> Result<JsValue, JsValue>;
    }

    // The module's exports (src/bin/dns-lab-crypto.rs). Keys stay in the
    // module's memory, named by a number, so each signature sends only the
    // data to sign.
    #[wasm_bindgen]
    extern "C" {
        type CryptoModule;
        #[wasm_bindgen(method, js_name = signingKey)]
        fn signing_key(this: &CryptoModule, algorithm: u8, secret: &[u8]) -> Option<u32>;
        #[wasm_bindgen(method, js_name = publicKey)]
        fn public_key(this: &CryptoModule, key: u32) -> Vec<u8>;
        #[wasm_bindgen(method)]
        fn sign(this: &CryptoModule, key: u32, data: &[u8]) -> Vec<u8>;
        #[wasm_bindgen(method)]
        fn verify(
            this: &CryptoModule,
            algorithm: u8,
            public_key: &[u8],
            data: &[u8],
            signature: &[u8],
        ) -> Option<bool>;
    }

    struct LoadedCrypto(Rc<CryptoModule>);

    struct LoadedKey {
        module: Rc<CryptoModule>,
        key: u32,
    }

    thread_local! {
        static LOADED: RefCell<Option<Rc<LoadedCrypto>>> = const { RefCell::new(None) };
    }

    pub fn available() -> Option<Rc<dyn Cryptography>> {
        LOADED.with_borrow(|loaded| loaded.clone().map(|m| m as Rc<dyn Cryptography>))
    }

    pub async fn load() -> Result<(), String> {
        if LOADED.with_borrow(Option::is_some) {
            return Ok(());
        }
        let module = load_module().await.map_err(|error| {
            error
                .dyn_ref::<web_sys::js_sys::Error>()
                .map(|e| String::from(e.message()))
                .or_else(|| error.as_string())
                .unwrap_or_else(|| "it could not be loaded".into())
        })?;
        LOADED.with_borrow_mut(|loaded| {
            *loaded = Some(Rc::new(LoadedCrypto(Rc::new(module.unchecked_into()))));
        });
        Ok(())
    }

    impl Cryptography for LoadedCrypto {
        fn signing_key(
            &self,
            algorithm: Algorithm,
            secret: &[u8; 32],
        ) -> Option<Box<dyn SigningKey>> {
            let key = self.0.signing_key(algorithm.number(), secret)?;
            Some(Box::new(LoadedKey {
                module: self.0.clone(),
                key,
            }))
        }

        fn verify(
            &self,
            algorithm: u8,
            public_key: &[u8],
            data: &[u8],
            signature: &[u8],
        ) -> Option<bool> {
            self.0.verify(algorithm, public_key, data, signature)
        }
    }

    impl SigningKey for LoadedKey {
        fn public_key(&self) -> Vec<u8> {
            self.module.public_key(self.key)
        }

        fn sign(&self, data: &[u8]) -> Vec<u8> {
            self.module.sign(self.key, data)
        }
    }
}
