//! The studio's JSON API as the browser calls it (`fetch`, same origin, with the session
//! cookie): the addresses come from [`api::urls`], the bodies are [`api`]'s types both ways, and
//! every failure is an [`ApiError`]. On the server (`ssr`) every call fails: pages never call
//! the API while rendering (what they need comes in [`crate::session::PageSeed`]).

use api::{ErrorBody, Revision};
use serde::de::DeserializeOwned;
use serde::Serialize;

/// An HTTP method the app uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
    Put,
    Patch,
    Delete,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        }
    }
}

/// Why a call did not give the answer asked for.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum ApiError {
    /// No answer: the network or the server is away.
    #[error("the studio's server cannot be reached")]
    Offline,
    /// The server refused, with its error body when it sent one.
    #[error("{}", match body { Some(b) => b.error.message.clone(), None => format!("the server answered {status}") })]
    Refused { status: u16, body: Option<ErrorBody> },
    /// The server said yes, in a form this app does not read.
    #[error("unexpected answer from the server: {0}")]
    Unexpected(String),
    /// This build cannot call the API (the server rendering a page).
    #[error("the API is called from the browser only")]
    NotInBrowser,
}

impl ApiError {
    /// The HTTP status of a refusal.
    pub fn status(&self) -> Option<u16> {
        match self {
            ApiError::Refused { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// The server's error body of a refusal.
    pub fn body(&self) -> Option<&ErrorBody> {
        match self {
            ApiError::Refused { body, .. } => body.as_ref(),
            _ => None,
        }
    }

    /// Whether trying again later may work by itself: no answer, or the server or its database
    /// away, busy or failing for the moment (not a refusal of the request or of the session).
    pub fn is_passing(&self) -> bool {
        match self {
            ApiError::Offline => true,
            ApiError::Refused { status, .. } => matches!(status, 408 | 429 | 500 | 502 | 503 | 504),
            _ => false,
        }
    }
}

/// A successful answer: its body and, for a design, its revision (`ETag`).
#[derive(Clone, Debug, PartialEq)]
pub struct Answer<T> {
    pub body: T,
    pub etag: Option<Revision>,
}

/// The raw answer before it is read.
struct Raw {
    status: u16,
    etag: Option<Revision>,
    text: String,
}

/// Sends `method url` with an optional JSON body and `If-Match` revision, and reads the answer
/// as `T` (use `()`… for an empty one: see [`send_no_answer`]).
pub async fn send<B: Serialize, T: DeserializeOwned>(
    method: Method,
    url: &str,
    body: Option<&B>,
    if_match: Option<Revision>,
) -> Result<Answer<T>, ApiError> {
    let raw = exchange(method, url, body, if_match).await?;
    let body = serde_json::from_str(&raw.text).map_err(|e| ApiError::Unexpected(e.to_string()))?;
    Ok(Answer { body, etag: raw.etag })
}

/// Like [`send`], for answers whose body does not matter (`204`, a delete).
pub async fn send_no_answer<B: Serialize>(
    method: Method,
    url: &str,
    body: Option<&B>,
) -> Result<(), ApiError> {
    exchange(method, url, body, None).await.map(drop)
}

/// `GET url`, read as `T`.
pub async fn get<T: DeserializeOwned>(url: &str) -> Result<T, ApiError> {
    send::<(), T>(Method::Get, url, None, None).await.map(|a| a.body)
}

/// `POST url` with `body`, read as `T`.
pub async fn post<B: Serialize, T: DeserializeOwned>(url: &str, body: &B) -> Result<T, ApiError> {
    send(Method::Post, url, Some(body), None).await.map(|a| a.body)
}

/// `POST url` with `text` as a plain-text body (a document to import); the answer's JSON text,
/// unread (the page that asked reads it, so that a page that only passes it on does not link
/// the reader).
pub async fn post_text(url: &str, text: String) -> Result<String, ApiError> {
    let raw = checked(imp::fetch(Method::Post, url, Some((text, "text/plain; charset=utf-8")), &[]).await?)?;
    Ok(raw.text)
}

async fn exchange<B: Serialize>(
    method: Method,
    url: &str,
    body: Option<&B>,
    if_match: Option<Revision>,
) -> Result<Raw, ApiError> {
    let json = match body {
        Some(b) => Some((
            serde_json::to_string(b).map_err(|e| ApiError::Unexpected(e.to_string()))?,
            "application/json",
        )),
        None => None,
    };
    let headers: Vec<(&str, String)> = if_match.map(|r| ("if-match", r.etag())).into_iter().collect();
    checked(imp::fetch(method, url, json, &headers).await?)
}

/// A request with one more header (a guest's `X-Guest-Key`), answered without a body to read
/// or with one.
pub async fn send_with<B: Serialize, T: DeserializeOwned>(
    method: Method,
    url: &str,
    body: Option<&B>,
    header: Option<(&str, String)>,
) -> Result<Option<T>, ApiError> {
    let json = match body {
        Some(b) => Some((
            serde_json::to_string(b).map_err(|e| ApiError::Unexpected(e.to_string()))?,
            "application/json",
        )),
        None => None,
    };
    let headers: Vec<(&str, String)> = header.into_iter().collect();
    let raw = checked(imp::fetch(method, url, json, &headers).await?)?;
    if raw.text.trim().is_empty() {
        return Ok(None);
    }
    serde_json::from_str(&raw.text)
        .map(Some)
        .map_err(|e| ApiError::Unexpected(e.to_string()))
}

/// A 2xx answer as it is, anything else as a refusal with the server's error body.
fn checked(raw: Raw) -> Result<Raw, ApiError> {
    if (200..300).contains(&raw.status) {
        Ok(raw)
    } else {
        Err(ApiError::Refused {
            status: raw.status,
            body: serde_json::from_str(&raw.text).ok(),
        })
    }
}

#[cfg(feature = "hydrate")]
mod imp {
    use api::Revision;
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;

    use super::{ApiError, Method, Raw};

    pub(super) async fn fetch(
        method: Method,
        url: &str,
        body: Option<(String, &'static str)>,
        extra: &[(&str, String)],
    ) -> Result<Raw, ApiError> {
        let init = web_sys::RequestInit::new();
        init.set_method(method.as_str());
        init.set_credentials(web_sys::RequestCredentials::SameOrigin);
        let headers = web_sys::Headers::new().map_err(|_| ApiError::NotInBrowser)?;
        let _ = headers.set("accept", "application/json");
        if let Some((text, content_type)) = body {
            let _ = headers.set("content-type", content_type);
            init.set_body(&wasm_bindgen::JsValue::from_str(&text));
        }
        for (name, value) in extra {
            let _ = headers.set(name, value);
        }
        init.set_headers(&headers);
        let request = web_sys::Request::new_with_str_and_init(url, &init)
            .map_err(|_| ApiError::Unexpected(format!("{url} is not an address")))?;
        let window = web_sys::window().ok_or(ApiError::NotInBrowser)?;
        let response: web_sys::Response = JsFuture::from(window.fetch_with_request(&request))
            .await
            .map_err(|_| ApiError::Offline)?
            .unchecked_into();
        let etag = response
            .headers()
            .get("etag")
            .ok()
            .flatten()
            .and_then(|t| Revision::from_etag(&t).ok());
        let text = match response.text() {
            Ok(p) => JsFuture::from(p)
                .await
                .ok()
                .and_then(|v| v.as_string())
                .unwrap_or_default(),
            Err(_) => String::new(),
        };
        Ok(Raw {
            status: response.status(),
            etag,
            text,
        })
    }
}

#[cfg(not(feature = "hydrate"))]
mod imp {
    use super::{ApiError, Method, Raw};

    pub(super) async fn fetch(
        _method: Method,
        _url: &str,
        _body: Option<(String, &'static str)>,
        _extra: &[(&str, String)],
    ) -> Result<Raw, ApiError> {
        Err(ApiError::NotInBrowser)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use api::ErrorCode;

    #[test]
    fn a_refusal_says_the_servers_message_and_whether_it_passes() {
        let body: ErrorBody = serde_json::from_value(serde_json::json!(
            {"error": {"code": "stale_revision", "message": "someone saved first", "details": {"current_revision": 8}}}
        ))
        .unwrap();
        let refused = ApiError::Refused {
            status: 409,
            body: Some(body),
        };
        assert_eq!(refused.to_string(), "someone saved first");
        assert_eq!(
            refused.body().map(|b| b.error.code),
            Some(ErrorCode::StaleRevision)
        );
        assert_eq!(
            refused.body().and_then(ErrorBody::current_revision),
            Some(Revision(8))
        );
        assert!(!refused.is_passing());
        let busy = ApiError::Refused {
            status: 503,
            body: None,
        };
        assert_eq!(busy.to_string(), "the server answered 503");
        assert!(busy.is_passing() && ApiError::Offline.is_passing());
        assert!(!ApiError::Unexpected("x".into()).is_passing());
    }
}
