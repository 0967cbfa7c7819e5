//! Stage 2 — the model: serde types of the documents (no I/O) and their validation.

pub mod common;
pub mod plan;

pub use common::{Issuer, Signature, Status};
pub use plan::{Deadline, Deliverable, Indicator, Item, Plan, Reporting, Section};

/// Any document vanban can build.
#[derive(Debug, Clone, PartialEq)]
pub enum Document {
    /// A plan, kế hoạch.
    Plan(Plan),
}
