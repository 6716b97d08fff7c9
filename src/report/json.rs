//! The JSON report (schema_version 1, GUIDE §1): one object holding every document. The
//! documents are written as they arrive, so the report streams like the other formats.

use std::io::{self, Write};

use serde::Serialize;
use serde_json::ser::Formatter;

use crate::check::DocumentReport;
use crate::report::{Failure, RunSummary, Sink};

pub const SCHEMA_VERSION: u32 = 1;

pub fn tool_version() -> &'static str {
    env!("CARGO_PKG_VERSION")
}

#[derive(Default)]
pub struct JsonSink {
    documents: usize,
    failures: Vec<Failure>,
}

/// serde_json's pretty layout (two spaces a level) for a value nested `level` levels deep
/// in the run's object: every line after the first carries the outer levels' indent too.
/// Each line's indent is written in one piece.
struct NestedPretty {
    level: usize,
    has_value: bool,
}

/// Enough spaces for the deepest line of a report.
const SPACES: &[u8; 64] = &[b' '; 64];

impl NestedPretty {
    fn open<W: ?Sized + Write>(&mut self, writer: &mut W, bracket: &[u8]) -> io::Result<()> {
        self.level += 1;
        self.has_value = false;
        writer.write_all(bracket)
    }

    /// The line break (after a comma unless `first`) and indent before an item.
    fn next_item<W: ?Sized + Write>(&self, writer: &mut W, first: bool) -> io::Result<()> {
        self.new_line(writer, if first { b"\n" } else { b",\n" })
    }

    fn new_line<W: ?Sized + Write>(&self, writer: &mut W, separator: &[u8]) -> io::Result<()> {
        writer.write_all(separator)?;
        let mut width = 2 * self.level;
        while width > 0 {
            let piece = width.min(SPACES.len());
            writer.write_all(&SPACES[..piece])?;
            width -= piece;
        }
        Ok(())
    }

    fn close<W: ?Sized + Write>(&mut self, writer: &mut W, bracket: &[u8]) -> io::Result<()> {
        self.level -= 1;
        if self.has_value {
            self.new_line(writer, b"\n")?;
        }
        writer.write_all(bracket)
    }
}

impl Formatter for NestedPretty {
    fn begin_array<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.open(writer, b"[")
    }

    fn end_array<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.close(writer, b"]")
    }

    fn begin_array_value<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.next_item(writer, first)
    }

    fn end_array_value<W: ?Sized + Write>(&mut self, _writer: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.open(writer, b"{")
    }

    fn end_object<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.close(writer, b"}")
    }

    fn begin_object_key<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.next_item(writer, first)
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        writer.write_all(b": ")
    }

    fn end_object_value<W: ?Sized + Write>(&mut self, _writer: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

/// Writes `value` pretty-printed to `writer`, `level` levels deep in the run's object.
fn serialize_nested<W: Write, T: Serialize>(writer: W, value: &T, level: usize) -> io::Result<()> {
    let formatter = NestedPretty {
        level,
        has_value: false,
    };
    value
        .serialize(&mut serde_json::Serializer::with_formatter(
            writer, formatter,
        ))
        .map_err(io::Error::from)
}

/// [`serialize_nested`] into the output. serde_json writes a token at a time: through a
/// buffer of this function's own type each is a copy, not a call through `out`'s vtable.
fn write_nested<T: Serialize>(out: &mut dyn Write, value: &T, level: usize) -> io::Result<()> {
    let mut buffered = io::BufWriter::with_capacity(TOKEN_BUFFER, out);
    serialize_nested(&mut buffered, value, level)?;
    buffered.flush()
}

/// The buffer between serde_json and the output.
const TOKEN_BUFFER: usize = 32 << 10;

/// A document's level: inside `"documents": [`.
const DOCUMENT_LEVEL: usize = 2;
/// The failures' and summary's level: inside the run's object.
const RUN_LEVEL: usize = 1;

impl JsonSink {
    fn open(out: &mut dyn Write) -> io::Result<()> {
        write!(
            out,
            "{{\n  \"schema_version\": {SCHEMA_VERSION},\n  \"tool\": {{\n    \"name\": \"citelint\",\n    \"version\": \"{}\"\n  }},\n  \"documents\": [",
            tool_version()
        )
    }

    /// Opens the report before its first document, or separates the next from the last.
    fn next_document(&mut self, out: &mut dyn Write) -> io::Result<()> {
        if self.documents == 0 {
            Self::open(out)?;
        } else {
            write!(out, ",")?;
        }
        self.documents += 1;
        write!(out, "\n    ")
    }
}

impl Sink for JsonSink {
    fn prerender(&self, document: &DocumentReport) -> Option<Vec<u8>> {
        let mut bytes = Vec::new();
        serialize_nested(&mut bytes, document, DOCUMENT_LEVEL).expect("report types serialise");
        Some(bytes)
    }

    fn document_bytes(&mut self, bytes: Vec<u8>, out: &mut dyn Write) -> io::Result<()> {
        self.next_document(out)?;
        out.write_all(&bytes)
    }

    /// Streams the document straight into the output, with no copy of it in memory.
    fn document(&mut self, document: &DocumentReport, out: &mut dyn Write) -> io::Result<()> {
        self.next_document(out)?;
        write_nested(out, document, DOCUMENT_LEVEL)
    }

    fn failure(&mut self, failure: &Failure, _out: &mut dyn Write) -> io::Result<()> {
        self.failures.push(failure.clone());
        Ok(())
    }

    fn finish(&mut self, summary: &RunSummary, out: &mut dyn Write) -> io::Result<()> {
        if self.documents == 0 {
            Self::open(out)?;
            writeln!(out, "],")?;
        } else {
            write!(out, "\n  ],\n")?;
        }
        if !self.failures.is_empty() {
            write!(out, "  \"failures\": ")?;
            write_nested(out, &self.failures, RUN_LEVEL)?;
            writeln!(out, ",")?;
        }
        write!(out, "  \"summary\": ")?;
        write_nested(out, summary, RUN_LEVEL)?;
        writeln!(out, "\n}}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// serde_json's own pretty printing, every line after the first indented by `level`
    /// levels: what the report's layout has always been.
    fn reference_layout(value: &serde_json::Value, level: usize) -> String {
        serde_json::to_string_pretty(value)
            .unwrap()
            .replace('\n', &format!("\n{}", "  ".repeat(level)))
    }

    #[test]
    fn nested_pretty_lays_out_as_serde_json_indented() {
        let mut deep = json!("bottom");
        for depth in 0..40 {
            deep = if depth % 2 == 0 {
                json!([deep, {}, []])
            } else {
                json!({"inner": deep, "text": "a \"quoted\"\nline", "n": depth})
            };
        }
        let values = [
            json!({}),
            json!([]),
            json!({"a": [], "b": {}, "c": [1, 2], "d": {"e": null}}),
            json!([[], [[]], {"x": [{"y": true}]}]),
            deep,
        ];
        for value in &values {
            for level in [0, 1, 2, 7] {
                let mut written = Vec::new();
                write_nested(&mut written, value, level).unwrap();
                assert_eq!(
                    String::from_utf8(written).unwrap(),
                    reference_layout(value, level),
                    "level {level}"
                );
            }
        }
    }
}
