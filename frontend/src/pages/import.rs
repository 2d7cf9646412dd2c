//! «Импорт и выгрузка» (R-B6): lists of staff, classes, students, guardians and links from CSV or
//! XLSX. A file is always checked first (a dry run that writes nothing and lists every bad row);
//! the import itself is offered only after a clean check of the very same file. Exports download
//! the same lists in the columns the import reads. Students, guardians and links are the
//! secretary's and the admin's; staff and classes the admin's (docs/import.md).

use crate::components::focus::use_focus_on;
use crate::components::form::textarea_setter;
use crate::components::problem::{Failure, ProblemMessage};
use crate::i18n::{t, tf, Key, Lang};
use crate::pages::not_found::ForbiddenPage;
use crate::pages::use_title;
use crate::services::access::may;
use crate::services::files::{download, read_picked};
use crate::services::state::use_app;
use crate::services::time::local_time;
use journal_api_types::import::{ExportFormat, ImportKind, ImportReport, RowProblem};
use journal_client::ClientError;
use journal_domain::Action;
use std::rc::Rc;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::platform::spawn_local;
use yew::prelude::*;

pub fn kind_name(lang: Lang, kind: ImportKind) -> &'static str {
    t(
        lang,
        match kind {
            ImportKind::Staff => Key::ImportKindStaff,
            ImportKind::Classes => Key::ImportKindClasses,
            ImportKind::Students => Key::ImportKindStudents,
            ImportKind::Guardians => Key::ImportKindGuardians,
            ImportKind::Links => Key::ImportKindLinks,
        },
    )
}

/// The header of a column as the person knows it: the Russian one of the kind's columns.
fn column_header(lang: Lang, kind: ImportKind, key: &str) -> String {
    match lang {
        Lang::Ru => kind
            .columns()
            .iter()
            .find(|c| c.key == key)
            .map_or_else(|| key.to_owned(), |c| c.ru.to_owned()),
        Lang::En => key.to_owned(),
    }
}

/// The columns of a kind for the hint: required ones marked with `*`.
fn columns_line(lang: Lang, kind: ImportKind) -> String {
    kind.columns()
        .iter()
        .map(|c| {
            let name = match lang {
                Lang::Ru => c.ru,
                Lang::En => c.key,
            };
            if c.required {
                format!("{name}*")
            } else {
                name.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// The reason for a bad row, in the interface language.
pub fn row_problem_text(lang: Lang, code: &str) -> Option<&'static str> {
    let key = match code {
        "unknown_column" => Key::RowUnknownColumn,
        "duplicate_column" => Key::RowDuplicateColumn,
        "missing_column" => Key::RowMissingColumn,
        "missing_field" => Key::RowMissingField,
        "too_long" => Key::RowTooLong,
        "bad_date" => Key::RowBadDate,
        "bad_class_name" => Key::RowBadClassName,
        "unknown_class" => Key::RowUnknownClass,
        "unknown_teacher" => Key::RowUnknownTeacher,
        "bad_phone" => Key::RowBadPhone,
        "bad_email" => Key::RowBadEmail,
        "bad_login" => Key::RowBadLogin,
        "bad_role" => Key::RowBadRole,
        "date_before_birth" => Key::RowDateBeforeBirth,
        "unknown_student" => Key::RowUnknownStudent,
        "ambiguous_student" => Key::RowAmbiguousStudent,
        "unknown_guardian" => Key::RowUnknownGuardian,
        "ambiguous_guardian" => Key::RowAmbiguousGuardian,
        "bad_relation" => Key::RowBadRelation,
        "duplicate_in_file" => Key::RowDuplicateInFile,
        "already_exists" => Key::RowAlreadyExists,
        "login_taken" => Key::RowLoginTaken,
        _ => return None,
    };
    Some(t(lang, key))
}

/// Where the file comes from: picked from the disk, or pasted as CSV text.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Source {
    File,
    Paste,
}

/// The content to import: the kind and the exact bytes.
#[derive(Clone, PartialEq)]
struct Content {
    kind: ImportKind,
    bytes: Rc<Vec<u8>>,
}

/// The last answer of the server about the content.
#[derive(Clone, PartialEq)]
enum Outcome {
    /// A dry run or an import, with its report, for this content.
    Report(Content, Rc<ImportReport>),
    Failed(Failure),
}

#[component]
pub fn ImportPage() -> Html {
    let app = use_app();
    let lang = app.lang();
    use_title(Key::ImportTitle);
    let me = app.me();
    let allowed = |action| me.as_ref().is_some_and(|me| may(me, action));
    let can_people = allowed(Action::ImportPeople);
    let can_structure = allowed(Action::ImportStructure);
    let can_export = allowed(Action::ExportLists);
    let kinds: Vec<ImportKind> = ImportKind::ALL
        .into_iter()
        .filter(|k| allowed(k.import_action()))
        .collect();

    let kind = use_state(|| {
        if can_structure {
            ImportKind::Staff
        } else {
            ImportKind::Students
        }
    });
    let source = use_state(|| Source::File);
    // The chosen file's name and bytes, shared (not copied) by every render.
    let picked = use_state(|| None::<(String, Rc<Vec<u8>>)>);
    let pasted = use_state(String::new);
    let busy = use_state(|| false);
    let outcome = use_state(|| None::<Outcome>);
    let export_problem = use_state(|| None::<Failure>);

    if !(can_people || can_structure || can_export) {
        return html! { <ForbiddenPage /> };
    }

    let content: Option<Content> = match *source {
        Source::File => picked.as_ref().map(|(_, bytes)| Content {
            kind: *kind,
            bytes: bytes.clone(),
        }),
        Source::Paste => (!pasted.trim().is_empty()).then(|| Content {
            kind: *kind,
            bytes: Rc::new(pasted.as_bytes().to_vec()),
        }),
    };
    // The import is offered only after a clean dry run of exactly this content.
    let checked_clean = match (&*outcome, &content) {
        (Some(Outcome::Report(c, r)), Some(now)) => {
            c == now && r.dry_run && r.problems.is_empty() && r.rows > 0
        }
        _ => false,
    };

    let run = {
        let (api, busy, outcome) = (app.api.clone(), busy.clone(), outcome.clone());
        let content = content.clone();
        move |dry_run: bool| {
            let Some(content) = content.clone() else {
                return;
            };
            if *busy {
                return;
            }
            busy.set(true);
            let (api, busy, outcome) = (api.clone(), busy.clone(), outcome.clone());
            spawn_local(async move {
                let result = api
                    .call(|c| {
                        let bytes = (*content.bytes).clone();
                        async move { c.import_list(content.kind, dry_run, bytes).await }
                    })
                    .await;
                busy.set(false);
                outcome.set(Some(match result {
                    Ok(report) => Outcome::Report(content, Rc::new(report)),
                    Err(e) => Outcome::Failed(Failure::from(e)),
                }));
            });
        }
    };
    let onsubmit = {
        let run = run.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            run(true);
        })
    };
    let on_import = {
        let run = run.clone();
        Callback::from(move |_: MouseEvent| run(false))
    };
    let on_kind = {
        let (kind, outcome) = (kind.clone(), outcome.clone());
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            if let Some(k) = ImportKind::parse(&select.value()) {
                outcome.set(None);
                kind.set(k);
            }
        })
    };
    let on_source = |s: Source| {
        let (source, outcome) = (source.clone(), outcome.clone());
        Callback::from(move |_: Event| {
            outcome.set(None);
            source.set(s);
        })
    };
    let on_file = {
        let (picked, outcome) = (picked.clone(), outcome.clone());
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let (picked, outcome) = (picked.clone(), outcome.clone());
            spawn_local(async move {
                let file = read_picked(&input).await;
                outcome.set(None);
                picked.set(file.map(|f| (f.name, Rc::new(f.bytes))));
            });
        })
    };
    let on_paste = textarea_setter(&pasted);
    let on_export = {
        let (api, export_problem) = (app.api.clone(), export_problem.clone());
        Callback::from(move |(kind, format): (ImportKind, ExportFormat)| {
            let (api, export_problem) = (api.clone(), export_problem.clone());
            spawn_local(async move {
                let result = api
                    .call(|c| async move { c.export_list(kind, format).await })
                    .await;
                match result {
                    Ok(bytes) => {
                        let (ext, mime) = match format {
                            ExportFormat::Csv => ("csv", "text/csv;charset=utf-8"),
                            ExportFormat::Xlsx => (
                                "xlsx",
                                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                            ),
                        };
                        let name = format!("{}.{ext}", kind.as_str());
                        if download(&name, mime, &bytes).is_err() {
                            export_problem
                                .set(Some(Failure::from(ClientError::Network("download".into()))));
                        } else {
                            export_problem.set(None);
                        }
                    }
                    Err(e) => export_problem.set(Some(Failure::from(e))),
                }
            });
        })
    };

    let import_form = html! {
        <section class="card" aria-labelledby="import-title" id="import">
            <h2 id="import-title">{ t(lang, Key::ImportLoadTitle) }</h2>
            <ol class="steps muted">
                <li>{ t(lang, Key::ImportStep1) }</li>
                <li>{ t(lang, Key::ImportStep2) }</li>
                <li>{ t(lang, Key::ImportStep3) }</li>
            </ol>
            <form id="import-form" class="form stack" {onsubmit} novalidate=true>
                <div class="field">
                    <label for="import-kind">{ t(lang, Key::ImportKindLabel) }</label>
                    <select id="import-kind" onchange={on_kind} aria-describedby="import-columns">
                        { for kinds.iter().map(|k| html! {
                            <option value={k.as_str()} selected={*k == *kind}>{ kind_name(lang, *k) }</option>
                        }) }
                    </select>
                    <p class="hint" id="import-columns">
                        { tf(lang, Key::ImportColumns, &[("columns", &columns_line(lang, *kind))]) }
                    </p>
                </div>
                <fieldset class="mode-switch">
                    <legend>{ t(lang, Key::ImportSource) }</legend>
                    <label class="check" for="import-source-file">
                        <input type="radio" id="import-source-file" name="import-source"
                            checked={*source == Source::File} onchange={on_source(Source::File)} />
                        <span>{ t(lang, Key::ImportSourceFile) }</span>
                    </label>
                    <label class="check" for="import-source-paste">
                        <input type="radio" id="import-source-paste" name="import-source"
                            checked={*source == Source::Paste} onchange={on_source(Source::Paste)} />
                        <span>{ t(lang, Key::ImportSourcePaste) }</span>
                    </label>
                </fieldset>
                if *source == Source::File {
                    <div class="field">
                        <label for="import-file">{ t(lang, Key::ImportFileLabel) }</label>
                        <input type="file" id="import-file" onchange={on_file}
                            accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                            aria-describedby="import-file-hint" />
                        <p class="hint" id="import-file-hint">
                            { match &*picked {
                                Some((name, bytes)) => tf(lang, Key::ImportFileChosen, &[("name", name), ("size", &bytes.len().to_string())]),
                                None => t(lang, Key::ImportFileHint).to_owned(),
                            } }
                        </p>
                    </div>
                } else {
                    <div class="field">
                        <label for="import-text">{ t(lang, Key::ImportPasteLabel) }</label>
                        <textarea id="import-text" rows="8" value={(*pasted).clone()} oninput={on_paste}
                            aria-describedby="import-text-hint" spellcheck="false" />
                        <p class="hint" id="import-text-hint">{ t(lang, Key::ImportPasteHint) }</p>
                    </div>
                }
                <div class="form-actions">
                    <button type="submit" id="import-check" class="button secondary"
                        disabled={*busy || content.is_none()}>
                        { t(lang, if *busy { Key::ImportChecking } else { Key::ImportCheck }) }
                    </button>
                    <button type="button" id="import-run" class="button primary"
                        disabled={*busy || !checked_clean} onclick={on_import}
                        aria-describedby="import-run-hint">
                        { t(lang, Key::ImportRun) }
                    </button>
                </div>
                <p class="hint" id="import-run-hint">{ t(lang, Key::ImportRunHint) }</p>
            </form>
            { match &*outcome {
                None => Html::default(),
                Some(Outcome::Failed(e)) => html! { <ProblemMessage id="import-error" error={e.clone()} /> },
                Some(Outcome::Report(c, r)) => html! {
                    <ReportView report={r.clone()} stale={content.as_ref() != Some(c)} />
                },
            } }
        </section>
    };

    let export = html! {
        <section class="card" aria-labelledby="export-title" id="export">
            <h2 id="export-title">{ t(lang, Key::ExportTitle) }</h2>
            <p class="muted">{ t(lang, Key::ExportIntro) }</p>
            if let Some(e) = &*export_problem {
                <ProblemMessage id="export-error" error={e.clone()} />
            }
            <table class="table" id="export-table">
                <caption class="visually-hidden">{ t(lang, Key::ExportTitle) }</caption>
                <thead>
                    <tr>
                        <th scope="col">{ t(lang, Key::ImportKindLabel) }</th>
                        <th scope="col">{ t(lang, Key::ColActions) }</th>
                    </tr>
                </thead>
                <tbody>
                    { for ImportKind::ALL.iter().map(|k| {
                        let button = |format: ExportFormat, label: &str| {
                            let cb = on_export.clone();
                            let k = *k;
                            let ext = match format { ExportFormat::Csv => "csv", ExportFormat::Xlsx => "xlsx" };
                            html! {
                                <button type="button" id={format!("export-{}-{ext}", k.as_str())}
                                    class="button small secondary"
                                    aria-label={format!("{}: {} ({label})", t(lang, Key::ExportDownload), kind_name(lang, k))}
                                    onclick={Callback::from(move |_: MouseEvent| cb.emit((k, format)))}>
                                    { label.to_owned() }
                                </button>
                            }
                        };
                        html! {
                            <tr>
                                <td data-label={t(lang, Key::ImportKindLabel)}>{ kind_name(lang, *k) }</td>
                                <td data-label={t(lang, Key::ColActions)} class="row-actions">
                                    <div class="actions">
                                        { button(ExportFormat::Csv, "CSV") }
                                        { button(ExportFormat::Xlsx, "XLSX") }
                                    </div>
                                </td>
                            </tr>
                        }
                    }) }
                </tbody>
            </table>
        </section>
    };

    html! {
        <section class="page" id="import-page">
            <h1>{ t(lang, Key::ImportTitle) }</h1>
            <p class="muted">{ t(lang, Key::ImportIntro) }</p>
            if !kinds.is_empty() {
                { import_form }
            }
            if can_export {
                { export }
            }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct ReportProps {
    report: Rc<ImportReport>,
    /// The file or the kind changed since: the report is about something else now.
    stale: bool,
}

#[component]
fn ReportView(props: &ReportProps) -> Html {
    let lang = use_app().lang();
    // Bring each new report into view and to the keyboard and screen reader.
    let section = use_focus_on(props.report.clone());
    let r = &props.report;
    let bad = r.rows - r.valid;
    let (class, summary) = if !r.problems.is_empty() {
        let key = if r.dry_run {
            Key::ImportCheckedBad
        } else {
            Key::ImportRejected
        };
        (
            "form-error",
            tf(
                lang,
                key,
                &[("rows", &r.rows.to_string()), ("bad", &bad.to_string())],
            ),
        )
    } else if r.dry_run {
        (
            "success",
            tf(
                lang,
                Key::ImportCheckedClean,
                &[("rows", &r.rows.to_string())],
            ),
        )
    } else {
        (
            "success",
            tf(lang, Key::ImportDone, &[("count", &r.imported.to_string())]),
        )
    };
    html! {
        <section id="import-report" class="stack" aria-labelledby="import-report-title"
            tabindex="-1" ref={section}
            data-dry-run={r.dry_run.to_string()} data-problems={r.problems.len().to_string()}
            data-imported={r.imported.to_string()}>
            <h3 id="import-report-title">{ t(lang, if r.dry_run { Key::ImportReportCheck } else { Key::ImportReportRun }) }</h3>
            <p id="import-summary" class={class} role="status">{ summary }</p>
            if props.stale {
                <p class="notice warn" id="import-stale">{ t(lang, Key::ImportStale) }</p>
            }
            if !r.problems.is_empty() {
                { problems_table(lang, r.kind, &r.problems) }
            }
            if !r.credentials.is_empty() {
                <div class="card password-panel" id="import-credentials">
                    <h3>{ t(lang, Key::InitialPasswordTitle) }</h3>
                    <p class="note"><strong>{ t(lang, Key::InitialPasswordNote) }</strong></p>
                    <table class="table">
                        <thead>
                            <tr>
                                <th scope="col">{ t(lang, Key::ColFullName) }</th>
                                <th scope="col">{ t(lang, Key::ColLogin) }</th>
                                <th scope="col">{ t(lang, Key::PasswordLabel) }</th>
                                <th scope="col">{ t(lang, Key::ImportValidUntil) }</th>
                            </tr>
                        </thead>
                        <tbody>
                            { for r.credentials.iter().map(|c| html! {
                                <tr>
                                    <td data-label={t(lang, Key::ColFullName)}>{ c.full_name.clone() }</td>
                                    <td data-label={t(lang, Key::ColLogin)}><code>{ c.login.clone() }</code></td>
                                    <td data-label={t(lang, Key::PasswordLabel)}><code>{ c.initial_password.clone() }</code></td>
                                    <td data-label={t(lang, Key::ImportValidUntil)}>{ local_time(lang, c.expires_at) }</td>
                                </tr>
                            }) }
                        </tbody>
                    </table>
                </div>
            }
        </section>
    }
}

fn problems_table(lang: Lang, kind: ImportKind, problems: &[RowProblem]) -> Html {
    html! {
        <div class="table-wrap">
            <table id="import-problems" class="table">
                <caption>{ t(lang, Key::ImportProblemsCaption) }</caption>
                <thead>
                    <tr>
                        <th scope="col" class="num">{ t(lang, Key::ColLine) }</th>
                        <th scope="col">{ t(lang, Key::ColColumn) }</th>
                        <th scope="col">{ t(lang, Key::ColProblem) }</th>
                        <th scope="col">{ t(lang, Key::ColServerNote) }</th>
                    </tr>
                </thead>
                <tbody>
                    { for problems.iter().map(|p| html! {
                        <tr class="import-problem" data-line={p.line.to_string()} data-code={p.code.clone()}>
                            <td data-label={t(lang, Key::ColLine)} class="num">{ p.line }</td>
                            <td data-label={t(lang, Key::ColColumn)}>
                                { p.column.as_deref().map(|c| column_header(lang, kind, c)).unwrap_or_else(|| t(lang, Key::Dash).to_owned()) }
                            </td>
                            <td data-label={t(lang, Key::ColProblem)}>
                                { row_problem_text(lang, &p.code).map(str::to_owned).unwrap_or_else(|| p.code.clone()) }
                            </td>
                            <td data-label={t(lang, Key::ColServerNote)} class="muted"><span lang="en">{ p.message.clone() }</span></td>
                        </tr>
                    }) }
                </tbody>
            </table>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_documented_row_problem_is_translated() {
        for code in [
            "unknown_column",
            "duplicate_column",
            "missing_column",
            "missing_field",
            "too_long",
            "bad_date",
            "bad_class_name",
            "unknown_class",
            "unknown_teacher",
            "bad_phone",
            "bad_email",
            "bad_login",
            "bad_role",
            "date_before_birth",
            "unknown_student",
            "ambiguous_student",
            "unknown_guardian",
            "ambiguous_guardian",
            "bad_relation",
            "duplicate_in_file",
            "already_exists",
            "login_taken",
        ] {
            assert!(row_problem_text(Lang::Ru, code).is_some(), "{code}");
        }
    }

    #[test]
    fn columns_are_named_by_their_russian_headers() {
        assert_eq!(
            column_header(Lang::Ru, ImportKind::Students, "birth_date"),
            "Дата рождения"
        );
        assert_eq!(
            column_header(Lang::En, ImportKind::Students, "birth_date"),
            "birth_date"
        );
        assert!(columns_line(Lang::Ru, ImportKind::Students).starts_with("Фамилия*; Имя*"));
    }
}
