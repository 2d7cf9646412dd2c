//! «Архив» (R-P2, R-P5) without drawing: a check's result in words, the server's reasons read in
//! the interface's language, the key in two lines, the request that writes a package.

use crate::i18n::{plural_key, t, tf, Key, Lang};
use crate::services::reports::PrintSpan;
use journal_api_types::archives::{ArchiveCheck, ArchiveFault, ArchivePart, CreateArchive};
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
            let reason = fault_words(lang, p.fault, p.path.as_deref());
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
            &[("reason", t(lang, Key::ArWhyOther))],
        ),
    };
    CheckWords { ok: false, text }
}

/// A check's fault in `lang`, by its stable code (the server's `reason` is English, for the log
/// and the command line); `path` names the file where the code has one.
pub fn fault_words(lang: Lang, fault: ArchiveFault, path: Option<&str>) -> String {
    use ArchiveFault::*;
    let file = path.unwrap_or_default();
    let with_file = |key| tf(lang, key, &[("file", file)]);
    match fault {
        FileChanged => t(lang, Key::ArWhyDigest).to_owned(),
        FileMissing => t(lang, Key::ArWhyMissing).to_owned(),
        FileNotListed => t(lang, Key::ArWhyExtra).to_owned(),
        OtherKey => t(lang, Key::ArWhyForeignSeal).to_owned(),
        NoPublicKey => t(lang, Key::ArWhySealUnkeyed).to_owned(),
        NoSignature => t(lang, Key::ArWhyNoSignature).to_owned(),
        NoPublishedKey => t(lang, Key::ArWhyUnpublished).to_owned(),
        SignatureMismatch => with_file(Key::ArWhySignature),
        NotUtf8 | Malformed => with_file(Key::ArWhyDamaged),
        NotSealed => with_file(Key::ArWhyNotSealed),
        TagFileChanged => with_file(Key::ArWhyChangedTag),
        Unreadable => with_file(Key::ArWhyNoFile),
        OutsideData => tf(lang, Key::ArWhyOutside, &[("path", file)]),
    }
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

    fn check(ok: bool, files: u32, problem: Option<(ArchiveFault, Option<&str>)>) -> ArchiveCheck {
        ArchiveCheck {
            ok,
            files,
            size_bytes: 0,
            problem: problem.map(|(fault, path)| ArchiveProblem {
                part: fault.part(),
                fault,
                path: path.map(str::to_owned),
                reason: "in English".to_owned(),
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
    fn a_broken_package_names_the_part_and_the_fault_in_russian() {
        let file = check(
            false,
            0,
            Some((
                ArchiveFault::FileChanged,
                Some("data/classes/7А/journal.pdf"),
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
                ArchiveFault::SignatureMismatch,
                Some("tagmanifest-sha256.txt"),
            )),
        );
        assert_eq!(
            check_words(Lang::Ru, &seal).text,
            "Нарушена подпись: подпись не соответствует описи tagmanifest-sha256.txt"
        );
        let package = check(
            false,
            0,
            Some((ArchiveFault::Unreadable, Some("seal-ed25519.txt"))),
        );
        assert_eq!(
            check_words(Lang::Ru, &package).text,
            "Пакет не найден или повреждён: нет файла seal-ed25519.txt"
        );
    }

    #[test]
    fn every_fault_reads_in_russian_without_english() {
        use ArchiveFault::*;
        for fault in [
            Unreadable,
            NotUtf8,
            Malformed,
            NoPublicKey,
            NoSignature,
            OtherKey,
            SignatureMismatch,
            NotSealed,
            TagFileChanged,
            OutsideData,
            FileMissing,
            FileChanged,
            FileNotListed,
            NoPublishedKey,
        ] {
            let words = fault_words(Lang::Ru, fault, Some("bag-info.txt"));
            assert!(
                !words.contains("the ") && !words.contains(" is ") && !words.contains("differs"),
                "{fault:?} → {words}"
            );
            assert_ne!(words, t(Lang::Ru, Key::ArWhyOther), "{fault:?}");
        }
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
