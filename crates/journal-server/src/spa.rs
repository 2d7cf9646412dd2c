//! Serving the SPA: files from `JOURNAL_SPA_DIR` when set, else the copy embedded at build time
//! (feature `embed-spa`), else `frontend/dist`. Unknown paths fall back to `index.html` so the
//! SPA's client-side routes work on reload; `/api/…` paths never do.

use actix_web::http::header;
use actix_web::{web, HttpRequest, HttpResponse};
use std::path::{Component, Path, PathBuf};

/// frontend/dist (relative to this crate), built by `frontend/build.sh` before the release build.
#[cfg(feature = "embed-spa")]
#[derive(rust_embed::RustEmbed)]
#[folder = "../../frontend/dist"]
struct Embedded;

/// Where the SPA comes from.
#[derive(Debug, Clone)]
pub enum SpaSource {
    Dir(PathBuf),
    #[cfg(feature = "embed-spa")]
    Embedded,
}

impl SpaSource {
    pub fn from_env() -> Self {
        if let Some(dir) = std::env::var_os("JOURNAL_SPA_DIR").filter(|d| !d.is_empty()) {
            return SpaSource::Dir(PathBuf::from(dir));
        }
        #[cfg(feature = "embed-spa")]
        {
            SpaSource::Embedded
        }
        #[cfg(not(feature = "embed-spa"))]
        {
            SpaSource::Dir(PathBuf::from("frontend/dist"))
        }
    }

    pub fn describe(&self) -> String {
        match self {
            SpaSource::Dir(d) => d.display().to_string(),
            #[cfg(feature = "embed-spa")]
            SpaSource::Embedded => "embedded in the binary".into(),
        }
    }

    fn read(&self, path: &str) -> Option<Vec<u8>> {
        match self {
            SpaSource::Dir(dir) => {
                let relative = Path::new(path);
                // Only plain names: no `..`, no absolute paths.
                if !relative
                    .components()
                    .all(|c| matches!(c, Component::Normal(_)))
                {
                    return None;
                }
                let full = dir.join(relative);
                full.is_file().then(|| std::fs::read(full).ok()).flatten()
            }
            #[cfg(feature = "embed-spa")]
            SpaSource::Embedded => Embedded::get(path).map(|f| f.data.into_owned()),
        }
    }
}

fn file_response(path: &str, bytes: Vec<u8>) -> HttpResponse {
    let mime = mime_guess::from_path(path).first_or_octet_stream();
    // index.html changes with every build; hashed assets could be cached longer, but the wasm
    // bundle name is fixed, so everything revalidates.
    HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, mime.as_ref()))
        .insert_header((header::CACHE_CONTROL, "no-cache"))
        .body(bytes)
}

/// The default service of the app.
pub async fn serve(req: HttpRequest, source: web::Data<SpaSource>) -> HttpResponse {
    let path = req.path().trim_start_matches('/');
    if path.starts_with("api/") {
        return HttpResponse::NotFound()
            .insert_header((header::CONTENT_TYPE, "application/problem+json"))
            .body(r#"{"type":"urn:journal:problem:no_such_endpoint","title":"Not Found","status":404,"code":"no_such_endpoint"}"#);
    }
    if !path.is_empty() {
        if let Some(bytes) = source.read(path) {
            return file_response(path, bytes);
        }
    }
    match source.read("index.html") {
        Some(bytes) => file_response("index.html", bytes),
        None => HttpResponse::ServiceUnavailable()
            .content_type("text/plain; charset=utf-8")
            .body(format!(
                "The web interface is not built ({}). Run `make build` or set JOURNAL_SPA_DIR.",
                source.describe()
            )),
    }
}
