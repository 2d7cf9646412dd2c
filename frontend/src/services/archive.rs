//! «Архив» (R-P2, R-P5) without drawing: a check's result in words, the server's reasons read in
//! the interface's language, the key in two lines, the request that writes a package.

use crate::i18n::{plural_key, t, tf, Key, Lang};
use crate::services::reports::PrintSpan;
use journal_api_types::archives::{ArchiveCheck, ArchivePart, CreateArchive};
use uuid::Uuid;

/// What a check found, in words: whether the package is whole, and the sentence to show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckWords {
    pub ok: bool,
    pub text: String,
}

/// «Пакет цел: 181 файл», or the first thing found different: «Нарушена подпись: …», «Изменён
/// файл data/…: …», «Пакет не найден или повреждён: …».
pub fn check_words(lang: Lang, check: &ArchiveCheck) -> CheckWords {
    if check.ok {
        let forms = [Key::ArCheckOkOne, Key::ArCheckOkFew, Key::ArCheckOkMany];
        let key = plural_key(lang, u64::from(check.files), forms);
        return CheckWords {
            ok: true,
            text: tf(lang, key, &[("n", &check.files.to_string())]),
        };
    }
    let text = match &check.problem {
        Some(p) => {
            let reason = reason_words(lang, &p.reason);
            match p.part {
                ArchivePart::Seal => tf(lang, Key::ArCheckSeal, &[("reason", &reason)]),
                ArchivePart::File => tf(
                    lang,
                    Key::ArCheckFile,
                    &[
                        ("path", p.path.as_deref().unwrap_or_default()),
                        ("reason", &reason),
                    ],
                ),
                ArchivePart::Package => tf(lang, Key::ArCheckPackage, &[("reason", &reason)]),
            }
        }
        None => tf(
            lang,
            Key::ArCheckPackage,
            &[("reason", &reason_words(lang, ""))],
        ),
    };
    CheckWords { ok: false, text }
}

/// The server's reasons word for word (`archive::bag::verify`).
const EXACT: &[(&str, Key)] = &[
    ("its SHA-256 differs from the manifest", Key::ArWhyDigest),
    ("not in the manifest", Key::ArWhyExtra),
    (
        "sealed with another key than the school's",
        Key::ArWhyForeignSeal,
    ),
    ("no public key in the seal", Key::ArWhySealUnkeyed),
    ("no signature in the seal", Key::ArWhyNoSignature),
    ("the school has no published key", Key::ArWhyUnpublished),
];

/// Reasons that begin with fixed words and end with a file (`{file}`) or a path (`{path}`).
const PREFIXED: &[(&str, Key, &str)] = &[
    ("missing or unreadable", Key::ArWhyMissing, ""),
    ("the signature does not match ", Key::ArWhySignature, "file"),
    ("a manifest path outside data/: ", Key::ArWhyOutside, "path"),
];

/// Reasons that name a file first.
const SUFFIXED: &[(&str, Key)] = &[
    (" is not UTF-8", Key::ArWhyDamaged),
    (" is not sealed", Key::ArWhyNotSealed),
    (" differs from the sealed one", Key::ArWhyChangedTag),
];

/// A check's reason in `lang`: the server words it in English for the log and the command line;
/// the screen reads it in its own language. A reason not known here reads «повреждение другого
/// рода» in Russian and as the server put it in English.
pub fn reason_words(lang: Lang, reason: &str) -> String {
    let reason = reason.trim();
    if let Some((_, key)) = EXACT.iter().find(|(words, _)| *words == reason) {
        return t(lang, *key).to_owned();
    }
    for (words, key, blank) in PREFIXED {
        if let Some(rest) = reason.strip_prefix(words) {
            if blank.is_empty() {
                return t(lang, *key).to_owned();
            }
            return tf(lang, *key, &[(blank, rest.trim())]);
        }
    }
    for (words, key) in SUFFIXED {
        if let Some(file) = reason.strip_suffix(words) {
            return tf(lang, *key, &[("file", file.trim())]);
        }
    }
    // A tag file or `data/` that cannot be read: «manifest-sha256.txt: No such file…».
    if let Some((file, _)) = reason.split_once(": ") {
        if !file.is_empty() && !file.contains(' ') {
            return tf(lang, Key::ArWhyNoFile, &[("file", file)]);
        }
    }
    tf(lang, Key::ArWhyOther, &[("reason", reason)])
}

/// The public key in two lines of 32 hex digits, as the printed page has it.
pub fn key_lines(key: &str) -> (&str, &str) {
    let middle = key.len() / 2;
    if key.is_char_boundary(middle) {
        key.split_at(middle)
    } else {
        (key, "")
    }
}

/// The request writing a package of `span` of the year `year_id`.
pub fn create_request(span: PrintSpan, year_id: Uuid) -> CreateArchive {
    match span {
        PrintSpan::Period(id) => CreateArchive {
            period_id: Some(id),
            year_id: None,
        },
        PrintSpan::Year => CreateArchive {
            period_id: None,
            year_id: Some(year_id),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Utc;
    use journal_api_types::archives::ArchiveProblem;

    fn check(
        ok: bool,
        files: u32,
        problem: Option<(ArchivePart, Option<&str>, &str)>,
    ) -> ArchiveCheck {
        ArchiveCheck {
            ok,
            files,
            size_bytes: 0,
            problem: problem.map(|(part, path, reason)| ArchiveProblem {
                part,
                path: path.map(str::to_owned),
                reason: reason.to_owned(),
            }),
            checked_at: Utc::now(),
        }
    }

    #[test]
    fn a_whole_package_counts_its_files_in_russian_plural() {
        let words = |n| check_words(Lang::Ru, &check(true, n, None));
        assert_eq!(words(181).text, "Пакет цел: 181 файл");
        assert_eq!(words(62).text, "Пакет цел: 62 файла");
        assert_eq!(words(111).text, "Пакет цел: 111 файлов");
        assert!(words(5).ok);
        assert_eq!(
            check_words(Lang::En, &check(true, 1, None)).text,
            "The package is intact: 1 file"
        );
    }

    #[test]
    fn a_broken_package_names_the_part_and_the_reason_in_russian() {
        let file = check(
            false,
            0,
            Some((
                ArchivePart::File,
                Some("data/classes/7А/journal.pdf"),
                "its SHA-256 differs from the manifest",
            )),
        );
        let words = check_words(Lang::Ru, &file);
        assert!(!words.ok);
        assert_eq!(
            words.text,
            "Изменён файл data/classes/7А/journal.pdf: содержимое не совпадает с описью пакета (SHA-256)"
        );
        let seal = check(
            false,
            0,
            Some((
                ArchivePart::Seal,
                None,
                "the signature does not match tagmanifest-sha256.txt",
            )),
        );
        assert_eq!(
            check_words(Lang::Ru, &seal).text,
            "Нарушена подпись: подпись не соответствует описи tagmanifest-sha256.txt"
        );
        let package = check(
            false,
            0,
            Some((
                ArchivePart::Package,
                None,
                "seal.txt: No such file or directory (os error 2)",
            )),
        );
        assert_eq!(
            check_words(Lang::Ru, &package).text,
            "Пакет не найден или повреждён: нет файла seal.txt"
        );
    }

    #[test]
    fn every_known_reason_reads_in_russian() {
        for reason in [
            "its SHA-256 differs from the manifest",
            "missing or unreadable (No such file or directory (os error 2))",
            "not in the manifest",
            "sealed with another key than the school's",
            "no public key in the seal",
            "no signature in the seal",
            "the school has no published key",
            "bag-info.txt is not UTF-8",
            "bag-info.txt is not sealed",
            "manifest-sha256.txt differs from the sealed one",
            "a manifest path outside data/: ../x",
            "data/: No such file or directory (os error 2)",
        ] {
            let words = reason_words(Lang::Ru, reason);
            assert!(
                !words.contains("the ") && !words.contains(" is ") && !words.contains("differs"),
                "{reason} → {words}"
            );
            assert_ne!(words, t(Lang::Ru, Key::ArWhyOther), "{reason}");
        }
        // Words not known: Russian says so, English keeps the server's.
        assert_eq!(
            reason_words(Lang::Ru, "something new"),
            "повреждение другого рода"
        );
        assert_eq!(reason_words(Lang::En, "something new"), "something new");
    }

    #[test]
    fn the_key_reads_in_two_lines_and_a_span_makes_the_request() {
        let key = "0123456789abcdef0123456789abcdefFEDCBA9876543210FEDCBA9876543210";
        assert_eq!(
            key_lines(key),
            (
                "0123456789abcdef0123456789abcdef",
                "FEDCBA9876543210FEDCBA9876543210"
            )
        );
        let (p, y) = (Uuid::from_u128(1), Uuid::from_u128(2));
        assert_eq!(create_request(PrintSpan::Period(p), y).period_id, Some(p));
        assert_eq!(create_request(PrintSpan::Period(p), y).year_id, None);
        assert_eq!(create_request(PrintSpan::Year, y).year_id, Some(y));
        assert_eq!(create_request(PrintSpan::Year, y).period_id, None);
    }
}
