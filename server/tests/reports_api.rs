//! A saved design's documents over real HTTP: PDF, zip, charts and topics as code, for the
//! owner and through a share link, with the right media types and file names.

mod common;

use common::client::{sample_design, TestServer};
use reqwest::Method;
use serde_json::{json, Value};

#[tokio::test]
async fn my_design_and_its_share_link_give_every_document() {
    let server = TestServer::start().await;
    let ada = server.user("ada@example.com").await;
    let id = ada.create_design(&sample_design("orders platform")).await;
    let share: Value = ada
        .post_json(&format!("/api/v1/designs/{id}/shares"), &json!({}))
        .await
        .json()
        .await
        .unwrap();
    let token = share["token"].as_str().unwrap().to_owned();
    let reviewer = server.visitor();

    let cases = [
        (
            "report.pdf",
            "application/pdf",
            "attachment; filename=\"orders-platform.pdf\"",
            &b"%PDF-"[..],
        ),
        (
            "report.zip",
            "application/zip",
            "attachment; filename=\"orders-platform.zip\"",
            &b"PK"[..],
        ),
        (
            "report.md",
            "text/markdown; charset=utf-8",
            "attachment; filename=\"orders-platform.md\"",
            &b"# orders platform"[..],
        ),
        (
            "charts/partition-load.svg",
            "image/svg+xml",
            "inline; filename=\"orders-platform.partition-load.svg\"",
            &b"<svg"[..],
        ),
        (
            "charts/latency.svg",
            "image/svg+xml",
            "inline; filename=\"orders-platform.latency.svg\"",
            &b"<svg"[..],
        ),
        (
            "charts/topology.svg",
            "image/svg+xml",
            "inline; filename=\"orders-platform.topology.svg\"",
            &b"<svg"[..],
        ),
        (
            "iac/kafka-topics.sh",
            "text/x-shellscript; charset=utf-8",
            "attachment; filename=\"orders-platform.kafka-topics.sh\"",
            &b"#!"[..],
        ),
        (
            "iac/strimzi.yaml",
            "application/yaml; charset=utf-8",
            "attachment; filename=\"orders-platform.strimzi.yaml\"",
            &b""[..],
        ),
        (
            "iac/terraform.tf",
            "text/plain; charset=utf-8",
            "attachment; filename=\"orders-platform.tf\"",
            &b""[..],
        ),
    ];
    for (file, media, disposition, starts) in cases {
        for (who, path) in [
            (&ada, format!("/api/v1/designs/{id}/{file}")),
            (&reviewer, format!("/api/v1/shared/{token}/{file}")),
        ] {
            let r = who.get(&path).await;
            assert_eq!(r.status(), 200, "{path}");
            assert_eq!(r.headers()["content-type"], media, "{path}");
            assert_eq!(r.headers()["content-disposition"], disposition, "{path}");
            let body = r.bytes().await.unwrap();
            assert!(body.starts_with(starts), "{path}");
        }
    }

    for bad in ["report.docx", "charts/pie.svg", "iac/ansible.yml"] {
        let r = ada.get(&format!("/api/v1/designs/{id}/{bad}")).await;
        assert_eq!(r.status(), 404, "{bad}");
    }
    let bob = server.user("bob@example.com").await;
    assert_eq!(
        bob.get(&format!("/api/v1/designs/{id}/report.pdf"))
            .await
            .status(),
        404
    );
    assert_eq!(
        server
            .visitor()
            .get(&format!("/api/v1/designs/{id}/report.pdf"))
            .await
            .status(),
        401
    );
    let r = reviewer
        .request(Method::PUT, &format!("/api/v1/shared/{token}/report.md"))
        .body("x")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 405);

    assert_eq!(
        ada.delete(&format!("/api/v1/designs/{id}/shares/{token}"))
            .await
            .status(),
        204
    );
    assert_eq!(
        reviewer
            .get(&format!("/api/v1/shared/{token}/charts/latency.svg"))
            .await
            .status(),
        404
    );
}

#[tokio::test]
async fn the_stateless_report_makes_pdf_and_zip_for_ci() {
    let server = TestServer::start().await;
    let c = server.visitor();
    for (format, magic) in [("pdf", &b"%PDF-"[..]), ("zip", &b"PK"[..])] {
        let r = c
            .post_json(
                &format!("/api/v1/report?format={format}"),
                &sample_design("ci check"),
            )
            .await;
        assert_eq!(r.status(), 200, "{format}");
        assert_eq!(
            r.headers()["content-disposition"],
            format!("attachment; filename=\"ci-check.{format}\"")
        );
        assert!(r.bytes().await.unwrap().starts_with(magic));
    }
}

/// The Markdown spec links each finding to its rule on the rules page of the studio the request
/// reached, for the owner, a review link and the stateless endpoint alike.
#[tokio::test]
async fn the_markdown_links_each_finding_to_its_rule_on_this_studio() {
    let server = TestServer::start().await;
    let ada = server.user("ada@example.com").await;
    let design = sample_design("orders platform");
    let id = ada.create_design(&design).await;
    let findings: Value = ada
        .post_json("/api/v1/analyze", &design)
        .await
        .json()
        .await
        .unwrap();
    let rules: Vec<&str> = findings["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    assert!(!rules.is_empty(), "the sample design has findings");
    let listed: Value = server
        .visitor()
        .get("/api/v1/lint-rules")
        .await
        .json()
        .await
        .unwrap();
    let host = server.base.trim_start_matches("http://");
    for path in [
        format!("/api/v1/designs/{id}/report.md"),
        "/api/v1/report?format=md".into(),
    ] {
        let r = if path.contains("designs") {
            ada.get(&path).await
        } else {
            ada.post_json(&path, &design).await
        };
        assert_eq!(r.status(), 200, "{path}");
        let md = r.text().await.unwrap();
        for rule in &rules {
            assert!(
                md.contains(&format!("[{rule}](<http://{host}/rules#{rule}>)")),
                "{path}: {rule} is not linked in {md}"
            );
            let entry = listed["rules"]
                .as_array()
                .unwrap()
                .iter()
                .find(|r| r["id"] == *rule);
            assert_eq!(
                entry.unwrap()["page"],
                format!("/rules#{rule}"),
                "{rule} is listed"
            );
        }
    }
}
