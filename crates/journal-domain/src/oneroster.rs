//! The query language of OneRoster 1.2's REST binding (R-E3): the `filter` grammar and the
//! `fields` selection, parsed once here and used by every OneRoster list (issue 15).
//!
//! **Filter.** `field` `predicate` `'value'`, or two such clauses joined by ` AND ` or ` OR `
//! (spaces around the word, upper case): `familyName='Иванова'`,
//! `role='student' AND dateLastModified>'2026-09-01'`. Predicates: `=`, `!=`, `>`, `>=`, `<`, `<=`
//! and `~` (contains, case-insensitive). The value is always single-quoted; a quote inside it is
//! doubled (`'O''Brien'`). A field must be one of the list's own fields, else the request is
//! refused with `invalid_filter_field`, as the standard asks; anything else malformed is refused
//! the same way, naming what is wrong.
//!
//! **Comparison.** Values are the fields as the API shows them: text, ISO dates and times
//! (ordered as text, which is their order), numbers (ordered as numbers when both sides are
//! numbers), `true`/`false`.

use crate::marks::Scale;
use crate::people::Relation;
use crate::Role;
use std::cmp::Ordering;
use uuid::Uuid;

/// The longest filter read (longer ones are refused before they are looked at).
pub const MAX_FILTER_LEN: usize = 1024;

/// A filter predicate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Predicate {
    Eq,
    Ne,
    Gt,
    Ge,
    Lt,
    Le,
    /// `~`: the field's text contains the value, case-insensitive.
    Contains,
}

/// One `field predicate 'value'` clause.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clause {
    pub field: String,
    pub predicate: Predicate,
    pub value: String,
}

/// How two clauses are joined.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Logical {
    And,
    Or,
}

/// A parsed filter: one clause, or two joined.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Filter {
    pub first: Clause,
    pub second: Option<(Logical, Clause)>,
}

/// Why a filter or a field selection is refused (`imsx_CodeMinor` `invalid_filter_field` or
/// `invalid_selection_field`; the text is the `imsx_description`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QueryError {
    #[error("the filter is empty")]
    Empty,
    #[error("the filter is longer than {MAX_FILTER_LEN} characters")]
    TooLong,
    #[error("`{0}` is not a field of this list")]
    UnknownField(String),
    #[error("no predicate (=, !=, >, >=, <, <=, ~) after `{0}`")]
    NoPredicate(String),
    #[error("the value after `{0}` must be in single quotes")]
    Unquoted(String),
    #[error("the value after `{0}` has no closing quote")]
    Unclosed(String),
    #[error("after a clause comes ` AND ` or ` OR ` and one more clause, not `{0}`")]
    Trailing(String),
    #[error("at most two clauses are joined")]
    TooManyClauses,
    #[error("`{0}` is not a field of this list")]
    UnknownSelection(String),
}

impl QueryError {
    /// The standard's `imsx_CodeMinor` for it.
    pub fn code_minor(&self) -> &'static str {
        match self {
            QueryError::UnknownSelection(_) => "invalid_selection_field",
            _ => "invalid_filter_field",
        }
    }
}

/// Read a `filter` parameter against the list's `fields`.
pub fn parse_filter(text: &str, fields: &[&str]) -> Result<Filter, QueryError> {
    if text.len() > MAX_FILTER_LEN {
        return Err(QueryError::TooLong);
    }
    let text = text.trim();
    if text.is_empty() {
        return Err(QueryError::Empty);
    }
    let (first, rest) = clause(text, fields)?;
    if rest.is_empty() {
        return Ok(Filter {
            first,
            second: None,
        });
    }
    let (logical, rest) = if let Some(r) = rest.strip_prefix(" AND ") {
        (Logical::And, r)
    } else if let Some(r) = rest.strip_prefix(" OR ") {
        (Logical::Or, r)
    } else {
        return Err(QueryError::Trailing(rest.trim().to_owned()));
    };
    let (second, rest) = clause(rest.trim_start(), fields)?;
    if !rest.trim().is_empty() {
        return Err(if rest.starts_with(" AND ") || rest.starts_with(" OR ") {
            QueryError::TooManyClauses
        } else {
            QueryError::Trailing(rest.trim().to_owned())
        });
    }
    Ok(Filter {
        first,
        second: Some((logical, second)),
    })
}

/// One clause at the start of `text`, and what follows it.
fn clause<'t>(text: &'t str, fields: &[&str]) -> Result<(Clause, &'t str), QueryError> {
    let end = text
        .find(['=', '!', '>', '<', '~'])
        .ok_or_else(|| QueryError::NoPredicate(text.to_owned()))?;
    let field = text[..end].trim();
    if !fields.contains(&field) {
        return Err(QueryError::UnknownField(field.to_owned()));
    }
    let rest = &text[end..];
    let (predicate, rest) = [
        ("!=", Predicate::Ne),
        (">=", Predicate::Ge),
        ("<=", Predicate::Le),
        ("=", Predicate::Eq),
        (">", Predicate::Gt),
        ("<", Predicate::Lt),
        ("~", Predicate::Contains),
    ]
    .iter()
    .find_map(|(p, pred)| rest.strip_prefix(p).map(|r| (*pred, r)))
    .ok_or_else(|| QueryError::NoPredicate(field.to_owned()))?;
    let rest = rest.trim_start();
    let Some(quoted) = rest.strip_prefix('\'') else {
        return Err(QueryError::Unquoted(field.to_owned()));
    };
    // The value runs to the first quote not doubled.
    let mut value = String::new();
    let mut chars = quoted.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c != '\'' {
            value.push(c);
            continue;
        }
        if matches!(chars.peek(), Some((_, '\''))) {
            chars.next();
            value.push('\'');
            continue;
        }
        let clause = Clause {
            field: field.to_owned(),
            predicate,
            value,
        };
        return Ok((clause, &quoted[i + 1..]));
    }
    Err(QueryError::Unclosed(field.to_owned()))
}

impl Clause {
    /// Whether a record whose field reads `actual` (none: the record has no such value) keeps it.
    pub fn keeps(&self, actual: Option<&str>) -> bool {
        let Some(actual) = actual else {
            // A missing value equals nothing and differs from everything.
            return self.predicate == Predicate::Ne;
        };
        let order = || match (number(actual), number(&self.value)) {
            (Some(a), Some(b)) => a.total_cmp(&b),
            _ => actual.cmp(self.value.as_str()),
        };
        match self.predicate {
            Predicate::Contains => actual.to_lowercase().contains(&self.value.to_lowercase()),
            Predicate::Eq => order() == Ordering::Equal,
            Predicate::Ne => order() != Ordering::Equal,
            Predicate::Gt => order() == Ordering::Greater,
            Predicate::Ge => order() != Ordering::Less,
            Predicate::Lt => order() == Ordering::Less,
            Predicate::Le => order() != Ordering::Greater,
        }
    }
}

/// A value that is a plain decimal number (`10`, `-2.5`): not `inf`, `NaN` or `1e5`, which are
/// text here.
fn number(s: &str) -> Option<f64> {
    let plain = s.bytes().any(|b| b.is_ascii_digit())
        && s.bytes()
            .enumerate()
            .all(|(i, b)| b.is_ascii_digit() || b == b'.' || (i == 0 && b == b'-'));
    plain.then(|| s.parse().ok()).flatten()
}

impl Filter {
    /// Whether a record keeps, its fields read by `field`.
    pub fn keeps<'r>(&self, field: impl Fn(&str) -> Option<&'r str>) -> bool {
        let first = self.first.keeps(field(&self.first.field));
        match &self.second {
            None => first,
            Some((Logical::And, c)) => first && c.keeps(field(&c.field)),
            Some((Logical::Or, c)) => first || c.keeps(field(&c.field)),
        }
    }
}

/// Read a `fields` parameter (comma-separated) against the list's `fields`: the fields to show,
/// in the list's order, each once.
pub fn parse_fields<'f>(text: &str, fields: &[&'f str]) -> Result<Vec<&'f str>, QueryError> {
    let asked: Vec<&str> = text
        .split(',')
        .map(str::trim)
        .filter(|f| !f.is_empty())
        .collect();
    if let Some(unknown) = asked.iter().find(|a| !fields.contains(a)) {
        return Err(QueryError::UnknownSelection((*unknown).to_owned()));
    }
    Ok(fields
        .iter()
        .copied()
        .filter(|f| asked.contains(f))
        .collect())
}

/// The roles OneRoster is told a member of staff holds in the school (R-E3), from their roles:
/// teaching first, then the most senior (the first is their primary role), each once; none for
/// someone who is not staff.
pub fn staff_roles(roles: &[Role]) -> Vec<&'static str> {
    let mut out: Vec<&'static str> = Vec::new();
    for name in [
        (Role::Teacher, "teacher"),
        (Role::Director, "principal"),
        (Role::Deputy, "siteAdministrator"),
        (Role::Secretary, "siteAdministrator"),
        (Role::Admin, "systemAdministrator"),
    ]
    .into_iter()
    .filter(|(r, _)| roles.contains(r))
    .map(|(_, name)| name)
    {
        if !out.contains(&name) {
            out.push(name);
        }
    }
    out
}

/// A guardian's OneRoster role: `parent` for a mother or a father of one of their students,
/// `guardian` for a legal guardian only.
pub fn guardian_role(relations: impl IntoIterator<Item = Relation>) -> &'static str {
    if relations
        .into_iter()
        .any(|r| matches!(r, Relation::Mother | Relation::Father))
    {
        "parent"
    } else {
        "guardian"
    }
}

/// A person's OneRoster `status`: `tobedeleted` for a withdrawn student (the record stays in
/// Journal, the integration may let it go), `active` otherwise. `stored` is the student's stored
/// status, or `active` for anyone else.
pub fn record_status(stored: &str) -> &'static str {
    match crate::people::StudentStatus::parse(stored) {
        Some(crate::people::StudentStatus::Withdrawn) => "tobedeleted",
        _ => "active",
    }
}

/// The `sourcedId` of a school's homeroom course («Классный коллектив», the course every homeroom
/// class belongs to): derived from the school's, so it is stable and tells the school back.
pub fn homeroom_course(school: Uuid) -> Uuid {
    Uuid::from_u128(school.as_u128() ^ HOMEROOM_COURSE_MASK)
}

/// A stored mark or final as a OneRoster result: a five-point mark is its number (`score`);
/// anything else — Н/А, «осв.», зачёт, усвоил — its printed text (`textScore`,
/// `crate::printed::mark`).
pub fn score(value: &str) -> (Option<f64>, Option<String>) {
    match Scale::FivePoint.points(value) {
        Some(n) => (Some(f64::from(n)), None),
        None => (None, Some(crate::printed::mark(value).into_owned())),
    }
}

/// A scale's values as OneRoster's `scoreScaleValue` mappings: (the value as a result shows it,
/// what it means). A result on a five-point scale may also be Н/А or «осв.»; a subject taught
/// without marks has its one mapping, «без отметок».
pub fn scale_values(scale: Scale) -> Vec<(String, &'static str)> {
    let meaning = |v: &str| match v {
        "5" => "отлично",
        "4" => "хорошо",
        "3" => "удовлетворительно",
        "2" => "неудовлетворительно",
        "1" => "плохо",
        "pass" => "зачтено",
        "fail" => "не зачтено",
        "mastered" => "усвоил",
        "not_mastered" => "не усвоил",
        crate::marks::NOT_ATTESTED => "не аттестован",
        _ => "освобождён",
    };
    if scale == Scale::NoMarks {
        return vec![("—".into(), "без отметок")];
    }
    scale
        .values()
        .iter()
        .copied()
        .chain([crate::marks::NOT_ATTESTED, crate::marks::EXEMPT])
        .map(|v| (score(v).1.unwrap_or_else(|| v.to_owned()), meaning(v)))
        .collect()
}

/// A scale's title and OneRoster `type`.
pub fn scale_title(scale: Scale) -> (&'static str, &'static str) {
    match scale {
        Scale::FivePoint => ("Пятибалльная", "five_point"),
        Scale::PassFail => ("Зачёт / незачёт", "pass_fail"),
        Scale::Mastery => ("Усвоил / не усвоил", "mastery"),
        Scale::NoMarks => ("Безотметочное обучение", "no_marks"),
    }
}

/// What the homeroom course's id differs from its school's by.
const HOMEROOM_COURSE_MASK: u128 = 0x686f_6d65_726f_6f6d_2063_6f75_7273_6521;

#[cfg(test)]
mod tests {
    use super::*;

    const USER: &[&str] = &[
        "sourcedId",
        "status",
        "dateLastModified",
        "givenName",
        "familyName",
        "role",
    ];

    fn clause(field: &str, predicate: Predicate, value: &str) -> Clause {
        Clause {
            field: field.into(),
            predicate,
            value: value.into(),
        }
    }

    #[test]
    fn one_clause_and_two_joined_are_read() {
        assert_eq!(
            parse_filter("familyName='Иванова'", USER),
            Ok(Filter {
                first: clause("familyName", Predicate::Eq, "Иванова"),
                second: None
            })
        );
        assert_eq!(
            parse_filter(
                "role='student' AND dateLastModified>='2026-09-01T00:00:00Z'",
                USER
            ),
            Ok(Filter {
                first: clause("role", Predicate::Eq, "student"),
                second: Some((
                    Logical::And,
                    clause("dateLastModified", Predicate::Ge, "2026-09-01T00:00:00Z")
                )),
            })
        );
        let or = parse_filter("givenName~'ан' OR status!='active'", USER).unwrap_or_else(|e| {
            panic!("{e}");
        });
        assert_eq!(
            or.second.map(|(l, c)| (l, c.predicate)),
            Some((Logical::Or, Predicate::Ne))
        );
        assert_eq!(
            parse_filter("familyName='O''Brien'", USER).map(|f| f.first.value),
            Ok("O'Brien".to_owned()),
            "a doubled quote is a quote"
        );
        assert_eq!(
            parse_filter("familyName='a AND b'", USER).map(|f| f.first.value),
            Ok("a AND b".to_owned()),
            "a joining word inside a value is part of it"
        );
    }

    #[test]
    fn what_is_not_the_grammar_is_refused_with_its_reason() {
        use QueryError::*;
        assert_eq!(parse_filter("  ", USER), Err(Empty));
        assert_eq!(
            parse_filter("password='x'", USER),
            Err(UnknownField("password".into()))
        );
        assert_eq!(
            parse_filter("familyName", USER),
            Err(NoPredicate("familyName".into()))
        );
        assert_eq!(
            parse_filter("familyName=Иванова", USER),
            Err(Unquoted("familyName".into()))
        );
        assert_eq!(
            parse_filter("familyName='Иванова", USER),
            Err(Unclosed("familyName".into()))
        );
        assert_eq!(
            parse_filter("role='student' and status='active'", USER),
            Err(Trailing("and status='active'".into()))
        );
        assert_eq!(
            parse_filter("role='a' AND role='b' OR role='c'", USER),
            Err(TooManyClauses)
        );
        assert_eq!(parse_filter(&"x".repeat(2000), USER), Err(TooLong));
        assert_eq!(Empty.code_minor(), "invalid_filter_field");
    }

    #[test]
    fn records_are_kept_by_text_date_number_and_contains() {
        let pupil = |f: &str| match f {
            "familyName" => Some("Иванова"),
            "dateLastModified" => Some("2026-11-02T08:00:00Z"),
            "sourcedId" => Some("10"),
            _ => None,
        };
        let keeps = |filter: &str| {
            parse_filter(filter, USER)
                .unwrap_or_else(|e| panic!("{filter}: {e}"))
                .keeps(pupil)
        };
        assert!(keeps("familyName='Иванова'"));
        assert!(!keeps("familyName!='Иванова'"));
        assert!(keeps("familyName~'ИВАН'"), "contains, whatever the case");
        assert!(keeps("dateLastModified>'2026-09-01'"));
        assert!(!keeps("dateLastModified<'2026-09-01'"));
        assert!(keeps("sourcedId>'9'"), "numbers as numbers: 10 > 9");
        assert!(keeps("sourcedId<='10'"));
        assert!(
            keeps("familyName>'Inf'"),
            "words that Rust reads as numbers stay words"
        );
        assert!(!keeps("role='student'"), "no value equals nothing");
        assert!(keeps("role!='student'"));
        assert!(keeps("role='student' OR familyName='Иванова'"));
        assert!(!keeps("role='student' AND familyName='Иванова'"));
    }

    #[test]
    fn a_selection_keeps_known_fields_in_the_lists_order() {
        assert_eq!(
            parse_fields("familyName, sourcedId,familyName", USER),
            Ok(vec!["sourcedId", "familyName"])
        );
        let unknown = parse_fields("sourcedId,password", USER);
        assert_eq!(
            unknown,
            Err(QueryError::UnknownSelection("password".into()))
        );
        assert_eq!(
            unknown.err().map(|e| e.code_minor()),
            Some("invalid_selection_field")
        );
    }

    #[test]
    fn staff_are_told_as_teachers_first_then_the_most_senior_role() {
        assert_eq!(
            staff_roles(&[Role::Deputy, Role::Teacher, Role::Secretary]),
            ["teacher", "siteAdministrator"]
        );
        assert_eq!(staff_roles(&[Role::Director]), ["principal"]);
        assert_eq!(staff_roles(&[Role::Admin]), ["systemAdministrator"]);
        assert!(staff_roles(&[Role::Guardian, Role::Student]).is_empty());
    }

    #[test]
    fn a_mother_or_father_is_a_parent_and_a_legal_guardian_a_guardian() {
        assert_eq!(
            guardian_role([Relation::Guardian, Relation::Mother]),
            "parent"
        );
        assert_eq!(guardian_role([Relation::Father]), "parent");
        assert_eq!(guardian_role([Relation::Guardian]), "guardian");
        assert_eq!(guardian_role([]), "guardian");
    }

    #[test]
    fn the_homeroom_course_is_stable_distinct_and_tells_its_school() {
        let school = Uuid::from_u128(0x1234_5678_9abc_def0_1234_5678_9abc_def0);
        let course = homeroom_course(school);
        assert_ne!(course, school);
        assert_eq!(course, homeroom_course(school));
        assert_eq!(homeroom_course(course), school);
    }

    #[test]
    fn a_five_point_mark_is_a_score_and_anything_else_its_printed_text() {
        assert_eq!(score("4"), (Some(4.0), None));
        assert_eq!(score("na"), (None, Some("н/а".into())));
        assert_eq!(score("pass"), (None, Some("зач.".into())));
        let five = scale_values(Scale::FivePoint);
        assert_eq!(five[0], ("5".into(), "отлично"));
        assert!(five.iter().any(|(v, _)| v == "н/а"));
        assert_eq!(scale_values(Scale::NoMarks).len(), 1);
        assert!(scale_values(Scale::PassFail)
            .iter()
            .any(|(v, m)| v == "незач." && *m == "не зачтено"));
    }

    #[test]
    fn a_withdrawn_student_is_to_be_deleted_and_everyone_else_active() {
        assert_eq!(record_status("withdrawn"), "tobedeleted");
        assert_eq!(record_status("active"), "active");
    }
}
