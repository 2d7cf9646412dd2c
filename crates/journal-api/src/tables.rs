//! Tabular files of imports and exports (R-B6): CSV (UTF-8 with or without a BOM, or Windows-1251 as
//! Russian Excel saves «CSV (разделители — точка с запятой)»; `;` or `,` separated) and XLSX (the first sheet), read into a [`Table`] of text cells with their line
//! numbers; and the same lists written back as CSV (UTF-8 with a BOM, `;`, CRLF: what Russian Excel
//! opens with Cyrillic intact) or XLSX.

use crate::error::ApiError;
use actix_web::http::StatusCode;
use calamine::{DataRef, Reader, Xlsx};
use journal_api_types::ErrorCode;
use journal_domain::import::Table;
use std::io::Cursor;
use std::time::{Duration, Instant};

/// The MIME type of XLSX workbooks.
pub const XLSX_MIME: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
/// The MIME type of exported CSV.
pub const CSV_MIME: &str = "text/csv; charset=utf-8";
pub const PDF_MIME: &str = "application/pdf";

const BOM: &str = "\u{feff}";

/// A file format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    Xlsx,
}

impl Format {
    /// XLSX when the bytes are a ZIP archive (what an XLSX is) or the content type says so; CSV
    /// otherwise.
    pub fn detect(content_type: Option<&str>, bytes: &[u8]) -> Self {
        let zip = bytes.starts_with(b"PK\x03\x04");
        let says_xlsx = content_type.is_some_and(|ct| ct.starts_with(XLSX_MIME));
        if zip || says_xlsx {
            Format::Xlsx
        } else {
            Format::Csv
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Xlsx => "xlsx",
        }
    }
}

fn unreadable(detail: impl Into<String>) -> ApiError {
    ApiError::bad_request(ErrorCode::UnreadableFile, detail)
}

/// Most data rows in one file (a big school has about two thousand students).
pub const MAX_ROWS: usize = 10_000;
/// Most columns in one row (the widest list has nine).
pub const MAX_COLUMNS: usize = 64;
/// Most bytes the parts of an XLSX archive may unpack to, as the archive declares them: checked
/// before any part is unpacked, so a small file cannot ask for gigabytes (a "zip bomb").
pub const MAX_XLSX_UNPACKED: u64 = 64 * 1024 * 1024;
/// How long reading one file may take before it is given up.
pub const MAX_READ_TIME: Duration = Duration::from_secs(20);

fn too_many_rows() -> ApiError {
    ApiError::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        ErrorCode::TooManyRows,
        format!("files of up to {MAX_ROWS} rows are accepted; split the file"),
    )
}

fn too_many_columns(line: usize) -> ApiError {
    ApiError::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        ErrorCode::TooManyColumns,
        format!(
            "line {line} has more than {MAX_COLUMNS} columns; only the list's own columns are read"
        ),
    )
}

/// The time budget of one read, checked as rows are read.
struct Deadline(Instant);

impl Deadline {
    fn start() -> Self {
        Self(Instant::now() + MAX_READ_TIME)
    }

    fn check(&self) -> Result<(), ApiError> {
        if Instant::now() > self.0 {
            return Err(ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                ErrorCode::FileTooComplex,
                "the file took too long to read; save it again as a plain CSV or XLSX and split it",
            ));
        }
        Ok(())
    }
}

/// Read a file into a table: the first non-empty record is the header. Bounded before it
/// allocates: at most [`MAX_ROWS`] data rows of [`MAX_COLUMNS`] cells, an XLSX whose parts unpack
/// to at most [`MAX_XLSX_UNPACKED`] bytes, and [`MAX_READ_TIME`]. CPU-heavy: call it off the
/// request workers (`AppState::heavy`).
pub fn read(format: Format, bytes: &[u8]) -> Result<Table, ApiError> {
    let deadline = Deadline::start();
    let rows = match format {
        Format::Csv => read_csv(bytes, &deadline)?,
        Format::Xlsx => read_xlsx(bytes, &deadline)?,
    };
    // No text holds U+0000 (PostgreSQL cannot store it): such a file is refused whole.
    if let Some((line, _)) = rows
        .iter()
        .find(|(_, cells)| cells.iter().any(|c| c.contains('\0')))
    {
        return Err(unreadable(format!(
            "line {line} holds the character U+0000; save the file as plain text"
        )));
    }
    let mut rows = rows
        .into_iter()
        .skip_while(|(_, cells)| cells.iter().all(|c| c.trim().is_empty()));
    let Some((_, header)) = rows.next() else {
        return Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::EmptyFile,
            "the file has no header row",
        ));
    };
    Ok(Table {
        header,
        rows: rows.collect(),
    })
}

/// The separator of a CSV file: `;` (Russian Excel), `,` or a tab, whichever the header line has
/// most of.
fn separator(text: &str) -> u8 {
    let first = text.lines().next().unwrap_or("");
    let count = |c: char| first.chars().filter(|x| *x == c).count();
    [(b';', count(';')), (b'\t', count('\t')), (b',', count(','))]
        .into_iter()
        .max_by_key(|(_, n)| *n)
        .filter(|(_, n)| *n > 0)
        .map_or(b',', |(sep, _)| sep)
}

/// The text of an uploaded CSV (`journal_domain::text::decode`): UTF-8 or Windows-1251; other
/// bytes are refused with `bad_encoding`.
pub fn text_of(bytes: &[u8]) -> Result<std::borrow::Cow<'_, str>, ApiError> {
    journal_domain::text::decode(bytes).ok_or_else(|| {
        ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::BadEncoding,
            "the file is neither UTF-8 nor Windows-1251 text: in Excel save it as «CSV UTF-8»",
        )
    })
}

fn read_csv(bytes: &[u8], deadline: &Deadline) -> Result<Vec<(usize, Vec<String>)>, ApiError> {
    let text = text_of(bytes)?;
    let text = text.as_ref();
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(separator(text))
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    let mut filled = 0_usize;
    // Lines are counted once, from the previous record's start to this one's: linear in the file.
    let (mut counted_to, mut line) = (0_usize, 1_usize);
    let mut record = csv::StringRecord::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => return Err(unreadable(format!("the CSV cannot be read: {e}"))),
        }
        // The reader's position of a record points at the line end before it: skip line ends to
        // the first cell, and count the lines up to there (a quoted cell may span lines).
        let start = record.position().map_or(0, |p| p.byte() as usize);
        let first = text
            .get(start..)
            .and_then(|rest| rest.find(|c| c != '\r' && c != '\n'))
            .map_or(text.len(), |skip| start + skip);
        if first > counted_to {
            line += text.as_bytes()[counted_to..first]
                .iter()
                .filter(|b| **b == b'\n')
                .count();
            counted_to = first;
        }
        if record.len() > MAX_COLUMNS {
            return Err(too_many_columns(line));
        }
        if record.iter().any(|c| !c.trim().is_empty()) {
            filled += 1;
            if filled > MAX_ROWS + 1 {
                return Err(too_many_rows());
            }
        }
        if rows.len().is_multiple_of(1024) {
            deadline.check()?;
        }
        rows.push((
            line,
            record.iter().map(|c| unneutralise(c).to_owned()).collect(),
        ));
    }
    Ok(rows)
}

fn cell_text(cell: &DataRef<'_>) -> String {
    match cell {
        DataRef::Empty | DataRef::Error(_) => String::new(),
        DataRef::String(s) | DataRef::DurationIso(s) => s.clone(),
        DataRef::SharedString(s) => (*s).to_owned(),
        DataRef::Int(i) => i.to_string(),
        // Whole numbers (phones, years typed as numbers) without a ".0".
        DataRef::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        DataRef::Float(f) => f.to_string(),
        DataRef::Bool(b) => b.to_string(),
        DataRef::DateTime(dt) => dt
            .as_datetime()
            .map(|d| d.date().format("%Y-%m-%d").to_string())
            .unwrap_or_default(),
        DataRef::DateTimeIso(s) => s.chars().take(10).collect(),
    }
}

/// Refuse an archive whose parts would unpack to more than [`MAX_XLSX_UNPACKED`] bytes, from its
/// central directory alone (nothing is unpacked).
fn check_unpacked_size(bytes: &[u8]) -> Result<(), ApiError> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| unreadable(format!("the XLSX cannot be read: {e}")))?;
    let mut total = 0_u64;
    for i in 0..archive.len() {
        let size = archive
            .by_index_raw(i)
            .map_err(|e| unreadable(format!("the XLSX archive is damaged: {e}")))?
            .size();
        total = total.saturating_add(size);
        if total > MAX_XLSX_UNPACKED {
            return Err(ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                ErrorCode::FileTooLargeUnpacked,
                format!(
                    "the XLSX unpacks to more than {} MiB; save only the list's sheet",
                    MAX_XLSX_UNPACKED >> 20
                ),
            ));
        }
    }
    Ok(())
}

/// The first sheet, read cell by cell: the sheet's declared dimensions are never trusted (a sheet
/// with cells at A1 and XFD1048576 declares 17 billion cells), and a cell beyond [`MAX_ROWS`]
/// rows or [`MAX_COLUMNS`] columns is refused before anything is allocated for it.
fn read_xlsx(bytes: &[u8], deadline: &Deadline) -> Result<Vec<(usize, Vec<String>)>, ApiError> {
    check_unpacked_size(bytes)?;
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes))
        .map_err(|e| unreadable(format!("the XLSX cannot be read: {e}")))?;
    let Some(first) = book.sheet_names().first().cloned() else {
        return Err(unreadable("the workbook has no sheet"));
    };
    let mut cells = book
        .worksheet_cells_reader(&first)
        .map_err(|e| unreadable(format!("the first sheet cannot be read: {e}")))?;
    // Rows by their 0-based sheet row; blank rows take no room.
    let mut rows: Vec<(usize, Vec<String>)> = Vec::new();
    let mut read = 0_usize;
    while let Some(cell) = cells
        .next_cell()
        .map_err(|e| unreadable(format!("the first sheet cannot be read: {e}")))?
    {
        read += 1;
        if read.is_multiple_of(4096) {
            deadline.check()?;
        }
        let text = cell_text(cell.get_value());
        if text.is_empty() {
            continue;
        }
        let (row, col) = cell.get_position();
        let (line, col) = (row as usize + 1, col as usize);
        if col >= MAX_COLUMNS {
            return Err(too_many_columns(line));
        }
        let at = match rows.binary_search_by_key(&line, |(l, _)| *l) {
            Ok(at) => at,
            Err(at) => {
                rows.insert(at, (line, Vec::new()));
                // Every row kept has a filled cell: the header and the data rows.
                if rows.len() > MAX_ROWS + 1 {
                    return Err(too_many_rows());
                }
                at
            }
        };
        let cells = &mut rows[at].1;
        if cells.len() <= col {
            cells.resize(col + 1, String::new());
        }
        cells[col] = text;
    }
    Ok(rows)
}

/// The first characters that make a spreadsheet read a cell as a formula (OWASP, "CSV
/// injection"): `=`, `+`, `-`, `@`, a tab and a carriage return.
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// A cell as written to CSV: one that a spreadsheet would take for a formula gets a leading `'`,
/// so a guardian named `=HYPERLINK(…)` stays text.
pub fn neutralise(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.starts_with(FORMULA_STARTS) {
        format!("'{cell}").into()
    } else {
        cell.into()
    }
}

/// A cell as read from CSV: the `'` that [`neutralise`] put before a formula-like value is taken
/// off, so an export re-imports unchanged.
fn unneutralise(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(FORMULA_STARTS) => rest,
        _ => cell,
    }
}

/// Write a list as CSV: UTF-8 with a BOM, `;`-separated, CRLF line ends, formula-like cells
/// neutralised.
pub fn write_csv(header: &[&str], rows: &[Vec<String>]) -> Result<Vec<u8>, ApiError> {
    let mut out = csv_head(header)?;
    out.extend(csv_lines(rows)?);
    Ok(out)
}

/// The start of a CSV written in parts (a streamed export): the BOM and the header line.
pub fn csv_head(header: &[&str]) -> Result<Vec<u8>, ApiError> {
    let mut out = BOM.as_bytes().to_vec();
    {
        let mut w = writer(&mut out);
        w.write_record(header).map_err(ApiError::internal)?;
        w.flush().map_err(ApiError::internal)?;
    }
    Ok(out)
}

/// Lines of a CSV written in parts, after [`csv_head`], as [`write_csv`] writes them: a field
/// holding `;`, `"` or a line break is quoted (RFC 4180), formula-like cells are neutralised.
pub fn csv_lines(rows: &[Vec<String>]) -> Result<Vec<u8>, ApiError> {
    let mut out = Vec::new();
    {
        let mut w = writer(&mut out);
        for row in rows {
            w.write_record(row.iter().map(|c| neutralise(c).into_owned()))
                .map_err(ApiError::internal)?;
        }
        w.flush().map_err(ApiError::internal)?;
    }
    Ok(out)
}

fn writer(out: &mut Vec<u8>) -> csv::Writer<&mut Vec<u8>> {
    // Flexible: a report's CSV has a one-cell title line above each table.
    csv::WriterBuilder::new()
        .flexible(true)
        .delimiter(b';')
        .terminator(csv::Terminator::CRLF)
        .from_writer(out)
}

/// Write a list as an XLSX workbook of one sheet; every cell is text, so dates and phones read
/// back exactly as written.
pub fn write_xlsx(sheet: &str, header: &[&str], rows: &[Vec<String>]) -> Result<Vec<u8>, ApiError> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name(sheet).map_err(ApiError::internal)?;
    let bold = rust_xlsxwriter::Format::new().set_bold();
    for (c, h) in header.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *h, &bold)
            .map_err(ApiError::internal)?;
        ws.set_column_width(c as u16, 22)
            .map_err(ApiError::internal)?;
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, value) in row.iter().enumerate() {
            if !value.is_empty() {
                ws.write_string(r as u32 + 1, c as u16, value)
                    .map_err(ApiError::internal)?;
            }
        }
    }
    book.save_to_buffer().map_err(ApiError::internal)
}

/// A cell of a report: text, or a number that stays a number in the XLSX (a share, a count).
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Number(f64),
    Empty,
}

impl Cell {
    /// A figure that may be missing («—» on screen): empty then.
    pub fn figure(v: Option<f64>) -> Cell {
        v.map_or(Cell::Empty, Cell::Number)
    }

    /// The cell in a Russian CSV or on paper: numbers with a decimal comma, as Russian Excel
    /// reads them.
    fn csv_text(&self) -> String {
        match self {
            Cell::Text(t) => t.clone(),
            Cell::Number(n) => n.to_string().replace('.', ","),
            Cell::Empty => String::new(),
        }
    }
}

impl From<u32> for Cell {
    fn from(n: u32) -> Cell {
        Cell::Number(f64::from(n))
    }
}

impl From<String> for Cell {
    fn from(t: String) -> Cell {
        Cell::Text(t)
    }
}

impl From<&str> for Cell {
    fn from(t: &str) -> Cell {
        Cell::Text(t.to_owned())
    }
}

/// One table of a report: a sheet of the XLSX, a section of the CSV.
#[derive(Debug, Clone, PartialEq)]
pub struct Sheet {
    /// At most 31 characters (an XLSX limit), without `[]:*?/\`.
    pub name: String,
    pub header: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

/// Write a report's tables as one CSV (UTF-8 with a BOM, `;`): each table under a line with its
/// name, the tables apart by an empty line.
pub fn write_report_csv(sheets: &[Sheet]) -> Result<Vec<u8>, ApiError> {
    let mut out = BOM.as_bytes().to_vec();
    for (i, sheet) in sheets.iter().enumerate() {
        if i > 0 {
            out.extend_from_slice(b"\r\n");
        }
        let mut lines = vec![vec![sheet.name.clone()], sheet.header.clone()];
        lines.extend(
            sheet
                .rows
                .iter()
                .map(|r| r.iter().map(Cell::csv_text).collect()),
        );
        out.extend(csv_lines(&lines)?);
    }
    Ok(out)
}

/// More rows than a printed report may hold: beyond it, the XLSX.
pub const MAX_PRINT_ROWS: usize = 5_000;

/// Typeset a report's tables for printing (A4 landscape, header repeated on each page) under
/// `title`; `today` is the school's date. At most [`MAX_PRINT_ROWS`] rows, else `422
/// export_too_large`.
pub fn write_report_pdf(
    title: &str,
    today: chrono::NaiveDate,
    sheets: &[Sheet],
) -> Result<Vec<u8>, ApiError> {
    let rows: usize = sheets.iter().map(|s| s.rows.len()).sum();
    if rows > MAX_PRINT_ROWS {
        return Err(ApiError::new(
            actix_web::http::StatusCode::UNPROCESSABLE_ENTITY,
            journal_api_types::ErrorCode::ExportTooLarge,
            format!(
                "more than {MAX_PRINT_ROWS} lines to print; narrow the filters or take the XLSX"
            ),
        ));
    }
    let doc = journal_print::TablesDoc {
        title: title.to_owned(),
        printed_on: format!("Сформирован {}", journal_domain::printed::date(today)),
        tables: sheets
            .iter()
            .map(|s| journal_print::PrintTable {
                title: s.name.clone(),
                header: s.header.clone(),
                rows: s
                    .rows
                    .iter()
                    .map(|r| r.iter().map(Cell::csv_text).collect())
                    .collect(),
            })
            .collect(),
    };
    journal_print::render(journal_print::Template::Tables, &doc, today).map_err(ApiError::internal)
}

/// Write a report's tables as an XLSX workbook, one sheet each; numbers are numbers.
pub fn write_report_xlsx(sheets: &[Sheet]) -> Result<Vec<u8>, ApiError> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let bold = rust_xlsxwriter::Format::new().set_bold();
    for sheet in sheets {
        let ws = book.add_worksheet();
        ws.set_name(&sheet.name).map_err(ApiError::internal)?;
        for (c, h) in sheet.header.iter().enumerate() {
            let c = u16::try_from(c).map_err(ApiError::internal)?;
            ws.write_string_with_format(0, c, h, &bold)
                .map_err(ApiError::internal)?;
            ws.set_column_width(c, if c == 0 { 28 } else { 14 })
                .map_err(ApiError::internal)?;
        }
        for (r, row) in sheet.rows.iter().enumerate() {
            let r = u32::try_from(r + 1).map_err(ApiError::internal)?;
            for (c, cell) in row.iter().enumerate() {
                let c = u16::try_from(c).map_err(ApiError::internal)?;
                match cell {
                    Cell::Text(t) if !t.is_empty() => {
                        ws.write_string(r, c, t).map_err(ApiError::internal)?;
                    }
                    Cell::Number(n) => {
                        ws.write_number(r, c, *n).map_err(ApiError::internal)?;
                    }
                    _ => {}
                }
            }
        }
    }
    book.save_to_buffer().map_err(ApiError::internal)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn separators_and_bom_are_recognised() {
        for text in [
            "\u{feff}Фамилия;Имя\r\nЁлкин;Иван\r\n",
            "Фамилия,Имя\nЁлкин,Иван\n",
            "Фамилия\tИмя\nЁлкин\tИван\n",
        ] {
            let t = read(Format::Csv, text.as_bytes()).unwrap();
            assert_eq!(t.header, ["Фамилия", "Имя"]);
            assert_eq!(t.rows, [(2, vec!["Ёлкин".to_owned(), "Иван".to_owned()])]);
        }
    }

    #[test]
    fn quoted_cells_keep_their_separators_and_lines_count_physically() {
        let text = "Фамилия;Роли\n\"Петрова\";\"учитель; секретарь\"\n\"Длинная\nфамилия\";учитель\nИванов;учитель\n";
        let t = read(Format::Csv, text.as_bytes()).unwrap();
        assert_eq!(t.rows[0].1[1], "учитель; секретарь");
        let lines: Vec<usize> = t.rows.iter().map(|(l, _)| *l).collect();
        assert_eq!(lines, [2, 3, 5]);
    }

    #[test]
    fn windows_1251_reads_as_the_same_rows_as_utf8() {
        let text = "Фамилия;Имя;Класс\nЁлкина;Мария;7А\n«Щукин»;Юрий № 2;11Б\n";
        // The same rows as Russian Excel saves them (Windows-1251).
        let cp1251: &[u8] = &[
            212, 224, 236, 232, 235, 232, 255, 59, 200, 236, 255, 59, 202, 235, 224, 241, 241, 10,
            168, 235, 234, 232, 237, 224, 59, 204, 224, 240, 232, 255, 59, 55, 192, 10, 171, 217,
            243, 234, 232, 237, 187, 59, 222, 240, 232, 233, 32, 185, 32, 50, 59, 49, 49, 193, 10,
        ];
        let from_utf8 = read(Format::Csv, text.as_bytes()).unwrap();
        let from_1251 = read(Format::Csv, cp1251).unwrap();
        assert_eq!(from_1251.header, from_utf8.header);
        assert_eq!(from_1251.rows, from_utf8.rows);
        assert_eq!(from_1251.rows[1].1[0], "«Щукин»");
        // A byte Windows-1251 does not define is still refused with advice.
        let e = read(Format::Csv, &[0xC8, 0x98, 0xE2]).unwrap_err();
        assert_eq!(e.code, "bad_encoding");
    }

    #[test]
    fn a_nul_character_is_refused() {
        let e = read(Format::Csv, "Фамилия;Имя\nЁл\0кин;Иван\n".as_bytes()).unwrap_err();
        assert_eq!(e.code, "unreadable_file");
    }

    #[test]
    fn xlsx_written_reads_back_the_same() {
        let rows = vec![
            vec!["Ёлкин".to_owned(), "01.09.2014".to_owned(), "".to_owned()],
            vec![
                "Жуков".to_owned(),
                "".to_owned(),
                "+7 900 000-00-00".to_owned(),
            ],
        ];
        let bytes = write_xlsx("Ученики", &["Фамилия", "Дата", "Телефон"], &rows).unwrap();
        assert_eq!(Format::detect(None, &bytes), Format::Xlsx);
        let t = read(Format::Xlsx, &bytes).unwrap();
        assert_eq!(t.header, ["Фамилия", "Дата", "Телефон"]);
        assert_eq!(t.rows.len(), 2);
        assert_eq!(t.rows[0].0, 2);
        assert_eq!(t.rows[0].1[..2], rows[0][..2]);
        assert_eq!(t.rows[1].1, rows[1]);
    }

    #[test]
    fn formula_like_cells_are_neutralised_and_read_back_as_written() {
        let hostile = [
            "=HYPERLINK(\"http://example.invalid\",\"x\")",
            "+7 900 000-00-00",
            "-1+1",
            "@SUM(A1)",
            "\tcmd",
            "\rcmd",
        ];
        let rows = vec![hostile.iter().map(|c| (*c).to_owned()).collect::<Vec<_>>()];
        let header = ["a", "b", "c", "d", "e", "f"];
        let bytes = write_csv(&header, &rows).unwrap();
        let text = String::from_utf8(bytes.clone()).unwrap();
        let data = text.lines().nth(1).unwrap();
        for cell in data.split(';') {
            let cell = cell.trim_start_matches('"');
            assert!(cell.starts_with('\''), "{cell:?} is not neutralised");
        }
        assert_eq!(neutralise("Иванова"), "Иванова");
        assert_eq!(neutralise("'quoted"), "'quoted");
        let t = read(Format::Csv, &bytes).unwrap();
        assert_eq!(t.rows[0].1, rows[0]);
    }

    #[test]
    fn a_sheet_spanning_the_whole_grid_is_refused_without_building_it() {
        // Cells at A1 and XFD1048576: the sheet declares 17 billion cells.
        let bytes = xlsx_with_cells(&[(0, 0, "Фамилия"), (1_048_575, 16_383, "x")]);
        assert!(bytes.len() < 16 * 1024);
        let e = read(Format::Xlsx, &bytes).unwrap_err();
        assert_eq!(e.code, "too_many_columns");
        let bytes = xlsx_with_cells(&[(0, 0, "Фамилия"), (1_048_575, 0, "x")]);
        // Far rows alone take no room: only filled rows are kept.
        let t = read(Format::Xlsx, &bytes).unwrap();
        assert_eq!(t.rows, [(1_048_576, vec!["x".to_owned()])]);
    }

    #[test]
    fn more_rows_than_the_limit_are_refused_while_reading() {
        let mut text = String::from("Фамилия;Имя\n");
        for i in 0..=MAX_ROWS {
            text.push_str(&format!("Ф{i};И\n"));
        }
        assert_eq!(
            read(Format::Csv, text.as_bytes()).unwrap_err().code,
            "too_many_rows"
        );
        let wide = format!("{}\n", vec!["x"; MAX_COLUMNS + 1].join(";"));
        assert_eq!(
            read(Format::Csv, wide.as_bytes()).unwrap_err().code,
            "too_many_columns"
        );
    }

    #[test]
    fn an_archive_unpacking_past_the_budget_is_refused_before_unpacking() {
        use std::io::Write;
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        zip.start_file("xl/sharedStrings.xml", opts).unwrap();
        let zeros = vec![b' '; 1 << 20];
        for _ in 0..(MAX_XLSX_UNPACKED >> 20) + 1 {
            zip.write_all(&zeros).unwrap();
        }
        let bytes = zip.finish().unwrap().into_inner();
        assert!(bytes.len() < 1 << 20);
        let e = read(Format::Xlsx, &bytes).unwrap_err();
        assert_eq!(e.code, "file_too_large_unpacked");
    }

    /// A minimal XLSX with inline-string cells at the given (row, column) positions.
    fn xlsx_with_cells(cells: &[(u32, u16, &str)]) -> Vec<u8> {
        let mut book = rust_xlsxwriter::Workbook::new();
        let ws = book.add_worksheet();
        for (r, c, v) in cells {
            ws.write_string(*r, *c, *v).unwrap();
        }
        book.save_to_buffer().unwrap()
    }

    #[test]
    fn csv_export_has_a_bom_and_semicolons() {
        let bytes = write_csv(&["Фамилия", "Имя"], &[vec!["Ёлкин".into(), "Иван".into()]]).unwrap();
        let text = String::from_utf8(bytes).unwrap();
        assert_eq!(text, "\u{feff}Фамилия;Имя\r\nЁлкин;Иван\r\n");
    }
}
