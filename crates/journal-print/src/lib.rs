//! Journal's one PDF engine (R-P1): every printed document — the class journal, the summary sheet
//! of finals, the control reports, the student's extract, the diary credential slips — is a Typst
//! template of this crate laid out by Typst used as a library and written as PDF/A-2b, so the
//! archive (R-P2) keeps files a reader opens in 25 years.
//!
//! A document is a template (`templates/*.typ`, compiled into the binary) and its data, handed to
//! the template as the virtual file `/data.json`. The shaping of the data (which lessons on which
//! sheet, which words for a mark) is Rust, in the caller; the templates only lay it out. Fonts are
//! DejaVu Sans and DejaVu Sans Condensed (regular and bold, Cyrillic), compiled in: no system fonts
//! and no network at run time. Typesetting is CPU work of tens to hundreds of milliseconds; callers
//! run it off the request workers.
//!
//! Why Typst rather than a PDF writer of our own: the journal is multi-page tables whose header
//! repeats on each page, a contents with page numbers and the page count on the title sheet, which
//! a layout engine gives for free; it costs about 280 crates at build time (docs/architecture.md).

pub mod model;

pub use model::*;

use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use std::sync::LazyLock;
use typst::diag::{FileError, FileResult, SourceDiagnostic};
use typst::foundations::{Bytes, Datetime};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};
use typst_layout::PagedDocument;

/// A printed document: which template lays it out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Template {
    /// The class journal of a period or a year: title sheet, contents, per subject the sheets of
    /// marks and attendance and of topics and homework, the summary sheet, certification.
    Journal,
    /// The summary sheet of finals of a class alone.
    Summary,
    /// Tables under a title: the control reports (R-R1–R-R9).
    Tables,
    /// Lines of text on A4 portrait: the extract (R-D6), the credential slips.
    Lines,
}

impl Template {
    fn source(self) -> &'static str {
        match self {
            Template::Journal => include_str!("../templates/journal.typ"),
            Template::Summary => include_str!("../templates/summary.typ"),
            Template::Tables => include_str!("../templates/tables.typ"),
            Template::Lines => include_str!("../templates/lines.typ"),
        }
    }

    fn path(self) -> &'static str {
        match self {
            Template::Journal => "/journal.typ",
            Template::Summary => "/summary.typ",
            Template::Tables => "/tables.typ",
            Template::Lines => "/lines.typ",
        }
    }
}

/// What went wrong while typesetting: a template or data the template cannot lay out. Never the
/// caller's input as such: data is passed as JSON and never evaluated as markup.
#[derive(Debug, thiserror::Error)]
#[error("typesetting failed: {0}")]
pub struct PrintError(pub String);

/// Typeset `data` with `template` into a PDF/A-2b document. `today` is the school's local date (it
/// is the document's date and what `datetime.today()` answers in a template).
pub fn render<T: Serialize>(
    template: Template,
    data: &T,
    today: NaiveDate,
) -> Result<Vec<u8>, PrintError> {
    let json = serde_json::to_vec(data).map_err(|e| PrintError(e.to_string()))?;
    let world = PrintWorld::new(template, json, today)?;
    let compiled = typst::compile::<PagedDocument>(&world).output;
    // Typst memoises across compilations; keep the cache to what the last few documents used.
    typst::comemo::evict(4);
    let document = compiled.map_err(|errors| PrintError(describe(&errors)))?;
    let options = typst_pdf::PdfOptions {
        ident: typst::foundations::Smart::Custom(format!("journal-{}", template.path())),
        creator: typst::foundations::Smart::Custom(Some("Journal".into())),
        timestamp: world.today.map(typst_pdf::Timestamp::new_utc),
        standards: typst_pdf::PdfStandards::new(&[typst_pdf::PdfStandard::A_2b])
            .map_err(|e| PrintError(e.message().to_string()))?,
        // Untagged: a tagged table tags every cell, which makes a quarter's journal four times
        // larger (2.3 MB instead of about 0.6 MB) for a document meant for paper and the archive;
        // the screen is where the journal is accessible.
        tagged: false,
        ..Default::default()
    };
    typst_pdf::pdf(&document, &options).map_err(|errors| PrintError(describe(&errors)))
}

fn describe(errors: &[SourceDiagnostic]) -> String {
    errors
        .iter()
        .map(|e| e.message.to_string())
        .collect::<Vec<_>>()
        .join("; ")
}

/// The fonts and the standard library, loaded once per process.
struct Fonts {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
}

static FONT_FILES: [&[u8]; 4] = [
    include_bytes!("../assets/DejaVuSans.ttf"),
    include_bytes!("../assets/DejaVuSans-Bold.ttf"),
    include_bytes!("../assets/DejaVuSansCondensed.ttf"),
    include_bytes!("../assets/DejaVuSansCondensed-Bold.ttf"),
];

static FONTS: LazyLock<Fonts> = LazyLock::new(|| {
    let fonts: Vec<Font> = FONT_FILES
        .iter()
        .filter_map(|data| Font::new(Bytes::new(*data), 0))
        .collect();
    let book = FontBook::from_infos(fonts.iter().map(|f| f.info().clone()));
    Fonts {
        library: LazyHash::new(Library::default()),
        book: LazyHash::new(book),
        fonts,
    }
});

fn file_id(path: &str) -> Result<FileId, PrintError> {
    let vpath = VirtualPath::new(path).map_err(|e| PrintError(format!("{path}: {e:?}")))?;
    Ok(FileId::new(RootedPath::new(VirtualRoot::Project, vpath)))
}

/// One document's world: its template, the shared `common.typ` and its data.
struct PrintWorld {
    main: Source,
    common: Source,
    common_id: FileId,
    data_id: FileId,
    data: Bytes,
    today: Option<Datetime>,
}

impl PrintWorld {
    fn new(template: Template, data: Vec<u8>, today: NaiveDate) -> Result<Self, PrintError> {
        let main = Source::new(file_id(template.path())?, template.source().to_owned());
        let common_id = file_id("/common.typ")?;
        let common = Source::new(
            common_id,
            include_str!("../templates/common.typ").to_owned(),
        );
        let today = Datetime::from_ymd(
            today.year(),
            u8::try_from(today.month()).unwrap_or(1),
            u8::try_from(today.day()).unwrap_or(1),
        );
        Ok(PrintWorld {
            main,
            common,
            common_id,
            data_id: file_id("/data.json")?,
            data: Bytes::new(data),
            today,
        })
    }
}

impl World for PrintWorld {
    fn library(&self) -> &LazyHash<Library> {
        &FONTS.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &FONTS.book
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            Ok(self.main.clone())
        } else if id == self.common_id {
            Ok(self.common.clone())
        } else {
            Err(FileError::AccessDenied)
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.data_id {
            Ok(self.data.clone())
        } else {
            self.source(id).map(Bytes::from_string)
        }
    }

    fn font(&self, index: usize) -> Option<Font> {
        FONTS.fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<typst::foundations::Duration>) -> Option<Datetime> {
        self.today
    }
}

#[cfg(test)]
mod tests;
