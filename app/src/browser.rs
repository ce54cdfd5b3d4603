//! The few things the pages ask of the browser: local storage (the draft, changes waiting to be
//! saved), downloads, reading a chosen file, the address bar and element sizes.
//!
//! Each function does nothing on the server (the `ssr` build): editing happens in the browser.

/// Where the draft lives until designs are saved on the server.
pub const DRAFT_KEY: &str = "kafka-studio.draft.v1";

#[cfg(feature = "hydrate")]
mod imp {
    use wasm_bindgen::JsCast;

    fn storage() -> Option<web_sys::Storage> {
        web_sys::window()?.local_storage().ok()?
    }

    pub fn load(key: &str) -> Option<String> {
        storage()?.get_item(key).ok()?
    }

    pub fn save(key: &str, value: &str) -> Result<(), String> {
        let storage = storage().ok_or("local storage is not available")?;
        storage
            .set_item(key, value)
            .map_err(|_| "the browser refused to store the draft (storage full?)".to_owned())
    }

    pub fn remove(key: &str) {
        if let Some(storage) = storage() {
            let _ = storage.remove_item(key);
        }
    }

    pub fn download(filename: &str, mime: &str, contents: &str) {
        let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(contents));
        let options = web_sys::BlobPropertyBag::new();
        options.set_type(mime);
        if let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) {
            save_blob(&blob, filename);
        }
    }

    /// Hands `blob` to the browser as a download named `filename`.
    fn save_blob(blob: &web_sys::Blob, filename: &str) {
        let Ok(url) = web_sys::Url::create_object_url_with_blob(blob) else {
            return;
        };
        let document = leptos::prelude::document();
        if let Ok(a) = document.create_element("a") {
            let a: web_sys::HtmlAnchorElement = a.unchecked_into();
            a.set_href(&url);
            a.set_download(filename);
            a.click();
        }
        let _ = web_sys::Url::revoke_object_url(&url);
    }

    pub fn read_first_file(
        input: &web_sys::HtmlInputElement,
        done: impl FnOnce(Result<(String, String), String>) + 'static,
    ) {
        let Some(file) = input.files().and_then(|files| files.get(0)) else {
            return;
        };
        read_file(file, done);
    }

    /// Reads `file` as text (a file chosen or dropped): its name and its text, or why not.
    pub fn read_file(file: web_sys::File, done: impl FnOnce(Result<(String, String), String>) + 'static) {
        let name = file.name();
        let promise = file.text();
        leptos::task::spawn_local(async move {
            let text = wasm_bindgen_futures::JsFuture::from(promise).await;
            done(match text.ok().and_then(|v| v.as_string()) {
                Some(text) => Ok((name, text)),
                None => Err(format!("could not read {name}")),
            });
        });
    }

    pub fn replace_url(path: &str) {
        if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
            let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(path));
        }
    }

    /// Fetches `url` (same origin, with the session) and saves the answer as `filename`.
    pub async fn download_url(url: &str, filename: &str) -> Result<(), String> {
        use wasm_bindgen_futures::JsFuture;
        let window = web_sys::window().ok_or("no window")?;
        let response: web_sys::Response = JsFuture::from(window.fetch_with_str(url))
            .await
            .map_err(|_| "the studio's server cannot be reached".to_owned())?
            .unchecked_into();
        if !response.ok() {
            return Err(format!("the server answered {}", response.status()));
        }
        let blob: web_sys::Blob = JsFuture::from(response.blob().map_err(|_| "no body")?)
            .await
            .map_err(|_| "the download broke off".to_owned())?
            .unchecked_into();
        save_blob(&blob, filename);
        Ok(())
    }

    pub fn go_to(path: &str) {
        if let Some(w) = web_sys::window() {
            let _ = w.location().set_href(path);
        }
    }

    pub fn copy_text(text: &str) {
        if let Some(w) = web_sys::window() {
            let _ = w.navigator().clipboard().write_text(text);
        }
    }

    pub fn rect(el: &web_sys::Element) -> (f64, f64, f64, f64) {
        let r = el.get_bounding_client_rect();
        (r.left(), r.top(), r.width(), r.height())
    }
}

#[cfg(not(feature = "hydrate"))]
mod imp {
    pub fn load(_key: &str) -> Option<String> {
        None
    }
    pub fn save(_key: &str, _value: &str) -> Result<(), String> {
        Ok(())
    }
    pub fn remove(_key: &str) {}
    pub fn download(_filename: &str, _mime: &str, _contents: &str) {}
    pub fn read_first_file(
        _input: &web_sys::HtmlInputElement,
        _done: impl FnOnce(Result<(String, String), String>) + 'static,
    ) {
    }
    pub fn read_file(_file: web_sys::File, _done: impl FnOnce(Result<(String, String), String>) + 'static) {}
    pub fn replace_url(_path: &str) {}
    pub fn go_to(_path: &str) {}
    pub async fn download_url(_url: &str, _filename: &str) -> Result<(), String> {
        Err("downloads happen in the browser".into())
    }
    pub fn copy_text(_text: &str) {}
    pub fn rect(_el: &web_sys::Element) -> (f64, f64, f64, f64) {
        (0.0, 0.0, 0.0, 0.0)
    }
}

pub use imp::*;
