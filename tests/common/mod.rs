//! Shared helpers for end-to-end tests: temporary vaults and running the real binary.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Output;
use std::sync::atomic::{AtomicI64, Ordering};

pub const TODAY: &str = "2026-11-23";

pub struct TempVault {
    pub dir: tempfile::TempDir,
    /// This vault's `XDG_CACHE_HOME`: kith's parse cache never goes to the real ~/.cache in tests.
    pub cache_home: tempfile::TempDir,
    /// Seconds kith's racy rule runs ahead of the real clock (see `clock_ahead`).
    clock_ahead: AtomicI64,
}

impl TempVault {
    pub fn new() -> Self {
        TempVault {
            dir: tempfile::tempdir().expect("tempdir"),
            cache_home: tempfile::tempdir().expect("tempdir"),
            clock_ahead: AtomicI64::new(0),
        }
    }

    /// Later runs read the clock of the cache's racy rule `seconds` ahead (0:
    /// the real clock; debug builds only), as if every file had been written
    /// that long before kith ran. A test cannot put a file's ctime back, and
    /// kith never trusts a stamp whose ctime is within its racy window.
    pub fn clock_ahead(&self, seconds: i64) -> &Self {
        self.clock_ahead.store(seconds, Ordering::Relaxed);
        self
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Write a file (creating folders); returns self for chaining.
    pub fn file(&self, rel: &str, contents: impl AsRef<[u8]>) -> &Self {
        let path = self.path().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, contents).unwrap();
        self
    }

    /// Run `kith --vault <this> --today TODAY <args>`, with this vault's cache home and clock.
    pub fn kith(&self, args: &[&str]) -> Run {
        self.kith_on(TODAY, args)
    }

    /// `kith` as of another day than `TODAY`.
    pub fn kith_on(&self, today: &str, args: &[&str]) -> Run {
        self.kith_in(self.path(), today, args)
    }

    /// `kith_on` for the vault at `vault` (this one moved), with this one's cache home and clock.
    pub fn kith_in(&self, vault: &Path, today: &str, args: &[&str]) -> Run {
        let ahead = self.clock_ahead.load(Ordering::Relaxed).to_string();
        run_kith_env(vault, today, args, self.cache_home.path(), &[("KITH_TEST_CLOCK_AHEAD", &ahead)])
    }
}

/// `XDG_CACHE_HOME` for runs not tied to a `TempVault`: one temporary folder per test binary
/// (cache files are named by the vault's path, so vaults never share one).
pub fn cache_home() -> &'static Path {
    static HOME: std::sync::OnceLock<tempfile::TempDir> = std::sync::OnceLock::new();
    HOME.get_or_init(|| tempfile::tempdir().expect("tempdir")).path()
}

pub fn run_kith(vault: &Path, args: &[&str]) -> Run {
    run_kith_on(vault, TODAY, args)
}

/// Run kith as of another day than `TODAY`.
pub fn run_kith_on(vault: &Path, today: &str, args: &[&str]) -> Run {
    run_kith_with_cache(vault, today, args, cache_home())
}

pub fn run_kith_with_cache(vault: &Path, today: &str, args: &[&str], cache_home: &Path) -> Run {
    run_kith_env(vault, today, args, cache_home, &[])
}

/// `run_kith_with_cache` with more environment variables.
pub fn run_kith_env(vault: &Path, today: &str, args: &[&str], cache_home: &Path, env: &[(&str, &str)]) -> Run {
    run_command(kith_command(vault, today, args, cache_home).envs(env.iter().copied()))
}

/// The command `run_kith_env` runs, to adjust before running it (`run_command`).
pub fn kith_command(vault: &Path, today: &str, args: &[&str], cache_home: &Path) -> std::process::Command {
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_kith"));
    command
        .env("XDG_CACHE_HOME", cache_home)
        .arg("--vault")
        .arg(vault)
        .args(["--today", today])
        .args(args)
        .env_remove("KITH_VAULT")
        .env("NO_COLOR", "1")
        .env_remove("KITH_TEST_CLOCK_AHEAD");
    command
}

pub fn run_command(command: &mut std::process::Command) -> Run {
    Run::from(command.output().expect("run kith"))
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl From<Output> for Run {
    fn from(o: Output) -> Self {
        Run {
            code: o.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        }
    }
}

impl Run {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("not JSON ({e}):\n{}\nstderr:\n{}", self.stdout, self.stderr))
    }

    pub fn ok(self) -> Self {
        assert_eq!(self.code, 0, "exit code\nstdout:\n{}\nstderr:\n{}", self.stdout, self.stderr);
        self
    }
}

pub fn example_vault() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("example-vault")
}

/// Every file under `root` with its bytes, for "nothing else changed" checks.
pub fn snapshot_tree(root: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files: Vec<(PathBuf, Vec<u8>)> = walkdir::WalkDir::new(root)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| (e.path().strip_prefix(root).unwrap().to_path_buf(), std::fs::read(e.path()).unwrap()))
        .collect();
    files.sort();
    files
}

/// The names in a JSON array of objects, in order.
pub fn names(json: &serde_json::Value) -> Vec<String> {
    json.as_array().expect("array").iter().map(|o| o["name"].as_str().unwrap().to_string()).collect()
}

/// Copy a vault's notes, without the outputs a `kith report` may have left in it.
pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from).into_iter().filter_entry(|e| e.path() != from.join("kith")) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}
