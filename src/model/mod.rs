//! Stage 2 — the model: serde types of the documents (no I/O) and their validation.

pub mod appendix;
pub mod body;
pub mod common;
pub mod letter;
pub mod plan;
pub mod report;
pub mod schema_forms;
pub mod unit;

pub use appendix::{Appendix, Orientation};
pub use body::{Cell, ClerkTable, HeadingStyle, Numbering, Scheme};
pub use common::{lifecycle, DocDate, Issuer, Layout, Signature, Status};
pub use letter::Letter;
pub use plan::{Deadline, Deliverable, Indicator, Item, Plan, Reporting, Section, TableKind};
pub use report::{ConsolidatedReport, Figure, Measure, Period, Report, ReportSignature};
pub use unit::{Registry, Unit};

/// Any document vanban can build.
#[derive(Debug, Clone, PartialEq)]
pub enum Document {
    /// A plan, kế hoạch.
    Plan(Plan),
    /// A unit's report on a plan, báo cáo.
    Report(Report),
    /// The department's consolidated report, báo cáo tổng hợp.
    ConsolidatedReport(ConsolidatedReport),
    /// An official letter, công văn.
    Letter(Letter),
}
