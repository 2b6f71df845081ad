//! Splitting a note into its YAML front matter and markdown body, keeping line numbers.

/// The YAML between the `---` fences, and the line (1-based) of its first line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FrontMatter<'a> {
    pub yaml: &'a str,
    pub first_line: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Split<'a> {
    pub front: Option<FrontMatter<'a>>,
    pub body: &'a str,
    /// The file line on which `body` starts.
    pub body_line: u32,
}

/// The only way splitting fails: an opening `---` with no closing fence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UnclosedFrontMatter;

/// Front matter starts with `---` on the very first line and ends at the next line
/// that is `---` or `...`.
pub fn split_front_matter(text: &str) -> Result<Split<'_>, UnclosedFrontMatter> {
    let mut lines = LineIter { text, pos: 0 };
    let Some((_, first)) = lines.next() else {
        return Ok(no_front_matter(text));
    };
    if trim_line(first) != "---" {
        return Ok(no_front_matter(text));
    }
    let yaml_start = lines.pos;
    let mut line_no = 1u32;
    while let Some((start, line)) = lines.next() {
        line_no += 1;
        let fence = trim_line(line);
        if fence == "---" || fence == "..." {
            return Ok(Split {
                front: Some(FrontMatter { yaml: &text[yaml_start..start], first_line: 2 }),
                body: &text[lines.pos..],
                // A closing fence at the very end (no line break) leaves an empty body on its own line.
                body_line: line_no + u32::from(line.ends_with('\n')),
            });
        }
    }
    Err(UnclosedFrontMatter)
}

fn no_front_matter(text: &str) -> Split<'_> {
    Split { front: None, body: text, body_line: 1 }
}

fn trim_line(line: &str) -> &str {
    line.trim_end_matches(['\n', '\r', ' ', '\t'])
}

/// Lines with their terminators, and each line's start offset.
struct LineIter<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> Iterator for LineIter<'a> {
    type Item = (usize, &'a str);
    fn next(&mut self) -> Option<Self::Item> {
        if self.pos >= self.text.len() {
            return None;
        }
        let start = self.pos;
        let end = memchr::memchr(b'\n', &self.text.as_bytes()[start..]).map_or(self.text.len(), |i| start + i + 1);
        self.pos = end;
        Some((start, &self.text[start..end]))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_with_line_numbers() {
        let s = split_front_matter("---\nname: A\nstage: seed\n---\nbody\n").unwrap();
        let fm = s.front.unwrap();
        assert_eq!(fm.yaml, "name: A\nstage: seed\n");
        assert_eq!(fm.first_line, 2);
        assert_eq!(s.body, "body\n");
        assert_eq!(s.body_line, 5);
    }

    #[test]
    fn crlf_and_dot_fence_and_trailing_spaces() {
        let s = split_front_matter("--- \r\na: 1\r\n...\r\nx").unwrap();
        assert_eq!(s.front.unwrap().yaml, "a: 1\r\n");
        assert_eq!(s.body, "x");
        assert_eq!(s.body_line, 4);
    }

    #[test]
    fn empty_front_matter_and_no_body() {
        let s = split_front_matter("---\n---").unwrap();
        assert_eq!(s.front.unwrap().yaml, "");
        assert_eq!(s.body, "");
    }

    /// Found by the front matter fuzz target: the body line was one past the file.
    #[test]
    fn closing_fence_at_the_end_of_the_file_without_a_newline() {
        let s = split_front_matter("---\nname: A\n---").unwrap();
        assert_eq!((s.body, s.body_line), ("", 3));
        assert_eq!(split_front_matter("---\nname: A\n---\n").unwrap().body_line, 4);
    }

    #[test]
    fn no_front_matter_unless_first_line() {
        let s = split_front_matter("\n---\na: 1\n---\n").unwrap();
        assert!(s.front.is_none());
        assert!(split_front_matter("").unwrap().front.is_none());
        assert!(split_front_matter("----\n").unwrap().front.is_none());
    }

    #[test]
    fn unclosed_front_matter_is_an_error() {
        assert!(split_front_matter("---\nname: A\nbody\n").is_err());
        assert!(split_front_matter("---").is_err());
    }
}
