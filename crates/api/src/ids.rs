//! The names the API gives things: a design's id, a revision number, an account's id, a share
//! link's id and its secret token. Each is a newtype, so that a revision cannot be passed where
//! a design is meant, and each is written in JSON and in URLs exactly as its inner value.
//!
//! Parsing here only checks the form (a UUID, a number); whether the thing exists is the
//! server's question.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Why a path segment or a header does not name what it should.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("`{text}` is not {what}")]
pub struct BadId {
    /// What was expected: `a design id`, `a revision number`, …
    pub what: &'static str,
    /// The text, cut to 60 characters.
    pub text: String,
}

impl BadId {
    fn new(what: &'static str, text: &str) -> Self {
        BadId {
            what,
            text: text.chars().take(60).collect(),
        }
    }
}

/// Declares a UUID newtype with its `Display`, `FromStr` and conversions.
macro_rules! uuid_id {
    ($(#[$doc:meta])* $name:ident, $what:literal) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(value_type = String, format = Uuid))]
        #[serde(transparent)]
        pub struct $name(pub Uuid);

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl FromStr for $name {
            type Err = BadId;

            fn from_str(text: &str) -> Result<Self, BadId> {
                Uuid::parse_str(text).map($name).map_err(|_| BadId::new($what, text))
            }
        }

        impl From<Uuid> for $name {
            fn from(id: Uuid) -> Self {
                $name(id)
            }
        }

        impl From<$name> for Uuid {
            fn from(id: $name) -> Uuid {
                id.0
            }
        }
    };
}

uuid_id!(
    /// A design, for good: the same id through all its revisions.
    DesignId,
    "a design id"
);
uuid_id!(
    /// An account.
    AccountId,
    "an account id"
);
uuid_id!(
    /// A share link (not its secret: see [`ShareToken`]). Shown in the owner's list; revokes it.
    ShareId,
    "a share link id"
);

/// The number of one of a design's immutable revisions (1 for a new design, one more for every
/// save). It is also the design's `ETag`: `"7"`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(value_type = i32))]
#[serde(transparent)]
pub struct Revision(pub i32);

impl Revision {
    /// A new design's revision.
    pub const FIRST: Revision = Revision(1);

    /// The `ETag` (and `If-Match`) value naming this revision: `"7"`.
    pub fn etag(self) -> String {
        format!("\"{}\"", self.0)
    }

    /// The revision an `ETag` or `If-Match` value names: `"7"`, `W/"7"` or `7`.
    pub fn from_etag(value: &str) -> Result<Revision, BadId> {
        let text = value.trim();
        let text = text.strip_prefix("W/").unwrap_or(text).trim_matches('"');
        text.parse()
    }
}

impl fmt::Display for Revision {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl FromStr for Revision {
    type Err = BadId;

    fn from_str(text: &str) -> Result<Self, BadId> {
        text.parse::<i32>()
            .map(Revision)
            .map_err(|_| BadId::new("a revision number", text))
    }
}

impl From<i32> for Revision {
    fn from(n: i32) -> Self {
        Revision(n)
    }
}

impl From<Revision> for i32 {
    fn from(r: Revision) -> i32 {
        r.0
    }
}

/// The secret of a share link: whoever has it reads the design (`/s/<token>`). Shown once, when
/// the link is made; the server keeps only its hash.
#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(value_type = String))]
#[serde(transparent)]
pub struct ShareToken(pub String);

impl ShareToken {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Shows only the first characters: a token in a log is a leaked link.
impl fmt::Debug for ShareToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let hint: String = self.0.chars().take(6).collect();
        write!(f, "ShareToken({hint}…)")
    }
}

impl fmt::Display for ShareToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<String> for ShareToken {
    fn from(token: String) -> Self {
        ShareToken(token)
    }
}

/// Which link to revoke: its id (from the list) or its token (from the link itself).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ShareRef {
    Id(ShareId),
    Token(ShareToken),
}

impl fmt::Display for ShareRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ShareRef::Id(id) => id.fmt(f),
            ShareRef::Token(token) => token.fmt(f),
        }
    }
}

impl From<ShareId> for ShareRef {
    fn from(id: ShareId) -> Self {
        ShareRef::Id(id)
    }
}

impl From<ShareToken> for ShareRef {
    fn from(token: ShareToken) -> Self {
        ShareRef::Token(token)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn ids_are_written_as_their_uuid() {
        let id: DesignId = "67e55044-10b1-426f-9247-bb680e5fe0c8".parse().unwrap();
        assert_eq!(id.to_string(), "67e55044-10b1-426f-9247-bb680e5fe0c8");
        assert_eq!(
            serde_json::to_value(id).unwrap(),
            serde_json::json!("67e55044-10b1-426f-9247-bb680e5fe0c8")
        );
        let bad = "not-a-uuid".parse::<DesignId>().unwrap_err();
        assert_eq!(bad.to_string(), "`not-a-uuid` is not a design id");
        assert!("".parse::<ShareId>().is_err());
    }

    #[test]
    fn etags_name_revisions_strong_weak_or_bare() {
        for (value, n) in [("\"7\"", 7), ("W/\"7\"", 7), ("12", 12), (" \"3\" ", 3)] {
            assert_eq!(Revision::from_etag(value), Ok(Revision(n)), "{value}");
        }
        assert!(Revision::from_etag("\"abc\"").is_err());
        assert_eq!(Revision(7).etag(), "\"7\"");
        assert_eq!(serde_json::to_value(Revision(7)).unwrap(), serde_json::json!(7));
    }

    #[test]
    fn a_token_in_a_log_shows_only_its_hint() {
        let token = ShareToken("abcdefghijklmnop".into());
        assert_eq!(format!("{token:?}"), "ShareToken(abcdef…)");
        assert_eq!(token.to_string(), "abcdefghijklmnop");
    }

    proptest! {
        #[test]
        fn revisions_survive_their_etag(n in any::<i32>()) {
            prop_assert_eq!(Revision::from_etag(&Revision(n).etag()), Ok(Revision(n)));
            prop_assert_eq!(Revision(n).to_string().parse::<Revision>(), Ok(Revision(n)));
        }

        #[test]
        fn design_ids_survive_display(bytes in any::<[u8; 16]>()) {
            let id = DesignId(Uuid::from_bytes(bytes));
            prop_assert_eq!(id.to_string().parse::<DesignId>(), Ok(id));
        }
    }
}
