//! Password hashing with argon2id (the `argon2` crate's defaults: 19 MiB, 2 passes), run off
//! the async threads, within the limit of heavy work ([`crate::compute`]), because each hash
//! takes tens of milliseconds and 19 MiB on purpose.

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;

use crate::compute::Compute;
use crate::error::Error;

pub const MIN_PASSWORD_CHARS: usize = 10;
pub const MAX_PASSWORD_BYTES: usize = 1024;

/// Why a password cannot be used.
pub fn check_strength(password: &str) -> Result<(), String> {
    if password.chars().count() < MIN_PASSWORD_CHARS {
        return Err(format!("use at least {MIN_PASSWORD_CHARS} characters"));
    }
    if password.len() > MAX_PASSWORD_BYTES {
        return Err(format!("use at most {MAX_PASSWORD_BYTES} bytes"));
    }
    Ok(())
}

/// The PHC string (`$argon2id$v=19$m=19456,t=2,p=1$…`) of `password` with a fresh salt.
pub async fn hash(compute: &Compute, password: String) -> Result<String, Error> {
    compute
        .light
        .run("hashing the password", move || hash_now(&password))
        .await
}

fn hash_now(password: &str) -> String {
    let mut salt = [0u8; 16];
    rand::RngCore::fill_bytes(&mut rand::rng(), &mut salt);
    let salt = SaltString::encode_b64(&salt).expect("16 bytes are a valid salt");
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .expect("argon2id with default parameters hashes any password")
        .to_string()
}

/// Whether `password` matches the stored hash. With no stored hash (unknown account) it does
/// the same work against a hash made with the same parameters, so that timing does not tell
/// which accounts exist.
pub async fn verify(compute: &Compute, password: String, stored: Option<String>) -> Result<bool, Error> {
    compute
        .light
        .run("checking the password", move || {
            let known = stored.is_some();
            let stored = stored.unwrap_or_else(|| dummy_hash().to_owned());
            let Ok(parsed) = PasswordHash::new(&stored) else {
                return false;
            };
            let ok = Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok();
            ok && known
        })
        .await
}

/// A hash of a random password nobody knows, made once per process with the parameters real
/// hashes have (a hard-coded hash with other parameters would cost another time).
fn dummy_hash() -> &'static str {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DUMMY.get_or_init(|| {
        let mut secret = [0u8; 32];
        rand::RngCore::fill_bytes(&mut rand::rng(), &mut secret);
        hash_now(&base64::Engine::encode(
            &base64::engine::general_purpose::STANDARD,
            secret,
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn compute() -> Compute {
        Compute::new(2, 4, std::time::Duration::from_secs(30))
    }

    #[tokio::test]
    async fn a_hash_verifies_its_password_only() {
        let c = compute();
        let stored = hash(&c, "correct horse battery".into()).await.unwrap();
        assert!(stored.starts_with("$argon2id$"), "{stored}");
        assert!(verify(&c, "correct horse battery".into(), Some(stored.clone()))
            .await
            .unwrap());
        assert!(!verify(&c, "correct horse batterY".into(), Some(stored))
            .await
            .unwrap());
    }

    #[tokio::test]
    async fn unknown_accounts_never_verify() {
        let c = compute();
        assert!(!verify(&c, "anything at all".into(), None).await.unwrap());
        assert!(!verify(&c, "x".into(), Some("not a hash".into())).await.unwrap());
    }

    #[test]
    fn the_stand_in_for_unknown_accounts_costs_what_a_real_hash_costs() {
        // Same algorithm, version and parameters as a fresh hash: the same work to verify.
        let real = hash_now("correct horse battery");
        let params = |h: &str| h.split('$').take(4).collect::<Vec<_>>().join("$");
        assert_eq!(params(dummy_hash()), params(&real));
        assert!(PasswordHash::new(dummy_hash()).is_ok());
    }

    #[test]
    fn short_passwords_are_refused_with_the_rule() {
        assert_eq!(check_strength("short").unwrap_err(), "use at least 10 characters");
        assert!(check_strength("long enough pass").is_ok());
    }
}
