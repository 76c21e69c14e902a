//! Writing outputs: standard output, and files written whole or not at all, never over an
//! input. Renderers return bytes; only this module touches files.
//!
//! A file is written to a temporary file beside it and renamed over it when complete. While one
//! is being written, an interrupt (Ctrl-C, or SIGTERM or SIGHUP) removes it before the process
//! exits with code 130, so that an interrupted `--samples` or report leaves nothing behind.

use crate::error::{Error, OutputError, RenderError, UsageError};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, Once, PoisonError};

/// The exit code after an interrupt: 128 + SIGINT, as shells report it.
pub const INTERRUPTED: i32 = 130;

/// Temporary files being written, removed on an interrupt.
static PENDING: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

fn pending() -> MutexGuard<'static, Vec<PathBuf>> {
    PENDING.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Installs, once, the handler that removes the temporary files being written when the process
/// is interrupted, and exits with [`INTERRUPTED`]. (When the program embedding this library has
/// a handler of its own, that one stays.)
fn remove_pending_on_interrupt() {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        let _ = ctrlc::set_handler(|| {
            // Held until exit: no file is registered or renamed after this point.
            let files = pending();
            for f in files.iter() {
                let _ = std::fs::remove_file(f);
            }
            eprintln!("interrupted: the output being written was removed");
            std::process::exit(INTERRUPTED);
        });
    });
}

/// A temporary file registered for removal on interrupt; dropping it takes it off the list.
struct Registered(PathBuf);

impl Drop for Registered {
    fn drop(&mut self) {
        pending().retain(|p| *p != self.0);
    }
}

/// Refuses an output path that is one of the inputs (never write over an input file), that is
/// a folder, or whose folder does not exist.
///
/// # Errors
/// The [`UsageError`] that says which.
pub fn check_output_path(out: &Path, inputs: &[&Path]) -> Result<(), UsageError> {
    let canon = |p: &Path| p.canonicalize().ok();
    if let Some(o) = canon(out)
        && inputs.iter().any(|i| canon(i).as_ref() == Some(&o))
    {
        return Err(UsageError::OutputIsInput(out.to_path_buf()));
    }
    if let Some(dir) = out.parent().filter(|d| !d.as_os_str().is_empty())
        && !dir.is_dir()
    {
        return Err(UsageError::NoSuchFolder {
            path: out.to_path_buf(),
            folder: dir.to_path_buf(),
        });
    }
    if out.is_dir() {
        return Err(UsageError::OutputIsFolder(out.to_path_buf()));
    }
    Ok(())
}

/// Writes `bytes` to standard output.
///
/// # Errors
/// [`OutputError::Stdout`] when standard output is closed or full.
pub fn write_stdout(bytes: &[u8]) -> Result<(), OutputError> {
    let mut out = std::io::stdout().lock();
    out.write_all(bytes)
        .and_then(|_| out.flush())
        .map_err(|e| OutputError::Stdout(e.to_string()))
}

/// Writes a file whole or not at all: `fill` writes into a temporary file beside it, which is
/// then renamed over it. A failure, in `fill` or in writing, or an interrupt, leaves no file
/// behind.
///
/// # Errors
/// [`OutputError::File`] when the file cannot be written; any other error of `fill`.
pub fn write_file(
    path: &Path,
    fill: impl FnOnce(&mut dyn Write) -> Result<(), RenderError>,
) -> Result<(), Error> {
    write(path, fill, true)
}

/// Writes a new file whole or not at all, never over an existing one (even one that appears
/// while it is being written).
///
/// # Errors
/// [`UsageError::Exists`] when the file exists; [`OutputError::File`] when it cannot be
/// written.
pub fn write_new_file(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    write(
        path,
        |w| {
            w.write_all(bytes)
                .map_err(|e| RenderError::Io(e.to_string()))
        },
        false,
    )
}

fn write(
    path: &Path,
    fill: impl FnOnce(&mut dyn Write) -> Result<(), RenderError>,
    over: bool,
) -> Result<(), Error> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let fail = |why: String| {
        Error::Output(OutputError::File {
            path: path.to_path_buf(),
            why,
        })
    };
    remove_pending_on_interrupt();
    // Created and registered under the lock, so that an interrupt finds every temporary file.
    let (mut tmp, _registered) = {
        let mut files = pending();
        let tmp = tempfile::NamedTempFile::new_in(dir).map_err(|e| fail(e.to_string()))?;
        files.push(tmp.path().to_path_buf());
        let registered = Registered(tmp.path().to_path_buf());
        (tmp, registered)
    };
    {
        let mut w = std::io::BufWriter::new(tmp.as_file_mut());
        match fill(&mut w) {
            Ok(()) => {}
            Err(RenderError::Io(why)) => return Err(fail(why)),
            Err(e) => return Err(e.into()),
        }
        w.flush().map_err(|e| fail(e.to_string()))?;
    }
    // A temporary file is private (0600); an output is an ordinary file others may read.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        tmp.as_file()
            .set_permissions(std::fs::Permissions::from_mode(0o644))
            .map_err(|e| fail(e.to_string()))?;
    }
    // Renamed under the lock: an interrupt removes the temporary file before, or finds the
    // output whole after.
    let renamed = {
        let _files = pending();
        if over {
            tmp.persist(path)
        } else {
            tmp.persist_noclobber(path)
        }
    };
    renamed.map_err(|e| {
        if !over && e.error.kind() == std::io::ErrorKind::AlreadyExists {
            Error::Usage(UsageError::Exists(path.to_path_buf()))
        } else {
            fail(e.error.kind().to_string())
        }
    })?;
    Ok(())
}
