//! JUnit XML: a test suite per file, a failing test case per finding (a passing one for a
//! clean file), an erroring test case for a file that could not be read.

use std::io::{self, Write};

use quick_junit::{NonSuccessKind, Report, TestCase, TestCaseStatus, TestSuite};

use crate::check::DocumentReport;
use crate::report::{Failure, RunSummary, Sink};

#[derive(Default)]
pub struct JunitSink {
    suites: Vec<TestSuite>,
}

impl Sink for JunitSink {
    fn document(&mut self, document: &DocumentReport, _out: &mut dyn Write) -> io::Result<()> {
        let mut suite = TestSuite::new(document.path.clone());
        if document.findings.is_empty() {
            let mut case = TestCase::new("citelint", TestCaseStatus::success());
            case.set_classname(document.path.clone());
            suite.add_test_case(case);
        }
        for f in &document.findings {
            let mut status = TestCaseStatus::non_success(NonSuccessKind::Failure);
            status
                .set_message(f.message.clone())
                .set_type(f.severity.id())
                .set_description(format!(
                    "{}:{}:{}: {} {}\nhelp: {}",
                    document.path, f.line, f.column, f.code, f.message, f.help
                ));
            let mut case = TestCase::new(
                format!("{} {} at {}:{}", f.code, f.rule, f.line, f.column),
                status,
            );
            case.set_classname(document.path.clone());
            suite.add_test_case(case);
        }
        self.suites.push(suite);
        Ok(())
    }

    fn failure(&mut self, failure: &Failure, _out: &mut dyn Write) -> io::Result<()> {
        let mut suite = TestSuite::new(failure.path.clone());
        let mut status = TestCaseStatus::non_success(NonSuccessKind::Error);
        status
            .set_message(failure.error.clone())
            .set_type("read-error");
        suite.add_test_case(TestCase::new("read", status));
        self.suites.push(suite);
        Ok(())
    }

    fn finish(&mut self, _summary: &RunSummary, out: &mut dyn Write) -> io::Result<()> {
        let mut report = Report::new("citelint");
        report.add_test_suites(std::mem::take(&mut self.suites));
        report.serialize(&mut *out).map_err(io::Error::other)?;
        writeln!(out)
    }
}
