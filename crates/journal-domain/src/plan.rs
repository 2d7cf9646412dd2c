//! The lesson plan (КТП, R-T4) and the control-work schedule (R-T3).

use serde::{Deserialize, Serialize};

/// One planned topic.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlannedTopic {
    pub title: String,
    pub hours: u16,
}

/// A bad line of an imported plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineProblem {
    /// 1-based line number in the file.
    pub line: usize,
    pub code: String,
    pub message: String,
}

/// Parse a lesson plan from CSV text: `topic;hours` per line (`,` also accepted as the separator,
/// a leading number column `№;topic;hours` is skipped, a header line is recognised and skipped).
/// Every bad line is reported; nothing is returned unless every line is good.
pub fn parse_plan_csv(text: &str) -> Result<Vec<PlannedTopic>, Vec<LineProblem>> {
    let mut topics = Vec::new();
    let mut problems = Vec::new();
    let text = text.trim_start_matches('\u{feff}');
    for (i, raw) in text.lines().enumerate() {
        let line = i + 1;
        let raw = raw.trim();
        if raw.is_empty() {
            continue;
        }
        let sep = if raw.contains(';') { ';' } else { ',' };
        let mut cells: Vec<&str> = raw
            .split(sep)
            .map(|c| c.trim().trim_matches('"').trim())
            .collect();
        if cells.len() == 3 && cells[0].chars().all(|c| c.is_ascii_digit() || c == '.') {
            cells.remove(0);
        }
        let is_header = line == 1
            && cells
                .last()
                .is_some_and(|c| c.parse::<u16>().is_err() && !c.is_empty())
            && cells.iter().any(|c| {
                let l = c.to_lowercase();
                l.contains("тема") || l.contains("topic")
            });
        if is_header {
            continue;
        }
        let problem = |code: &str, message: &str| LineProblem {
            line,
            code: code.into(),
            message: message.into(),
        };
        match cells.as_slice() {
            // No text holds U+0000 (PostgreSQL cannot store it).
            _ if raw.contains('\0') => problems.push(problem(
                "nul_character",
                "the line holds the character U+0000",
            )),
            [title, hours] if !title.is_empty() => match hours.parse::<u16>() {
                Ok(h) if (1..=200).contains(&h) => topics.push(PlannedTopic {
                    title: (*title).to_owned(),
                    hours: h,
                }),
                _ => problems.push(problem(
                    "bad_hours",
                    "hours must be a whole number from 1 to 200",
                )),
            },
            ["", _] => problems.push(problem("missing_topic", "the topic is empty")),
            _ => problems.push(problem("bad_columns", "expected `topic;hours`")),
        }
    }
    if topics.is_empty() && problems.is_empty() {
        problems.push(LineProblem {
            line: 1,
            code: "empty_plan".into(),
            message: "the file holds no topics".into(),
        });
    }
    if problems.is_empty() {
        Ok(topics)
    } else {
        Err(problems)
    }
}

/// Where a topic stands against the lessons held (plan versus fact, R-T4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TopicProgress {
    Done,
    InProgress,
    Ahead,
}

/// Progress of each topic given the number of lessons held so far: topics are covered in order,
/// each taking its planned hours.
pub fn progress(topics: &[PlannedTopic], held: u32) -> Vec<TopicProgress> {
    let mut before = 0_u32;
    topics
        .iter()
        .map(|t| {
            let end = before + u32::from(t.hours);
            let p = if held >= end {
                TopicProgress::Done
            } else if held > before {
                TopicProgress::InProgress
            } else {
                TopicProgress::Ahead
            };
            before = end;
            p
        })
        .collect()
}

/// Whether one more control work fits a class's day (R-T3): at most `limit` a day.
pub fn control_work_fits(already_that_day: u32, limit: u32) -> bool {
    already_that_day < limit
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plan_csv_with_header_and_numbers() {
        let text = "\u{feff}№;Тема;Часы\n1;Натуральные числа;4\n2;\"Дроби\";6\n";
        let topics = parse_plan_csv(text).unwrap();
        assert_eq!(topics.len(), 2);
        assert_eq!(
            topics[1],
            PlannedTopic {
                title: "Дроби".into(),
                hours: 6
            }
        );
    }

    #[test]
    fn every_bad_line_is_reported() {
        let problems = parse_plan_csv("Числа,4\n;3\nДроби;много\nодна колонка\n").unwrap_err();
        let lines: Vec<(usize, &str)> =
            problems.iter().map(|p| (p.line, p.code.as_str())).collect();
        assert_eq!(
            lines,
            [(2, "missing_topic"), (3, "bad_hours"), (4, "bad_columns")]
        );
        assert_eq!(parse_plan_csv("\n").unwrap_err()[0].code, "empty_plan");
        assert_eq!(
            parse_plan_csv("Числа;4\nДро\0би;2\n").unwrap_err()[0].code,
            "nul_character"
        );
    }

    #[test]
    fn progress_follows_the_hours() {
        let t = |h| PlannedTopic {
            title: String::new(),
            hours: h,
        };
        let topics = [t(2), t(3), t(1)];
        use TopicProgress::*;
        assert_eq!(progress(&topics, 0), [Ahead, Ahead, Ahead]);
        assert_eq!(progress(&topics, 3), [Done, InProgress, Ahead]);
        assert_eq!(progress(&topics, 6), [Done, Done, Done]);
    }

    #[test]
    fn one_control_work_a_day_by_default() {
        assert!(control_work_fits(0, 1));
        assert!(!control_work_fits(1, 1));
        assert!(control_work_fits(1, 2));
    }
}
