//! The signature algorithms' arithmetic, behind an interface.
//!
//! Everything else DNSSEC needs is bookkeeping: which RRsets to sign, in
//! which canonical form (RFC 4034 §6), which names the NSEC chain links.
//! Only three steps need the algorithms themselves: turning a private key
//! into the public key a DNSKEY record publishes, signing octets, and a
//! validator's check of a signature against a public key.
//! Those sit behind [`Cryptography`], so that what computes them can be
//! loaded apart from the rest: the web app fetches its cryptography, a
//! WebAssembly module of its own, only once a world has a signed zone
//! (most worlds never have one), while the command line and the tests use
//! [`RustCrypto`] directly. Either way the same octets come out: ECDSA
//! nonces follow RFC 6979 and Ed25519 is deterministic by design, so no
//! random source is involved.

use super::keys::Algorithm;

/// What signs: key pairs from private keys.
pub trait Cryptography {
    /// The key pair whose private key is `secret` (32 octets: a P-256
    /// scalar, RFC 6605, or an Ed25519 seed, RFC 8032 §5.1.5), or `None`
    /// when `secret` is not a private key of `algorithm` (a P-256 scalar
    /// must lie below the group order).
    fn signing_key(&self, algorithm: Algorithm, secret: &[u8; 32]) -> Option<Box<dyn SigningKey>>;

    /// Whether `signature` is the signature of `data` by the key whose
    /// DNSKEY public-key field is `public_key`, for DNSSEC algorithm number
    /// `algorithm`; `None` for an algorithm this implementation does not
    /// know (a validator treats the zone as unsigned, RFC 4035 §5.2).
    fn verify(
        &self,
        algorithm: u8,
        public_key: &[u8],
        data: &[u8],
        signature: &[u8],
    ) -> Option<bool>;
}

/// One key pair, ready to sign.
pub trait SigningKey {
    /// The public key as DNSKEY data carries it: a P-256 point's x and y,
    /// without SEC1's 0x04 prefix (RFC 6605 §4), or the 32-octet Ed25519
    /// key (RFC 8080 §3).
    fn public_key(&self) -> Vec<u8>;

    /// The signature of `data`: ECDSA over its SHA-256 digest with the
    /// nonce of RFC 6979, so the same data signs to the same octets, or
    /// Ed25519. Both are 64 octets (RFC 6605 §4, RFC 8080 §4).
    fn sign(&self, data: &[u8]) -> Vec<u8>;
}

/// RustCrypto's pure-Rust implementations (`p256`, `ed25519-dalek`).
pub struct RustCrypto;

impl Cryptography for RustCrypto {
    fn signing_key(&self, algorithm: Algorithm, secret: &[u8; 32]) -> Option<Box<dyn SigningKey>> {
        Some(match algorithm {
            Algorithm::EcdsaP256Sha256 => Box::new(EcdsaKey(
                p256::ecdsa::SigningKey::from_bytes(&(*secret).into()).ok()?,
            )),
            Algorithm::Ed25519 => {
                Box::new(Ed25519Key(ed25519_dalek::SigningKey::from_bytes(secret)))
            }
        })
    }

    fn verify(
        &self,
        algorithm: u8,
        public_key: &[u8],
        data: &[u8],
        signature: &[u8],
    ) -> Option<bool> {
        Some(match algorithm {
            RSASHA256 | RSASHA512 => verify_rsa(algorithm, public_key, data, signature),
            _ => match Algorithm::from_number(algorithm)? {
                Algorithm::EcdsaP256Sha256 => verify_ecdsa(public_key, data, signature),
                Algorithm::Ed25519 => verify_ed25519(public_key, data, signature),
            },
        })
    }
}

/// RSA/SHA-256 (RFC 5702): what most zones signed elsewhere still use,
/// the root zone among them.
pub const RSASHA256: u8 = 8;
/// RSA/SHA-512 (RFC 5702).
pub const RSASHA512: u8 = 10;

/// The algorithms a validator can check with [`RustCrypto`]: the two DNS
/// Lab signs with, and RSA for zones signed elsewhere. Older ones (RSA/MD5,
/// DSA, RSA/SHA-1, RFC 8624 §3.1: MUST NOT or NOT RECOMMENDED to validate)
/// are treated as unsupported, so their zones count as unsigned.
pub fn verifiable(algorithm: u8) -> bool {
    matches!(algorithm, RSASHA256 | RSASHA512) || Algorithm::from_number(algorithm).is_some()
}

/// An RSA public key as DNSKEY data carries it (RFC 3110 §2): the
/// exponent's length in one octet (or zero and two octets), the exponent,
/// then the modulus.
fn rsa_key(public_key: &[u8]) -> Option<rsa::RsaPublicKey> {
    let (length, rest) = match public_key.split_first()? {
        (0, rest) => {
            let (high, rest) = rest.split_first()?;
            let (low, rest) = rest.split_first()?;
            (usize::from(u16::from_be_bytes([*high, *low])), rest)
        }
        (&length, rest) => (usize::from(length), rest),
    };
    if length == 0 || rest.len() <= length {
        return None;
    }
    let (exponent, modulus) = rest.split_at(length);
    rsa::RsaPublicKey::new(
        rsa::BigUint::from_bytes_be(modulus),
        rsa::BigUint::from_bytes_be(exponent),
    )
    .ok()
}

fn verify_rsa(algorithm: u8, public_key: &[u8], data: &[u8], signature: &[u8]) -> bool {
    use sha2::Digest;
    let Some(key) = rsa_key(public_key) else {
        return false;
    };
    let verified = if algorithm == RSASHA512 {
        let digest = sha2::Sha512::digest(data);
        key.verify(rsa::Pkcs1v15Sign::new::<sha2::Sha512>(), &digest, signature)
    } else {
        let digest = sha2::Sha256::digest(data);
        key.verify(rsa::Pkcs1v15Sign::new::<sha2::Sha256>(), &digest, signature)
    };
    verified.is_ok()
}

/// A malformed key or signature verifies nothing.
fn verify_ecdsa(public_key: &[u8], data: &[u8], signature: &[u8]) -> bool {
    use p256::ecdsa::signature::Verifier as _;
    // DNSKEY data carries x and y without SEC1's uncompressed-point prefix.
    let mut point = Vec::with_capacity(65);
    point.push(0x04);
    point.extend_from_slice(public_key);
    let (Ok(key), Ok(signature)) = (
        p256::ecdsa::VerifyingKey::from_sec1_bytes(&point),
        p256::ecdsa::Signature::from_slice(signature),
    ) else {
        return false;
    };
    key.verify(data, &signature).is_ok()
}

fn verify_ed25519(public_key: &[u8], data: &[u8], signature: &[u8]) -> bool {
    let (Ok(key), Ok(signature)) = (
        <&[u8; 32]>::try_from(public_key),
        ed25519_dalek::Signature::from_slice(signature),
    ) else {
        return false;
    };
    ed25519_dalek::VerifyingKey::from_bytes(key)
        .is_ok_and(|key| key.verify_strict(data, &signature).is_ok())
}

struct EcdsaKey(p256::ecdsa::SigningKey);

impl SigningKey for EcdsaKey {
    fn public_key(&self) -> Vec<u8> {
        self.0.verifying_key().to_encoded_point(false).as_bytes()[1..].to_vec()
    }

    fn sign(&self, data: &[u8]) -> Vec<u8> {
        use p256::ecdsa::signature::Signer as _;
        let signature: p256::ecdsa::Signature = self.0.sign(data);
        signature.to_bytes().to_vec()
    }
}

struct Ed25519Key(ed25519_dalek::SigningKey);

impl SigningKey for Ed25519Key {
    fn public_key(&self) -> Vec<u8> {
        self.0.verifying_key().to_bytes().to_vec()
    }

    fn sign(&self, data: &[u8]) -> Vec<u8> {
        use ed25519_dalek::Signer as _;
        self.0.sign(data).to_bytes().to_vec()
    }
}
