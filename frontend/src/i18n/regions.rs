//! Texts of «Показатели школ», the page of a region (municipality) account (R-A9, R-E4): the
//! figures of its schools by school, class and subject over a period.

use super::Key;

/// The Russian and English text of a regions key; `None` for a key of another area.
pub(super) const fn texts(key: Key) -> Option<(&'static str, &'static str)> {
    use Key::*;
    Some(match key {
        NavRegion => ("Показатели школ", "Schools' figures"),
        CardRegionText => (
            "Успеваемость, качество и пропуски уроков в школах муниципалитета: по школам, классам и предметам, без персональных данных.",
            "Pass rate, quality and missed lessons in the municipality's schools: by school, class and subject, with no personal data.",
        ),
        RgTitle => ("Показатели школ", "Schools' figures"),
        RgIntro => (
            "Сводные показатели школ муниципалитета за период: только числа, без имён. Каждая школа считается по своим датам периода; нажмите на школу, чтобы увидеть её классы и предметы.",
            "The municipality's schools' figures over a period: numbers only, no names. Each school is counted over its own dates of the period; click a school to see its classes and subjects.",
        ),
        RgRegion => ("Муниципалитет", "Municipality"),
        RgWholeYear => ("Год", "Year"),
        RgQuarters => ("Четверти", "Quarters"),
        RgTrimesters => ("Триместры", "Trimesters"),
        RgHalves => ("Полугодия", "Halves"),
        RgNoRegions => (
            "Этой учётной записи не назначен ни один муниципалитет.",
            "No municipality is assigned to this account.",
        ),
        RgNoSchools => (
            "В муниципалитете пока нет школ.",
            "The municipality has no schools yet.",
        ),
        RgTotal => ("Итого по муниципалитету", "Municipality total"),
        RgSchools => ("Школы", "Schools"),
        RgColSchool => ("Школа", "School"),
        RgSchoolCount => ("Школ", "Schools"),
        RgNoPeriod => ("нет такого периода", "no such period"),
        RgNoPeriodLong => (
            "В календаре школы за этот учебный год нет такого периода: она не входит в итог.",
            "The school's calendar of this school year has no such period: it is not in the total.",
        ),
        RgPeriodDates => ("{from} — {to}", "{from} – {to}"),
        RgClassesOf => ("Классы: {school}", "Classes: {school}"),
        RgSubjectsOf => ("Предметы: {school}", "Subjects: {school}"),
        RgBySubject => ("Муниципалитет по предметам", "The municipality by subject"),
        RgColFinals => ("Итоговых отметок", "Finals"),
        RgColFinalsLong => (
            "Итоговые отметки за период, учтённые в показателях",
            "The period's final marks counted in the figures",
        ),
        RgCaptionSchools => ("Показатели школ: {what}", "Schools' figures: {what}"),
        RgCaptionClasses => ("Классы школы {school}: {what}", "Classes of {school}: {what}"),
        RgCaptionSubjects => (
            "Предметы школы {school}: {what}",
            "Subjects of {school}: {what}",
        ),
        RgCaptionRegion => (
            "Муниципалитет по предметам: {what}",
            "The municipality by subject: {what}",
        ),
        RgNoClasses => (
            "За этот период данных по классам нет.",
            "No class figures for this period.",
        ),
        RgNoFinals => (
            "Итоговых отметок за этот период нет.",
            "No final marks for this period.",
        ),
        RgColQualityLong => (
            "Доля отличников и хорошистов среди учеников",
            "Share of top and good students among the students",
        ),
        RgForbidden => (
            "Показатели этого муниципалитета вам недоступны.",
            "This municipality's figures are not available to you.",
        ),
        _ => return None,
    })
}
