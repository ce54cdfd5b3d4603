//! Who a session cookie belongs to, remembered for a few seconds.
//!
//! Nearly every API request carries the session cookie, and asking Postgres each time is half
//! the work of a `GET` of a design. The answer for a token's hash is kept for
//! [`REMEMBER_FOR`] (never past the session's own expiry); logging out forgets it at once in
//! this process. Another process of the same deployment learns of a log-out within
//! [`REMEMBER_FOR`]. At most [`MAX_REMEMBERED`] sessions are kept (the oldest half is dropped
//! when full), so the memory is bounded whatever the traffic.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use sqlx::PgPool;

use crate::db::sessions::{self, SessionUser};

pub const REMEMBER_FOR: Duration = Duration::from_secs(10);
pub const MAX_REMEMBERED: usize = 10_000;

/// Token hash → the session's user (or none) and when that was read.
type Known = HashMap<Vec<u8>, (Option<SessionUser>, Instant)>;

#[derive(Clone, Debug, Default)]
pub struct Sessions {
    known: Arc<Mutex<Known>>,
}

impl Sessions {
    /// The user of the unexpired session with this token hash (`None` for none).
    pub async fn user_for(
        &self,
        pool: &PgPool,
        token_hash: &[u8],
    ) -> Result<Option<SessionUser>, sqlx::Error> {
        if let Some((user, at)) = self.lock().get(token_hash) {
            if at.elapsed() < REMEMBER_FOR {
                return Ok(user.clone());
            }
        }
        let user = sessions::user_for(pool, token_hash).await?;
        let mut known = self.lock();
        if known.len() >= MAX_REMEMBERED {
            let mut ages: Vec<Instant> = known.values().map(|(_, at)| *at).collect();
            ages.sort_unstable();
            let cut = ages[ages.len() / 2];
            known.retain(|_, (_, at)| *at > cut);
        }
        known.insert(token_hash.to_vec(), (user.clone(), Instant::now()));
        Ok(user)
    }

    /// Ends a session: deleted in Postgres and forgotten here.
    pub async fn end(&self, pool: &PgPool, token_hash: &[u8]) -> Result<(), sqlx::Error> {
        self.lock().remove(token_hash);
        sessions::delete(pool, token_hash).await
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Known> {
        self.known.lock().unwrap_or_else(|p| p.into_inner())
    }
}
