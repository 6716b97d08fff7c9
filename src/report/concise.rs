//! The concise format: one `path:line:col: CODE message` line per finding, and one
//! `path: error: …` line per file that could not be read.

use crate::report::RunReport;

pub fn render(run: &RunReport) -> String {
    let mut out = String::new();
    for document in &run.documents {
        for f in &document.findings {
            out.push_str(&format!(
                "{}:{}:{}: {} {}\n",
                document.path, f.line, f.column, f.code, f.message
            ));
        }
    }
    for failure in &run.failures {
        out.push_str(&format!("{}: error: {}\n", failure.path, failure.error));
    }
    out
}
