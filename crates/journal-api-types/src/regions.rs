//! The region (municipality) and its aggregated figures (R-A9, R-E4): by school, class, subject
//! and period, with no personal data — counts and the figures computed from them by the school
//! reports' own arithmetic (`journal_domain::reports`), so a school's line here equals what its
//! deputy reads in «Успеваемость» and «Посещаемость».

use crate::reports::{Absences, Figures, Filling, ReportFormat, Standings, Tally};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;
use validator::Validate;

/// A region the caller reads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RegionSummary {
    pub region_id: Uuid,
    pub name: String,
    /// How many schools it owns.
    pub schools: u32,
    /// Whether the account is allowed exports that name people.
    pub personal_exports: bool,
}

/// The regions of the caller (`GET /regions`): empty for anyone but a region account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MyRegions {
    pub regions: Vec<RegionSummary>,
}

/// What the aggregates are over.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct AggregatesQuery {
    /// The school year by the calendar year it starts in (2026 for 2026/27).
    #[validate(range(min = 2000, max = 2100))]
    pub year: i32,
    /// `quarter-1`…`quarter-4`, `trimester-1`…`trimester-3`, `half-1`, `half-2`, or `year` (the
    /// year's finals); each school's own period of that kind and number (else `400 invalid_query`).
    #[validate(length(min = 1, max = 16))]
    pub period: String,
    /// `json` (the default), `csv`, `xlsx` or `pdf`.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", param(inline))]
    pub format: ReportFormat,
}

/// A subject's finals.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SubjectAggregate {
    pub subject_name: String,
    pub tally: Tally,
    pub figures: Figures,
}

/// The counts of a class, a school or the region.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Counts {
    /// Every final of the period.
    pub tally: Tally,
    pub figures: Figures,
    /// Students by standing (отличники, хорошисты, …).
    pub standings: Standings,
    /// «Успеваемость» over students: without a failing final, per cent.
    pub success: Option<f64>,
    /// «Качество» over students: отличники and хорошисты, per cent.
    pub quality: Option<f64>,
    /// Lessons held over the period (attendance's count: each class's own and its groups').
    pub lessons_held: u32,
    pub absences: Absences,
    /// How the journal was kept over the period.
    pub filling: Filling,
}

/// One class of a school.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ClassAggregate {
    pub class_name: String,
    pub grade: i32,
    pub counts: Counts,
    pub subjects: Vec<SubjectAggregate>,
}

/// One school of the region.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SchoolAggregate {
    pub school_id: Uuid,
    pub school_name: String,
    /// The school's own dates of the period; absent when it has no such period that year (then
    /// it adds nothing).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<NaiveDate>,
    pub counts: Counts,
    pub classes: Vec<ClassAggregate>,
    pub subjects: Vec<SubjectAggregate>,
}

/// The region's figures over a period (R-E4).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RegionAggregates {
    pub region_id: Uuid,
    pub region_name: String,
    pub year: i32,
    pub period: String,
    pub schools: Vec<SchoolAggregate>,
    /// The region by subject (by the subject's name, over all schools).
    pub subjects: Vec<SubjectAggregate>,
    pub total: Counts,
}

impl Counts {
    /// Add another class's or school's counts; the per-cent figures are computed again from the
    /// sums ([`Counts::settle`]).
    pub fn add(&mut self, o: &Counts) {
        self.tally.add(&o.tally);
        self.standings.add(&o.standings);
        self.lessons_held += o.lessons_held;
        self.absences.add(&o.absences);
        self.filling.add(&o.filling);
        self.settle();
    }

    /// Compute the figures from the counts.
    pub fn settle(&mut self) {
        self.figures = Figures::of(&self.tally);
        self.success = self.standings.success();
        self.quality = self.standings.quality();
    }
}
