//! A real HTTP client for the API tests: the router served on a free port of this process, and
//! a user agent that keeps its session cookie like a browser does.

use leptos::config::LeptosOptions;
use reqwest::{header, Method, RequestBuilder, Response};
use serde_json::{json, Value};
use server::compute::Compute;
use server::http::{router, AppState, Limits};

/// The studio's router on `127.0.0.1:<free port>`, backed by a fresh database.
pub struct TestServer {
    pub base: String,
    pub pool: sqlx::PgPool,
}

impl TestServer {
    pub async fn start() -> Self {
        Self::start_with_limit(4 * 1024 * 1024).await
    }

    pub async fn start_with_limit(max_body_bytes: usize) -> Self {
        Self::start_with(Limits {
            max_body_bytes,
            ..Limits::default()
        })
        .await
    }

    /// The router with these limits, served with each connection's peer address as the
    /// binary serves it.
    pub async fn start_with(limits: Limits) -> Self {
        let pool = super::fresh_pool().await;
        let state = AppState {
            pool: pool.clone(),
            leptos: LeptosOptions::builder()
                .output_name("studio")
                .site_root("target/site")
                .site_pkg_dir("pkg")
                .build(),
            compute: Compute::for_this_machine(std::time::Duration::from_secs(8)),
            limits,
            sessions: Default::default(),
            recent: Default::default(),
            reviews: Default::default(),
        };
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let app = router(state).into_make_service_with_connect_info::<std::net::SocketAddr>();
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        TestServer { base, pool }
    }

    /// A visitor without a session.
    pub fn visitor(&self) -> Client {
        Client::new(&self.base)
    }

    /// A new account, signed in.
    pub async fn user(&self, email: &str) -> Client {
        let mut c = self.visitor();
        let r = c.signup(email, "correct horse battery").await;
        assert_eq!(r.status(), 201, "sign-up of {email}");
        c
    }
}

/// One user agent: its base URL and session cookie.
#[derive(Clone)]
pub struct Client {
    pub base: String,
    pub session: Option<String>,
    http: reqwest::Client,
}

impl Client {
    pub fn new(base: &str) -> Self {
        Client {
            base: base.to_owned(),
            session: None,
            http: reqwest::Client::new(),
        }
    }

    pub fn request(&self, method: Method, path: &str) -> RequestBuilder {
        let mut r = self.http.request(method, format!("{}{}", self.base, path));
        if let Some(session) = &self.session {
            r = r.header(header::COOKIE, format!("studio_session={session}"));
        }
        r
    }

    pub async fn get(&self, path: &str) -> Response {
        self.request(Method::GET, path).send().await.unwrap()
    }

    pub async fn post_json(&self, path: &str, body: &Value) -> Response {
        self.request(Method::POST, path).json(body).send().await.unwrap()
    }

    /// `PUT` of a design with `If-Match: "<base>"`.
    pub async fn put_design(&self, id: &str, base: i64, design: &Value) -> Response {
        self.request(Method::PUT, &format!("/api/v1/designs/{id}"))
            .header(header::IF_MATCH, format!("\"{base}\""))
            .json(design)
            .send()
            .await
            .unwrap()
    }

    pub async fn delete(&self, path: &str) -> Response {
        self.request(Method::DELETE, path).send().await.unwrap()
    }

    pub async fn signup(&mut self, email: &str, password: &str) -> Response {
        let r = self
            .post_json(
                "/api/v1/auth/signup",
                &json!({"email": email, "password": password}),
            )
            .await;
        self.keep_session(&r);
        r
    }

    pub async fn login(&mut self, email: &str, password: &str) -> Response {
        let r = self
            .post_json(
                "/api/v1/auth/login",
                &json!({"email": email, "password": password}),
            )
            .await;
        self.keep_session(&r);
        r
    }

    fn keep_session(&mut self, r: &Response) {
        for value in r.headers().get_all(header::SET_COOKIE) {
            let value = value.to_str().unwrap();
            if let Some(rest) = value.strip_prefix("studio_session=") {
                let token = rest.split(';').next().unwrap();
                self.session = (!token.is_empty()).then(|| token.to_owned());
            }
        }
    }

    /// Creates a design and returns its id.
    pub async fn create_design(&self, design: &Value) -> String {
        let r = self.post_json("/api/v1/designs", design).await;
        assert_eq!(r.status(), 201);
        let body: Value = r.json().await.unwrap();
        body["id"].as_str().unwrap().to_owned()
    }
}

/// A small valid design: producer → topic → consumer group.
pub fn sample_design(name: &str) -> Value {
    json!({
        "schema": "kafka-design/v1",
        "name": name,
        "nodes": [
            {"id": "checkout", "kind": "producer", "name": "checkout", "messages_per_sec": 500, "avg_message_bytes": 800},
            {"id": "orders", "kind": "topic", "name": "orders", "partitions": 12},
            {"id": "billing", "kind": "consumer_group", "name": "billing", "instances": 3}
        ],
        "edges": [{"from": "checkout", "to": "orders"}, {"from": "orders", "to": "billing"}]
    })
}

/// A document as the model reads it (the server stores designs with Kafka's defaults filled
/// in, so compare meaning, not bytes).
pub fn model(v: &Value) -> design::Design {
    serde_json::from_value(v.clone()).expect("a kafka-design/v1 document")
}
