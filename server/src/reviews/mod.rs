//! What reviews need beyond the database: the live rooms of open designs ([`live`]) and the
//! limits on posting comments.

pub mod live;

use std::time::Duration;

use uuid::Uuid;

use crate::auth::throttle::Throttle;

/// Comments (posts and edits) per account per minute.
pub const PER_ACCOUNT_PER_MINUTE: u32 = 30;
/// Comments per link per minute, whoever holds it (guests share their link's allowance).
pub const PER_LINK_PER_MINUTE: u32 = 60;

#[derive(Clone, Debug)]
pub struct Reviews {
    pub live: live::Live,
    /// Comment writes per account.
    pub per_account: Throttle<Uuid>,
    /// Comment writes per link.
    pub per_link: Throttle<Uuid>,
}

impl Default for Reviews {
    fn default() -> Self {
        Self {
            live: live::Live::default(),
            per_account: Throttle::new(PER_ACCOUNT_PER_MINUTE, Duration::from_secs(60)),
            per_link: Throttle::new(PER_LINK_PER_MINUTE, Duration::from_secs(60)),
        }
    }
}
