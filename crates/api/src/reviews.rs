//! Review bodies: comments pinned to a design (`/designs/{id}/comments`, and the same under
//! `/shared/{token}/comments` for a link that allows commenting), team members
//! (`/designs/{id}/members`), the live events of an open design (`…/events`) and who may do
//! what (a design's [`DesignRole`], a link's [`ShareAccess`]).
//!
//! A comment's text is Markdown-lite: the server sends it as written (`text`) and rendered
//! (`html`, see [`crate::markup`]), so that no client ever has to trust a text as HTML.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::ids::{AccountId, Revision};

/// Most characters in one comment.
pub const MAX_COMMENT_CHARS: usize = 10_000;
/// Most characters in a guest's display name.
pub const MAX_GUEST_NAME_CHARS: usize = 60;
/// Most comments (replies included, deleted ones counted) on one design.
pub const MAX_COMMENTS_PER_DESIGN: i64 = 2_000;
/// Most members of one design.
pub const MAX_MEMBERS: i64 = 100;
/// The header a guest sends to edit or delete what they wrote through a link: the key the
/// server answered when they posted.
pub const GUEST_KEY_HEADER: &str = "x-guest-key";

/// What a share link lets its holder do.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum ShareAccess {
    /// Read the design, its analysis and its documents.
    #[default]
    View,
    /// Read, and take part in the review threads.
    Comment,
}

impl ShareAccess {
    pub fn as_str(self) -> &'static str {
        match self {
            ShareAccess::View => "view",
            ShareAccess::Comment => "comment",
        }
    }

    /// `view` or `comment`, as stored.
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "view" => Some(ShareAccess::View),
            "comment" => Some(ShareAccess::Comment),
            _ => None,
        }
    }
}

/// `POST /designs/{id}/shares` (an empty body is a view-only link).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewShare {
    #[serde(default)]
    pub access: ShareAccess,
}

/// The caller's part in a design.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum DesignRole {
    /// Reads and comments.
    Viewer,
    /// Also saves revisions and restores old ones.
    Editor,
    /// Also renames, deletes, shares and invites.
    Owner,
}

impl DesignRole {
    pub fn as_str(self) -> &'static str {
        match self {
            DesignRole::Viewer => "viewer",
            DesignRole::Editor => "editor",
            DesignRole::Owner => "owner",
        }
    }

    /// `viewer`, `editor` or `owner`, as stored.
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "viewer" => Some(DesignRole::Viewer),
            "editor" => Some(DesignRole::Editor),
            "owner" => Some(DesignRole::Owner),
            _ => None,
        }
    }

    /// Saves revisions (and restores).
    pub fn may_edit(self) -> bool {
        self >= DesignRole::Editor
    }
}

/// A member's role: what the owner grants (an owner is not a member).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum MemberRole {
    Editor,
    Viewer,
}

impl MemberRole {
    pub fn as_str(self) -> &'static str {
        match self {
            MemberRole::Editor => "editor",
            MemberRole::Viewer => "viewer",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "editor" => Some(MemberRole::Editor),
            "viewer" => Some(MemberRole::Viewer),
            _ => None,
        }
    }
}

impl From<MemberRole> for DesignRole {
    fn from(role: MemberRole) -> Self {
        match role {
            MemberRole::Editor => DesignRole::Editor,
            MemberRole::Viewer => DesignRole::Viewer,
        }
    }
}

/// `POST /designs/{id}/members`: invites an account by its e-mail address (or changes the role
/// of a member already there).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewMember {
    pub email: String,
    pub role: MemberRole,
}

/// One member of a design.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Member {
    pub user: AccountId,
    pub email: String,
    pub role: MemberRole,
    pub added_at: DateTime<Utc>,
}

/// `GET /designs/{id}/members`: the owner and the members, in the order they were added.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MemberList {
    /// The owner's e-mail address.
    pub owner: String,
    pub members: Vec<Member>,
    /// The caller's part.
    pub role: DesignRole,
}

/// What a comment is about: the whole design (nothing set), a node, one field of a node
/// (`node` and `field`: `partitions`, `min.insync.replicas`), or an edge (`edge`).
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CommentTarget {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub node: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub edge: Option<EdgeRef>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

impl CommentTarget {
    pub fn design() -> Self {
        Self::default()
    }

    pub fn node(id: impl Into<String>) -> Self {
        Self {
            node: Some(id.into()),
            ..Self::default()
        }
    }

    pub fn field(node: impl Into<String>, field: impl Into<String>) -> Self {
        Self {
            node: Some(node.into()),
            field: Some(field.into()),
            ..Self::default()
        }
    }

    /// The node a marker for this target sits on (an edge's marks its source).
    pub fn node_id(&self) -> Option<&str> {
        self.node.as_deref()
    }

    /// `orders → min.insync.replicas`, `orders → enricher`, `the design`.
    pub fn label(&self) -> String {
        match (&self.node, &self.edge, &self.field) {
            (Some(node), _, Some(field)) => format!("{node} → {field}"),
            (Some(node), _, None) => node.clone(),
            (None, Some(edge), _) => format!("{} → {}", edge.from, edge.to),
            _ => "the design".into(),
        }
    }
}

/// An edge, by the nodes it joins.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct EdgeRef {
    pub from: String,
    pub to: String,
}

/// `POST …/comments`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewComment {
    /// Markdown-lite, at most [`MAX_COMMENT_CHARS`] characters.
    pub text: String,
    /// Ignored on a reply (a reply is about what its thread is about).
    #[serde(default)]
    pub target: CommentTarget,
    /// The comment answered: the reply joins that comment's thread.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reply_to: Option<i64>,
    /// Through a link, without an account: the name shown (required then).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guest_name: Option<String>,
}

/// `PATCH …/comments/{cid}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CommentEdit {
    pub text: String,
}

/// Who wrote a comment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CommentAuthor {
    /// An account's e-mail address, or a guest's display name.
    pub name: String,
    /// A guest of a link, without an account.
    pub guest: bool,
}

/// One field that changed since a comment was written.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldChange {
    /// `partitions`, `min.insync.replicas`, …
    pub field: String,
    /// The value then and now, as compact JSON (`null` when unset; `…` for a value too long
    /// to keep).
    pub before: String,
    pub after: String,
}

/// How the element a comment is about changed since the comment's revision.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Outdated {
    /// The newest revision, compared with the comment's.
    pub revision: Revision,
    /// The element is no longer in the design.
    pub removed: bool,
    pub changes: Vec<FieldChange>,
}

impl Outdated {
    /// `partitions 12 → 24`, `removed`, …: one line for the thread's header.
    pub fn summary(&self) -> String {
        if self.removed {
            return "removed since this comment".into();
        }
        let mut parts: Vec<String> = self
            .changes
            .iter()
            .take(3)
            .map(|c| format!("{} {} → {}", c.field, c.before, c.after))
            .collect();
        if self.changes.len() > 3 {
            parts.push(format!("{} more", self.changes.len() - 3));
        }
        format!("{} since this comment", parts.join(", "))
    }
}

/// A comment as it is read back.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Comment {
    pub id: i64,
    /// The thread's first comment (its own id for a thread's first comment).
    pub thread: i64,
    pub reply_to: Option<i64>,
    pub author: CommentAuthor,
    /// As written (empty once deleted).
    pub text: String,
    /// Rendered by [`crate::markup::render`]: safe to insert as HTML.
    pub html: String,
    /// Deleted: the thread keeps its place, the text is gone.
    pub deleted: bool,
    pub target: CommentTarget,
    /// The revision the comment was written on.
    pub revision: Revision,
    pub created_at: DateTime<Utc>,
    pub edited_at: Option<DateTime<Utc>>,
    /// The thread is resolved (set on every comment of the thread).
    pub resolved: bool,
    pub resolved_by: Option<String>,
    /// Set on a thread's first comment when its element changed since.
    pub outdated: Option<Outdated>,
    /// The caller wrote it (and may edit it).
    pub mine: bool,
}

/// `GET …/comments`: every comment, threads in the order they were opened, each followed by
/// its replies in the order they were posted.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CommentList {
    pub comments: Vec<Comment>,
    /// The newest revision (what `outdated` compares with).
    pub revision: Revision,
    /// The caller may post (a member, or a link with comment access).
    pub may_comment: bool,
}

/// `201` to `POST …/comments`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PostedComment {
    pub comment: Comment,
    /// A guest's key to edit or delete this comment later ([`GUEST_KEY_HEADER`]): shown once.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guest_key: Option<String>,
}

/// What `…/events` sends (server-sent events, one JSON object per `data:` line, the event's
/// name in `event:`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum LiveEvent {
    /// A comment was posted, edited, deleted, resolved or reopened: read the comments again.
    Comment { id: i64 },
    /// A revision was saved.
    Revision { revision: Revision },
    /// How many people have the design open now.
    Presence { viewers: u32 },
    /// Events were missed: read everything again.
    Resync,
}

impl LiveEvent {
    /// The SSE `event:` name.
    pub fn name(&self) -> &'static str {
        match self {
            LiveEvent::Comment { .. } => "comment",
            LiveEvent::Revision { .. } => "revision",
            LiveEvent::Presence { .. } => "presence",
            LiveEvent::Resync => "resync",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn comments_are_posted_as_the_issue_writes_them() {
        let posted: NewComment = serde_json::from_value(json!({"text": "why 12?",
            "target": {"node": "orders", "field": "partitions"}}))
        .unwrap();
        assert_eq!(posted.target, CommentTarget::field("orders", "partitions"));
        assert_eq!(posted.target.label(), "orders → partitions");
        let reply: NewComment =
            serde_json::from_value(json!({"text": "because", "reply_to": 7, "guest_name": "Ana"})).unwrap();
        assert_eq!((reply.reply_to, reply.target), (Some(7), CommentTarget::design()));
        assert!(serde_json::from_value::<NewComment>(json!({"text": "x", "taget": {}})).is_err());
        assert!(serde_json::from_value::<NewComment>(json!({"text": "x", "target": {"nod": "a"}})).is_err());
    }

    #[test]
    fn links_are_view_only_unless_said() {
        assert_eq!(
            serde_json::from_value::<NewShare>(json!({})).unwrap().access,
            ShareAccess::View
        );
        let comment: NewShare = serde_json::from_value(json!({"access": "comment"})).unwrap();
        assert_eq!(comment.access, ShareAccess::Comment);
        assert!(serde_json::from_value::<NewShare>(json!({"access": "edit"})).is_err());
        for access in [ShareAccess::View, ShareAccess::Comment] {
            assert_eq!(ShareAccess::parse(access.as_str()), Some(access));
        }
    }

    #[test]
    fn roles_order_what_they_allow() {
        assert!(DesignRole::Owner.may_edit() && DesignRole::Editor.may_edit());
        assert!(!DesignRole::Viewer.may_edit());
        for role in [DesignRole::Viewer, DesignRole::Editor, DesignRole::Owner] {
            assert_eq!(DesignRole::parse(role.as_str()), Some(role));
        }
        for role in [MemberRole::Viewer, MemberRole::Editor] {
            assert_eq!(MemberRole::parse(role.as_str()), Some(role));
        }
    }

    #[test]
    fn outdated_says_what_changed_in_one_line() {
        let outdated = Outdated {
            revision: Revision(5),
            removed: false,
            changes: vec![FieldChange {
                field: "partitions".into(),
                before: "12".into(),
                after: "24".into(),
            }],
        };
        assert_eq!(outdated.summary(), "partitions 12 → 24 since this comment");
    }

    #[test]
    fn live_events_carry_their_type() {
        let event = LiveEvent::Presence { viewers: 2 };
        assert_eq!(
            serde_json::to_value(&event).unwrap(),
            json!({"type": "presence", "viewers": 2})
        );
        assert_eq!(event.name(), "presence");
        assert_eq!(
            serde_json::from_value::<LiveEvent>(json!({"type": "revision", "revision": 3})).unwrap(),
            LiveEvent::Revision {
                revision: Revision(3)
            }
        );
    }
}
