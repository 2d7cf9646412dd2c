//! The data each template lays out. Every text is final (Russian words, dates as `дд.мм.гггг`):
//! the templates decide nothing but where things go.

use serde::Serialize;

/// The printed class journal of a period or a year (R-P1) for [`crate::Template::Journal`].
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct JournalBook {
    pub school: String,
    pub class_name: String,
    /// «2025/2026 учебный год».
    pub year: String,
    /// «II четверть (01.11.2025 – 28.12.2025)» or the year.
    pub span: String,
    pub class_teacher: String,
    pub director: String,
    /// «Распечатано 05.12.2026».
    pub printed_on: String,
    pub subjects: Vec<SubjectPages>,
    pub summary: Summary,
}

/// One subject's part of the journal: who teaches it, its sheets of marks and attendance by lesson
/// dates and its lessons' topics and homework.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct SubjectPages {
    /// «Алгебра» or «Английский язык (группа 1)».
    pub title: String,
    pub teacher: String,
    pub sheets: Vec<MarkSheet>,
    pub topics: Vec<TopicRow>,
}

/// One sheet of marks and attendance: up to [`MarkSheet::MAX_DAYS`] lesson columns of a month.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct MarkSheet {
    /// «ноябрь 2025».
    pub title: String,
    /// The lessons' days of the month, «05».
    pub days: Vec<String>,
    /// The header of the last column (the period's final) on the period's last sheet, else none.
    pub final_title: Option<String>,
    pub rows: Vec<SheetRow>,
}

impl MarkSheet {
    /// Lesson columns that fit a landscape A4 sheet beside the names.
    pub const MAX_DAYS: usize = 26;
}

/// A student's line of a sheet: marks and «н»/«оп» per lesson, the final if the sheet has one.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct SheetRow {
    pub number: u32,
    pub name: String,
    pub cells: Vec<String>,
    pub final_mark: String,
}

/// A lesson's line on the topics sheet.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct TopicRow {
    /// «05.11».
    pub date: String,
    pub topic: String,
    pub homework: String,
}

/// The summary sheet of finals (R-F5): students × subjects, each subject a group of columns.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Summary {
    pub title: String,
    /// The columns under each subject: «I», «II», «год», «экз.», «итог.».
    pub kinds: Vec<String>,
    pub blocks: Vec<SummaryBlock>,
}

/// As many subjects as fit a sheet, with every student's finals in them.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct SummaryBlock {
    pub subjects: Vec<String>,
    pub rows: Vec<SummaryRow>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct SummaryRow {
    pub number: u32,
    pub name: String,
    /// `subjects.len() × kinds.len()` cells, subject by subject.
    pub cells: Vec<String>,
}

/// The summary sheet alone, with the school and class above it, for [`crate::Template::Summary`].
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct SummaryDoc {
    pub school: String,
    pub class_name: String,
    pub year: String,
    pub printed_on: String,
    pub summary: Summary,
}

/// Tables under a title, for [`crate::Template::Tables`] (the control reports).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct TablesDoc {
    /// What and over which span: «Посещаемость, 01.11.2025 – 30.11.2025».
    pub title: String,
    /// «Сформирован 05.12.2026».
    pub printed_on: String,
    pub tables: Vec<PrintTable>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct PrintTable {
    pub title: String,
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// Lines of text, for [`crate::Template::Lines`] (the extract, the credential slips).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct LinesDoc {
    pub title: String,
    pub lines: Vec<Line>,
}

/// One line of a [`LinesDoc`]: its size in points and how far it is indented.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Line {
    pub text: String,
    pub size: f32,
    pub indent: f32,
    /// Extra space above the line, in points.
    pub space_before: f32,
    /// The line starts a new page (unless the page is still empty).
    pub new_page: bool,
}

impl Line {
    pub fn new(text: impl Into<String>, size: f32) -> Self {
        Line {
            text: text.into(),
            size,
            indent: 0.0,
            space_before: 0.0,
            new_page: false,
        }
    }

    pub fn on_new_page(mut self) -> Self {
        self.new_page = true;
        self
    }

    pub fn indented(mut self, by: f32) -> Self {
        self.indent = by;
        self
    }

    pub fn after_gap(mut self, gap: f32) -> Self {
        self.space_before = gap;
        self
    }
}
