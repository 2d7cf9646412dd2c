//! Serving the SPA: files from `JOURNAL_SPA_DIR` when set, else the copy embedded at build time
//! (feature `embed-spa`), else `frontend/dist`. The files are read once, at start, and kept in
//! memory together with the variants `frontend/build.sh` compressed beside them (`X.br`, `X.gz`).
//! An answer carries the variant the client accepts (brotli, then gzip, else the file itself) with
//! `Content-Encoding`; actix's `Compress` middleware leaves answers that have one alone, so nothing
//! is compressed per request (except for a client that accepts deflate or zstd but neither brotli
//! nor gzip: `Compress` still encodes the plain file for it; no browser is such a client).
//!
//! Caching: a name with a content hash (`style.0123456789abcdef.css`, written by build.sh) never
//! changes its content, so it is cached for a year as `immutable`. Everything else (`index.html`)
//! is `no-cache` with a strong `ETag` per variant, and a matching `If-None-Match` gets `304`.
//! Unknown paths fall back to `index.html` so the SPA's client-side routes work on reload; `/api/…`
//! paths and missing content-hashed names never do.

use actix_web::http::header::{self, HeaderMap};
use actix_web::http::{Method, StatusCode};
use actix_web::web::{self, Bytes};
use actix_web::{HttpRequest, HttpResponse};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};

/// frontend/dist (relative to this crate), built by `frontend/build.sh` before the release build.
#[cfg(feature = "embed-spa")]
#[derive(rust_embed::RustEmbed)]
#[folder = "../../frontend/dist"]
struct Embedded;

const INDEX: &str = "index.html";
/// For content-hashed names: a new build gives a new name, so a copy never goes stale.
const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// For `index.html` (the entry point names the current build): ask every time, 304 when unchanged.
const REVALIDATE: &str = "no-cache";
/// Length of the hex content hash in file names (frontend/build.sh).
const HASH_LEN: usize = 16;

/// A content coding the build precompresses with, in the order the server prefers them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Coding {
    Brotli,
    Gzip,
}

impl Coding {
    const PREFERENCE: [Coding; 2] = [Coding::Brotli, Coding::Gzip];

    fn token(self) -> &'static str {
        match self {
            Coding::Brotli => "br",
            Coding::Gzip => "gzip",
        }
    }

    /// The suffix build.sh gives the compressed copy of a file.
    fn suffix(self) -> &'static str {
        match self {
            Coding::Brotli => ".br",
            Coding::Gzip => ".gz",
        }
    }
}

/// One stored representation of a file, with a strong validator of its exact bytes.
struct Variant {
    bytes: Bytes,
    etag: String,
}

impl Variant {
    fn new(bytes: Bytes) -> Self {
        let digest = Sha256::digest(&bytes);
        Self {
            etag: format!("\"{}\"", hex::encode(&digest[..12])),
            bytes,
        }
    }
}

/// A file of the SPA and its precompressed variants.
struct Asset {
    content_type: String,
    immutable: bool,
    identity: Variant,
    encoded: Vec<(Coding, Variant)>,
}

#[derive(Debug)]
enum Origin {
    Dir(PathBuf),
    #[cfg(feature = "embed-spa")]
    Embedded,
}

/// Where the SPA comes from, and its files as read at start.
pub struct SpaSource {
    origin: Origin,
    assets: HashMap<String, Asset>,
}

impl SpaSource {
    pub fn from_env() -> Self {
        if let Some(dir) = std::env::var_os("JOURNAL_SPA_DIR").filter(|d| !d.is_empty()) {
            return Self::load(Origin::Dir(PathBuf::from(dir)));
        }
        #[cfg(feature = "embed-spa")]
        {
            Self::load(Origin::Embedded)
        }
        #[cfg(not(feature = "embed-spa"))]
        {
            Self::load(Origin::Dir(PathBuf::from("frontend/dist")))
        }
    }

    pub fn describe(&self) -> String {
        let origin = match &self.origin {
            Origin::Dir(d) => d.display().to_string(),
            #[cfg(feature = "embed-spa")]
            Origin::Embedded => "embedded in the binary".into(),
        };
        if self.assets.contains_key(INDEX) {
            origin
        } else {
            format!("{origin} (not built: no {INDEX})")
        }
    }

    fn load(origin: Origin) -> Self {
        let files = match &origin {
            Origin::Dir(dir) => read_dir_files(dir).unwrap_or_else(|error| {
                tracing::warn!(dir = %dir.display(), %error, "cannot read the web interface");
                Vec::new()
            }),
            #[cfg(feature = "embed-spa")]
            Origin::Embedded => embedded_files(),
        };
        Self {
            origin,
            assets: assets(files),
        }
    }

    fn asset(&self, path: &str) -> Option<&Asset> {
        // Only plain names: no `..`, no absolute paths (the map holds no such keys either).
        let plain = !path.is_empty()
            && Path::new(path)
                .components()
                .all(|c| matches!(c, Component::Normal(_)));
        plain.then(|| self.assets.get(path)).flatten()
    }
}

/// Every regular file under `root`, by its `/`-separated path relative to `root`.
fn read_dir_files(root: &Path) -> std::io::Result<Vec<(String, Bytes)>> {
    let mut files = Vec::new();
    let mut pending = vec![PathBuf::new()];
    while let Some(relative) = pending.pop() {
        for entry in std::fs::read_dir(root.join(&relative))? {
            let entry = entry?;
            let path = relative.join(entry.file_name());
            if entry.file_type()?.is_dir() {
                pending.push(path);
            } else if entry.path().is_file() {
                let name = path.to_str().map(|p| p.replace('\\', "/"));
                if let Some(name) = name {
                    files.push((name, Bytes::from(std::fs::read(entry.path())?)));
                }
            }
        }
    }
    Ok(files)
}

#[cfg(feature = "embed-spa")]
fn embedded_files() -> Vec<(String, Bytes)> {
    use std::borrow::Cow;
    Embedded::iter()
        .filter_map(|name| {
            let bytes = match Embedded::get(&name)?.data {
                Cow::Borrowed(data) => Bytes::from_static(data),
                Cow::Owned(data) => Bytes::from(data),
            };
            Some((name.into_owned(), bytes))
        })
        .collect()
}

/// Groups `X`, `X.br` and `X.gz` into one asset `X`. A `.br`/`.gz` file without its original
/// is a file of its own.
fn assets(files: Vec<(String, Bytes)>) -> HashMap<String, Asset> {
    let files: HashMap<String, Bytes> = files.into_iter().collect();
    let is_variant = |name: &str| {
        Coding::PREFERENCE.iter().any(|coding| {
            name.strip_suffix(coding.suffix())
                .is_some_and(|original| files.contains_key(original))
        })
    };
    files
        .iter()
        .filter(|(name, _)| !is_variant(name))
        .map(|(name, bytes)| {
            let encoded = Coding::PREFERENCE
                .iter()
                .filter_map(|&coding| {
                    let variant = files.get(&format!("{name}{}", coding.suffix()))?;
                    Some((coding, Variant::new(variant.clone())))
                })
                .collect();
            let asset = Asset {
                content_type: mime_guess::from_path(name)
                    .first_or_octet_stream()
                    .to_string(),
                immutable: is_content_hashed(name),
                identity: Variant::new(bytes.clone()),
                encoded,
            };
            (name.clone(), asset)
        })
        .collect()
}

/// Whether the file name (last segment) carries build.sh's content hash: `stem.<16 hex>.ext`.
fn is_content_hashed(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    let parts: Vec<&str> = name.split('.').collect();
    parts.len() >= 3
        && parts[1..parts.len() - 1].iter().any(|part| {
            part.len() == HASH_LEN
                && part
                    .bytes()
                    .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
        })
}

/// The quality the client gives `token` in its `Accept-Encoding` (an entry for it, else `*`,
/// else 0).
fn quality(headers: &HeaderMap, token: &str) -> f32 {
    let mut wildcard = 0.0;
    let entries = headers
        .get_all(header::ACCEPT_ENCODING)
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','));
    for entry in entries {
        let mut params = entry.split(';');
        let name = params.next().unwrap_or_default().trim();
        let q = params
            .filter_map(|p| p.trim().strip_prefix("q=").or(p.trim().strip_prefix("Q=")))
            .map(|q| q.trim().parse::<f32>().unwrap_or(0.0))
            .next()
            .unwrap_or(1.0);
        if name.eq_ignore_ascii_case(token) {
            return q;
        }
        if name == "*" {
            wildcard = q;
        }
    }
    wildcard
}

/// The precompressed variant to send: the highest quality the client gives, brotli on a tie;
/// `None` means the file itself.
fn negotiate(headers: &HeaderMap, available: &[(Coding, Variant)]) -> Option<usize> {
    let mut best: Option<(usize, f32)> = None;
    for (i, (coding, _)) in available.iter().enumerate() {
        let q = quality(headers, coding.token());
        if q > 0.0 && best.is_none_or(|(_, best_q)| q > best_q) {
            best = Some((i, q));
        }
    }
    best.map(|(i, _)| i)
}

/// `If-None-Match` lists `etag` (weak comparison, as RFC 9110 asks for this header) or is `*`.
fn none_match(headers: &HeaderMap, etag: &str) -> bool {
    headers
        .get_all(header::IF_NONE_MATCH)
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .map(|tag| tag.trim())
        .any(|tag| tag == "*" || tag.strip_prefix("W/").unwrap_or(tag) == etag)
}

impl Asset {
    fn respond(&self, req: &HttpRequest) -> HttpResponse {
        let chosen = negotiate(req.headers(), &self.encoded).map(|i| &self.encoded[i]);
        let variant = chosen.map_or(&self.identity, |(_, variant)| variant);
        let conditional = matches!(*req.method(), Method::GET | Method::HEAD);
        let status = if conditional && none_match(req.headers(), &variant.etag) {
            StatusCode::NOT_MODIFIED
        } else {
            StatusCode::OK
        };
        let mut res = HttpResponse::build(status);
        res.insert_header((
            header::CACHE_CONTROL,
            if self.immutable {
                IMMUTABLE
            } else {
                REVALIDATE
            },
        ))
        .insert_header((header::ETAG, variant.etag.as_str()));
        if !self.encoded.is_empty() {
            res.insert_header((header::VARY, "accept-encoding"));
        }
        if status == StatusCode::NOT_MODIFIED {
            return res.finish();
        }
        if let Some((coding, _)) = chosen {
            res.insert_header((header::CONTENT_ENCODING, coding.token()));
        }
        res.insert_header((header::CONTENT_TYPE, self.content_type.as_str()))
            .body(variant.bytes.clone())
    }
}

/// The default service of the app.
pub async fn serve(req: HttpRequest, source: web::Data<SpaSource>) -> HttpResponse {
    let path = req.path().trim_start_matches('/');
    if path.starts_with("api/") {
        return HttpResponse::NotFound()
            .insert_header((header::CONTENT_TYPE, "application/problem+json"))
            .body(r#"{"type":"urn:journal:problem:no_such_endpoint","title":"Not Found","status":404,"code":"no_such_endpoint"}"#);
    }
    if let Some(asset) = source.asset(path) {
        return asset.respond(&req);
    }
    if is_content_hashed(path) {
        // A name from another build (a page loaded before a deploy): the SPA's HTML would only
        // confuse a script or stylesheet loader.
        return HttpResponse::NotFound()
            .insert_header((header::CACHE_CONTROL, REVALIDATE))
            .content_type("text/plain; charset=utf-8")
            .body("No such file in this build of the web interface.");
    }
    match source.assets.get(INDEX) {
        Some(index) => index.respond(&req),
        None => HttpResponse::ServiceUnavailable()
            .content_type("text/plain; charset=utf-8")
            .body(format!(
                "The web interface is not built ({}). Run `make build` or set JOURNAL_SPA_DIR.",
                source.describe()
            )),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use actix_web::test::{call_service, init_service, read_body, TestRequest};
    use actix_web::{middleware, App};

    const WASM: &str = "app_bg.0123456789abcdef.wasm";
    const INDEX_HTML: &[u8] = b"<!doctype html><title>Journal</title>";
    /// What a browser sends.
    const BROWSER: &str = "gzip, deflate, br, zstd";

    /// A built SPA as build.sh lays it out, the "compressed" copies told apart by their bytes.
    fn dist() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let files: [(&str, &[u8]); 7] = [
            (INDEX, INDEX_HTML),
            ("index.html.br", b"index as brotli"),
            ("index.html.gz", b"index as gzip"),
            (WASM, b"\0asm the module"),
            ("app_bg.0123456789abcdef.wasm.br", b"module as brotli"),
            ("app_bg.0123456789abcdef.wasm.gz", b"module as gzip"),
            ("favicon.svg", b"<svg/>"),
        ];
        for (name, bytes) in files {
            std::fs::write(dir.path().join(name), bytes).unwrap();
        }
        dir
    }

    struct Answer {
        status: StatusCode,
        headers: HeaderMap,
        body: Bytes,
    }

    impl Answer {
        fn header(&self, name: header::HeaderName) -> Option<&str> {
            self.headers.get(name).map(|v| v.to_str().unwrap())
        }
    }

    /// `path` through the same stack as the server: actix's `Compress` around the SPA service.
    async fn get(spa: &web::Data<SpaSource>, path: &str, headers: &[(&str, &str)]) -> Answer {
        let app = init_service(
            App::new()
                .wrap(middleware::Compress::default())
                .app_data(spa.clone())
                .default_service(web::to(serve)),
        )
        .await;
        let mut req = TestRequest::get().uri(path);
        for &(name, value) in headers {
            req = req.insert_header((name, value));
        }
        let res = call_service(&app, req.to_request()).await;
        let status = res.status();
        let headers = res.headers().clone();
        Answer {
            status,
            headers,
            body: read_body(res).await,
        }
    }

    fn spa(dir: &Path) -> web::Data<SpaSource> {
        web::Data::new(SpaSource::load(Origin::Dir(dir.to_path_buf())))
    }

    #[actix_web::test]
    async fn a_browser_gets_the_brotli_file_as_built_and_not_compressed_again() {
        let dir = dist();
        let spa = spa(dir.path());
        let wasm = get(&spa, &format!("/{WASM}"), &[("accept-encoding", BROWSER)]).await;
        assert_eq!(wasm.status, StatusCode::OK);
        assert_eq!(wasm.body, &b"module as brotli"[..]);
        assert_eq!(wasm.header(header::CONTENT_ENCODING), Some("br"));
        assert_eq!(wasm.header(header::CONTENT_TYPE), Some("application/wasm"));
        assert_eq!(wasm.header(header::VARY), Some("accept-encoding"));
        assert_eq!(wasm.headers.get_all(header::VARY).count(), 1);
    }

    #[actix_web::test]
    async fn gzip_when_brotli_is_not_accepted_and_the_file_itself_without_accept_encoding() {
        let dir = dist();
        let spa = spa(dir.path());
        for accept in [
            "gzip",
            "br;q=0, gzip",
            "br;q=0.5, gzip;q=0.8",
            "gzip, *;q=0",
        ] {
            let answer = get(&spa, "/", &[("accept-encoding", accept)]).await;
            assert_eq!(answer.body, &b"index as gzip"[..], "{accept}");
            assert_eq!(answer.header(header::CONTENT_ENCODING), Some("gzip"));
        }
        for accept in ["br, gzip", "*", "gzip;q=0.5, br;q=0.5"] {
            let answer = get(&spa, "/", &[("accept-encoding", accept)]).await;
            assert_eq!(answer.body, &b"index as brotli"[..], "{accept}");
        }
        let plain = get(&spa, "/index.html", &[]).await;
        assert_eq!(plain.body, INDEX_HTML);
        assert_eq!(plain.header(header::CONTENT_ENCODING), None);
        assert_eq!(plain.header(header::VARY), Some("accept-encoding"));
        let refused = get(&spa, "/", &[("accept-encoding", "br;q=0, gzip;q=0")]).await;
        assert_eq!(refused.body, INDEX_HTML);
    }

    #[actix_web::test]
    async fn hashed_names_are_immutable_and_index_html_revalidates() {
        let dir = dist();
        let spa = spa(dir.path());
        let wasm = get(&spa, &format!("/{WASM}"), &[("accept-encoding", BROWSER)]).await;
        assert_eq!(
            wasm.header(header::CACHE_CONTROL),
            Some("public, max-age=31536000, immutable")
        );
        for path in ["/", "/index.html", "/favicon.svg"] {
            let answer = get(&spa, path, &[("accept-encoding", BROWSER)]).await;
            assert_eq!(
                answer.header(header::CACHE_CONTROL),
                Some("no-cache"),
                "{path}"
            );
            assert!(answer.header(header::ETAG).is_some(), "{path}");
        }
    }

    #[actix_web::test]
    async fn index_html_answers_304_to_the_etag_of_the_variant_it_would_send() {
        let dir = dist();
        let spa = spa(dir.path());
        let br = [("accept-encoding", BROWSER)];
        let first = get(&spa, "/", &br).await;
        let etag = first.header(header::ETAG).unwrap().to_owned();
        assert!(etag.starts_with('"') && etag.ends_with('"') && etag.len() > 20);

        for tag in [
            etag.clone(),
            format!("W/{etag}"),
            format!("\"x\", {etag}"),
            "*".into(),
        ] {
            let again = get(&spa, "/", &[br[0], ("if-none-match", &tag)]).await;
            assert_eq!(again.status, StatusCode::NOT_MODIFIED, "{tag}");
            assert!(again.body.is_empty());
            assert_eq!(again.header(header::ETAG), Some(etag.as_str()));
            assert_eq!(again.header(header::CACHE_CONTROL), Some("no-cache"));
            assert_eq!(again.header(header::CONTENT_ENCODING), None);
        }
        let other = get(&spa, "/", &[br[0], ("if-none-match", "\"other\"")]).await;
        assert_eq!(other.status, StatusCode::OK);
        assert_eq!(other.body, &b"index as brotli"[..]);

        // The gzip copy is another representation with a validator of its own.
        let gzip = [("accept-encoding", "gzip"), ("if-none-match", &etag)];
        let gzipped = get(&spa, "/", &gzip).await;
        assert_eq!(gzipped.status, StatusCode::OK);
        assert_ne!(gzipped.header(header::ETAG), Some(etag.as_str()));

        // A client route gives index.html with the same validator.
        let route = get(
            &spa,
            "/classes/5a/journal",
            &[br[0], ("if-none-match", &etag)],
        )
        .await;
        assert_eq!(route.status, StatusCode::NOT_MODIFIED);
    }

    #[actix_web::test]
    async fn client_routes_fall_back_to_index_html() {
        let dir = dist();
        let spa = spa(dir.path());
        for path in [
            "/classes/5a/journal",
            "/login?next=%2Fdiary",
            "/index.html.br",
        ] {
            let answer = get(&spa, path, &[]).await;
            assert_eq!(answer.status, StatusCode::OK, "{path}");
            assert_eq!(answer.body, INDEX_HTML, "{path}");
            assert_eq!(answer.header(header::CONTENT_TYPE), Some("text/html"));
            assert_eq!(answer.header(header::CACHE_CONTROL), Some("no-cache"));
        }
    }

    #[actix_web::test]
    async fn api_paths_and_missing_hashed_names_never_fall_back() {
        let dir = dist();
        let spa = spa(dir.path());
        let api = get(&spa, "/api/v1/no-such-thing", &[]).await;
        assert_eq!(api.status, StatusCode::NOT_FOUND);
        assert_eq!(
            api.header(header::CONTENT_TYPE),
            Some("application/problem+json")
        );
        assert!(std::str::from_utf8(&api.body)
            .unwrap()
            .contains("no_such_endpoint"));

        let stale = get(&spa, "/app_bg.fedcba9876543210.wasm", &[]).await;
        assert_eq!(stale.status, StatusCode::NOT_FOUND);
        assert_ne!(stale.body, INDEX_HTML);
    }

    #[actix_web::test]
    async fn paths_cannot_leave_the_folder() {
        let outer = tempfile::tempdir().unwrap();
        std::fs::write(outer.path().join("secret.txt"), "secret").unwrap();
        let inner = outer.path().join("dist");
        std::fs::create_dir(&inner).unwrap();
        std::fs::write(inner.join(INDEX), INDEX_HTML).unwrap();
        let spa = spa(&inner);
        for path in ["/../secret.txt", "/%2e%2e/secret.txt", "/./../secret.txt"] {
            let answer = get(&spa, path, &[]).await;
            assert_eq!(answer.body, INDEX_HTML, "{path}");
        }
    }

    #[actix_web::test]
    async fn files_in_subfolders_are_served_and_a_missing_build_says_so() {
        let dir = dist();
        std::fs::create_dir(dir.path().join("snippets")).unwrap();
        std::fs::write(dir.path().join("snippets/a.0123456789abcdef.js"), "x").unwrap();
        let spa = spa(dir.path());
        let snippet = get(&spa, "/snippets/a.0123456789abcdef.js", &[]).await;
        assert_eq!(snippet.body, &b"x"[..]);
        assert_eq!(snippet.header(header::VARY), None);

        let missing = web::Data::new(SpaSource::load(Origin::Dir(dir.path().join("nothing"))));
        assert!(missing.describe().contains("not built"));
        let answer = get(&missing, "/", &[]).await;
        assert_eq!(answer.status, StatusCode::SERVICE_UNAVAILABLE);
    }

    #[test]
    fn content_hashes_are_16_lowercase_hex_digits_between_stem_and_extension() {
        assert!(is_content_hashed(
            "journal_frontend_bg.0123456789abcdef.wasm"
        ));
        assert!(is_content_hashed("snippets/x.0123456789abcdef.js"));
        assert!(is_content_hashed("app.0123456789abcdef.wasm.br"));
        assert!(!is_content_hashed("index.html"));
        assert!(!is_content_hashed("style.0123456789ABCDEF.css"));
        assert!(!is_content_hashed("style.0123456789abcde.css"));
        assert!(!is_content_hashed("0123456789abcdef.css"));
        assert!(!is_content_hashed("classes/0123456789abcdef"));
    }

    /// The build really embedded: index.html names only files of the build, each precompressed.
    #[cfg(feature = "embed-spa")]
    #[test]
    fn the_embedded_build_is_complete() {
        let spa = SpaSource::load(Origin::Embedded);
        let index = spa.assets.get(INDEX).expect("index.html embedded");
        let html = std::str::from_utf8(&index.identity.bytes).unwrap();
        let referenced: Vec<&str> = html
            .split('"')
            .filter(|s| s.starts_with('/') && is_content_hashed(s))
            .collect();
        assert!(referenced.len() >= 4, "{referenced:?}");
        for path in referenced.into_iter().chain(["/index.html"]) {
            let asset = spa
                .asset(&path[1..])
                .unwrap_or_else(|| panic!("{path} missing"));
            let codings: Vec<Coding> = asset.encoded.iter().map(|(c, _)| *c).collect();
            assert_eq!(codings, Coding::PREFERENCE, "{path}");
        }
    }
}
