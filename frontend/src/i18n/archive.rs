//! Texts of the «Архив» section (R-P2, R-P5): the packages of closed periods and years, their
//! checks, writing one by hand and the school's seal key.

use super::Key;

/// The Russian and English text of an archive key; `None` for a key of another area.
pub(super) const fn texts(key: Key) -> Option<(&'static str, &'static str)> {
    use Key::*;
    Some(match key {
        NavArchive => ("Архив", "Archive"),
        ArTitle => ("Архив", "Archive"),
        ArIntro => (
            "Когда период закрывают для всей школы, электронный журнал сам записывает его архивный пакет. Здесь собраны все пакеты: их можно проверить, создать пакет вручную и скачать ключ подписи для приказа директора.",
            "When a period is closed for the whole school, the journal writes its archive package by itself. Every package is listed here: check any of them, write one by hand, and download the seal key for the director's order.",
        ),
        ArAboutTitle => ("Что в архивном пакете", "What an archive package holds"),
        ArAboutPrinted => (
            "Напечатанные классные журналы и сводные ведомости итоговых отметок всех классов — в PDF, как на бумаге.",
            "The printed class journals and summary sheets of finals of every class, as PDF files, as on paper.",
        ),
        ArAboutData => (
            "Данные страниц журнала — отметки, посещаемость, темы уроков — в JSON и CSV: их откроет любая программа.",
            "The journal pages' data (marks, attendance, lesson topics) as JSON and CSV, which any program opens.",
        ),
        ArAboutKept => (
            "Сроки хранения: классные журналы — 5 лет, сводные ведомости — 25 лет после окончания учебного года.",
            "Kept for 5 years (class journals) and 25 years (summary sheets) after the school year ends.",
        ),
        ArAboutSeal => (
            "Пакет заверен электронной подписью школы. Проверка находит любой изменённый, удалённый или лишний файл.",
            "A package is sealed with the school's electronic signature. A check finds any file changed, removed or added.",
        ),
        ArListTitle => ("Архивные пакеты", "Archive packages"),
        ArEmpty => (
            "Пакетов пока нет. Пакет записывается сам, когда период закрывают для всей школы; заместитель директора или директор может создать его и вручную.",
            "No packages yet. A package is written by itself when a period is closed for the whole school; the deputy or the director can also write one by hand.",
        ),
        ArWritten => ("Записан", "Written"),
        ArWrittenBy => ("{when}, {who}", "{when}, {who}"),
        ArWrittenAuto => (
            "{when}, автоматически при закрытии периода",
            "{when}, automatically when the period was closed",
        ),
        ArFiles => ("Файлов", "Files"),
        ArSize => ("Размер", "Size"),
        ArKeptUntil => ("Хранится до", "Kept until"),
        ArJournalsUntil => ("Журналы хранятся до", "Journals kept until"),
        ArVerify => ("Проверить", "Check"),
        ArVerifyOf => ("Проверить пакет «{title}»", "Check the package “{title}”"),
        ArVerifying => ("Проверяем пакет…", "Checking the package…"),
        ArCheckOkOne => ("Пакет цел: {n} файл", "The package is intact: {n} file"),
        ArCheckOkFew => ("Пакет цел: {n} файла", "The package is intact: {n} files"),
        ArCheckOkMany => ("Пакет цел: {n} файлов", "The package is intact: {n} files"),
        ArCheckedAt => ("проверено {when}", "checked {when}"),
        ArCheckSeal => ("Нарушена подпись: {reason}", "The seal is broken: {reason}"),
        ArCheckFile => ("Изменён файл {path}: {reason}", "File {path} is changed: {reason}"),
        ArCheckPackage => (
            "Пакет не найден или повреждён: {reason}",
            "The package is missing or damaged: {reason}",
        ),
        ArCheckFailed => ("Не удалось проверить пакет. {reason}", "The package could not be checked. {reason}"),
        ArWhyDigest => (
            "содержимое не совпадает с описью пакета (SHA-256)",
            "its content differs from the package's manifest (SHA-256)",
        ),
        ArWhyMissing => ("файл удалён или не читается", "the file is missing or unreadable"),
        ArWhyExtra => ("файла нет в описи пакета", "the file is not in the package's manifest"),
        ArWhyForeignSeal => (
            "пакет подписан не ключом школы",
            "the package was sealed with a key other than the school's",
        ),
        ArWhySealUnkeyed => ("в подписи нет открытого ключа", "the seal holds no public key"),
        ArWhyNoSignature => ("в пакете нет подписи", "the package holds no signature"),
        ArWhySignature => (
            "подпись не соответствует описи {file}",
            "the signature does not match {file}",
        ),
        ArWhyDamaged => ("файл {file} повреждён", "{file} is damaged"),
        ArWhyNotSealed => ("файл {file} не заверен подписью", "{file} is not sealed"),
        ArWhyChangedTag => (
            "файл {file} изменён после подписания",
            "{file} was changed after sealing",
        ),
        ArWhyOutside => (
            "в описи указан файл вне папки data/: {path}",
            "the manifest names a file outside data/: {path}",
        ),
        ArWhyUnpublished => (
            "у школы нет опубликованного ключа подписи",
            "the school has no published seal key",
        ),
        ArWhyNoFile => ("нет файла {file}", "{file} is missing"),
        // The server's own words are English: shown as they are on the English screen only.
        ArWhyOther => ("повреждение другого рода", "{reason}"),
        ArCreateTitle => ("Создать архив", "Create an archive"),
        ArCreateIntro => (
            "Пакет периода записывается сам при его закрытии для всей школы. Создайте пакет вручную, если он нужен заново — например, после исправлений в журнале — или за весь учебный год.",
            "A period's package is written by itself when the period is closed for the whole school. Write one by hand when you need it again (after corrections, say) or for the whole school year.",
        ),
        ArCreateSpan => ("Что архивировать", "What to archive"),
        ArCreateSubmit => ("Создать архив", "Create the archive"),
        ArCreating => (
            "Создаём архив — это может занять до минуты…",
            "Creating the archive — this may take up to a minute…",
        ),
        ArCreated => ("Архив создан: {title}.", "The archive is created: {title}."),
        ArCreateFailed => ("Не удалось создать архив. {reason}", "The archive could not be created. {reason}"),
        ArNoYear => (
            "В школе нет текущего учебного года — архивировать нечего.",
            "The school has no current school year: there is nothing to archive.",
        ),
        ArNew => ("новый", "new"),
        ArKeyTitle => ("Ключ подписи архива", "The archive's seal key"),
        ArKeyIntro => (
            "Этим открытым ключом проверяется подпись каждого пакета. Его приводят в приказе директора об электронном архиве: скачайте страницу с ключом, распечатайте, подпишите и приложите к приказу.",
            "Every package's seal is checked with this public key. The director's order on the electronic archive quotes it: download the page with the key, print it, sign it and attach it to the order.",
        ),
        ArKeyPublic => ("Открытый ключ (Ed25519)", "Public key (Ed25519)"),
        ArKeyFingerprint => ("Отпечаток", "Fingerprint"),
        ArKeyCreated => ("Создан", "Created"),
        ArKeyDownload => ("Скачать для приказа (PDF)", "Download for the order (PDF)"),
        ArKeyFile => ("Ключ проверки архива", "Archive seal key"),
        ArKeyNone => (
            "Ключ будет создан вместе с первым архивом.",
            "The key will be made with the first archive.",
        ),
        ArKeyFailed => ("Не удалось скачать ключ. {reason}", "The key could not be downloaded. {reason}"),
        _ => return None,
    })
}
