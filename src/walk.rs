//! The files a run checks: the command line's files and folders, folders walked with their
//! ignore files (`.gitignore`, `.ignore`, `.citelintignore`, in a git repository or not)
//! and hidden entries skipped, filtered by the
//! `--include`/`--exclude` globs, in path order, read lazily so that memory does not grow
//! with the number of files (a million-article archive is a million paths).

use std::cell::RefCell;
use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::path::{Path, PathBuf};
use std::rc::Rc;

use globset::{Glob, GlobSet, GlobSetBuilder};

use crate::ingest::InputFormat;

/// An ignore file of citelint's own, read like `.gitignore` (and before it wins).
pub const IGNORE_FILE: &str = ".citelintignore";

/// `--include` / `--exclude` globs, matched against the path as given and as walked.
pub struct PathFilter {
    include: Option<GlobSet>,
    exclude: GlobSet,
}

impl PathFilter {
    pub fn new(include: &[String], exclude: &[String]) -> Result<Self, String> {
        let build = |globs: &[String]| -> Result<GlobSet, String> {
            let mut builder = GlobSetBuilder::new();
            for glob in globs {
                builder.add(Glob::new(glob).map_err(|e| format!("invalid glob {glob:?}: {e}"))?);
                if !glob.starts_with("**/") && !glob.starts_with('/') {
                    builder.add(
                        Glob::new(&format!("**/{glob}"))
                            .map_err(|e| format!("invalid glob {glob:?}: {e}"))?,
                    );
                }
            }
            builder.build().map_err(|e| e.to_string())
        };
        Ok(PathFilter {
            include: if include.is_empty() {
                None
            } else {
                Some(build(include)?)
            },
            exclude: build(exclude)?,
        })
    }

    pub fn accepts(&self, path: &Path) -> bool {
        self.include.as_ref().is_none_or(|set| set.is_match(path)) && !self.exclude.is_match(path)
    }
}

/// The files under the command line's paths, each once, in path order. Each folder is
/// walked depth first with its entries sorted by name, which is path order within it; the
/// paths' streams are merged. Only one folder's entries are held at a time.
pub struct PathWalk {
    streams: Vec<Box<dyn Iterator<Item = PathBuf>>>,
    /// The next file of each stream that has one, smallest first.
    heads: BinaryHeap<Reverse<(PathBuf, usize)>>,
    last: Option<PathBuf>,
    /// What could not be walked (an unreadable folder, a malformed ignore file): the path
    /// and the cause.
    errors: Rc<RefCell<Vec<(String, String)>>>,
}

impl PathWalk {
    /// The walk over `paths` (`-` left out: the caller reads stdin), and the paths that do
    /// not exist.
    pub fn new(paths: &[PathBuf], filter: PathFilter) -> (PathWalk, Vec<PathBuf>) {
        let filter = Rc::new(filter);
        let errors = Rc::new(RefCell::new(Vec::new()));
        let mut streams: Vec<Box<dyn Iterator<Item = PathBuf>>> = Vec::new();
        let mut missing = Vec::new();
        for path in paths {
            if path.as_os_str() == "-" {
                continue;
            }
            if path.is_dir() {
                let filter = Rc::clone(&filter);
                let errors = Rc::clone(&errors);
                let root = path.display().to_string();
                let files = ignore::WalkBuilder::new(path)
                    .hidden(true)
                    // A corpus folder is seldom a git repository: its ignore files count anyway.
                    .require_git(false)
                    .add_custom_ignore_filename(IGNORE_FILE)
                    .sort_by_file_name(|a, b| a.cmp(b))
                    .build()
                    .filter_map(move |entry| match entry {
                        Ok(entry) => Some(entry),
                        Err(error) => {
                            errors.borrow_mut().push(walk_error(&root, &error));
                            None
                        }
                    })
                    .filter(|entry| entry.file_type().is_some_and(|t| t.is_file()))
                    .map(ignore::DirEntry::into_path)
                    .filter(move |p| InputFormat::from_path(p).is_some() && filter.accepts(p));
                streams.push(Box::new(files));
            } else if path.exists() {
                if filter.accepts(path) {
                    streams.push(Box::new(std::iter::once(path.clone())));
                }
            } else {
                missing.push(path.clone());
            }
        }
        let mut heads = BinaryHeap::new();
        for (index, stream) in streams.iter_mut().enumerate() {
            if let Some(first) = stream.next() {
                heads.push(Reverse((first, index)));
            }
        }
        let walk = PathWalk {
            streams,
            heads,
            last: None,
            errors,
        };
        (walk, missing)
    }

    /// What could not be walked so far, each as a path and a cause; taken once.
    pub fn take_errors(&mut self) -> Vec<(String, String)> {
        std::mem::take(&mut *self.errors.borrow_mut())
    }
}

/// The path an error of the walk under `root` is about (the deepest one it names), and its
/// cause without that path.
fn walk_error(root: &str, error: &ignore::Error) -> (String, String) {
    let mut inner = error;
    let mut path = None;
    loop {
        match inner {
            ignore::Error::WithPath { path: at, err } => {
                path = Some(at.display().to_string());
                inner = err;
            }
            ignore::Error::WithDepth { err, .. } => inner = err,
            _ => break,
        }
    }
    (path.unwrap_or_else(|| root.to_owned()), inner.to_string())
}

impl Iterator for PathWalk {
    type Item = PathBuf;

    fn next(&mut self) -> Option<PathBuf> {
        loop {
            let Reverse((path, index)) = self.heads.pop()?;
            if let Some(next) = self.streams[index].next() {
                self.heads.push(Reverse((next, index)));
            }
            // A file named twice (a folder and a file in it) is checked once.
            if self.last.as_ref() != Some(&path) {
                self.last = Some(path.clone());
                return Some(path);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn walked(paths: &[&str], include: &[&str]) -> Vec<String> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let paths: Vec<PathBuf> = paths.iter().map(|p| root.join(p)).collect();
        let include: Vec<String> = include.iter().map(|s| s.to_string()).collect();
        let (walk, missing) = PathWalk::new(&paths, PathFilter::new(&include, &[]).unwrap());
        assert!(missing.is_empty());
        walk.map(|p| {
            p.strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect()
    }

    #[test]
    fn files_come_in_path_order_once_however_the_paths_overlap() {
        let both = walked(
            &[
                "tests/fixtures/formats",
                "tests/fixtures/en_bracket.md",
                "tests/fixtures",
            ],
            &["*.md", "*.txt"],
        );
        let mut sorted = both.clone();
        sorted.sort_by(|a, b| Path::new(a).cmp(Path::new(b)));
        sorted.dedup();
        assert_eq!(both, sorted);
        assert!(both.contains(&"tests/fixtures/formats/twin.md".to_owned()));
        // A folder's files and its subfolder's files interleave as paths sort:
        // "formats/…" comes between "en_structure.txt" and "mixed_superscript.txt".
        let at = |name: &str| both.iter().position(|p| p.ends_with(name)).unwrap();
        assert!(at("en_structure.txt") < at("formats/twin.md"));
        assert!(at("formats/twin.txt") < at("mixed_superscript.txt"));
    }

    #[test]
    fn ignore_files_count_outside_a_git_repository() {
        let dir = tempfile::tempdir().unwrap();
        for name in ["kept.md", "by_gitignore.md", "by_ignore.md", "by_own.md"] {
            std::fs::write(dir.path().join(name), "Text.").unwrap();
        }
        std::fs::write(dir.path().join(".gitignore"), "by_gitignore.md\n").unwrap();
        std::fs::write(dir.path().join(".ignore"), "by_ignore.md\n").unwrap();
        std::fs::write(dir.path().join(IGNORE_FILE), "by_own.md\n").unwrap();
        let (walk, _) = PathWalk::new(
            &[dir.path().to_path_buf()],
            PathFilter::new(&[], &[]).unwrap(),
        );
        let names: Vec<String> = walk
            .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, ["kept.md"]);
    }

    #[test]
    fn a_walk_error_names_the_deepest_path_and_its_cause() {
        let denied = std::io::Error::new(std::io::ErrorKind::PermissionDenied, "denied");
        let error = ignore::Error::WithDepth {
            depth: 2,
            err: Box::new(ignore::Error::WithPath {
                path: PathBuf::from("corpus/locked"),
                err: Box::new(ignore::Error::Io(denied)),
            }),
        };
        assert_eq!(
            walk_error("corpus", &error),
            ("corpus/locked".to_owned(), "denied".to_owned())
        );
        let loose = ignore::Error::Io(std::io::Error::other("gone"));
        assert_eq!(
            walk_error("corpus", &loose),
            ("corpus".to_owned(), "gone".to_owned())
        );
    }

    #[test]
    fn missing_paths_are_reported_not_walked() {
        let (mut walk, missing) = PathWalk::new(
            &[PathBuf::from("no/such/folder")],
            PathFilter::new(&[], &[]).unwrap(),
        );
        assert_eq!(missing, [PathBuf::from("no/such/folder")]);
        assert!(walk.next().is_none());
    }
}
