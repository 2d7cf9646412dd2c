//! Files the person picks to upload and files the server sends to download.

use crate::i18n::{tf, Key, Lang};
use js_sys::{Array, Uint8Array};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, BlobPropertyBag, HtmlAnchorElement, HtmlInputElement, Url};

/// A file picked in an `<input type="file">`: its name and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PickedFile {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// Reads the first file chosen in `input`; `None` when none is chosen or it cannot be read.
pub async fn read_picked(input: &HtmlInputElement) -> Option<PickedFile> {
    let file = input.files()?.get(0)?;
    let buffer = JsFuture::from(file.array_buffer()).await.ok()?;
    Some(PickedFile {
        name: file.name(),
        bytes: Uint8Array::new(&buffer).to_vec(),
    })
}

/// Offers `bytes` to the person as a download named `name`.
pub fn download(name: &str, mime: &str, bytes: &[u8]) -> Result<(), String> {
    let fail = |e: wasm_bindgen::JsValue| format!("{e:?}");
    let parts = Array::new();
    parts.push(&Uint8Array::from(bytes));
    let options = BlobPropertyBag::new();
    options.set_type(mime);
    let blob = Blob::new_with_u8_array_sequence_and_options(&parts, &options).map_err(fail)?;
    let url = Url::create_object_url_with_blob(&blob).map_err(fail)?;
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    let link: HtmlAnchorElement = document
        .create_element("a")
        .map_err(fail)?
        .dyn_into()
        .map_err(|_| "not a link".to_owned())?;
    link.set_href(&url);
    link.set_download(name);
    link.click();
    // The browser reads the object URL after this task; free it a little later.
    yew::platform::spawn_local(async move {
        yew::platform::time::sleep(std::time::Duration::from_secs(60)).await;
        let _ = Url::revoke_object_url(&url);
    });
    Ok(())
}

/// The content type of an uploaded file by its extension; unknown ones are plain bytes.
pub fn content_type_of(name: &str) -> &'static str {
    let ext = name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "pdf" => "application/pdf",
        "txt" => "text/plain; charset=utf-8",
        "jpg" | "jpeg" => "image/jpeg",
        "png" => "image/png",
        "gif" => "image/gif",
        "doc" => "application/msword",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xls" => "application/vnd.ms-excel",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "ppt" => "application/vnd.ms-powerpoint",
        "pptx" => "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "odt" => "application/vnd.oasis.opendocument.text",
        "zip" => "application/zip",
        "mp3" => "audio/mpeg",
        _ => "application/octet-stream",
    }
}

/// A size in whole KiB, rounded up (a file of 1 byte is 1 KiB).
pub fn kib_of(bytes: u64) -> u64 {
    bytes.div_ceil(1024)
}

/// A size in human units: «512 Б», «12,3 КБ», «4,5 МБ», «1,2 ГБ» (`12.3 KB` in English); one
/// decimal below 100 of a unit, whole numbers above.
pub fn human_size(lang: Lang, bytes: u64) -> String {
    const UNITS: [Key; 3] = [Key::SizeKb, Key::SizeMb, Key::SizeGb];
    if bytes < 1024 {
        return tf(lang, Key::SizeBytes, &[("n", &bytes.to_string())]);
    }
    let mut value = bytes as f64 / 1024.0;
    let mut unit = 0;
    while value >= 1024.0 && unit + 1 < UNITS.len() {
        value /= 1024.0;
        unit += 1;
    }
    let mut n = if value < 99.95 {
        format!("{value:.1}")
    } else {
        format!("{value:.0}")
    };
    if let Some(whole) = n.strip_suffix(".0") {
        n = whole.to_owned();
    }
    if lang == Lang::Ru {
        n = n.replace('.', ",");
    }
    tf(lang, UNITS[unit], &[("n", &n)])
}

/// Whether a file is over the school's limit for homework files, when the limit is known.
pub fn too_large(bytes: usize, limit_kib: Option<u32>) -> bool {
    limit_kib.is_some_and(|kib| bytes as u64 > u64::from(kib) * 1024)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uploads_get_a_content_type_and_are_checked_against_the_limit() {
        assert_eq!(content_type_of("Задание.PDF"), "application/pdf");
        assert_eq!(content_type_of("фото.jpeg"), "image/jpeg");
        assert_eq!(content_type_of("README"), "application/octet-stream");
        assert_eq!(kib_of(1), 1);
        assert_eq!(kib_of(2048), 2);
        assert_eq!(kib_of(2049), 3);
        assert!(too_large(20 * 1024 + 1, Some(20)));
        assert!(!too_large(20 * 1024, Some(20)));
        assert!(
            !too_large(usize::MAX, None),
            "unknown limit: the server decides"
        );
    }

    #[test]
    fn sizes_read_in_human_units() {
        assert_eq!(human_size(Lang::Ru, 0), "0 Б");
        assert_eq!(human_size(Lang::Ru, 1023), "1023 Б");
        assert_eq!(human_size(Lang::Ru, 1024), "1 КБ");
        assert_eq!(human_size(Lang::Ru, 12_595), "12,3 КБ");
        assert_eq!(human_size(Lang::En, 12_595), "12.3 KB");
        assert_eq!(human_size(Lang::Ru, 150 * 1024), "150 КБ");
        assert_eq!(human_size(Lang::Ru, 4_718_592), "4,5 МБ");
        assert_eq!(human_size(Lang::En, 4_718_592), "4.5 MB");
        assert_eq!(human_size(Lang::Ru, 1_288_490_189), "1,2 ГБ");
        assert_eq!(
            human_size(Lang::Ru, 3 * 1024 * 1024 * 1024 * 1024),
            "3072 ГБ"
        );
    }
}
