//! Output collisions: two inputs whose outputs would be one file. `x.yaml` beside `x.yml` both
//! make `x.md` and `x.docx`; `KE-HOACH.yaml` beside `ke-hoach.yaml`, or a name written with
//! precomposed letters (NFC) beside the same name decomposed (NFD), make two files on Linux
//! but one on the case-insensitive file systems of Windows and macOS (which also treats the
//! two encodings of a name as one), so a checkout there keeps whichever was written last. The same happens with two plans folders
//! built into one `--out` that hold the same relative path.
//!
//! Neither input of a colliding group is built (a silent winner is the bug): each gets an
//! error naming the others, the rest of the batch builds, and outputs an earlier build wrote
//! for them are left as they are.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use unicode_normalization::UnicodeNormalization;

use crate::error::Diagnostic;
use crate::load::Input;

/// How two output paths collide.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum How {
    /// The same path (`x.yaml` and `x.yml`, or one relative path in two plans folders).
    Same,
    /// Paths equal after Unicode normalisation (NFC against NFD).
    Normalisation,
    /// Paths equal but for letter case.
    Case,
}

/// The output path of `input` relative to `--out`, without its extension, with `/`.
fn stem(input: &Input) -> Cow<'_, str> {
    // The common case, a plain relative path in UTF-8: its text without the extension.
    if let Some(s) = input.rel.to_str() {
        // One pass over the bytes (`/` and `.` are ASCII, never inside a UTF-8 sequence):
        // every name neither empty, `.` nor `..`; where the last name starts, and its last dot.
        let b = s.as_bytes();
        let (mut plain, mut name_at, mut dot) = (std::path::MAIN_SEPARATOR == '/', 0, None);
        for (i, &c) in b.iter().chain(std::iter::once(&b'/')).enumerate() {
            if c == b'/' {
                plain &= !matches!(&b[name_at..i], b"" | b"." | b"..");
                if i < b.len() {
                    (name_at, dot) = (i + 1, None);
                }
            } else if c == b'.' {
                dot = Some(i);
            }
        }
        if plain {
            return Cow::Borrowed(match dot {
                Some(dot) if dot > name_at => &s[..dot],
                _ => s,
            });
        }
    }
    Cow::Owned(
        input
            .rel
            .with_extension("")
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/"),
    )
}

/// What two outputs are compared by: the stem in NFC, in lower case.
fn key<'s>(stem: &Cow<'s, str>) -> Cow<'s, str> {
    // ASCII is its own NFC, and its lower case is the ASCII one.
    if stem.is_ascii() {
        if !stem.bytes().any(|b| b.is_ascii_uppercase()) {
            return stem.clone();
        }
        return Cow::Owned(stem.to_ascii_lowercase());
    }
    Cow::Owned(stem.nfc().collect::<String>().to_lowercase())
}

fn how(a: &str, b: &str) -> How {
    if a == b {
        How::Same
    } else if a.nfc().eq(b.nfc()) {
        How::Normalisation
    } else {
        How::Case
    }
}

/// The inputs whose outputs collide with another input's, each with its error (naming the
/// others), by input path. Empty when every input has outputs of its own.
pub fn find(inputs: &[Input]) -> BTreeMap<PathBuf, Vec<Diagnostic>> {
    // Each input's stem and key, sorted by key (then input order): a group is a run of equal
    // keys. Nothing is copied for a plain lower-case ASCII path.
    let mut all: Vec<(Cow<'_, str>, usize, Cow<'_, str>)> = inputs
        .iter()
        .enumerate()
        .map(|(i, input)| {
            let s = stem(input);
            (key(&s), i, s)
        })
        .collect();
    all.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(&b.1)));
    let mut out = BTreeMap::new();
    for group in all.chunk_by(|a, b| a.0 == b.0).filter(|g| g.len() > 1) {
        let group: Vec<(&Input, &str)> =
            group.iter().map(|(_, i, s)| (&inputs[*i], &**s)).collect();
        for (input, mine) in &group {
            let others: Vec<&(&Input, &str)> =
                group.iter().filter(|(i, _)| i.path != input.path).collect();
            let Some((_, theirs)) = others.first() else {
                continue;
            };
            let names = others
                .iter()
                .map(|(i, _)| i.path.display().to_string())
                .collect::<Vec<_>>()
                .join(", ");
            out.insert(
                input.path.clone(),
                vec![error(&input.path, mine, theirs, &names)],
            );
        }
    }
    out
}

fn error(path: &Path, mine: &str, theirs: &str, names: &str) -> Diagnostic {
    let (message, hint) = match how(mine, theirs) {
        How::Same => (
            format!("this file and {names} both make {mine}.md and {mine}.docx: neither is built"),
            "rename or remove one of them (x.yaml and x.yml are one document name; two plans folders built into one --out must not hold the same path)",
        ),
        How::Normalisation => (
            format!(
                "the outputs of this file ({mine}.md) and of {names} ({theirs}.md) differ only in how their accented letters are encoded (NFC, NFD): on macOS they are one file, and a checkout there keeps one of them; neither is built"
            ),
            "rename one of them: retype the name, or give it another one",
        ),
        How::Case => (
            format!(
                "the outputs of this file ({mine}.md) and of {names} ({theirs}.md) differ only in letter case: on Windows and macOS they are one file; neither is built"
            ),
            "rename one of them (output names are compared without regard to case)",
        ),
    };
    Diagnostic::error(path, message).hint(hint)
}

/// Adds the collisions of `found` to the batch's errors, by input path.
pub fn merge(
    batch: &mut BTreeMap<PathBuf, Vec<Diagnostic>>,
    found: &BTreeMap<PathBuf, Vec<Diagnostic>>,
) {
    for (path, errors) in found {
        batch
            .entry(path.clone())
            .or_default()
            .extend(errors.iter().cloned());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(root: &str, rel: &str) -> Input {
        Input {
            path: Path::new(root).join(rel),
            rel: PathBuf::from(rel),
        }
    }

    #[test]
    fn yaml_beside_yml_case_and_normalisation_collide() {
        let nfc = "2018/kế-hoạch.yaml";
        let nfd: String = nfc.nfd().collect();
        assert_ne!(nfc, nfd);
        let inputs = [
            input("plans", "2018/x.yaml"),
            input("plans", "2018/x.yml"),
            input("plans", "2018/KE-HOACH.yaml"),
            input("plans", "2018/ke-hoach.yaml"),
            input("plans", nfc),
            input("plans", &nfd),
            input("plans", "2018/alone.yaml"),
            input("plans", "2019/x.yaml"),
        ];
        let found = find(&inputs);
        assert_eq!(found.len(), 6, "{found:#?}");
        assert!(!found.contains_key(Path::new("plans/2018/alone.yaml")));
        assert!(!found.contains_key(Path::new("plans/2019/x.yaml")));
        let say = |p: &str| found[&Path::new("plans").join(p)][0].message.clone();
        assert!(say("2018/x.yaml").contains("plans/2018/x.yml both make 2018/x.md"));
        assert!(say("2018/x.yml").contains("plans/2018/x.yaml"));
        assert!(say("2018/KE-HOACH.yaml").contains("letter case"));
        assert!(say("2018/KE-HOACH.yaml").contains("plans/2018/ke-hoach.yaml"));
        assert!(say(nfc).contains("NFC, NFD"), "{}", say(nfc));
        assert!(say(&nfd).contains(nfc), "{}", say(&nfd));
    }

    #[test]
    fn a_plain_path_has_the_stem_its_path_would_give() {
        for rel in [
            "2018/x.yaml",
            "x.yml",
            "x",
            ".x",
            "2018/.x.yaml",
            "a.b.yaml",
            "a/b.",
            "a..yaml",
            "2018/kế-hoạch.yaml",
            "a/b/c/d.yaml",
            "a.d/b",
            "a.d/b.yaml",
        ] {
            let i = input("plans", rel);
            let by_path = i
                .rel
                .with_extension("")
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/");
            let s = stem(&i);
            assert!(matches!(s, Cow::Borrowed(_)), "{rel}");
            assert_eq!(s, by_path, "{rel}");
        }
        for odd in ["a//b.yaml", "./a.yaml", "a/../b.yaml", "/a.yaml", "a/"] {
            assert!(matches!(stem(&input("plans", odd)), Cow::Owned(_)), "{odd}");
        }
    }

    #[test]
    fn one_path_in_two_plans_folders_collides() {
        let found = find(&[input("a", "2018/x.yaml"), input("b", "2018/x.yaml")]);
        assert_eq!(found.len(), 2);
        assert!(found[Path::new("a/2018/x.yaml")][0]
            .message
            .contains("b/2018/x.yaml"));
    }
}
