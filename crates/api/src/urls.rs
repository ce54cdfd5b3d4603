//! Every route of the JSON API, once: its path template (axum's and OpenAPI's `{param}`
//! syntax, relative to [`PREFIX`]) for the server's router and its OpenAPI document, and a
//! builder that fills the template for the app. A builder fills its own template, so the two
//! cannot disagree; the tests check the result against hand-written addresses.
//!
//! Path segments are percent-encoded when filled (a token or a file name can hold nothing that
//! would end the segment). The browser pages the API links to (`/s/<token>`, `/editor`) are at
//! the end.

use std::fmt::{Display, Write as _};

use crate::ids::{DesignId, Revision, ShareRef, ShareToken};

/// Where the API lives; every template below is relative to it.
pub const PREFIX: &str = "/api/v1";

/// `POST`: the analysis of a design in the body.
pub const ANALYZE: &str = "/analyze";
/// `POST`: where keys land on partitions.
pub const HOTSPOT: &str = "/hotspot";
/// `POST ?format=`: a document of a design in the body.
pub const REPORT: &str = "/report";
/// `POST`: a design from what teams already run (AsyncAPI, `describe()` output, topics as code).
pub const IMPORT: &str = "/import";
/// `POST`: a new schema version checked against older ones, as a Schema Registry checks it.
pub const SCHEMA_COMPATIBILITY: &str = "/schemas/compatibility";
/// `POST`: a new account, signed in.
pub const SIGNUP: &str = "/auth/signup";
/// `POST`: signs in.
pub const LOGIN: &str = "/auth/login";
/// `POST`: signs out.
pub const LOGOUT: &str = "/auth/logout";
/// `GET`: the signed-in account (401 for a visitor).
pub const ME: &str = "/auth/me";
/// `GET`: the signed-in account or `null`.
pub const SESSION: &str = "/auth/session";
/// `GET` my designs, `POST` a new one.
pub const DESIGNS: &str = "/designs";
/// `GET`, `PUT`, `PATCH`, `DELETE` one design.
pub const DESIGN: &str = "/designs/{id}";
/// `POST`: copies a design.
pub const DUPLICATE: &str = "/designs/{id}/duplicate";
/// `GET`: a design's revisions.
pub const REVISIONS: &str = "/designs/{id}/revisions";
/// `GET`: one revision's document.
pub const REVISION: &str = "/designs/{id}/revisions/{n}";
/// `POST`: makes an old revision the newest again.
pub const RESTORE: &str = "/designs/{id}/revisions/{n}/restore";
/// `GET ?from=&to=`: what changed between two revisions.
pub const DIFF: &str = "/designs/{id}/diff";
/// `GET`: the change plan from one revision to another (`?from=&to=`).
pub const DESIGN_PLAN: &str = "/designs/{id}/plan";
/// `GET` a design's share links, `POST` a new one.
pub const SHARES: &str = "/designs/{id}/shares";
/// `DELETE`: revokes a link (by its token or its id).
pub const SHARE: &str = "/designs/{id}/shares/{token}";
/// `GET`: a document of my design ([`DOCUMENTS`]).
pub const DESIGN_DOCUMENT: &str = "/designs/{id}/{document}";
/// `GET`: a chart of my design (`<chart>.svg`).
pub const DESIGN_CHART: &str = "/designs/{id}/charts/{chart}";
/// `GET`: topics as code for my design ([`IAC_FILES`]).
pub const DESIGN_IAC: &str = "/designs/{id}/iac/{file}";
/// `GET`: a shared design, read-only.
pub const SHARED: &str = "/shared/{token}";
/// `GET`: a document of a shared design.
pub const SHARED_DOCUMENT: &str = "/shared/{token}/{document}";
/// `GET`: a chart of a shared design.
pub const SHARED_CHART: &str = "/shared/{token}/charts/{chart}";
/// `GET`: topics as code for a shared design.
pub const SHARED_IAC: &str = "/shared/{token}/iac/{file}";
/// `GET`: the change plan between two revisions of the design behind a review link.
pub const SHARED_PLAN: &str = "/shared/{token}/plan";
/// `POST`: the change plan from one design to another.
pub const PLAN: &str = "/plan";
/// `GET`: the OpenAPI document.
pub const OPENAPI: &str = "/openapi.json";
/// `GET`: every lint rule (id, severity, title, why, fix).
pub const LINT_RULES: &str = "/lint-rules";

/// A design's review threads (GET lists, POST posts).
pub const COMMENTS: &str = "/designs/{id}/comments";
/// One comment (PATCH edits, DELETE deletes).
pub const COMMENT: &str = "/designs/{id}/comments/{cid}";
pub const COMMENT_RESOLVE: &str = "/designs/{id}/comments/{cid}/resolve";
pub const COMMENT_REOPEN: &str = "/designs/{id}/comments/{cid}/reopen";
/// The same through a link that allows commenting.
pub const SHARED_COMMENTS: &str = "/shared/{token}/comments";
pub const SHARED_COMMENT: &str = "/shared/{token}/comments/{cid}";
pub const SHARED_COMMENT_RESOLVE: &str = "/shared/{token}/comments/{cid}/resolve";
pub const SHARED_COMMENT_REOPEN: &str = "/shared/{token}/comments/{cid}/reopen";
/// A design's team (GET lists, POST invites).
pub const MEMBERS: &str = "/designs/{id}/members";
/// One member, by account id (DELETE removes).
pub const MEMBER: &str = "/designs/{id}/members/{user}";
/// Server-sent events of an open design: comments, revisions, presence.
pub const DESIGN_EVENTS: &str = "/designs/{id}/events";
pub const SHARED_EVENTS: &str = "/shared/{token}/events";

/// Every template above, for tests that compare the router and its documentation with them.
pub const ROUTES: &[&str] = &[
    IMPORT,
    SCHEMA_COMPATIBILITY,
    ANALYZE,
    HOTSPOT,
    REPORT,
    SIGNUP,
    LOGIN,
    LOGOUT,
    ME,
    SESSION,
    DESIGNS,
    DESIGN,
    DUPLICATE,
    REVISIONS,
    REVISION,
    RESTORE,
    DIFF,
    DESIGN_PLAN,
    SHARES,
    SHARE,
    DESIGN_DOCUMENT,
    DESIGN_CHART,
    DESIGN_IAC,
    SHARED,
    SHARED_DOCUMENT,
    SHARED_CHART,
    SHARED_IAC,
    SHARED_PLAN,
    PLAN,
    OPENAPI,
    LINT_RULES,
    COMMENTS,
    COMMENT,
    COMMENT_RESOLVE,
    COMMENT_REOPEN,
    SHARED_COMMENTS,
    SHARED_COMMENT,
    SHARED_COMMENT_RESOLVE,
    SHARED_COMMENT_REOPEN,
    MEMBERS,
    MEMBER,
    DESIGN_EVENTS,
    SHARED_EVENTS,
];

/// The documents of a design (`{document}` in [`DESIGN_DOCUMENT`] and [`SHARED_DOCUMENT`]).
pub const DOCUMENTS: &[&str] = &["report.md", "report.zip", "report.pdf", "asyncapi.yaml"];
/// Topics as code (`{file}` in [`DESIGN_IAC`] and [`SHARED_IAC`]).
pub const IAC_FILES: &[&str] = &["kafka-topics.sh", "strimzi.yaml", "terraform.tf"];

/// `/api/v1` followed by `template` with each `{param}` replaced by the next of `args`,
/// percent-encoded. A template with more parameters than `args` keeps the rest as they are
/// (the tests make sure no builder does that).
fn fill(template: &str, args: &[&dyn Display]) -> String {
    let mut url = String::with_capacity(PREFIX.len() + template.len() + 40);
    url.push_str(PREFIX);
    let mut args = args.iter();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}').map(|c| open + c) else {
            break;
        };
        url.push_str(&rest[..open]);
        match args.next() {
            Some(arg) => encode_into(&mut url, &arg.to_string()),
            None => url.push_str(&rest[open..=close]),
        }
        rest = &rest[close + 1..];
    }
    url.push_str(rest);
    url
}

/// Appends `text` with every byte outside RFC 3986's unreserved set percent-encoded.
fn encode_into(out: &mut String, text: &str) {
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            out.push(char::from(byte));
        } else {
            let _ = write!(out, "%{byte:02X}");
        }
    }
}

/// A query string value, percent-encoded.
fn encoded(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    encode_into(&mut out, text);
    out
}

pub fn analyze() -> String {
    fill(ANALYZE, &[])
}

pub fn hotspot() -> String {
    fill(HOTSPOT, &[])
}

/// `POST /api/v1/import`, with the format named (`asyncapi`, …) or left to be told from the text,
/// and the Kafka Streams `application.id` when there is one.
pub fn import(format: Option<&str>, application_id: Option<&str>) -> String {
    let mut url = fill(IMPORT, &[]);
    let mut sep = '?';
    for (name, value) in [("format", format), ("application_id", application_id)] {
        if let Some(v) = value {
            url.push(sep);
            url.push_str(name);
            url.push('=');
            url.push_str(&encoded(v));
            sep = '&';
        }
    }
    url
}

pub fn schema_compatibility() -> String {
    fill(SCHEMA_COMPATIBILITY, &[])
}

/// `POST /api/v1/report?format=<format>` (`md`, `pdf`, `zip`, `kafka-topics.sh`, …).
pub fn report(format: &str) -> String {
    format!("{}?format={}", fill(REPORT, &[]), encoded(format))
}

pub fn signup() -> String {
    fill(SIGNUP, &[])
}

pub fn login() -> String {
    fill(LOGIN, &[])
}

pub fn logout() -> String {
    fill(LOGOUT, &[])
}

pub fn me() -> String {
    fill(ME, &[])
}

pub fn session() -> String {
    fill(SESSION, &[])
}

pub fn designs() -> String {
    fill(DESIGNS, &[])
}

pub fn design(id: DesignId) -> String {
    fill(DESIGN, &[&id])
}

pub fn duplicate(id: DesignId) -> String {
    fill(DUPLICATE, &[&id])
}

pub fn revisions(id: DesignId) -> String {
    fill(REVISIONS, &[&id])
}

pub fn revision(id: DesignId, n: Revision) -> String {
    fill(REVISION, &[&id, &n])
}

pub fn restore(id: DesignId, n: Revision) -> String {
    fill(RESTORE, &[&id, &n])
}

/// What changed from revision `from` to revision `to`.
pub fn diff(id: DesignId, from: Revision, to: Revision) -> String {
    format!("{}?from={from}&to={to}", fill(DIFF, &[&id]))
}

/// The change plan from revision `from` to revision `to`.
pub fn design_plan(id: DesignId, from: Revision, to: Revision) -> String {
    format!("{}?from={from}&to={to}", fill(DESIGN_PLAN, &[&id]))
}

/// The change plan between two revisions of the design behind a review link.
pub fn shared_plan(token: &ShareToken, from: Revision, to: Revision) -> String {
    format!("{}?from={from}&to={to}", fill(SHARED_PLAN, &[token]))
}

/// The change plan between two designs sent in the body.
pub fn plan() -> String {
    fill(PLAN, &[])
}

pub fn shares(id: DesignId) -> String {
    fill(SHARES, &[&id])
}

/// Revokes a link, by its id or its token.
pub fn share(id: DesignId, which: &ShareRef) -> String {
    fill(SHARE, &[&id, which])
}

/// `report.md`, `report.zip`, `report.pdf` or `asyncapi.yaml` ([`DOCUMENTS`]) of my design.
pub fn design_document(id: DesignId, document: &str) -> String {
    fill(DESIGN_DOCUMENT, &[&id, &document])
}

/// A chart of my design: `partition-load.svg`, …, `topology.svg`.
pub fn design_chart(id: DesignId, chart: &str) -> String {
    fill(DESIGN_CHART, &[&id, &chart])
}

/// Topics as code for my design ([`IAC_FILES`]).
pub fn design_iac(id: DesignId, file: &str) -> String {
    fill(DESIGN_IAC, &[&id, &file])
}

pub fn shared(token: &ShareToken) -> String {
    fill(SHARED, &[token])
}

pub fn shared_document(token: &ShareToken, document: &str) -> String {
    fill(SHARED_DOCUMENT, &[token, &document])
}

pub fn shared_chart(token: &ShareToken, chart: &str) -> String {
    fill(SHARED_CHART, &[token, &chart])
}

pub fn shared_iac(token: &ShareToken, file: &str) -> String {
    fill(SHARED_IAC, &[token, &file])
}

pub fn members(id: DesignId) -> String {
    fill(MEMBERS, &[&id])
}

pub fn member(id: DesignId, user: crate::AccountId) -> String {
    fill(MEMBER, &[&id, &user])
}

pub fn openapi() -> String {
    fill(OPENAPI, &[])
}

pub fn lint_rules() -> String {
    fill(LINT_RULES, &[])
}

/// Whose documents: one of my designs, or a design shared with a review link. The same
/// documents exist under both; the server renders them with one handler.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DocumentSource {
    Design(DesignId),
    Shared(ShareToken),
}

impl DocumentSource {
    /// [`design_document`] or [`shared_document`].
    pub fn document(&self, document: &str) -> String {
        match self {
            DocumentSource::Design(id) => design_document(*id, document),
            DocumentSource::Shared(token) => shared_document(token, document),
        }
    }

    /// [`design_chart`] or [`shared_chart`].
    pub fn chart(&self, chart: &str) -> String {
        match self {
            DocumentSource::Design(id) => design_chart(*id, chart),
            DocumentSource::Shared(token) => shared_chart(token, chart),
        }
    }

    /// [`design_iac`] or [`shared_iac`].
    pub fn iac(&self, file: &str) -> String {
        match self {
            DocumentSource::Design(id) => design_iac(*id, file),
            DocumentSource::Shared(token) => shared_iac(token, file),
        }
    }

    /// The review threads ([`COMMENTS`] or [`SHARED_COMMENTS`]).
    pub fn comments(&self) -> String {
        match self {
            DocumentSource::Design(id) => fill(COMMENTS, &[id]),
            DocumentSource::Shared(token) => fill(SHARED_COMMENTS, &[token]),
        }
    }

    /// One comment ([`COMMENT`] or [`SHARED_COMMENT`]).
    pub fn comment(&self, cid: i64) -> String {
        match self {
            DocumentSource::Design(id) => fill(COMMENT, &[id, &cid]),
            DocumentSource::Shared(token) => fill(SHARED_COMMENT, &[token, &cid]),
        }
    }

    /// Resolves (`true`) or reopens the thread of comment `cid`.
    pub fn resolve(&self, cid: i64, resolved: bool) -> String {
        let template = match (self, resolved) {
            (DocumentSource::Design(_), true) => COMMENT_RESOLVE,
            (DocumentSource::Design(_), false) => COMMENT_REOPEN,
            (DocumentSource::Shared(_), true) => SHARED_COMMENT_RESOLVE,
            (DocumentSource::Shared(_), false) => SHARED_COMMENT_REOPEN,
        };
        match self {
            DocumentSource::Design(id) => fill(template, &[id, &cid]),
            DocumentSource::Shared(token) => fill(template, &[token, &cid]),
        }
    }

    /// The live events ([`DESIGN_EVENTS`] or [`SHARED_EVENTS`]).
    pub fn events(&self) -> String {
        match self {
            DocumentSource::Design(id) => fill(DESIGN_EVENTS, &[id]),
            DocumentSource::Shared(token) => fill(SHARED_EVENTS, &[token]),
        }
    }
}

/// The browser's pages the API hands out or that open a design (not under [`PREFIX`]).
pub mod pages {
    use super::encoded;
    use crate::ids::{DesignId, ShareToken};

    /// The review page of a share link: `/s/<token>`.
    pub fn review(token: &ShareToken) -> String {
        format!("/s/{}", encoded(token.as_str()))
    }

    /// The editor on one of my designs: `/editor?design=<id>`.
    pub fn editor(id: DesignId) -> String {
        format!("/editor?design={id}")
    }

    /// The page of every lint rule.
    pub const RULES: &str = "/rules";

    /// One rule on [`RULES`]: `/rules#min-insync-replicas`.
    pub fn rule(id: &str) -> String {
        format!("{RULES}#{}", encoded(id))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ID: &str = "67e55044-10b1-426f-9247-bb680e5fe0c8";

    fn id() -> DesignId {
        ID.parse().unwrap()
    }

    fn token() -> ShareToken {
        ShareToken("tok_EN-abc".into())
    }

    fn mine() -> DocumentSource {
        DocumentSource::Design(id())
    }

    fn linked() -> DocumentSource {
        DocumentSource::Shared(token())
    }

    #[test]
    fn builders_fill_their_templates() {
        let share_id: crate::ShareId = "00000000-0000-4000-8000-000000000001".parse().unwrap();
        let cases = [
            (analyze(), ANALYZE, "/api/v1/analyze".to_owned()),
            (hotspot(), HOTSPOT, "/api/v1/hotspot".into()),
            (signup(), SIGNUP, "/api/v1/auth/signup".into()),
            (login(), LOGIN, "/api/v1/auth/login".into()),
            (logout(), LOGOUT, "/api/v1/auth/logout".into()),
            (me(), ME, "/api/v1/auth/me".into()),
            (session(), SESSION, "/api/v1/auth/session".into()),
            (designs(), DESIGNS, "/api/v1/designs".into()),
            (design(id()), DESIGN, format!("/api/v1/designs/{ID}")),
            (
                duplicate(id()),
                DUPLICATE,
                format!("/api/v1/designs/{ID}/duplicate"),
            ),
            (
                revisions(id()),
                REVISIONS,
                format!("/api/v1/designs/{ID}/revisions"),
            ),
            (
                revision(id(), Revision(3)),
                REVISION,
                format!("/api/v1/designs/{ID}/revisions/3"),
            ),
            (
                restore(id(), Revision(3)),
                RESTORE,
                format!("/api/v1/designs/{ID}/revisions/3/restore"),
            ),
            (shares(id()), SHARES, format!("/api/v1/designs/{ID}/shares")),
            (
                share(id(), &ShareRef::Id(share_id)),
                SHARE,
                format!("/api/v1/designs/{ID}/shares/00000000-0000-4000-8000-000000000001"),
            ),
            (
                share(id(), &ShareRef::Token(token())),
                SHARE,
                format!("/api/v1/designs/{ID}/shares/tok_EN-abc"),
            ),
            (
                design_document(id(), "report.pdf"),
                DESIGN_DOCUMENT,
                format!("/api/v1/designs/{ID}/report.pdf"),
            ),
            (
                design_chart(id(), "latency.svg"),
                DESIGN_CHART,
                format!("/api/v1/designs/{ID}/charts/latency.svg"),
            ),
            (
                design_iac(id(), "terraform.tf"),
                DESIGN_IAC,
                format!("/api/v1/designs/{ID}/iac/terraform.tf"),
            ),
            (shared(&token()), SHARED, "/api/v1/shared/tok_EN-abc".into()),
            (
                shared_document(&token(), "report.md"),
                SHARED_DOCUMENT,
                "/api/v1/shared/tok_EN-abc/report.md".into(),
            ),
            (
                shared_chart(&token(), "topology.svg"),
                SHARED_CHART,
                "/api/v1/shared/tok_EN-abc/charts/topology.svg".into(),
            ),
            (
                shared_iac(&token(), "strimzi.yaml"),
                SHARED_IAC,
                "/api/v1/shared/tok_EN-abc/iac/strimzi.yaml".into(),
            ),
            (openapi(), OPENAPI, "/api/v1/openapi.json".into()),
            (lint_rules(), LINT_RULES, "/api/v1/lint-rules".into()),
            (
                schema_compatibility(),
                SCHEMA_COMPATIBILITY,
                "/api/v1/schemas/compatibility".into(),
            ),
            (plan(), PLAN, "/api/v1/plan".into()),
            (members(id()), MEMBERS, format!("/api/v1/designs/{ID}/members")),
            (
                member(id(), crate::AccountId(id().0)),
                MEMBER,
                format!("/api/v1/designs/{ID}/members/{ID}"),
            ),
            (
                mine().comments(),
                COMMENTS,
                format!("/api/v1/designs/{ID}/comments"),
            ),
            (
                mine().comment(7),
                COMMENT,
                format!("/api/v1/designs/{ID}/comments/7"),
            ),
            (
                mine().resolve(7, true),
                COMMENT_RESOLVE,
                format!("/api/v1/designs/{ID}/comments/7/resolve"),
            ),
            (
                mine().resolve(7, false),
                COMMENT_REOPEN,
                format!("/api/v1/designs/{ID}/comments/7/reopen"),
            ),
            (
                mine().events(),
                DESIGN_EVENTS,
                format!("/api/v1/designs/{ID}/events"),
            ),
            (
                linked().comments(),
                SHARED_COMMENTS,
                "/api/v1/shared/tok_EN-abc/comments".into(),
            ),
            (
                linked().comment(7),
                SHARED_COMMENT,
                "/api/v1/shared/tok_EN-abc/comments/7".into(),
            ),
            (
                linked().resolve(7, true),
                SHARED_COMMENT_RESOLVE,
                "/api/v1/shared/tok_EN-abc/comments/7/resolve".into(),
            ),
            (
                linked().resolve(7, false),
                SHARED_COMMENT_REOPEN,
                "/api/v1/shared/tok_EN-abc/comments/7/reopen".into(),
            ),
            (
                linked().events(),
                SHARED_EVENTS,
                "/api/v1/shared/tok_EN-abc/events".into(),
            ),
        ];
        for (built, template, expected) in &cases {
            assert_eq!(built, expected, "{template}");
            assert!(
                !built.contains('{'),
                "{template} left a parameter unfilled: {built}"
            );
            assert_eq!(
                segments(template).len(),
                segments(built.strip_prefix(PREFIX).unwrap()).len(),
                "{template}"
            );
            for (t, b) in segments(template).iter().zip(segments(&built[PREFIX.len()..])) {
                assert!(t.starts_with('{') || *t == b, "{template} vs {built}");
            }
        }
        let covered: Vec<&str> = cases.iter().map(|(_, t, _)| *t).collect();
        for route in ROUTES {
            assert!(
                covered.contains(route) || [REPORT, DIFF, IMPORT, DESIGN_PLAN, SHARED_PLAN].contains(route),
                "{route} has no builder test"
            );
        }
    }

    #[test]
    fn the_import_address_names_its_format_and_application_id_when_given() {
        assert_eq!(import(None, None), "/api/v1/import");
        assert_eq!(import(Some("asyncapi"), None), "/api/v1/import?format=asyncapi");
        assert_eq!(
            import(None, Some("orders app")),
            "/api/v1/import?application_id=orders%20app"
        );
        assert_eq!(
            import(Some("streams-topology"), Some("a&b=c")),
            "/api/v1/import?format=streams-topology&application_id=a%26b%3Dc"
        );
    }

    fn segments(path: &str) -> Vec<&str> {
        path.split('/').collect()
    }

    #[test]
    fn queries_and_odd_segments_are_encoded() {
        assert_eq!(report("kafka-topics.sh"), "/api/v1/report?format=kafka-topics.sh");
        assert_eq!(report("a b&c"), "/api/v1/report?format=a%20b%26c");
        assert_eq!(
            diff(id(), Revision(1), Revision(4)),
            format!("/api/v1/designs/{ID}/diff?from=1&to=4")
        );
        assert_eq!(
            design_plan(id(), Revision(3), Revision(4)),
            format!("/api/v1/designs/{ID}/plan?from=3&to=4")
        );
        assert_eq!(
            shared_plan(&ShareToken("a/b".into()), Revision(1), Revision(2)),
            "/api/v1/shared/a%2Fb/plan?from=1&to=2"
        );
        assert_eq!(
            shared_document(&ShareToken("a/../b".into()), "x?y#z"),
            "/api/v1/shared/a%2F..%2Fb/x%3Fy%23z"
        );
    }

    #[test]
    fn documents_of_both_sources_differ_only_in_their_owner() {
        let mine = DocumentSource::Design(id());
        let shared = DocumentSource::Shared(token());
        for (a, b) in [
            (mine.document("report.md"), shared.document("report.md")),
            (mine.chart("latency.svg"), shared.chart("latency.svg")),
            (mine.iac("strimzi.yaml"), shared.iac("strimzi.yaml")),
        ] {
            assert_eq!(
                a.replacen(&format!("designs/{ID}"), "X", 1),
                b.replacen("shared/tok_EN-abc", "X", 1)
            );
        }
    }

    #[test]
    fn pages_of_links() {
        assert_eq!(pages::review(&token()), "/s/tok_EN-abc");
        assert_eq!(pages::editor(id()), format!("/editor?design={ID}"));
        assert_eq!(pages::rule("min-insync-replicas"), "/rules#min-insync-replicas");
    }

    #[test]
    fn every_template_is_listed_once() {
        let mut sorted = ROUTES.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted.len(), ROUTES.len());
        assert!(ROUTES.iter().all(|r| r.starts_with('/') && !r.ends_with('/')));
    }
}
