//! The designs API over real HTTP against a real Postgres: accounts, ownership, conditional
//! saves under concurrency, history, share links and every refusal.
//!
//! Over 500 lines because each test walks one user story end to end (sign up, save, conflict,
//! share, revoke); splitting them by endpoint would scatter the stories.

mod common;

use common::client::{model, sample_design, TestServer};
use reqwest::Method;
use serde_json::{json, Value};

async fn body(r: reqwest::Response) -> Value {
    r.json().await.unwrap()
}

async fn revision_count(pool: &sqlx::PgPool) -> i64 {
    sqlx::query_scalar("SELECT count(*) FROM design_revisions")
        .fetch_one(pool)
        .await
        .unwrap()
}

#[tokio::test]
async fn sign_up_log_in_and_out() {
    let server = TestServer::start().await;
    let mut ada = server.visitor();
    let r = ada.signup("Ada@Example.com", "correct horse battery").await;
    assert_eq!(r.status(), 201);
    let cookie = r.headers()["set-cookie"].to_str().unwrap().to_owned();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
    assert_eq!(
        body(ada.get("/api/v1/auth/me").await).await["email"],
        "Ada@Example.com"
    );

    // The same address in another case is the same account.
    let mut again = server.visitor();
    let r = again.signup("ada@example.com", "another long password").await;
    assert_eq!(r.status(), 409);
    assert_eq!(body(r).await["error"]["code"], "conflict");

    let r = ada
        .request(Method::POST, "/api/v1/auth/logout")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 204);
    assert_eq!(
        ada.get("/api/v1/auth/me").await.status(),
        401,
        "the session row is gone"
    );

    let r = again.login("ADA@example.com", "correct horse battery").await;
    assert_eq!(r.status(), 200);
    assert_eq!(again.get("/api/v1/auth/me").await.status(), 200);
}

#[tokio::test]
async fn sign_up_refusals_name_the_field() {
    let server = TestServer::start().await;
    let mut c = server.visitor();
    let r = c.signup("not-an-address", "correct horse battery").await;
    assert_eq!(r.status(), 422);
    assert_eq!(body(r).await["error"]["details"][0]["field"], "email");
    let r = c.signup("ada@example.com", "short").await;
    assert_eq!(r.status(), 422);
    let b = body(r).await;
    assert_eq!(b["error"]["details"][0]["field"], "password");
    assert!(b["error"]["message"].as_str().unwrap().contains("at least 10"));
    assert!(c.session.is_none());
}

#[tokio::test]
async fn repeated_failed_log_ins_are_throttled_even_with_the_right_password() {
    let server = TestServer::start().await;
    server.user("eve@example.com").await;
    let mut c = server.visitor();
    for _ in 0..5 {
        assert_eq!(c.login("eve@example.com", "wrong password!").await.status(), 401);
    }
    let r = c.login("eve@example.com", "correct horse battery").await;
    assert_eq!(r.status(), 429);
    let retry: u64 = r.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=900).contains(&retry), "{retry}");
    assert!(c.session.is_none());
    // Another address is not affected.
    server.user("bob@example.com").await;
    assert_eq!(
        c.login("bob@example.com", "correct horse battery").await.status(),
        200
    );
}

#[tokio::test]
async fn designs_need_a_session() {
    let server = TestServer::start().await;
    let visitor = server.visitor();
    let r = visitor
        .post_json("/api/v1/designs", &sample_design("orders"))
        .await;
    assert_eq!(r.status(), 401);
    assert_eq!(body(r).await["error"]["code"], "unauthorized");
    assert_eq!(visitor.get("/api/v1/designs").await.status(), 401);
    // A forged cookie is no session.
    let mut forged = server.visitor();
    forged.session = Some("A".repeat(43));
    assert_eq!(forged.get("/api/v1/designs").await.status(), 401);
    assert_eq!(revision_count(&server.pool).await, 0);
}

#[tokio::test]
async fn create_read_list_save_rename_duplicate_delete() {
    let server = TestServer::start().await;
    let ada = server.user("ada@example.com").await;
    let r = ada
        .post_json("/api/v1/designs", &sample_design("orders platform"))
        .await;
    assert_eq!(r.status(), 201);
    assert_eq!(r.headers()["etag"], "\"1\"");
    let created = body(r).await;
    assert_eq!(created["revision"], 1);
    let id = created["id"].as_str().unwrap();

    let r = ada.get(&format!("/api/v1/designs/{id}")).await;
    assert_eq!(r.headers()["etag"], "\"1\"");
    let read = body(r).await;
    assert_eq!(read["design"]["nodes"][1]["partitions"], 12);
    assert_eq!(read["name"], "orders platform");

    let mut changed = sample_design("orders platform");
    changed["nodes"][1]["partitions"] = json!(24);
    let r = ada.put_design(id, 1, &changed).await;
    assert_eq!(r.status(), 200);
    assert_eq!(body(r).await["revision"], 2);

    let r = ada
        .request(Method::PATCH, &format!("/api/v1/designs/{id}"))
        .json(&json!({"name": "orders v2"}))
        .send()
        .await
        .unwrap();
    assert_eq!(body(r).await["revision"], 3);

    let copy = body(
        ada.post_json(&format!("/api/v1/designs/{id}/duplicate"), &json!({}))
            .await,
    )
    .await;
    assert_eq!(copy["name"], "Copy of orders v2");
    assert_eq!(copy["revision"], 1);

    let list = body(ada.get("/api/v1/designs").await).await;
    let names: Vec<&str> = list["designs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Copy of orders v2", "orders v2"], "newest change first");
    assert_eq!(list["designs"][1]["revision"], 3);

    assert_eq!(ada.delete(&format!("/api/v1/designs/{id}")).await.status(), 204);
    assert_eq!(ada.get(&format!("/api/v1/designs/{id}")).await.status(), 404);
    assert_eq!(ada.delete(&format!("/api/v1/designs/{id}")).await.status(), 404);
    assert_eq!(
        revision_count(&server.pool).await,
        1,
        "the copy's revision is all that is left"
    );
}

#[tokio::test]
async fn saves_are_conditional_on_the_revision_read() {
    let server = TestServer::start().await;
    let ada = server.user("ada@example.com").await;
    let id = ada.create_design(&sample_design("orders")).await;

    let r = ada
        .request(Method::PUT, &format!("/api/v1/designs/{id}"))
        .json(&sample_design("orders"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 428);
    assert_eq!(body(r).await["error"]["code"], "precondition_required");

    assert_eq!(
        ada.put_design(&id, 1, &sample_design("first")).await.status(),
        200
    );
    let r = ada.put_design(&id, 1, &sample_design("stale")).await;
    assert_eq!(r.status(), 409);
    assert_eq!(r.headers()["etag"], "\"2\"");
    let b = body(r).await;
    assert_eq!(b["error"]["code"], "stale_revision");
    assert_eq!(b["error"]["details"]["current_revision"], 2);
    let read = body(ada.get(&format!("/api/v1/designs/{id}")).await).await;
    assert_eq!(read["name"], "first");
}

#[tokio::test]
async fn of_24_concurrent_writers_on_one_revision_exactly_one_wins() {
    let server = TestServer::start().await;
    let ada = server.user("ada@example.com").await;
    let id = ada.create_design(&sample_design("orders")).await;

    let writers = (0..24).map(|i| {
        let (ada, id) = (ada.clone(), id.clone());
        tokio::spawn(async move {
            let r = ada
                .put_design(&id, 1, &sample_design(&format!("writer {i}")))
                .await;
            (i, r.status().as_u16())
        })
    });
    let results: Vec<(usize, u16)> = futures_join(writers).await;
    let winners: Vec<usize> = results
        .iter()
        .filter(|(_, s)| *s == 200)
        .map(|(i, _)| *i)
        .collect();
    assert_eq!(winners.len(), 1, "{results:?}");
    assert!(results.iter().all(|(_, s)| *s == 200 || *s == 409), "{results:?}");

    let read = body(ada.get(&format!("/api/v1/designs/{id}")).await).await;
    assert_eq!(read["revision"], 2);
    assert_eq!(
        read["name"],
        format!("writer {}", winners[0]),
        "the stored design is the winner's"
    );

    // Ten sequential saves after it: numbers without gaps.
    for base in 2..12 {
        assert_eq!(
            ada.put_design(&id, base, &sample_design(&format!("save {base}")))
                .await
                .status(),
            200
        );
    }
    let history = body(ada.get(&format!("/api/v1/designs/{id}/revisions")).await).await;
    let numbers: Vec<i64> = history["revisions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["revision"].as_i64().unwrap())
        .collect();
    assert_eq!(numbers, (1..=12).rev().collect::<Vec<_>>());
}

async fn futures_join<T: Send + 'static>(
    handles: impl Iterator<Item = tokio::task::JoinHandle<T>>,
) -> Vec<T> {
    let mut out = Vec::new();
    for h in handles.collect::<Vec<_>>() {
        out.push(h.await.unwrap());
    }
    out
}

#[tokio::test]
async fn someone_elses_design_is_404_for_every_method() {
    let server = TestServer::start().await;
    let ada = server.user("ada@example.com").await;
    let bob = server.user("bob@example.com").await;
    let id = ada.create_design(&sample_design("ada's")).await;
    let paths = [
        (Method::GET, format!("/api/v1/designs/{id}")),
        (Method::DELETE, format!("/api/v1/designs/{id}")),
        (Method::GET, format!("/api/v1/designs/{id}/revisions")),
        (Method::GET, format!("/api/v1/designs/{id}/revisions/1")),
        (Method::POST, format!("/api/v1/designs/{id}/revisions/1/restore")),
        (Method::GET, format!("/api/v1/designs/{id}/diff?from=1&to=1")),
        (Method::POST, format!("/api/v1/designs/{id}/duplicate")),
        (Method::GET, format!("/api/v1/designs/{id}/shares")),
        (Method::POST, format!("/api/v1/designs/{id}/shares")),
    ];
    for (method, path) in paths {
        let r = bob.request(method.clone(), &path).send().await.unwrap();
        assert_eq!(r.status(), 404, "{method} {path}");
        assert_eq!(body(r).await["error"]["code"], "not_found");
    }
    assert_eq!(
        bob.put_design(&id, 1, &sample_design("bob's")).await.status(),
        404
    );
    let r = bob
        .request(Method::PATCH, &format!("/api/v1/designs/{id}"))
        .json(&json!({"name": "taken"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
    // Not a UUID: also simply not found.
    assert_eq!(bob.get("/api/v1/designs/not-a-uuid").await.status(), 404);
    assert_eq!(body(bob.get("/api/v1/designs").await).await["designs"], json!([]));
    let read = body(ada.get(&format!("/api/v1/designs/{id}")).await).await;
    assert_eq!(
        (read["name"].as_str(), read["revision"].as_i64()),
        (Some("ada's"), Some(1))
    );
}

#[tokio::test]
async fn bad_bodies_get_the_right_4xx_and_change_nothing() {
    let server = TestServer::start_with_limit(64 * 1024).await;
    let ada = server.user("ada@example.com").await;
    let id = ada.create_design(&sample_design("orders")).await;
    let put = |body: Vec<u8>, content_type: &'static str| {
        ada.request(Method::PUT, &format!("/api/v1/designs/{id}"))
            .header("if-match", "\"1\"")
            .header("content-type", content_type)
            .body(body)
            .send()
    };

    let r = put(
        b"{\"schema\": \"kafka-design/v1\", \"name\": ".to_vec(),
        "application/json",
    )
    .await
    .unwrap();
    assert_eq!(r.status(), 400);
    let b = body(r).await;
    assert_eq!(b["error"]["code"], "malformed_json");
    assert!(b["error"]["details"]["line"].is_number());

    let mut oversized = sample_design("orders");
    oversized["description"] = json!("x".repeat(100 * 1024));
    let r = put(serde_json::to_vec(&oversized).unwrap(), "application/json")
        .await
        .unwrap();
    assert_eq!(r.status(), 413);
    assert_eq!(body(r).await["error"]["code"], "payload_too_large");

    let mut invalid = sample_design("orders");
    invalid["nodes"][1]["partitions"] = json!(0);
    invalid["edges"]
        .as_array_mut()
        .unwrap()
        .push(json!({"from": "billing", "to": "checkout"}));
    let r = put(serde_json::to_vec(&invalid).unwrap(), "application/json")
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    let problems = body(r).await["error"]["details"].clone();
    let fields: Vec<String> = problems
        .as_array()
        .unwrap()
        .iter()
        .map(|p| format!("{}/{}", p["element"], p["field"]))
        .collect();
    assert!(
        fields
            .iter()
            .any(|f| f.contains("orders") && f.contains("partitions")),
        "{fields:?}"
    );
    assert!(
        problems
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["element"].to_string().contains("billing")),
        "{problems}"
    );

    let mut too_long = sample_design("orders");
    too_long["name"] = json!("n".repeat(201));
    assert_eq!(
        put(serde_json::to_vec(&too_long).unwrap(), "application/json")
            .await
            .unwrap()
            .status(),
        422
    );

    let r = put(b"schema=kafka".to_vec(), "application/x-www-form-urlencoded")
        .await
        .unwrap();
    assert_eq!(r.status(), 415);

    let read = body(ada.get(&format!("/api/v1/designs/{id}")).await).await;
    assert_eq!(read["revision"], 1);
    assert_eq!(model(&read["design"]), model(&sample_design("orders")));
    assert_eq!(revision_count(&server.pool).await, 1);
}

#[tokio::test]
async fn history_lists_what_changed_opens_old_revisions_restores_and_diffs() {
    let server = TestServer::start().await;
    let ada = server.user("ada@example.com").await;
    let id = ada.create_design(&sample_design("orders")).await;
    let mut v2 = sample_design("orders");
    v2["nodes"][1]["partitions"] = json!(24);
    v2["nodes"]
        .as_array_mut()
        .unwrap()
        .push(json!({"id": "audit", "kind": "sink_connector", "name": "audit"}));
    v2["edges"]
        .as_array_mut()
        .unwrap()
        .push(json!({"from": "orders", "to": "audit"}));
    assert_eq!(ada.put_design(&id, 1, &v2).await.status(), 200);

    let history = body(ada.get(&format!("/api/v1/designs/{id}/revisions")).await).await;
    let newest = &history["revisions"][0];
    assert_eq!(newest["revision"], 2);
    assert_eq!(newest["author"], "ada@example.com");
    assert_eq!(newest["summary"]["nodes_added"], 1);
    assert_eq!(newest["summary"]["nodes_changed"], 1);
    assert_eq!(newest["summary"]["edges_added"], 1);
    assert_eq!(
        history["revisions"][1]["summary"]["nodes_added"], 3,
        "revision 1 adds everything"
    );

    let old = body(ada.get(&format!("/api/v1/designs/{id}/revisions/1")).await).await;
    assert_eq!(model(&old["design"]), model(&sample_design("orders")));
    assert_eq!(
        ada.get(&format!("/api/v1/designs/{id}/revisions/9"))
            .await
            .status(),
        404
    );

    let diff = body(ada.get(&format!("/api/v1/designs/{id}/diff?from=1&to=2")).await).await;
    assert_eq!(diff["diff"]["added"][0]["id"], "audit");
    assert_eq!(diff["diff"]["changed"][0]["fields"][0]["field"], "partitions");
    assert_eq!(diff["diff"]["changed"][0]["fields"][0]["before"], 12);
    assert_eq!(diff["description"], "1 node added, 1 changed, 1 edge added");

    let r = ada
        .post_json(&format!("/api/v1/designs/{id}/revisions/1/restore"), &json!({}))
        .await;
    assert_eq!(body(r).await["revision"], 3);
    let read = body(ada.get(&format!("/api/v1/designs/{id}")).await).await;
    assert_eq!(model(&read["design"]), model(&sample_design("orders")));
    let history = body(ada.get(&format!("/api/v1/designs/{id}/revisions")).await).await;
    assert_eq!(history["revisions"][0]["restored_from"], 1);
    assert_eq!(history["revisions"][0]["summary"]["nodes_removed"], 1);
}

#[tokio::test]
async fn a_share_link_reads_cannot_write_and_is_404_once_revoked() {
    let server = TestServer::start().await;
    let ada = server.user("ada@example.com").await;
    let id = ada.create_design(&sample_design("orders")).await;
    let r = ada
        .post_json(&format!("/api/v1/designs/{id}/shares"), &json!({}))
        .await;
    assert_eq!(r.status(), 201);
    let share = body(r).await;
    let token = share["token"].as_str().unwrap().to_owned();
    assert!(token.len() >= 43, "at least 256 bits in base64");
    assert!(share["url"].as_str().unwrap().ends_with(&format!("/s/{token}")));

    // Only the hash is stored.
    let stored: Vec<u8> = sqlx::query_scalar("SELECT token_hash FROM shares")
        .fetch_one(&server.pool)
        .await
        .unwrap();
    assert_ne!(stored, token.as_bytes());
    assert_eq!(stored.len(), 32);

    let reviewer = server.visitor();
    let r = reviewer.get(&format!("/api/v1/shared/{token}")).await;
    assert_eq!(r.status(), 200);
    let shared = body(r).await;
    assert_eq!(
        (shared["name"].as_str(), shared["revision"].as_i64()),
        (Some("orders"), Some(1))
    );
    assert_eq!(model(&shared["design"]), model(&sample_design("orders")));

    // Writes through the link are refused, and the token is no session either.
    for method in [Method::PUT, Method::POST, Method::DELETE, Method::PATCH] {
        let r = reviewer
            .request(method.clone(), &format!("/api/v1/shared/{token}"))
            .json(&sample_design("hijacked"))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 405, "{method}");
        assert_eq!(body(r).await["error"]["code"], "method_not_allowed");
    }
    let mut with_token_as_cookie = server.visitor();
    with_token_as_cookie.session = Some(token.clone());
    assert_eq!(
        with_token_as_cookie
            .put_design(&id, 1, &sample_design("hijacked"))
            .await
            .status(),
        401
    );

    let list = body(ada.get(&format!("/api/v1/designs/{id}/shares")).await).await;
    assert_eq!(list["shares"][0]["hint"], token[..6]);
    assert_eq!(list["shares"][0]["active"], true);
    assert!(
        list["shares"][0].get("token").is_none(),
        "the secret is shown once only"
    );

    assert_eq!(
        ada.delete(&format!("/api/v1/designs/{id}/shares/{token}"))
            .await
            .status(),
        204
    );
    assert_eq!(
        reviewer.get(&format!("/api/v1/shared/{token}")).await.status(),
        404
    );
    assert_eq!(
        ada.delete(&format!("/api/v1/designs/{id}/shares/{token}"))
            .await
            .status(),
        404
    );
    let list = body(ada.get(&format!("/api/v1/designs/{id}/shares")).await).await;
    assert_eq!(list["shares"][0]["active"], false);

    // A second link, revoked by its id.
    let second = body(
        ada.post_json(&format!("/api/v1/designs/{id}/shares"), &json!({}))
            .await,
    )
    .await;
    let sid = second["id"].as_str().unwrap();
    assert_eq!(
        ada.delete(&format!("/api/v1/designs/{id}/shares/{sid}"))
            .await
            .status(),
        204
    );
    let t2 = second["token"].as_str().unwrap();
    assert_eq!(reviewer.get(&format!("/api/v1/shared/{t2}")).await.status(), 404);
    assert_eq!(reviewer.get("/api/v1/shared/not-a-token").await.status(), 404);
}

#[tokio::test]
async fn the_api_is_described_in_openapi() {
    let server = TestServer::start().await;
    let doc = body(server.visitor().get("/api/v1/openapi.json").await).await;
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    assert!(doc["paths"]["/api/v1/designs/{id}"]["put"]["responses"]["409"].is_object());
    let page = server.visitor().get("/api/docs").await;
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(html.contains("/api/v1/shared/{token}"));
}
