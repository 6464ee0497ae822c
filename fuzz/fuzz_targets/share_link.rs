//! Share links and imported files from strangers: decoded or refused with
//! a reason, with inflation capped; nothing panics.
#![no_main]

use dns_lab::persist::{decode_link, import_file};
use dns_lab::sim::scenarios::default_scenario;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    if let Ok(text) = std::str::from_utf8(bytes) {
        let _ = decode_link(text);
    }
    let _ = import_file(bytes, &default_scenario());
});
