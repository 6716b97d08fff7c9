//! Where a check's inputs come from, a batch at a time: the command line's files and
//! folders (walked lazily in path order, then stdin for `-`), or `--stdin-jsonl` requests
//! read on their own thread and parsed line by line.

use std::io::{BufRead, Read};
use std::path::PathBuf;

use crate::ingest::{self, InputFormat};
use crate::report::Failure;
use crate::walk::PathWalk;

/// What to check.
#[derive(Debug, Clone)]
pub(super) enum Input {
    File(PathBuf),
    Stdin,
    /// A `--stdin-jsonl` request.
    Request(Request),
    /// A `--stdin-jsonl` line that is not a request: its error record keeps its place.
    Unreadable(Failure),
}

/// A `--stdin-jsonl` request: a file to read, or a text given inline, with the caller's id.
#[derive(Debug, Clone)]
pub(super) struct Request {
    pub(super) id: serde_json::Value,
    pub(super) path: Option<PathBuf>,
    pub(super) text: Option<String>,
    pub(super) format: InputFormat,
}

/// `--stdin-jsonl` requests checked per batch at most: enough to keep the workers busy, few
/// enough that memory stays flat (256 manuscripts of 50 KB are 13 MB). A batch takes what
/// has arrived, so a client that waits for each answer gets it.
const REQUEST_BATCH: usize = 256;

/// Files checked per batch: enough that the batch barrier costs nothing, few enough that
/// the plan of a million-file walk stays small.
const FILE_BATCH: usize = 4096;

/// Where a run's inputs come from, a batch at a time.
pub(super) enum InputBatches {
    /// The command line's files and folders, walked lazily in path order; then stdin if
    /// `-` was among them.
    Paths { walk: PathWalk, stdin: bool },
    /// `--stdin-jsonl` requests.
    Requests(RequestReader),
}

impl InputBatches {
    /// The next inputs; empty when there are none left.
    pub(super) fn next_batch(&mut self) -> Vec<Input> {
        match self {
            InputBatches::Paths { walk, stdin } => {
                let mut batch: Vec<Input> =
                    walk.by_ref().take(FILE_BATCH).map(Input::File).collect();
                if batch.len() < FILE_BATCH && std::mem::take(stdin) {
                    batch.push(Input::Stdin);
                }
                batch
            }
            InputBatches::Requests(reader) => reader.next_batch(),
        }
    }
}

/// `--stdin-jsonl` requests, read on their own thread so that a batch is whatever has
/// arrived: requests piped in bulk fill whole batches, and a client that writes one request
/// and waits for its records gets them. A malformed line is an `Unreadable` input in its
/// place, not a stop; a line past the input cap is skipped with one.
pub(super) struct RequestReader {
    requests: std::sync::mpsc::Receiver<Input>,
}

impl RequestReader {
    pub(super) fn spawn() -> Self {
        let (sender, requests) = std::sync::mpsc::sync_channel(REQUEST_BATCH);
        if let Err(error) = std::thread::Builder::new()
            .name("stdin-requests".into())
            .spawn(move || {
                read_requests(std::io::stdin().lock(), |input| sender.send(input).is_ok())
            })
        {
            // No thread to be had: the run reports it as its one failure.
            let (sender, requests) = std::sync::mpsc::channel();
            let _ = sender.send(Input::Unreadable(Failure::new(
                "stdin",
                format!("cannot start the request reader: {error}"),
            )));
            return RequestReader { requests };
        }
        RequestReader { requests }
    }

    /// The next requests: waits for one, then takes those already read, up to a batch.
    /// Empty once stdin is exhausted.
    fn next_batch(&self) -> Vec<Input> {
        let Ok(first) = self.requests.recv() else {
            return Vec::new();
        };
        let mut batch = vec![first];
        while batch.len() < REQUEST_BATCH {
            match self.requests.try_recv() {
                Ok(input) => batch.push(input),
                Err(_) => break,
            }
        }
        batch
    }
}

/// Reads request lines from `stdin` and hands each on as an input until `deliver` refuses
/// one or the input ends.
fn read_requests(mut stdin: impl BufRead, mut deliver: impl FnMut(Input) -> bool) {
    let mut line = Vec::new();
    let mut number = 0;
    loop {
        line.clear();
        number += 1;
        let place = format!("stdin:{number}");
        let input = match (&mut stdin)
            .take(ingest::MAX_INPUT_BYTES + 1)
            .read_until(b'\n', &mut line)
        {
            Ok(0) => return,
            Ok(_) if line.len() as u64 > ingest::MAX_INPUT_BYTES => {
                let cut_short = !line.ends_with(b"\n");
                line.clear();
                let too_large = Failure::new(place, ingest::ReadError::too_large("-").cause());
                if cut_short && let Err(e) = stdin.skip_until(b'\n') {
                    deliver(Input::Unreadable(too_large));
                    deliver(Input::Unreadable(Failure::new(
                        format!("stdin:{number}"),
                        e.to_string(),
                    )));
                    return;
                }
                Input::Unreadable(too_large)
            }
            Ok(_) => match std::str::from_utf8(&line) {
                Err(_) => Input::Unreadable(Failure::new(place, "the line is not valid UTF-8")),
                Ok(request) => {
                    let request = request.trim_end_matches(['\n', '\r']);
                    if request.trim().is_empty() {
                        continue;
                    }
                    match parse_request(request) {
                        Ok(request) => Input::Request(request),
                        Err(message) => {
                            let mut failure = Failure::new(place, message);
                            failure.id = serde_json::from_str::<serde_json::Value>(request)
                                .ok()
                                .and_then(|v| v.get("id").cloned());
                            Input::Unreadable(failure)
                        }
                    }
                }
            },
            Err(e) => {
                deliver(Input::Unreadable(Failure::new(place, e.to_string())));
                return;
            }
        };
        if !deliver(input) {
            return;
        }
    }
}

fn parse_request(line: &str) -> Result<Request, String> {
    let value: serde_json::Value =
        serde_json::from_str(line).map_err(|e| format!("not a JSON object: {e}"))?;
    let object = value.as_object().ok_or("not a JSON object")?;
    let id = object.get("id").cloned().unwrap_or(serde_json::Value::Null);
    let path = object
        .get("path")
        .and_then(|p| p.as_str())
        .map(PathBuf::from);
    let text = object
        .get("text")
        .and_then(|t| t.as_str())
        .map(str::to_owned);
    let format = match object.get("format").and_then(|f| f.as_str()) {
        None => path
            .as_deref()
            .and_then(InputFormat::from_path)
            .unwrap_or(InputFormat::Text),
        Some(name) => InputFormat::from_name(name)
            .ok_or_else(|| format!("unknown format {name:?} (text, markdown, latex, jats)"))?,
    };
    if path.is_none() && text.is_none() {
        return Err("a request needs \"path\" or \"text\"".into());
    }
    Ok(Request {
        id,
        path,
        text,
        format,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What each line of `stdin` becomes: a request (id, path, text, format), or an
    /// unreadable input (its place, the error and the id, when the line had one).
    fn read(stdin: &[u8]) -> Vec<String> {
        let mut inputs = Vec::new();
        read_requests(stdin, |input| {
            inputs.push(match input {
                Input::Request(r) => {
                    format!("{} {:?} {:?} {}", r.id, r.path, r.text, r.format.name())
                }
                Input::Unreadable(f) => format!("{}: {} (id {:?})", f.path, f.error, f.id),
                other => format!("{other:?}"),
            });
            true
        });
        inputs
    }

    #[test]
    fn each_line_is_a_request_or_an_unreadable_input_in_its_place() {
        let stdin = b"{\"id\": 1, \"path\": \"a/paper.md\"}\r\n\n   \n\
            {\"id\": \"t\", \"text\": \"Hi.\", \"format\": \"latex\"}\n\
            {\"id\": 3, \"text\": \"x\", \"format\": \"pdf\"}\n\
            {\"id\": 4}\n\
            [1, 2]\n\
            \xff\n\
            {\"path\": \"b.nxml\"}";
        assert_eq!(
            read(stdin),
            [
                r#"1 Some("a/paper.md") None markdown"#,
                r#""t" None Some("Hi.") latex"#,
                r#"stdin:5: unknown format "pdf" (text, markdown, latex, jats) (id Some(Number(3)))"#,
                r#"stdin:6: a request needs "path" or "text" (id Some(Number(4)))"#,
                "stdin:7: not a JSON object (id None)",
                "stdin:8: the line is not valid UTF-8 (id None)",
                r#"null Some("b.nxml") None jats"#,
            ]
        );
    }

    #[test]
    fn reading_stops_when_an_input_is_refused() {
        let mut delivered = 0;
        read_requests(
            &b"{\"id\": 1, \"text\": \"a\"}\n{\"id\": 2, \"text\": \"b\"}\n"[..],
            |_| {
                delivered += 1;
                false
            },
        );
        assert_eq!(delivered, 1);
    }
}
