//! Each template typeset with small data and its text read back from the PDF.

use super::*;

fn text_of(pdf: &[u8]) -> String {
    pdf_extract::extract_text_from_mem(pdf).unwrap_or_else(|e| panic!("unreadable PDF: {e}"))
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 1, 12).unwrap()
}

fn book(students: u32, days: usize) -> JournalBook {
    let rows = (1..=students)
        .map(|n| SheetRow {
            number: n,
            name: format!("Ученикова Анастасия {n}"),
            cells: (0..days)
                .map(|d| match (n as usize + d) % 5 {
                    0 => "5".to_owned(),
                    1 => "н".to_owned(),
                    2 => "4 5".to_owned(),
                    _ => String::new(),
                })
                .collect(),
            final_mark: "4".into(),
        })
        .collect::<Vec<_>>();
    let sheet = MarkSheet {
        title: "ноябрь 2025".into(),
        days: (1..=days).map(|d| format!("{d:02}")).collect(),
        final_title: Some("II четв.".into()),
        rows,
    };
    JournalBook {
        school: "МБОУ «Школа № 1»".into(),
        class_name: "7А".into(),
        year: "2025/2026 учебный год".into(),
        span: "II четверть (03.11.2025 – 28.12.2025)".into(),
        class_teacher: "Петрова Мария Ивановна".into(),
        director: "Соколов И. П.".into(),
        printed_on: "12.01.2026".into(),
        subjects: vec![
            SubjectPages {
                title: "Алгебра".into(),
                teacher: "Петрова М. И.".into(),
                sheets: vec![sheet.clone()],
                topics: vec![TopicRow {
                    date: "05.11".into(),
                    topic: "Формулы сокращённого умножения".into(),
                    homework: "№ 245, 247".into(),
                }],
            },
            SubjectPages {
                title: "Английский язык (группа 1)".into(),
                teacher: "Иванова О. С.".into(),
                sheets: vec![],
                topics: vec![],
            },
        ],
        summary: Summary {
            title: "Сводная ведомость учёта успеваемости".into(),
            kinds: vec!["I".into(), "II".into(), "год".into()],
            blocks: vec![SummaryBlock {
                subjects: vec!["Алгебра".into(), "Английский язык".into()],
                rows: vec![SummaryRow {
                    number: 1,
                    name: "Ученикова Анастасия 1".into(),
                    cells: vec![
                        "5".into(),
                        "4".into(),
                        "".into(),
                        "н/а".into(),
                        "".into(),
                        "".into(),
                    ],
                }],
            }],
        },
    }
}

/// R-P1: the title sheet, the contents, each subject, a mark, the summary sheet and the page
/// count, read back from the PDF's text.
#[test]
fn the_journal_reads_back() {
    let pdf = render(Template::Journal, &book(28, 24), today()).unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    let text = text_of(&pdf);
    for needle in [
        "КЛАССНЫЙ ЖУРНАЛ",
        "7А класс",
        "Содержание",
        "Алгебра",
        "Английский язык (группа 1)",
        "Формулы сокращённого умножения",
        "Ученикова Анастасия 28",
        "Сводная ведомость учёта успеваемости",
        "н/а",
        "Уроков в этот период не было.",
    ] {
        assert!(text.contains(needle), "{needle:?} not in {text}");
    }
    // The title sheet's count is the document's page count, printed on the last page as well.
    let count = text
        .split("В журнале ")
        .nth(1)
        .and_then(|rest| rest.split(" стр.").next())
        .and_then(|n| n.trim().parse::<usize>().ok())
        .unwrap_or_else(|| panic!("no page count in {text}"));
    assert!(count >= 4, "{count}");
    assert!(
        text.contains(&format!("Страница {count} из {count}")),
        "{text}"
    );
    assert!(!text.contains(&format!("Страница {} из", count + 1)));
}

/// A sheet of 30 students and 26 lessons is one landscape page: the marks table does not run
/// over, so 30 students × a month of lessons fit as the regulations expect.
#[test]
fn a_month_of_thirty_students_fits_a_page() {
    let one = render(Template::Journal, &book(30, MarkSheet::MAX_DAYS), today()).unwrap();
    let text = text_of(&one);
    let algebra_start = text.find("ноябрь 2025").unwrap();
    let topics = text.find("Что пройдено на уроках").unwrap();
    // The sheet's rows lie between its title and the topics, with no page foot in between.
    assert!(
        !text[algebra_start..topics].contains("Страница"),
        "the sheet broke over pages"
    );
}

/// The summary sheet alone and the tables of a report.
#[test]
fn the_summary_and_a_report_read_back() {
    let b = book(3, 2);
    let doc = SummaryDoc {
        school: b.school.clone(),
        class_name: b.class_name.clone(),
        year: b.year.clone(),
        printed_on: b.printed_on.clone(),
        summary: b.summary,
    };
    let text = text_of(&render(Template::Summary, &doc, today()).unwrap());
    assert!(
        text.contains("Сводная ведомость учёта успеваемости"),
        "{text}"
    );
    assert!(
        text.contains("Английский язык") && text.contains("н/а"),
        "{text}"
    );

    let report = TablesDoc {
        title: "Успеваемость".into(),
        printed_on: "12.01.2026".into(),
        tables: vec![PrintTable {
            title: "По классам".into(),
            header: vec!["Класс".into(), "Качество, %".into()],
            rows: vec![
                vec!["7А".into(), "63,2".into()],
                vec!["7Б".into(), "48,0".into()],
            ],
        }],
    };
    let text = text_of(&render(Template::Tables, &report, today()).unwrap());
    assert!(
        text.contains("Качество, %") && text.contains("63,2"),
        "{text}"
    );
}

/// Text that looks like Typst markup is printed as it is, never evaluated.
#[test]
fn data_is_not_markup() {
    let doc = LinesDoc {
        title: "Выписка".into(),
        lines: vec![
            Line::new(
                "#read(\"/etc/passwd\") *жирный* $x^2$ <метка> @ссылка",
                11.0,
            ),
            Line::new("Вторая страница", 14.0)
                .on_new_page()
                .indented(20.0)
                .after_gap(6.0),
        ],
    };
    let pdf = render(Template::Lines, &doc, today()).unwrap();
    let text = text_of(&pdf);
    // The extractor spaces some glyphs apart; compare without spaces.
    let squeezed: String = text.split_whitespace().collect();
    assert!(
        squeezed.contains("#read(\"/etc/passwd\")*жирный*$x^2$<метка>@ссылка"),
        "{text}"
    );
    assert!(text.contains("Страница 2 из 2"), "{text}");
}
