//! Share-link bodies: the owner's links (`/api/v1/designs/{id}/shares`) and the shared design a
//! reviewer reads (`/api/v1/shared/{token}`).

use chrono::{DateTime, Utc};
use design::Design;
use serde::{Deserialize, Serialize};

use crate::ids::{Revision, ShareId, ShareToken};
use crate::reviews::ShareAccess;

/// `201` to `POST /designs/{id}/shares`: the only answer that shows the token.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreatedShare {
    pub id: ShareId,
    /// The secret: shown once, never stored.
    pub token: ShareToken,
    /// The review page for this token.
    pub url: String,
    pub created_at: DateTime<Utc>,
    /// View-only, or view and comment.
    #[serde(default)]
    pub access: ShareAccess,
}

/// A link in the owner's list (without its token).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ShareInfo {
    pub id: ShareId,
    /// The token's first characters.
    pub hint: String,
    pub created_at: DateTime<Utc>,
    pub revoked_at: Option<DateTime<Utc>>,
    pub active: bool,
    #[serde(default)]
    pub access: ShareAccess,
}

/// `GET /designs/{id}/shares`: newest first, revoked ones included.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ShareList {
    pub shares: Vec<ShareInfo>,
}

/// `GET /shared/{token}`: the design's newest revision, read-only (generic over the document
/// like [`crate::DesignBody`]).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SharedDesign<D = Design> {
    pub name: String,
    pub revision: Revision,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub design: D,
    pub updated_at: DateTime<Utc>,
    /// What the link allows: reading only, or commenting too.
    #[serde(default)]
    pub access: ShareAccess,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const AT: &str = "2026-11-23T13:05:09Z";
    const SHARE: &str = "00000000-0000-4000-8000-000000000001";

    #[test]
    fn links_as_the_server_sends_them() {
        let sent = json!({"id": SHARE, "token": "abcdefghij", "url": "http://localhost:3000/s/abcdefghij",
            "created_at": AT, "access": "comment"});
        let created: CreatedShare = serde_json::from_value(sent.clone()).unwrap();
        assert_eq!(created.token.as_str(), "abcdefghij");
        assert_eq!(serde_json::to_value(&created).unwrap(), sent);
        let sent = json!({"shares": [
            {"id": SHARE, "hint": "abcdef", "created_at": AT, "revoked_at": AT, "active": false, "access": "view"},
            {"id": SHARE, "hint": "abcdef", "created_at": AT, "revoked_at": null, "active": true, "access": "comment"},
        ]});
        let list: ShareList = serde_json::from_value(sent.clone()).unwrap();
        assert!(!list.shares[0].active && list.shares[1].revoked_at.is_none());
        assert_eq!(serde_json::to_value(&list).unwrap(), sent);
    }

    #[test]
    fn a_shared_design() {
        let sent = json!({"name": "orders", "revision": 4,
            "design": serde_json::to_value(Design::new("orders")).unwrap(), "updated_at": AT, "access": "view"});
        let shared: SharedDesign = serde_json::from_value(sent.clone()).unwrap();
        assert_eq!(
            (shared.revision, shared.design.name.as_str()),
            (Revision(4), "orders")
        );
        assert_eq!(serde_json::to_value(&shared).unwrap(), sent);
    }
}
