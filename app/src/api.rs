//! The studio's JSON API as the browser calls it (`fetch`, same origin, with the session
//! cookie). On the server (`ssr`) every call fails: pages never call the API while rendering.

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

/// An answer from the API: status, `ETag` (a design's revision) and JSON body.
#[derive(Clone, Debug)]
pub struct Reply {
    pub status: u16,
    pub etag: Option<i64>,
    pub body: Value,
}

impl Reply {
    pub fn ok(&self) -> bool {
        (200..300).contains(&self.status)
    }

    /// The API error's message, or the status.
    pub fn message(&self) -> String {
        self.body["error"]["message"]
            .as_str()
            .map(str::to_owned)
            .unwrap_or_else(|| format!("the server answered {}", self.status))
    }

    /// The body as `T`, or why not.
    pub fn parse<T: DeserializeOwned>(&self) -> Result<T, String> {
        if !self.ok() {
            return Err(self.message());
        }
        serde_json::from_value(self.body.clone()).map_err(|e| format!("unexpected answer: {e}"))
    }
}

/// Sends `method url` with an optional JSON body and `If-Match` revision.
pub async fn call<B: Serialize>(
    method: &str,
    url: &str,
    body: Option<&B>,
    if_match: Option<i64>,
) -> Result<Reply, String> {
    let json = match body {
        Some(b) => Some(serde_json::to_string(b).map_err(|e| e.to_string())?),
        None => None,
    };
    imp::fetch(method, url, json, if_match).await
}

pub async fn get(url: &str) -> Result<Reply, String> {
    call::<()>("GET", url, None, None).await
}

#[cfg(feature = "hydrate")]
mod imp {
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;

    use super::Reply;

    pub async fn fetch(
        method: &str,
        url: &str,
        json: Option<String>,
        if_match: Option<i64>,
    ) -> Result<Reply, String> {
        let offline = |_| "the studio's server cannot be reached".to_owned();
        let init = web_sys::RequestInit::new();
        init.set_method(method);
        init.set_credentials(web_sys::RequestCredentials::SameOrigin);
        let headers = web_sys::Headers::new().map_err(|_| "no Headers")?;
        let _ = headers.set("accept", "application/json");
        if let Some(json) = json {
            let _ = headers.set("content-type", "application/json");
            init.set_body(&wasm_bindgen::JsValue::from_str(&json));
        }
        if let Some(rev) = if_match {
            let _ = headers.set("if-match", &format!("\"{rev}\""));
        }
        init.set_headers(&headers);
        let request =
            web_sys::Request::new_with_str_and_init(url, &init).map_err(|_| "bad request".to_owned())?;
        let window = web_sys::window().ok_or("no window")?;
        let response: web_sys::Response = JsFuture::from(window.fetch_with_request(&request))
            .await
            .map_err(offline)?
            .unchecked_into();
        let status = response.status();
        let etag = response
            .headers()
            .get("etag")
            .ok()
            .flatten()
            .and_then(|t| t.trim_start_matches("W/").trim_matches('"').parse().ok());
        let text = match response.text() {
            Ok(p) => JsFuture::from(p)
                .await
                .ok()
                .and_then(|v| v.as_string())
                .unwrap_or_default(),
            Err(_) => String::new(),
        };
        let body = serde_json::from_str(&text).unwrap_or(serde_json::Value::Null);
        Ok(Reply { status, etag, body })
    }
}

#[cfg(not(feature = "hydrate"))]
mod imp {
    use super::Reply;

    pub async fn fetch(_m: &str, _u: &str, _j: Option<String>, _i: Option<i64>) -> Result<Reply, String> {
        Err("the API is called from the browser only".into())
    }
}
