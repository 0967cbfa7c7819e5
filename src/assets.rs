//! Loading stage, images: the signature and seal PNGs a signed document names. The path rules
//! (relative, no `..`, nothing outside the project folder) and the disk access live in
//! [`FsAssets`]; the PNG checks ([`png_size`]) are pure, so `compile` can take any [`Assets`].

use std::io::Read;
use std::path::{Component, Path, PathBuf};

use crate::load;

/// Largest image accepted, in bytes (5 MB).
pub const MAX_IMAGE_BYTES: u64 = 5 * 1024 * 1024;
/// Largest width or height accepted, in pixels.
pub const MAX_IMAGE_PIXELS: u32 = 4000;

/// The 8 bytes every PNG file starts with.
pub const PNG_SIGNATURE: [u8; 8] = [0x89, b'P', b'N', b'G', b'\r', b'\n', 0x1a, b'\n'];

/// Why an image cannot be used: what is wrong and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssetError {
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub hint: String,
}

impl AssetError {
    fn new(message: impl Into<String>, hint: impl Into<String>) -> Self {
        AssetError {
            message: message.into(),
            hint: hint.into(),
        }
    }
}

/// Where the bytes of the images a document names come from.
pub trait Assets {
    /// The bytes of `rel`, a path written in `document` (relative to the document's folder).
    fn read(&self, document: &Path, rel: &str) -> Result<Vec<u8>, AssetError>;
}

/// No images at all: every request fails. For callers that build no signed documents.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoAssets;

impl Assets for NoAssets {
    fn read(&self, _document: &Path, rel: &str) -> Result<Vec<u8>, AssetError> {
        Err(AssetError::new(
            format!("cannot load `{rel}`: images are not available here"),
            "build the document with `vanban build`",
        ))
    }
}

/// Images from the disk, confined to the project folder (see [`project_root`]).
#[derive(Debug, Clone, Copy, Default)]
pub struct FsAssets;

impl Assets for FsAssets {
    fn read(&self, document: &Path, rel: &str) -> Result<Vec<u8>, AssetError> {
        let path = resolve(document, rel)?;
        let meta = std::fs::metadata(&path).map_err(|e| {
            AssetError::new(
                format!("cannot read `{rel}`: {e}"),
                "check the file's permissions",
            )
        })?;
        if !meta.is_file() {
            return Err(AssetError::new(
                format!("`{rel}` is not a file"),
                "give the path of a PNG file",
            ));
        }
        if meta.len() > MAX_IMAGE_BYTES {
            return Err(too_big(rel, meta.len()));
        }
        let mut bytes = Vec::new();
        std::fs::File::open(&path)
            .and_then(|f| f.take(MAX_IMAGE_BYTES + 1).read_to_end(&mut bytes))
            .map_err(|e| {
                AssetError::new(
                    format!("cannot read `{rel}`: {e}"),
                    "check the file's permissions",
                )
            })?;
        Ok(bytes)
    }
}

fn too_big(rel: &str, len: u64) -> AssetError {
    AssetError::new(
        format!(
            "`{rel}` is too large ({:.1} MB; at most {} MB)",
            len as f64 / 1_048_576.0,
            MAX_IMAGE_BYTES / 1_048_576
        ),
        "export the image again at its true size (a signature is a few hundred pixels wide)",
    )
}

/// The project folder a document belongs to: the folder holding its plans folder, or the
/// document's own folder when it is not inside a plans folder.
pub fn project_root(document: &Path) -> PathBuf {
    let root = load::plans_root_of(document);
    let is_plans =
        root.file_name().is_some_and(|n| n == "plans") || root.join(load::UNITS_FILE).is_file();
    let dir = if is_plans {
        root.parent().map(Path::to_path_buf).unwrap_or_default()
    } else {
        root
    };
    if dir.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        dir
    }
}

/// Checks `rel` against the path rules and returns the real path of the file it names:
/// relative, no `..`, and (after following symbolic links) inside the project folder.
pub fn resolve(document: &Path, rel: &str) -> Result<PathBuf, AssetError> {
    let p = Path::new(rel.trim());
    if rel.trim().is_empty() {
        return Err(AssetError::new(
            "the image path is empty",
            "give a PNG path relative to the YAML file, or remove the key",
        ));
    }
    if p.is_absolute() || p.has_root() {
        return Err(AssetError::new(
            format!("`{rel}` is an absolute path"),
            "give the path relative to the YAML file, e.g. `chu-ky.png`, and keep the image in the project",
        ));
    }
    if p.components().any(|c| matches!(c, Component::ParentDir)) {
        return Err(AssetError::new(
            format!("`{rel}` goes up with `..`"),
            "keep the image beside the YAML file (or in a folder under it) and give that path",
        ));
    }
    let dir = document.parent().unwrap_or(Path::new(""));
    let path = dir.join(p);
    let real = std::fs::canonicalize(&path).map_err(|e| {
        AssetError::new(
            format!("cannot find `{rel}` (looked for {}): {e}", path.display()),
            "check the path: it is relative to the YAML file",
        )
    })?;
    let root = std::fs::canonicalize(project_root(document)).map_err(|e| {
        AssetError::new(
            format!("cannot resolve the project folder: {e}"),
            "run vanban from the project folder",
        )
    })?;
    if !real.starts_with(&root) {
        return Err(AssetError::new(
            format!(
                "`{rel}` leads outside the project folder {} (through a symbolic link)",
                root.display()
            ),
            "copy the image into the project instead of linking to it",
        ));
    }
    Ok(real)
}

/// Checks that `bytes` are a PNG of a sensible size; returns its width and height in pixels.
pub fn png_size(rel: &str, bytes: &[u8]) -> Result<(u32, u32), AssetError> {
    if bytes.len() as u64 > MAX_IMAGE_BYTES {
        return Err(too_big(rel, bytes.len() as u64));
    }
    if bytes.get(..8) != Some(&PNG_SIGNATURE[..]) {
        return Err(AssetError::new(
            format!("`{rel}` is not a PNG image"),
            "save the image as PNG (with a transparent background), not JPEG or another format",
        ));
    }
    let ihdr = bytes.get(12..16);
    let dim = |at: usize| {
        bytes
            .get(at..at + 4)
            .and_then(|b| <[u8; 4]>::try_from(b).ok())
            .map(u32::from_be_bytes)
    };
    let (Some(b"IHDR"), Some(w), Some(h)) = (ihdr, dim(16), dim(20)) else {
        return Err(AssetError::new(
            format!("`{rel}` is a damaged PNG (no image header)"),
            "export the image again as PNG",
        ));
    };
    if w == 0 || h == 0 {
        return Err(AssetError::new(
            format!("`{rel}` is empty ({w} × {h} pixels)"),
            "export the image again as PNG",
        ));
    }
    if w > MAX_IMAGE_PIXELS || h > MAX_IMAGE_PIXELS {
        return Err(AssetError::new(
            format!("`{rel}` is {w} × {h} pixels; at most {MAX_IMAGE_PIXELS} on a side"),
            "scale the image down to its true size (a seal is about 35–40 mm across)",
        ));
    }
    Ok((w, h))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(w: u32, h: u32) -> Vec<u8> {
        let mut b = PNG_SIGNATURE.to_vec();
        b.extend_from_slice(&13u32.to_be_bytes());
        b.extend_from_slice(b"IHDR");
        b.extend_from_slice(&w.to_be_bytes());
        b.extend_from_slice(&h.to_be_bytes());
        b.extend_from_slice(&[8, 6, 0, 0, 0, 0, 0, 0, 0]);
        b
    }

    #[test]
    fn png_checks() {
        assert_eq!(png_size("a.png", &png(300, 120)), Ok((300, 120)));
        let e = png_size("a.png", b"\xff\xd8\xff\xe0 JFIF").unwrap_err();
        assert!(e.message.contains("not a PNG"), "{e:?}");
        assert!(png_size("a.png", &png(5000, 10))
            .unwrap_err()
            .message
            .contains("5000 × 10"));
        assert!(png_size("a.png", &PNG_SIGNATURE)
            .unwrap_err()
            .message
            .contains("damaged"));
        assert!(png_size("a.png", &png(0, 10)).is_err());
    }

    #[test]
    fn paths_that_leave_the_folder_are_refused() {
        let doc = Path::new("plans/2018/x.yaml");
        assert!(resolve(doc, "/etc/passwd")
            .unwrap_err()
            .message
            .contains("absolute"));
        assert!(resolve(doc, "../x.png").unwrap_err().message.contains(".."));
        assert!(resolve(doc, "img/../../x.png").is_err());
        assert!(resolve(doc, " ").is_err());
    }
}
