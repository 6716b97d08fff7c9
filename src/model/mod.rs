//! The types that cross module lines: study designs, references, citations with their
//! claims, and findings. The JSON report is these types serialised.

pub mod citation;
pub mod design;
pub mod finding;
pub mod reference;

pub use citation::{Citation, Claim};
pub use design::{Design, Phase, Population};
pub use finding::{Category, Finding, Severity};
pub use reference::Reference;
