//! Random tokens (sessions, share links) and how they are stored.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use rand::RngCore;
use sha2::{Digest, Sha256};

/// Random bits in every token: twice the 128 a guess would have to beat.
pub const TOKEN_BYTES: usize = 32;

/// A new token: 256 bits from a cryptographic generator seeded by the operating system
/// (`rand::rng()`, ChaCha12), URL-safe base64 (43 characters).
pub fn generate() -> String {
    let mut bytes = [0u8; TOKEN_BYTES];
    rand::rng().fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// What the database keeps of a token: its SHA-256.
pub fn hash(token: &str) -> Vec<u8> {
    Sha256::digest(token.as_bytes()).to_vec()
}

/// Whether `s` has the shape of a token, so that junk never reaches the database.
pub fn looks_like_token(s: &str) -> bool {
    s.len() == 43
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_url_safe_distinct_and_carry_256_bits() {
        let a = generate();
        let b = generate();
        assert_ne!(a, b);
        assert!(looks_like_token(&a), "{a}");
        assert_eq!(URL_SAFE_NO_PAD.decode(&a).unwrap().len(), 32);
    }

    #[test]
    fn the_stored_hash_is_not_the_token() {
        let t = generate();
        assert_eq!(hash(&t), hash(&t));
        assert_ne!(hash(&t), t.as_bytes());
        assert_eq!(hash(&t).len(), 32);
    }

    #[test]
    fn junk_is_not_a_token() {
        assert!(!looks_like_token(""));
        assert!(!looks_like_token("../../etc/passwd"));
        assert!(!looks_like_token(&"a".repeat(44)));
    }
}
