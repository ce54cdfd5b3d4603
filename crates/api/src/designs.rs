//! `/api/v1/designs/*` bodies: my designs, one design with its document, saves, revisions and
//! what changed between two of them.
//!
//! The bodies that carry a document are generic over it: the app reads a [`Design`]; the server
//! writes the stored JSON text as it is ([`StoredDocument`]), without decoding it first. Both
//! are the same JSON.

use chrono::{DateTime, Utc};
use design::{Design, DesignDiff, DiffSummary};
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

use crate::ids::{DesignId, Revision};
use crate::reviews::DesignRole;

/// A `kafka-design/v1` document as stored: JSON text served as it is.
#[derive(Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(value_type = Object))]
#[serde(transparent)]
pub struct StoredDocument(pub Box<RawValue>);

impl StoredDocument {
    /// Checks that `text` is JSON (it is not decoded into a design).
    pub fn from_text(text: String) -> Result<Self, serde_json::Error> {
        RawValue::from_string(text).map(StoredDocument)
    }

    pub fn text(&self) -> &str {
        self.0.get()
    }
}

/// `201` to `POST /designs` and `POST /designs/{id}/duplicate`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Created {
    pub id: DesignId,
    pub revision: Revision,
    pub name: String,
    pub updated_at: DateTime<Utc>,
}

/// A design in the list of my designs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DesignListing {
    pub id: DesignId,
    pub name: String,
    /// The newest revision.
    pub revision: Revision,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// The caller's part: `owner` for their own designs, `editor` or `viewer` for designs
    /// shared with them.
    #[serde(default = "owner")]
    pub role: DesignRole,
    /// The owner's e-mail address, for a design shared with the caller.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
}

fn owner() -> DesignRole {
    DesignRole::Owner
}

/// `GET /designs`: most recently changed first.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DesignList {
    pub designs: Vec<DesignListing>,
}

/// `GET /designs/{id}`: the newest revision (its number is also the `ETag`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DesignBody<D = Design> {
    pub id: DesignId,
    pub name: String,
    pub revision: Revision,
    /// The `kafka-design/v1` document.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub design: D,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// The caller's part: what the editor lets them do.
    #[serde(default = "owner")]
    pub role: DesignRole,
}

/// `200` to a save (`PUT`), a rename (`PATCH`) and a restore.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Saved {
    pub revision: Revision,
    pub updated_at: DateTime<Utc>,
}

/// `PATCH /designs/{id}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Rename {
    pub name: String,
}

/// One revision in a design's history.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RevisionInfo {
    pub revision: Revision,
    pub created_at: DateTime<Utc>,
    /// The author's e-mail address (`null` once the account is gone).
    pub author: Option<String>,
    /// What changed from the revision before.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub summary: DiffSummary,
    /// Set when this revision restored an older one.
    pub restored_from: Option<Revision>,
}

/// `GET /designs/{id}/revisions`: newest first.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RevisionList {
    pub revisions: Vec<RevisionInfo>,
}

/// `GET /designs/{id}/revisions/{n}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RevisionBody<D = Design> {
    pub revision: Revision,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub design: D,
    pub created_at: DateTime<Utc>,
    pub author: Option<String>,
}

/// The query of `GET /designs/{id}/diff`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams), into_params(parameter_in = Query))]
pub struct DiffQuery {
    /// The older revision.
    #[cfg_attr(feature = "openapi", param(value_type = i32))]
    pub from: Revision,
    /// The newer revision.
    #[cfg_attr(feature = "openapi", param(value_type = i32))]
    pub to: Revision,
}

/// `GET /designs/{id}/diff`: what changed from one revision to another.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DiffBody {
    pub from: Revision,
    pub to: Revision,
    /// Added, removed, changed (with old and new values) and moved nodes; added and removed
    /// edges; changed design fields.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub diff: DesignDiff,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub summary: DiffSummary,
    /// The summary in words: `1 node added, 1 changed, 1 edge added`.
    pub description: String,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const ID: &str = "67e55044-10b1-426f-9247-bb680e5fe0c8";
    const AT: &str = "2026-11-23T13:05:09.123456Z";

    /// Reads `sent` as `T` and writes it again: the same JSON.
    fn round_trip<T: Serialize + serde::de::DeserializeOwned>(sent: serde_json::Value) -> T {
        let read: T = serde_json::from_value(sent.clone()).unwrap();
        assert_eq!(serde_json::to_value(&read).unwrap(), sent);
        read
    }

    fn document() -> serde_json::Value {
        serde_json::to_value(Design::new("orders platform")).unwrap()
    }

    #[test]
    fn a_created_design_and_the_list() {
        let created: Created =
            round_trip(json!({"id": ID, "revision": 1, "name": "orders", "updated_at": AT}));
        assert_eq!(created.revision, Revision::FIRST);
        assert_eq!(created.id.to_string(), ID);
        let list: DesignList = round_trip(json!({"designs": [
            {"id": ID, "name": "Copy of orders v2", "revision": 1, "created_at": AT, "updated_at": AT, "role": "owner"},
            {"id": ID, "name": "orders v2", "revision": 3, "created_at": AT, "updated_at": AT, "role": "viewer",
             "owner": "ada@example.com"},
        ]}));
        assert_eq!(list.designs[1].revision, Revision(3));
        assert_eq!(list.designs[1].role, DesignRole::Viewer);
        // A server that knows no roles lists only the caller's own designs.
        let older: DesignListing = serde_json::from_value(
            json!({"id": ID, "name": "o", "revision": 1, "created_at": AT, "updated_at": AT}),
        )
        .unwrap();
        assert_eq!((older.role, older.owner), (DesignRole::Owner, None));
        round_trip::<DesignList>(json!({"designs": []}));
    }

    #[test]
    fn a_design_read_as_a_design_or_as_stored_text() {
        let sent = json!({"id": ID, "name": "orders platform", "revision": 2, "design": document(),
            "created_at": AT, "updated_at": AT, "role": "editor"});
        let read: DesignBody = round_trip(sent.clone());
        assert_eq!(read.design.name, "orders platform");
        let stored = DesignBody {
            design: StoredDocument::from_text(serde_json::to_string(&document()).unwrap()).unwrap(),
            id: read.id,
            name: read.name,
            revision: read.revision,
            created_at: read.created_at,
            updated_at: read.updated_at,
            role: read.role,
        };
        assert_eq!(serde_json::to_value(&stored).unwrap(), sent);
        assert!(StoredDocument::from_text("{not json".into()).is_err());
    }

    #[test]
    fn saves_renames_and_revisions() {
        let saved: Saved = round_trip(json!({"revision": 3, "updated_at": AT}));
        assert_eq!(saved.revision, Revision(3));
        round_trip::<Rename>(json!({"name": "taken"}));
        let history: RevisionList = round_trip(json!({"revisions": [
            {"revision": 3, "created_at": AT, "author": "ada@example.com",
             "summary": {"nodes_added": 0, "nodes_removed": 1, "nodes_changed": 0, "nodes_moved": 0,
                         "edges_added": 0, "edges_removed": 1, "design_fields_changed": 0},
             "restored_from": 1},
            {"revision": 1, "created_at": AT, "author": null,
             "summary": {"nodes_added": 3, "nodes_removed": 0, "nodes_changed": 0, "nodes_moved": 0,
                         "edges_added": 2, "edges_removed": 0, "design_fields_changed": 0},
             "restored_from": null},
        ]}));
        assert_eq!(history.revisions[0].restored_from, Some(Revision(1)));
        assert_eq!(history.revisions[1].summary.nodes_added, 3);
        let old: RevisionBody = round_trip(
            json!({"revision": 1, "design": document(), "created_at": AT, "author": "ada@example.com"}),
        );
        assert_eq!(old.design.name, "orders platform");
    }

    #[test]
    fn a_diff_as_the_server_writes_it() {
        let before = Design::new("orders");
        let mut after = before.clone();
        after.name = "orders v2".into();
        let diff = design::diff(&before, &after);
        let summary = diff.summary();
        let sent = json!({"from": 1, "to": 2, "diff": diff, "summary": summary,
            "description": summary.describe()});
        let read: DiffBody = round_trip(sent);
        assert_eq!(read.diff.design_fields[0].field, "name");
        assert_eq!(read.diff.design_fields[0].after, json!("orders v2"));
        let q: DiffQuery = serde_json::from_value(json!({"from": 1, "to": 4})).unwrap();
        assert_eq!((q.from, q.to), (Revision(1), Revision(4)));
    }
}
