//! Reviews over real HTTP against a real Postgres: who may do what (the whole matrix of
//! `server/src/http/access.rs`, route by route), threads and their order under concurrent
//! replies, outdated comments, guests of a link, team members, rate limits and live events.

mod common;

use common::client::{sample_design, Client, TestServer};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

async fn body(r: reqwest::Response) -> Value {
    r.json().await.unwrap()
}

async fn send(client: &Client, method: Method, path: &str, json: Option<Value>) -> u16 {
    let mut r = client.request(method, path);
    if let Some(json) = json {
        r = r.json(&json);
    }
    r.send().await.unwrap().status().as_u16()
}

async fn revision(owner: &Client, id: &str) -> i64 {
    body(owner.get(&format!("/api/v1/designs/{id}")).await).await["revision"]
        .as_i64()
        .unwrap()
}

async fn invite(owner: &Client, id: &str, email: &str, role: &str) -> Value {
    let r = owner
        .post_json(
            &format!("/api/v1/designs/{id}/members"),
            &json!({"email": email, "role": role}),
        )
        .await;
    assert_eq!(r.status(), 201, "invite {email}");
    body(r).await
}

async fn share(owner: &Client, id: &str, access: Option<&str>) -> (String, String) {
    let payload = access.map(|a| json!({"access": a}));
    let mut r = owner.request(Method::POST, &format!("/api/v1/designs/{id}/shares"));
    if let Some(p) = payload {
        r = r.json(&p);
    }
    let r = r.send().await.unwrap();
    assert_eq!(r.status(), 201);
    let b = body(r).await;
    assert_eq!(b["access"], access.unwrap_or("view"));
    (
        b["token"].as_str().unwrap().into(),
        b["id"].as_str().unwrap().into(),
    )
}

async fn comment(client: &Client, base: &str, payload: Value) -> Value {
    let r = client.post_json(&format!("{base}/comments"), &payload).await;
    assert_eq!(r.status(), 201, "{payload}");
    body(r).await
}

struct Team {
    server: TestServer,
    owner: Client,
    editor: Client,
    viewer: Client,
    stranger: Client,
    anonymous: Client,
    id: String,
    carol: String,
}

async fn team() -> Team {
    let server = TestServer::start().await;
    let owner = server.user("owner@example.com").await;
    let editor = server.user("editor@example.com").await;
    let viewer = server.user("viewer@example.com").await;
    let stranger = server.user("stranger@example.com").await;
    let _carol = server.user("carol@example.com").await;
    let anonymous = server.visitor();
    let id = owner.create_design(&sample_design("reviewed")).await;
    invite(&owner, &id, "Editor@Example.com", "editor").await;
    invite(&owner, &id, "viewer@example.com", "viewer").await;
    let carol = invite(&owner, &id, "carol@example.com", "viewer").await["user"]
        .as_str()
        .unwrap()
        .to_owned();
    Team {
        server,
        owner,
        editor,
        viewer,
        stranger,
        anonymous,
        id,
        carol,
    }
}

/// Every route of a design, for every caller: owner, editor, viewer, stranger, no session.
#[tokio::test]
async fn the_permission_matrix_of_design_routes() {
    let t = team().await;
    let id = t.id.clone();
    let d = format!("/api/v1/designs/{id}");
    let callers = [&t.owner, &t.editor, &t.viewer, &t.stranger, &t.anonymous];
    let names = ["owner", "editor", "viewer", "stranger", "no session"];
    let mut cells = 0;
    // Reads: owner and members 200, stranger 404, no session 401.
    for path in [
        d.clone(),
        format!("{d}/revisions"),
        format!("{d}/revisions/1"),
        format!("{d}/diff?from=1&to=1"),
        format!("{d}/report.md"),
        format!("{d}/charts/topology.svg"),
        format!("{d}/members"),
        format!("{d}/comments"),
        format!("{d}/plan?from=1&to=1"),
    ] {
        for (caller, name) in callers.iter().zip(names) {
            let expected = match name {
                "stranger" => 404,
                "no session" => 401,
                _ => 200,
            };
            assert_eq!(
                send(caller, Method::GET, &path, None).await,
                expected,
                "{name} GET {path}"
            );
            cells += 1;
        }
    }
    // Saves and restores: owner and editor; a viewer is told why (403).
    for (caller, name) in callers.iter().zip(names) {
        let base = revision(&t.owner, &id).await;
        let r = caller
            .request(Method::PUT, &d)
            .header("if-match", format!("\"{base}\""))
            .json(&sample_design("reviewed"))
            .send()
            .await
            .unwrap();
        let expected = match name {
            "owner" | "editor" => 200,
            "viewer" => 403,
            "stranger" => 404,
            _ => 401,
        };
        assert_eq!(r.status().as_u16(), expected, "{name} PUT");
        if expected == 403 {
            assert_eq!(body(r).await["error"]["code"], "forbidden");
        }
        assert_eq!(
            send(caller, Method::POST, &format!("{d}/revisions/1/restore"), None).await,
            expected,
            "{name} restore"
        );
        cells += 2;
    }
    // The owner's alone: rename, links, invitations.
    for (caller, name) in callers.iter().zip(names).rev() {
        let expected = |ok: u16| match name {
            "owner" => ok,
            "editor" | "viewer" => 403,
            "stranger" => 404,
            _ => 401,
        };
        let rename = send(caller, Method::PATCH, &d, Some(json!({"name": "renamed"}))).await;
        assert_eq!(rename, expected(200), "{name} rename");
        assert_eq!(
            send(caller, Method::GET, &format!("{d}/shares"), None).await,
            expected(200),
            "{name} list links"
        );
        assert_eq!(
            send(caller, Method::POST, &format!("{d}/shares"), None).await,
            expected(201),
            "{name} share"
        );
        let invited = send(
            caller,
            Method::POST,
            &format!("{d}/members"),
            Some(json!({"email": "carol@example.com", "role": "editor"})),
        )
        .await;
        assert_eq!(invited, expected(201), "{name} invite");
        let removed = send(caller, Method::DELETE, &format!("{d}/members/{}", t.carol), None).await;
        assert_eq!(removed, expected(204), "{name} remove a member");
        cells += 5;
    }
    // Comments: everyone who reads may comment, resolve and reopen.
    let mine = comment(&t.owner, &d, json!({"text": "owner's note"})).await["comment"]["id"]
        .as_i64()
        .unwrap();
    for (caller, name) in callers.iter().zip(names) {
        let expected = |ok: u16| match name {
            "stranger" => 404,
            "no session" => 401,
            _ => ok,
        };
        let posted = send(
            caller,
            Method::POST,
            &format!("{d}/comments"),
            Some(json!({"text": "hi"})),
        )
        .await;
        assert_eq!(posted, expected(201), "{name} post");
        for action in ["resolve", "reopen"] {
            let status = send(
                caller,
                Method::POST,
                &format!("{d}/comments/{mine}/{action}"),
                None,
            )
            .await;
            assert_eq!(status, expected(204), "{name} {action}");
        }
        // Editing is the author's alone; deleting, the author's or the owner's.
        let edit = send(
            caller,
            Method::PATCH,
            &format!("{d}/comments/{mine}"),
            Some(json!({"text": "edited"})),
        )
        .await;
        let others = match name {
            "owner" => 200,
            "editor" | "viewer" => 403,
            "stranger" => 404,
            _ => 401,
        };
        assert_eq!(edit, others, "{name} edits the owner's comment");
        cells += 4;
    }
    for (caller, name) in callers.iter().zip(names).rev() {
        let status = send(caller, Method::DELETE, &format!("{d}/comments/{mine}"), None).await;
        let expected = match name {
            "owner" => 204,
            "editor" | "viewer" => 403,
            "stranger" => 404,
            _ => 401,
        };
        assert_eq!(status, expected, "{name} deletes the owner's comment");
        cells += 1;
    }
    // Live events: a stream for those who read.
    for (caller, name) in callers.iter().zip(names) {
        let r = caller
            .request(Method::GET, &format!("{d}/events"))
            .send()
            .await
            .unwrap();
        let expected = match name {
            "stranger" => 404,
            "no session" => 401,
            _ => 200,
        };
        assert_eq!(r.status().as_u16(), expected, "{name} events");
        if expected == 200 {
            assert!(r.headers()["content-type"]
                .to_str()
                .unwrap()
                .starts_with("text/event-stream"));
        }
        cells += 1;
    }
    // Deleting: the owner's alone (last, it ends the design).
    for (caller, name) in callers.iter().zip(names).rev() {
        let expected = match name {
            "owner" => 204,
            "editor" | "viewer" => 403,
            "stranger" => 404,
            _ => 401,
        };
        assert_eq!(
            send(caller, Method::DELETE, &d, None).await,
            expected,
            "{name} delete"
        );
        cells += 1;
    }
    assert!(cells >= 100, "{cells} cells checked");
}

/// Every route under a link: a comment link, a view-only one, a revoked one, an unknown one.
#[tokio::test]
async fn the_permission_matrix_of_link_routes() {
    let t = team().await;
    let d = format!("/api/v1/designs/{}", t.id);
    let (comment_token, _) = share(&t.owner, &t.id, Some("comment")).await;
    let (view_token, _) = share(&t.owner, &t.id, None).await;
    let (revoked_token, revoked_id) = share(&t.owner, &t.id, Some("comment")).await;
    assert_eq!(
        t.owner.delete(&format!("{d}/shares/{revoked_id}")).await.status(),
        204
    );
    let unknown = "A".repeat(43);
    let owners = comment(&t.owner, &d, json!({"text": "from the owner"})).await["comment"]["id"]
        .as_i64()
        .unwrap();
    let guest = &t.anonymous;
    let links = [
        ("comment link", comment_token.as_str()),
        ("view link", view_token.as_str()),
        ("revoked link", revoked_token.as_str()),
        ("unknown link", unknown.as_str()),
    ];
    for (name, token) in links {
        let s = format!("/api/v1/shared/{token}");
        let readable = |ok: u16| {
            if name.starts_with("comment") || name.starts_with("view") {
                ok
            } else {
                404
            }
        };
        let writable = |ok: u16| match name {
            "comment link" => ok,
            "view link" => 403,
            _ => 404,
        };
        for path in [s.clone(), format!("{s}/comments"), format!("{s}/report.md")] {
            assert_eq!(
                send(guest, Method::GET, &path, None).await,
                readable(200),
                "{name} GET {path}"
            );
        }
        let r = guest
            .request(Method::GET, &format!("{s}/events"))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status().as_u16(), readable(200), "{name} events");
        drop(r);
        let posted = send(
            guest,
            Method::POST,
            &format!("{s}/comments"),
            Some(json!({"text": "a guest's question", "guest_name": "Grace", "target": {"node": "orders", "field": "partitions"}})),
        )
        .await;
        assert_eq!(posted, writable(201), "{name} post");
        for action in ["resolve", "reopen"] {
            let status = send(
                guest,
                Method::POST,
                &format!("{s}/comments/{owners}/{action}"),
                None,
            )
            .await;
            assert_eq!(status, writable(204), "{name} {action}");
        }
        // A link never writes the design itself.
        assert_eq!(
            send(guest, Method::PUT, &s, Some(sample_design("x"))).await,
            405,
            "{name} PUT"
        );
        // The owner's comment is not the guest's to edit or delete.
        let edit = send(
            guest,
            Method::PATCH,
            &format!("{s}/comments/{owners}"),
            Some(json!({"text": "x"})),
        )
        .await;
        assert_eq!(edit, writable(403), "{name} edits another's comment");
        let delete = send(guest, Method::DELETE, &format!("{s}/comments/{owners}"), None).await;
        assert_eq!(delete, readable(403), "{name} deletes another's comment");
    }
}

#[tokio::test]
async fn guests_comment_under_their_name_and_keep_a_key_to_their_words() {
    let t = team().await;
    let d = format!("/api/v1/designs/{}", t.id);
    let (token, share_id) = share(&t.owner, &t.id, Some("comment")).await;
    let s = format!("/api/v1/shared/{token}");
    // A name is required without an account, and bounded.
    let r = t
        .anonymous
        .post_json(&format!("{s}/comments"), &json!({"text": "hello"}))
        .await;
    assert_eq!(r.status(), 422);
    let e = body(r).await;
    assert_eq!(e["error"]["code"], "invalid");
    assert!(
        e["error"]["message"].as_str().unwrap().contains("guest_name"),
        "{e}"
    );
    let long = "n".repeat(61);
    let r = t
        .anonymous
        .post_json(
            &format!("{s}/comments"),
            &json!({"text": "hello", "guest_name": long}),
        )
        .await;
    assert_eq!(r.status(), 422);

    let posted = comment(
        &t.anonymous,
        &s,
        json!({"text": "why **12**?", "guest_name": "Grace", "target": {"node": "orders", "field": "partitions"}}),
    )
    .await;
    let key = posted["guest_key"].as_str().unwrap().to_owned();
    let c = &posted["comment"];
    assert_eq!(c["author"], json!({"name": "Grace", "guest": true}));
    assert_eq!(c["html"], "<p>why <strong>12</strong>?</p>");
    assert_eq!(c["target"], json!({"node": "orders", "field": "partitions"}));
    let cid = c["id"].as_i64().unwrap();

    // The owner sees it, by the guest's name; the guest edits it with the key, not without.
    let list = body(t.owner.get(&format!("{d}/comments")).await).await;
    assert_eq!(list["comments"][0]["author"]["name"], "Grace");
    let edit = |key: Option<&str>| {
        let mut r = t
            .anonymous
            .request(Method::PATCH, &format!("{s}/comments/{cid}"))
            .json(&json!({"text": "why 12, not 24?"}));
        if let Some(key) = key {
            r = r.header("x-guest-key", key);
        }
        r.send()
    };
    assert_eq!(edit(None).await.unwrap().status(), 403);
    assert_eq!(
        edit(Some("not-the-key-at-all-but-long-enough-to-look-like-one"))
            .await
            .unwrap()
            .status(),
        403
    );
    let edited = edit(Some(&key)).await.unwrap();
    assert_eq!(edited.status(), 200);
    assert_eq!(body(edited).await["text"], "why 12, not 24?");

    // A signed-in reviewer through the link comments as themselves (shown by name only).
    let reply = comment(&t.stranger, &s, json!({"text": "agreed", "reply_to": cid})).await;
    assert_eq!(
        reply["comment"]["author"],
        json!({"name": "stranger", "guest": false})
    );
    assert!(reply.get("guest_key").is_none());
    assert_eq!(reply["comment"]["thread"], cid);

    // Revoking ends commenting at once; the comments stay with the design.
    assert_eq!(
        t.owner.delete(&format!("{d}/shares/{share_id}")).await.status(),
        204
    );
    let r = t
        .anonymous
        .post_json(
            &format!("{s}/comments"),
            &json!({"text": "still here?", "guest_name": "Grace"}),
        )
        .await;
    assert_eq!(r.status(), 404);
    let list = body(t.owner.get(&format!("{d}/comments")).await).await;
    assert_eq!(list["comments"].as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn concurrent_replies_keep_their_order_in_one_thread() {
    let t = team().await;
    let d = format!("/api/v1/designs/{}", t.id);
    let root = comment(
        &t.owner,
        &d,
        json!({"text": "thread", "target": {"node": "orders"}}),
    )
    .await["comment"]["id"]
        .as_i64()
        .unwrap();
    let clients = [&t.owner, &t.editor, &t.viewer];
    let replies = (0..24).map(|i| {
        let client = clients[i % 3].clone();
        let path = format!("{d}/comments");
        async move {
            let r = client
                .post_json(&path, &json!({"text": format!("reply {i}"), "reply_to": root}))
                .await;
            assert_eq!(r.status(), 201);
            body(r).await["comment"]["id"].as_i64().unwrap()
        }
    });
    let mut ids = futures_util::future::join_all(replies).await;
    ids.sort();
    let list = body(t.owner.get(&format!("{d}/comments")).await).await;
    let listed: Vec<i64> = list["comments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_i64().unwrap())
        .collect();
    assert_eq!(listed[0], root);
    assert_eq!(
        listed[1..],
        ids[..],
        "replies in the order they were stored, none lost"
    );
    let times: Vec<&str> = list["comments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["created_at"].as_str().unwrap())
        .collect();
    assert!(list["comments"]
        .as_array()
        .unwrap()
        .iter()
        .all(|c| c["thread"] == root && c["target"]["node"] == "orders"));
    assert_eq!(times.len(), 25);
}

#[tokio::test]
async fn a_comment_is_outdated_when_its_element_changes() {
    let t = team().await;
    let d = format!("/api/v1/designs/{}", t.id);
    let on_field = comment(
        &t.owner,
        &d,
        json!({"text": "why 12?", "target": {"node": "orders", "field": "partitions"}}),
    )
    .await;
    let on_other = comment(
        &t.owner,
        &d,
        json!({"text": "3 instances?", "target": {"node": "billing", "field": "instances"}}),
    )
    .await;
    let on_edge = comment(
        &t.owner,
        &d,
        json!({"text": "edge", "target": {"edge": {"from": "checkout", "to": "orders"}}}),
    )
    .await;
    for c in [&on_field, &on_other, &on_edge] {
        assert_eq!(c["comment"]["revision"], 1);
        assert!(c["comment"]["outdated"].is_null());
    }
    // Moving a node and changing partitions: only the comment on partitions is outdated.
    let mut next = sample_design("reviewed");
    next["nodes"][1]["partitions"] = json!(24);
    next["nodes"][1]["position"] = json!({"x": 400.0, "y": 80.0});
    next["nodes"][2]["position"] = json!({"x": 10.0, "y": 10.0});
    assert_eq!(t.editor.put_design(&t.id, 1, &next).await.status(), 200);
    let list = body(t.viewer.get(&format!("{d}/comments")).await).await;
    assert_eq!(list["revision"], 2);
    let by_id = |id: &Value| {
        list["comments"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["id"] == *id)
            .cloned()
            .unwrap()
    };
    let field = by_id(&on_field["comment"]["id"]);
    assert_eq!(
        field["outdated"],
        json!({"revision": 2, "removed": false, "changes": [{"field": "partitions", "before": "12", "after": "24"}]})
    );
    assert!(by_id(&on_other["comment"]["id"])["outdated"].is_null());
    assert!(by_id(&on_edge["comment"]["id"])["outdated"].is_null());

    // Removing the consumer group outdates the comment on it as removed.
    let mut removed = next.clone();
    removed["nodes"].as_array_mut().unwrap().remove(2);
    removed["edges"].as_array_mut().unwrap().remove(1);
    assert_eq!(t.owner.put_design(&t.id, 2, &removed).await.status(), 200);
    let list = body(t.owner.get(&format!("{d}/comments")).await).await;
    let other = list["comments"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == on_other["comment"]["id"])
        .unwrap();
    assert_eq!(other["outdated"]["removed"], true);
}

#[tokio::test]
async fn every_write_is_validated_with_the_usual_errors() {
    let t = team().await;
    let d = format!("/api/v1/designs/{}", t.id);
    let cases = [
        (json!({"text": ""}), "text"),
        (json!({"text": "   \n "}), "text"),
        (json!({"text": "x".repeat(10_001)}), "text"),
        (json!({"text": "bell \u{7}"}), "text"),
        (json!({"text": "x", "target": {"node": "nope"}}), "target"),
        (json!({"text": "x", "target": {"field": "partitions"}}), "target"),
        (
            json!({"text": "x", "target": {"node": "orders", "field": "<script>"}}),
            "target",
        ),
        (
            json!({"text": "x", "target": {"edge": {"from": "orders", "to": "checkout"}}}),
            "target",
        ),
        (
            json!({"text": "x", "target": {"node": "orders", "edge": {"from": "checkout", "to": "orders"}}}),
            "target",
        ),
        (json!({"text": "x", "reply_to": 999999}), "reply_to"),
    ];
    for (payload, field) in cases {
        let r = t.owner.post_json(&format!("{d}/comments"), &payload).await;
        assert_eq!(r.status(), 422, "{payload}");
        let e = body(r).await;
        assert_eq!(e["error"]["code"], "invalid", "{payload}");
        assert!(
            e["error"]["message"].as_str().unwrap().starts_with(field),
            "{payload}: {e}"
        );
    }
    // Exactly the limit is fine; unknown fields and broken JSON are located.
    let r = t
        .owner
        .post_json(&format!("{d}/comments"), &json!({"text": "é".repeat(10_000)}))
        .await;
    assert_eq!(r.status(), 201);
    let r = t
        .owner
        .post_json(&format!("{d}/comments"), &json!({"text": "x", "colour": "red"}))
        .await;
    assert_eq!(
        r.status(),
        422,
        "a field the API does not know is named, not ignored"
    );
    assert!(body(r).await["error"]["message"]
        .as_str()
        .unwrap()
        .contains("colour"));
    let r = t
        .owner
        .request(Method::POST, &format!("{d}/comments"))
        .header("content-type", "application/json")
        .body("{\"text\": ")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    assert_eq!(body(r).await["error"]["code"], "malformed_json");
    // HTML never passes: text is escaped in `html`.
    let c = comment(
        &t.owner,
        &d,
        json!({"text": "<img src=x onerror=alert(1)> [x](javascript:alert(1))"}),
    )
    .await;
    let html = c["comment"]["html"].as_str().unwrap();
    assert!(
        !html.contains("<img") && !html.contains("href=\"javascript"),
        "{html}"
    );
    // Comment ids of another design, or not numbers, are 404.
    let other = t.owner.create_design(&sample_design("other")).await;
    let cid = c["comment"]["id"].as_i64().unwrap();
    let status = send(
        &t.owner,
        Method::PATCH,
        &format!("/api/v1/designs/{other}/comments/{cid}"),
        Some(json!({"text": "x"})),
    )
    .await;
    assert_eq!(status, 404);
    assert_eq!(
        send(&t.owner, Method::DELETE, &format!("{d}/comments/abc"), None).await,
        404
    );
    assert_eq!(
        send(&t.owner, Method::DELETE, &format!("{d}/comments/-3"), None).await,
        404
    );
    // A deleted comment keeps its place without its text and cannot be edited.
    assert_eq!(t.owner.delete(&format!("{d}/comments/{cid}")).await.status(), 204);
    let list = body(t.owner.get(&format!("{d}/comments")).await).await;
    let gone = list["comments"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == cid)
        .unwrap()
        .clone();
    assert_eq!(
        (
            gone["deleted"].clone(),
            gone["text"].clone(),
            gone["html"].clone()
        ),
        (json!(true), json!(""), json!(""))
    );
    assert_eq!(
        send(
            &t.owner,
            Method::PATCH,
            &format!("{d}/comments/{cid}"),
            Some(json!({"text": "x"}))
        )
        .await,
        404
    );
}

#[tokio::test]
async fn members_see_shared_designs_and_editors_meet_the_same_conflicts() {
    let t = team().await;
    let d = format!("/api/v1/designs/{}", t.id);
    // Shared-with-me on the list, with the role and the owner.
    let listed = body(t.editor.get("/api/v1/designs").await).await;
    let shared = &listed["designs"][0];
    assert_eq!(
        (shared["role"].clone(), shared["owner"].clone()),
        (json!("editor"), json!("owner@example.com"))
    );
    let own = body(t.owner.get("/api/v1/designs").await).await;
    assert_eq!(own["designs"][0]["role"], "owner");
    assert!(own["designs"][0].get("owner").is_none());
    assert_eq!(body(t.viewer.get(&d).await).await["role"], "viewer");

    // A stale save is refused for an editor like for the owner.
    assert_eq!(
        t.owner.put_design(&t.id, 1, &sample_design("v2")).await.status(),
        200
    );
    let r = t.editor.put_design(&t.id, 1, &sample_design("stale")).await;
    assert_eq!(r.status(), 409);
    assert_eq!(body(r).await["error"]["details"]["current_revision"], 2);

    // The team as everyone sees it; unknown and own addresses are refused.
    let team = body(t.viewer.get(&format!("{d}/members")).await).await;
    assert_eq!(team["owner"], "owner@example.com");
    assert_eq!(team["role"], "viewer");
    assert_eq!(team["members"].as_array().unwrap().len(), 3);
    for email in ["nobody@example.com", "OWNER@example.com", ""] {
        let r = t
            .owner
            .post_json(
                &format!("{d}/members"),
                &json!({"email": email, "role": "viewer"}),
            )
            .await;
        assert_eq!(r.status(), 422, "{email}");
    }
    let r = t
        .owner
        .post_json(
            &format!("{d}/members"),
            &json!({"email": "carol@example.com", "role": "admin"}),
        )
        .await;
    assert_eq!(r.status(), 422, "roles are editor or viewer");
    // Changing a role: the viewer becomes an editor and may save.
    let viewer_id = team["members"][1]["user"].as_str().unwrap().to_owned();
    assert_eq!(
        invite(&t.owner, &t.id, "viewer@example.com", "editor").await["role"],
        "editor"
    );
    assert_eq!(
        t.viewer.put_design(&t.id, 2, &sample_design("v3")).await.status(),
        200
    );
    // A member leaves; the owner removes another; both are strangers again.
    assert_eq!(
        t.viewer
            .delete(&format!("{d}/members/{viewer_id}"))
            .await
            .status(),
        204
    );
    assert_eq!(t.viewer.get(&d).await.status(), 404);
    let editor_id = team["members"][0]["user"].as_str().unwrap().to_owned();
    assert_eq!(
        t.owner.delete(&format!("{d}/members/{editor_id}")).await.status(),
        204
    );
    assert_eq!(t.editor.get(&d).await.status(), 404);
    assert!(body(t.editor.get("/api/v1/designs").await).await["designs"]
        .as_array()
        .unwrap()
        .is_empty());
    assert_eq!(
        t.owner.delete(&format!("{d}/members/{editor_id}")).await.status(),
        404
    );
    drop(t.server);
}

#[tokio::test]
async fn posting_is_rate_limited_per_account_and_per_link() {
    let t = team().await;
    let d = format!("/api/v1/designs/{}", t.id);
    // 30 a minute, refilled evenly (one every 2 s): whatever the pace of this loop, the
    // allowance runs out within 30 + one per 2 s elapsed.
    let started = std::time::Instant::now();
    let mut accepted = 0;
    let refused = loop {
        let r = t
            .editor
            .post_json(&format!("{d}/comments"), &json!({"text": format!("c{accepted}")}))
            .await;
        if r.status() == StatusCode::TOO_MANY_REQUESTS {
            break r;
        }
        assert_eq!(r.status(), 201);
        accepted += 1;
        assert!(
            accepted <= 30 + started.elapsed().as_secs() / 2 + 1,
            "{accepted} accepted"
        );
    };
    assert!(accepted >= 30, "the whole allowance first: {accepted}");
    assert!(refused.headers().contains_key("retry-after"));
    assert_eq!(body(refused).await["error"]["code"], "too_many_requests");
    // Others are not held back by it.
    assert_eq!(
        t.viewer
            .post_json(&format!("{d}/comments"), &json!({"text": "me"}))
            .await
            .status(),
        201
    );
    // A link's guests share its allowance (60 a minute), whatever names they give.
    let (token, _) = share(&t.owner, &t.id, Some("comment")).await;
    let s = format!("/api/v1/shared/{token}/comments");
    let started = std::time::Instant::now();
    let mut accepted = 0;
    loop {
        let guest = t.server.visitor();
        let r = guest
            .post_json(
                &s,
                &json!({"text": "q", "guest_name": format!("guest {accepted}")}),
            )
            .await;
        if r.status() == StatusCode::TOO_MANY_REQUESTS {
            break;
        }
        assert_eq!(r.status(), 201);
        accepted += 1;
        assert!(
            accepted <= 60 + started.elapsed().as_secs() + 1,
            "{accepted} accepted"
        );
    }
    assert!(accepted >= 60);
}

#[tokio::test]
async fn a_guest_key_works_through_its_own_link_only_and_names_hide_nothing() {
    let t = team().await;
    let (first, first_id) = share(&t.owner, &t.id, Some("comment")).await;
    let (second, _) = share(&t.owner, &t.id, Some("comment")).await;
    let posted = comment(
        &t.anonymous,
        &format!("/api/v1/shared/{first}"),
        json!({"text": "mine", "guest_name": "Grace"}),
    )
    .await;
    let (cid, key) = (
        posted["comment"]["id"].as_i64().unwrap(),
        posted["guest_key"].as_str().unwrap().to_owned(),
    );
    assert_eq!(
        t.owner
            .delete(&format!("/api/v1/designs/{}/shares/{first_id}", t.id))
            .await
            .status(),
        204
    );
    let r = t
        .anonymous
        .request(Method::PATCH, &format!("/api/v1/shared/{second}/comments/{cid}"))
        .header("x-guest-key", &key)
        .json(&json!({"text": "edited through another link"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403, "the key belongs to the revoked link");
    // Names that hide or reorder text are refused.
    for name in ["Gr\u{200B}ace", "\u{202E}ecarG", "a\u{7}b"] {
        let r = t
            .anonymous
            .post_json(
                &format!("/api/v1/shared/{second}/comments"),
                &json!({"text": "x", "guest_name": name}),
            )
            .await;
        assert_eq!(r.status(), 422, "{name:?}");
    }
    // A member's address reaches a link's holders as its local part only, resolver included.
    let d = format!("/api/v1/designs/{}", t.id);
    let c = comment(&t.editor, &d, json!({"text": "from the team"})).await["comment"]["id"]
        .as_i64()
        .unwrap();
    assert_eq!(
        send(
            &t.editor,
            Method::POST,
            &format!("{d}/comments/{c}/resolve"),
            None
        )
        .await,
        204
    );
    let through_link = t
        .anonymous
        .get(&format!("/api/v1/shared/{second}/comments"))
        .await
        .text()
        .await
        .unwrap();
    assert!(!through_link.contains("@example.com"), "{through_link}");
    assert!(
        through_link.contains("\"resolved_by\":\"editor\""),
        "{through_link}"
    );
    let for_members = body(t.viewer.get(&format!("{d}/comments")).await).await;
    let resolved = for_members["comments"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["id"] == c)
        .unwrap()
        .clone();
    assert_eq!(resolved["resolved_by"], "editor@example.com");
}

/// Reads server-sent events until one named `name` arrives (or 10 s pass).
async fn next_event(stream: &mut reqwest::Response, seen: &mut String, name: &str) -> Value {
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        if let Some(at) = seen.find(&format!("event: {name}\n")) {
            let rest = &seen[at..];
            if let Some(end) = rest.find("\n\n") {
                let block = rest[..end].to_owned();
                *seen = seen[at + end + 2..].to_owned();
                let data = block.lines().find_map(|l| l.strip_prefix("data: ")).unwrap();
                return serde_json::from_str(data).unwrap();
            }
        }
        let chunk = tokio::time::timeout_at(deadline, stream.chunk())
            .await
            .unwrap_or_else(|_| panic!("no `{name}` event within 10 s; got {seen}"))
            .unwrap()
            .expect("the stream is still open");
        seen.push_str(&String::from_utf8_lossy(&chunk));
    }
}

#[tokio::test]
async fn open_designs_hear_comments_revisions_and_presence_live() {
    let t = team().await;
    let d = format!("/api/v1/designs/{}", t.id);
    let (token, share_id) = share(&t.owner, &t.id, Some("comment")).await;
    let mut owner_stream = t.owner.get(&format!("{d}/events")).await;
    let mut seen = String::new();
    assert_eq!(
        next_event(&mut owner_stream, &mut seen, "presence").await["viewers"],
        1
    );
    let mut guest_stream = t.anonymous.get(&format!("/api/v1/shared/{token}/events")).await;
    let mut guest_seen = String::new();
    assert_eq!(
        next_event(&mut owner_stream, &mut seen, "presence").await["viewers"],
        2
    );

    let posted = comment(
        &t.anonymous,
        &format!("/api/v1/shared/{token}"),
        json!({"text": "live?", "guest_name": "Grace"}),
    )
    .await;
    let event = next_event(&mut owner_stream, &mut seen, "comment").await;
    assert_eq!(event, json!({"type": "comment", "id": posted["comment"]["id"]}));
    assert_eq!(
        t.editor.put_design(&t.id, 1, &sample_design("v2")).await.status(),
        200
    );
    assert_eq!(
        next_event(&mut guest_stream, &mut guest_seen, "revision").await,
        json!({"type": "revision", "revision": 2})
    );

    // Revoking the link ends the guest's stream at once.
    assert_eq!(
        t.owner.delete(&format!("{d}/shares/{share_id}")).await.status(),
        204
    );
    let ended = tokio::time::timeout(std::time::Duration::from_secs(5), async {
        while let Ok(Some(_)) = guest_stream.chunk().await {}
    })
    .await;
    assert!(ended.is_ok(), "the revoked link's stream ended");
    assert_eq!(
        next_event(&mut owner_stream, &mut seen, "presence").await["viewers"],
        1
    );
}

#[tokio::test]
async fn documents_can_end_with_the_open_threads() {
    let t = team().await;
    let d = format!("/api/v1/designs/{}", t.id);
    let (token, _) = share(&t.owner, &t.id, Some("comment")).await;
    comment(
        &t.owner,
        &d,
        json!({"text": "why **12** partitions?", "target": {"node": "orders", "field": "partitions"}}),
    )
    .await;
    let closed = comment(&t.owner, &d, json!({"text": "settled long ago"})).await["comment"]["id"]
        .as_i64()
        .unwrap();
    assert_eq!(
        send(
            &t.owner,
            Method::POST,
            &format!("{d}/comments/{closed}/resolve"),
            None
        )
        .await,
        204
    );
    comment(
        &t.anonymous,
        &format!("/api/v1/shared/{token}"),
        json!({"text": "<b>guest</b> asks", "guest_name": "Grace"}),
    )
    .await;

    let plain = t.owner.get(&format!("{d}/report.md")).await.text().await.unwrap();
    assert!(!plain.contains("why **12** partitions") && !plain.contains("review threads"));
    for base in [d.clone(), format!("/api/v1/shared/{token}")] {
        let r = t.owner.get(&format!("{base}/report.md?threads=open")).await;
        assert_eq!(r.status(), 200);
        let md = r.text().await.unwrap();
        assert!(md.contains("review threads"), "{base}: the appendix is there");
        assert!(md.contains("orders → partitions") && md.contains("12"), "{md}");
        assert!(
            md.contains("Grace") && !md.contains("<b>guest</b>"),
            "guests marked, HTML escaped"
        );
        assert!(!md.contains("settled long ago"), "resolved threads are left out");
    }
    let r = t.owner.get(&format!("{d}/report.md?threads=all")).await;
    assert_eq!(r.status(), 400);
    assert_eq!(
        t.owner
            .get(&format!("{d}/report.pdf?threads=open"))
            .await
            .status(),
        200
    );
}
