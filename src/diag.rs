//! One diagnostic type for every problem kith finds: where it is, how bad, what to do.

use serde::Serialize;
use std::fmt;

use crate::path::NotePath;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// A problem in one file. `line` is 1-based and counts every line of the file,
/// front matter included, so editors can jump straight to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub path: NotePath,
    pub line: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<u32>,
    pub severity: Severity,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
    /// The offending source line, for the `^`-style excerpt in `kith check`.
    #[serde(skip)]
    pub source_line: Option<String>,
}

impl Diagnostic {
    pub fn error(path: &NotePath, line: u32, message: impl Into<String>) -> Self {
        Self::new(path, line, Severity::Error, message)
    }

    pub fn warning(path: &NotePath, line: u32, message: impl Into<String>) -> Self {
        Self::new(path, line, Severity::Warning, message)
    }

    fn new(path: &NotePath, line: u32, severity: Severity, message: impl Into<String>) -> Self {
        Diagnostic {
            path: path.clone(),
            line: line.max(1),
            column: None,
            severity,
            message: message.into(),
            hint: None,
            source_line: None,
        }
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn with_column(mut self, column: u32) -> Self {
        self.column = Some(column.max(1));
        self
    }

    /// Attach the text of `self.line` from the file, trimmed to a screenful.
    pub fn with_source(mut self, file_text: &str) -> Self {
        if let Some(text) = file_text.lines().nth(self.line as usize - 1) {
            self.source_line = Some(truncate_chars(text.trim_end_matches('\r'), 120));
        }
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// Sort key: by file, then line, errors before warnings.
    pub fn sort_key(&self) -> (&str, u32, Severity, &str) {
        (self.path.as_str(), self.line, self.severity, &self.message)
    }
}

impl fmt::Display for Diagnostic {
    /// `path:line: severity: message` — the form editors and grep understand.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:", self.path, self.line)?;
        if let Some(column) = self.column {
            write!(f, "{column}:")?;
        }
        write!(f, " {}: {}", self.severity.as_str(), self.message)
    }
}

pub fn truncate_chars(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_string(),
    }
}

/// Sort diagnostics into their stable reporting order and drop exact repeats.
pub fn sort(diagnostics: &mut Vec<Diagnostic>) {
    diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    diagnostics.dedup();
}
