//! Tabular files of imports and exports (R-B6): CSV (UTF-8, `;` or `,` separated, with or
//! without a BOM) and XLSX (the first sheet), read into a [`Table`] of text cells with their line
//! numbers; and the same lists written back as CSV (UTF-8 with a BOM, `;`, CRLF: what Russian Excel
//! opens with Cyrillic intact) or XLSX.

use crate::error::ApiError;
use actix_web::http::StatusCode;
use calamine::{Data, Reader, Xlsx};
use journal_domain::import::Table;
use std::io::Cursor;

/// The MIME type of XLSX workbooks.
pub const XLSX_MIME: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
/// The MIME type of exported CSV.
pub const CSV_MIME: &str = "text/csv; charset=utf-8";

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
    ApiError::bad_request("unreadable_file", detail)
}

/// Read a file into a table: the first non-empty record is the header.
pub fn read(format: Format, bytes: &[u8]) -> Result<Table, ApiError> {
    let rows = match format {
        Format::Csv => read_csv(bytes)?,
        Format::Xlsx => read_xlsx(bytes)?,
    };
    let mut rows = rows
        .into_iter()
        .skip_while(|(_, cells)| cells.iter().all(|c| c.trim().is_empty()));
    let Some((_, header)) = rows.next() else {
        return Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "empty_file",
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

fn read_csv(bytes: &[u8]) -> Result<Vec<(usize, Vec<String>)>, ApiError> {
    let text = std::str::from_utf8(bytes).map_err(|e| {
        ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "bad_encoding",
            format!(
                "the file is not UTF-8 (byte {}): in Excel save it as «CSV UTF-8»",
                e.valid_up_to()
            ),
        )
    })?;
    let text = text.strip_prefix(BOM).unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(separator(text))
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| unreadable(format!("the CSV cannot be read: {e}")))?;
        // The reader's position of a record points at the line end before it: skip line ends to
        // the first cell, and count the lines up to there (a quoted cell may span lines).
        let start = record.position().map_or(0, |p| p.byte() as usize);
        let first = text
            .get(start..)
            .and_then(|rest| rest.find(|c| c != '\r' && c != '\n'))
            .map_or(text.len(), |skip| start + skip);
        let line = 1 + text.as_bytes()[..first]
            .iter()
            .filter(|b| **b == b'\n')
            .count();
        rows.push((line, record.iter().map(str::to_owned).collect()));
    }
    Ok(rows)
}

fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty | Data::Error(_) => String::new(),
        Data::String(s) | Data::DurationIso(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        // Whole numbers (phones, years typed as numbers) without a ".0".
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(dt) => dt
            .as_datetime()
            .map(|d| d.date().format("%Y-%m-%d").to_string())
            .unwrap_or_default(),
        Data::DateTimeIso(s) => s.chars().take(10).collect(),
    }
}

fn read_xlsx(bytes: &[u8]) -> Result<Vec<(usize, Vec<String>)>, ApiError> {
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes))
        .map_err(|e| unreadable(format!("the XLSX cannot be read: {e}")))?;
    let range = match book.worksheet_range_at(0) {
        Some(Ok(range)) => range,
        Some(Err(e)) => return Err(unreadable(format!("the first sheet cannot be read: {e}"))),
        None => return Err(unreadable("the workbook has no sheet")),
    };
    let first_row = range.start().map_or(0, |(row, _)| row as usize);
    let first_col = range.start().map_or(0, |(_, col)| col as usize);
    Ok(range
        .rows()
        .enumerate()
        .map(|(i, cells)| {
            // Columns left of the used range are empty cells, so the header keeps its positions.
            let mut row = vec![String::new(); first_col];
            row.extend(cells.iter().map(cell_text));
            (first_row + i + 1, row)
        })
        .collect())
}

/// Write a list as CSV: UTF-8 with a BOM, `;`-separated, CRLF line ends.
pub fn write_csv(header: &[&str], rows: &[Vec<String>]) -> Result<Vec<u8>, ApiError> {
    let mut out = BOM.as_bytes().to_vec();
    {
        let mut w = csv::WriterBuilder::new()
            .delimiter(b';')
            .terminator(csv::Terminator::CRLF)
            .from_writer(&mut out);
        w.write_record(header).map_err(ApiError::internal)?;
        for row in rows {
            w.write_record(row).map_err(ApiError::internal)?;
        }
        w.flush().map_err(ApiError::internal)?;
    }
    Ok(out)
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
    fn non_utf8_is_refused_with_advice() {
        // "Иванов" in Windows-1251.
        let cp1251 = [0xC8, 0xE2, 0xE0, 0xED, 0xEE, 0xE2];
        let e = read(Format::Csv, &cp1251).unwrap_err();
        assert_eq!(e.code, "bad_encoding");
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
    fn csv_export_has_a_bom_and_semicolons() {
        let bytes = write_csv(&["Фамилия", "Имя"], &[vec!["Ёлкин".into(), "Иван".into()]]).unwrap();
        let text = String::from_utf8(bytes).unwrap();
        assert_eq!(text, "\u{feff}Фамилия;Имя\r\nЁлкин;Иван\r\n");
    }
}
