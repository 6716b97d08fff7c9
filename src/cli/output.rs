//! Where a check run's report goes: `--output`'s file or stdout, through one large buffer
//! for the many small writes, with a document's records, rendered whole on a worker and
//! often larger than the buffer holds in a dense corpus, written straight through.

use std::io::{self, BufWriter, Write};

/// The buffer: large, so a corpus run makes few write calls.
const BUFFER: usize = 256 << 10;
/// A write at least this long goes straight to the file after what is buffered, rather
/// than being copied into the buffer first: a dense manuscript's records are several
/// hundred kilobytes, and copying them cost about 1% of a run.
const STRAIGHT_THROUGH: usize = 64 << 10;

/// The report's output. Workers write, so it is `Send`: stdout itself, locked per write.
pub struct ReportOutput {
    buffered: BufWriter<Box<dyn Write + Send>>,
}

impl ReportOutput {
    pub fn new(inner: Box<dyn Write + Send>) -> ReportOutput {
        ReportOutput {
            buffered: BufWriter::with_capacity(BUFFER, inner),
        }
    }
}

impl Write for ReportOutput {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.buffered.write(bytes)
    }

    fn write_all(&mut self, bytes: &[u8]) -> io::Result<()> {
        if bytes.len() < STRAIGHT_THROUGH {
            return self.buffered.write_all(bytes);
        }
        self.buffered.flush()?;
        self.buffered.get_mut().write_all(bytes)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.buffered.flush()
    }
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};

    use super::*;

    /// A file that records each write it is given.
    #[derive(Clone, Default)]
    struct Recorder(Arc<Mutex<Vec<Vec<u8>>>>);

    impl Write for Recorder {
        fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
            self.0.lock().unwrap().push(bytes.to_vec());
            Ok(bytes.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn writes_keep_their_order_and_long_ones_skip_the_buffer() {
        let recorder = Recorder::default();
        let mut output = ReportOutput::new(Box::new(recorder.clone()));
        let long = vec![b'x'; STRAIGHT_THROUGH];
        output.write_all(b"head\n").unwrap();
        output.write_all(&long).unwrap();
        output.write_all(b"tail\n").unwrap();
        assert_eq!(
            recorder.0.lock().unwrap().len(),
            2,
            "the tail is still buffered"
        );
        output.flush().unwrap();
        let writes = recorder.0.lock().unwrap().clone();
        assert_eq!(
            writes,
            [b"head\n".to_vec(), long, b"tail\n".to_vec()],
            "the buffered head first, the long write whole, then the rest"
        );
    }
}
