//! Tests of the journal grid without drawing: typing, undo, the cell panel, finals and movement.

use super::cells::DEFAULT_WORK_TYPE;
use super::keys::CellKeyAction;
use super::*;
use chrono::NaiveDate;
use journal_api_types::journal::{CellChange, JournalPage};
use journal_domain::journal::Attendance;
use journal_domain::marks::{Risk, Scale, NOT_ATTESTED};
use uuid::Uuid;

fn d(m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, m, day).unwrap_or_default()
}

fn page() -> JournalPage {
    let lesson = |day: u32| {
        serde_json::json!({"entry_id": Uuid::nil(), "lesson_date": d(11, day), "held_on": d(11, day),
            "lesson_number": 2, "conducted": false, "work_types": [], "writable": true})
    };
    let student = |n: u128, name: &str| {
        serde_json::json!({"id": Uuid::from_u128(n), "name": name, "marks": [], "attendance": [],
            "forecast": {"average": null, "marks": 0, "mark": null, "risks": ["too_few_marks"]},
            "finals": []})
    };
    serde_json::from_value(serde_json::json!({
        "assignment_id": Uuid::nil(), "class_id": Uuid::nil(), "class_name": "7А",
        "subject_id": Uuid::nil(), "subject_name": "Математика",
        "teacher_id": Uuid::nil(), "teacher_name": "Иванова Мария Петровна",
        "period": {"id": Uuid::from_u128(9), "kind": "quarter", "number": 2,
            "starts_on": d(11, 5), "ends_on": d(12, 28)},
        "scale": "five_point",
        "work_types": [
            {"code": "oral", "name": "Устный ответ", "weight": 1.0, "archived": false},
            {"code": "control", "name": "Контрольная работа", "weight": 2.0, "archived": false}],
        "thresholds": {"three": 2.5, "four": 3.5, "five": 4.5}, "min_marks": 3,
        "version": 1, "locked": false, "access": "keep", "leads_class": false, "locks": [],
        "lessons": [lesson(10), lesson(12), lesson(17)],
        "students": [student(1, "Агеев Антон"), student(2, "Ёлкина Ева")]
    }))
    .unwrap_or_else(|e| panic!("a page: {e}"))
}

fn typed(p: &JournalPage, row: usize, col: usize, wt: &str, key: &str) -> Vec<CellChange> {
    let action = cell_key_action(p.scale, key).unwrap_or_else(|| panic!("key {key}"));
    cell_changes(p, &p.students[row], &p.lessons[col], wt, &action, d(11, 20))
}

#[test]
fn typed_marks_recompute_the_average_and_forecast_like_the_server() {
    let today = d(11, 20);
    let mut p = page();
    let mut queue = Vec::new();
    queue.extend(typed(&p, 0, 0, "oral", "5"));
    p = shown(&p, &queue, today);
    queue.extend(typed(&p, 0, 1, "control", "3"));
    p = shown(&page(), &queue, today);
    let f = &p.students[0].forecast;
    // (5·1 + 3·2) / 3 = 3.67 → 4, two marks of three wanted.
    assert_eq!(f.marks, 2);
    assert!((f.average.unwrap_or_default() - 11.0 / 3.0).abs() < 1e-9);
    assert_eq!(f.mark, Some(4));
    assert_eq!(f.risks, vec![Risk::TooFewMarks]);
    queue.extend(typed(&p, 0, 2, "oral", "2"));
    let p = shown(&page(), &queue, today);
    assert_eq!(p.students[0].forecast.marks, 3);
    assert!(p.students[0].forecast.risks.is_empty(), "13/4 = 3.25 → 3");
    assert_eq!(
        p.students[1].forecast.marks, 0,
        "the other row is untouched"
    );
}

#[test]
fn a_cell_holds_a_mark_per_work_type_and_clears_at_once() {
    let today = d(11, 20);
    let base = page();
    let mut queue = typed(&base, 1, 0, "control", "4");
    let p = shown(&base, &queue, today);
    queue.extend(typed(&p, 1, 0, "oral", "5"));
    let p = shown(&base, &queue, today);
    let values: Vec<&str> = marks_in(&p, &p.students[1], &p.lessons[0])
        .iter()
        .map(|m| m.value.as_str())
        .collect();
    assert_eq!(values, ["5", "4"], "in the order of the page's work types");
    assert!(
        typed(&p, 1, 0, "oral", "5").is_empty(),
        "the same mark again"
    );
    queue.extend(typed(&p, 1, 0, "oral", "н"));
    let p = shown(&base, &queue, today);
    assert_eq!(p.students[1].attendance[0].status, "absent");
    let clear = typed(&p, 1, 0, "oral", "Delete");
    assert_eq!(clear.len(), 3, "two marks and the absence");
    queue.extend(clear);
    let p = shown(&base, &queue, today);
    assert!(p.students[1].marks.is_empty() && p.students[1].attendance.is_empty());
}

#[test]
fn absence_and_lateness_toggle() {
    let today = d(11, 20);
    let base = page();
    let on = typed(&base, 0, 1, "oral", "n");
    let p = shown(&base, &on, today);
    assert_eq!(
        attendance_in(&p.students[0], &p.lessons[1]).map(|a| a.status.as_str()),
        Some("absent")
    );
    let late = typed(&p, 0, 1, "oral", "о");
    let p2 = shown(&p, &late, today);
    assert_eq!(
        attendance_in(&p2.students[0], &p2.lessons[1]).map(|a| a.status.as_str()),
        Some("late")
    );
    let off = typed(&p, 0, 1, "oral", "н");
    let p3 = shown(&p, &off, today);
    assert!(attendance_in(&p3.students[0], &p3.lessons[1]).is_none());
}

#[test]
fn undo_puts_the_cell_back() {
    let today = d(11, 20);
    let base = page();
    let first = typed(&base, 0, 0, "oral", "3");
    let p = shown(&base, &first, today);
    let second = typed(&p, 0, 0, "oral", "5");
    let back = inverse(&p, &second[0]).unwrap_or_else(|| panic!("an inverse"));
    let p2 = shown(&p, &[second[0].clone(), back], today);
    assert_eq!(p2.students[0].marks[0].value, "3");
    let gone = inverse(&base, &first[0]).unwrap_or_else(|| panic!("an inverse"));
    let p3 = shown(&p, &[gone], today);
    assert!(p3.students[0].marks.is_empty());
}

#[test]
fn lesson_homework_is_due_by_the_next_lesson_unless_said() {
    let base = page();
    let change = CellChange::Lesson {
        entry_id: Uuid::nil(),
        lesson_date: d(11, 10),
        conducted: true,
        topic: Some("  Дроби ".into()),
        plan_topic_id: None,
        work_types: vec!["control".into()],
        homework: Some("№ 12".into()),
        homework_due: None,
        homework_note: None,
        attendance_taken: true,
    };
    let p = shown(&base, &[change], d(11, 10));
    let l = &p.lessons[0];
    assert!(l.attendance_taken, "«все присутствуют» shows at once");
    assert_eq!(l.topic.as_deref(), Some("Дроби"));
    assert_eq!(l.homework_due, Some(d(11, 12)));
    assert_eq!(default_work_type(l), "control");
    assert_eq!(default_work_type(&p.lessons[1]), DEFAULT_WORK_TYPE);
}

#[test]
fn finals_supersede_and_accept_not_attested() {
    let mut base = page();
    assert_eq!(final_of_key(base.scale, "н").as_deref(), Some(NOT_ATTESTED));
    assert_eq!(final_of_key(base.scale, "4").as_deref(), Some("4"));
    assert_eq!(final_of_key(base.scale, "7"), None);
    let set = |v: &str| CellChange::Final {
        student_id: Uuid::from_u128(1),
        final_kind: "period".into(),
        value: Some(v.into()),
        deferred_until: None,
        comment: None,
    };
    for v in ["3", "4"] {
        apply(&mut base, &set(v), d(12, 20));
    }
    let f = period_final(&base.students[0]).and_then(|f| f.value.as_deref());
    assert_eq!(f, Some("4"));
    assert_eq!(
        base.students[0].finals.iter().filter(|f| f.current).count(),
        1
    );
}

#[test]
fn a_mark_for_an_absent_student_is_a_make_up_dated_today() {
    let today = d(11, 20);
    let base = page();
    let absent = typed(&base, 0, 0, "oral", "н");
    let p = shown(&base, &absent, today);
    let mark = typed(&p, 0, 0, "oral", "4");
    assert!(matches!(&mark[0], CellChange::Mark { given_on: Some(g), .. } if *g == today));
    let p = shown(&base, &[absent, mark].concat(), today);
    let l = &p.lessons[0];
    let m = marks_in(&p, &p.students[0], l)[0];
    assert!(is_make_up(m, l), "given later than the lesson");
    assert_eq!(
        attendance_in(&p.students[0], l).map(|a| a.status.as_str()),
        Some("absent"),
        "the absence stays visible alongside"
    );
    // Present students get marks on the lesson's day.
    let plain = typed(&base, 1, 0, "oral", "5");
    assert!(matches!(&plain[0], CellChange::Mark { given_on: None, .. }));
    // A later lesson than today is no make-up.
    assert_eq!(make_up_date(&p.students[0], &p.lessons[0], d(11, 10)), None);
}

#[test]
fn retyping_a_mark_keeps_its_comment_and_make_up_date() {
    let today = d(11, 20);
    let base = page();
    let l = base.lessons[0].clone();
    let s = base.students[0].clone();
    let edit = MarkEdit {
        work_type: "oral".into(),
        value: "3".into(),
        comment: " Не выучил правило ".into(),
        given_on: Some(d(11, 14)),
    };
    let first = cell_edit_changes(&s, &l, None, None, &[edit], false);
    assert_eq!(first.len(), 1, "only the mark: attendance unchanged");
    let p = shown(&base, &first, today);
    let m = marks_in(&p, &p.students[0], &p.lessons[0])[0];
    assert_eq!(m.comment.as_deref(), Some("Не выучил правило"));
    assert_eq!(m.given_on, d(11, 14));
    let again = typed(&p, 0, 0, "oral", "4");
    let p2 = shown(&p, &again, today);
    let m = marks_in(&p2, &p2.students[0], &p2.lessons[0])[0];
    assert_eq!(m.value, "4");
    assert_eq!(m.comment.as_deref(), Some("Не выучил правило"));
    assert_eq!(m.given_on, d(11, 14));
    // The panel unchanged sends nothing; a removed value removes the mark.
    let same = MarkEdit::of(m, &p2.lessons[0]);
    assert!(cell_edit_changes(
        &p2.students[0],
        &p2.lessons[0],
        None,
        None,
        std::slice::from_ref(&same),
        false
    )
    .is_empty());
    let gone = MarkEdit {
        value: String::new(),
        ..same
    };
    let out = cell_edit_changes(&p2.students[0], &p2.lessons[0], None, None, &[gone], false);
    assert!(matches!(&out[..], [CellChange::Mark { value: None, .. }]));
}

#[test]
fn the_class_teacher_sends_only_reasons_of_absences() {
    let today = d(11, 20);
    let base = page();
    let absent = typed(&base, 0, 1, "oral", "н");
    let p = shown(&base, &absent, today);
    let (s, l) = (&p.students[0], &p.lessons[1]);
    let mark = MarkEdit {
        work_type: "oral".into(),
        value: "5".into(),
        ..MarkEdit::default()
    };
    let out = cell_edit_changes(
        s,
        l,
        Some("absent"),
        Some("illness"),
        std::slice::from_ref(&mark),
        true,
    );
    assert_eq!(
        out,
        [CellChange::Attendance {
            entry_id: l.entry_id,
            lesson_date: l.lesson_date,
            student_id: s.id,
            status: Some(Attendance::Absent),
            reason: Some("illness".into()),
        }],
        "no mark, only the reason"
    );
    // Nothing to correct where the student was present, or a status change.
    assert!(cell_edit_changes(
        &p.students[1],
        l,
        Some("absent"),
        Some("illness"),
        &[],
        true
    )
    .is_empty());
    assert!(cell_edit_changes(s, l, None, None, &[], true).is_empty());
    // The lesson's teacher changes status and reason; a reason without a status is dropped.
    let out = cell_edit_changes(s, l, None, Some("illness"), &[], false);
    assert!(matches!(
        &out[..],
        [CellChange::Attendance {
            status: None,
            reason: None,
            ..
        }]
    ));
}

#[test]
fn finals_of_every_kind_and_liquidation_after_the_lock() {
    let mut p = page();
    let student = Uuid::from_u128(1);
    let set = |kind: &str, v: &str| final_change(student, kind, v, None, "");
    assert_eq!(
        final_change(student, "year", "", None, ""),
        None,
        "nothing chosen"
    );
    let deferral = final_change(student, "exam", "", Some(d(12, 20)), " по болезни ");
    assert!(
        matches!(&deferral, Some(CellChange::Final { value: None, deferred_until: Some(_), comment: Some(c), .. }) if c == "по болезни")
    );
    let both = final_change(student, "year", "4", Some(d(12, 20)), "");
    assert!(
        matches!(
            &both,
            Some(CellChange::Final {
                value: Some(_),
                deferred_until: None,
                ..
            })
        ),
        "a value wins"
    );
    for c in [set("period", "2"), set("year", "4"), deferral]
        .into_iter()
        .flatten()
    {
        apply(&mut p, &c, d(12, 20));
    }
    let today = d(12, 20);
    assert!(final_settable(&p, &p.students[0], "year", today));
    let reader = JournalPage {
        access: journal_domain::page::PageAccess::Read,
        ..p.clone()
    };
    assert!(
        !final_settable(&reader, &reader.students[0], "year", today),
        "not the keeper"
    );
    p.locked = true;
    let s = p.students[0].clone();
    assert!(final_settable(&p, &s, "period", today), "a 2 is a debt");
    assert!(
        final_settable(&p, &s, "exam", today),
        "a deferral is a debt"
    );
    assert!(!final_settable(&p, &s, "year", today), "a 4 is no debt");
    assert!(
        !final_settable(&p, &s, "final", today),
        "nothing to liquidate"
    );
    if let Some(c) = set("period", "3") {
        apply(&mut p, &c, d(12, 27));
    }
    let history = finals_of(&p, &p.students[0], "period");
    assert_eq!(history.len(), 2, "the earlier final stays in the history");
    let now = history[1];
    assert!(now.current && now.liquidation && now.value.as_deref() == Some("3"));
    assert!(!history[0].current);
    assert_eq!(
        period_final(&p.students[0]).map(|f| f.liquidation),
        Some(true)
    );
}

#[test]
fn keys_move_the_active_cell_within_the_grid() {
    assert_eq!(moved("ArrowDown", false, (0, 0), 3, 4), Some((1, 0)));
    assert_eq!(moved("ArrowDown", false, (2, 0), 3, 4), Some((2, 0)));
    assert_eq!(moved("ArrowLeft", false, (0, 0), 3, 4), Some((0, 0)));
    // The grid is one Tab stop: Tab and Shift+Tab leave it from any cell (issue 12).
    assert_eq!(moved("Tab", false, (0, 0), 3, 4), None);
    assert_eq!(moved("Tab", true, (1, 2), 3, 4), None);
    assert_eq!(moved("x", false, (0, 0), 3, 4), None);
    assert_eq!(refused_index("changes[12]"), Some(12));
    assert_eq!(refused_index("changes"), None);
    assert_eq!(cell_key_action(Scale::FivePoint, "6"), None);
    assert_eq!(
        cell_key_action(Scale::PassFail, "+"),
        Some(CellKeyAction::Mark("pass".into()))
    );
}

#[test]
fn a_mark_an_absence_and_a_late_go_on_to_the_next_student_and_clearing_stays() {
    // Issue 12: «н» and «о» move down the column as a digit does.
    for key in ["5", "н", "n", "о", "o"] {
        let action = cell_key_action(Scale::FivePoint, key).unwrap();
        assert!(action.moves_down(), "{key}");
    }
    for key in ["Delete", "Backspace"] {
        assert!(!cell_key_action(Scale::FivePoint, key).unwrap().moves_down());
    }
}

#[test]
fn the_phone_picker_offers_the_scales_marks_then_absence_lateness_and_clearing() {
    use super::keys::picker_keys;
    assert_eq!(
        picker_keys(Scale::FivePoint),
        ["5", "4", "3", "2", "1", "н", "о", "Delete"]
    );
    assert_eq!(picker_keys(Scale::PassFail), ["+", "-", "н", "о", "Delete"]);
    assert_eq!(picker_keys(Scale::NoMarks), ["н", "о", "Delete"]);
    // Every key of the picker is one the cells take.
    for scale in [
        Scale::FivePoint,
        Scale::PassFail,
        Scale::Mastery,
        Scale::NoMarks,
    ] {
        for key in picker_keys(scale) {
            assert!(cell_key_action(scale, key).is_some(), "{scale:?} {key}");
        }
    }
}
