//! Reading a file's bytes into text.

use std::fmt;

/// Why bytes could not be read as text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodeError {
    /// The bytes hold a NUL byte: a binary file.
    Binary,
    /// The bytes are not UTF-8; `offset` is the first bad byte.
    InvalidUtf8 { offset: usize },
    /// The bytes start with a UTF-16 byte order mark.
    Utf16,
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecodeError::Binary => write!(f, "binary file (it holds a NUL byte)"),
            DecodeError::InvalidUtf8 { offset } => {
                write!(f, "invalid UTF-8 at byte offset {offset}")
            }
            DecodeError::Utf16 => write!(f, "UTF-16 text is not supported; convert it to UTF-8"),
        }
    }
}

/// Source text and how many bytes of byte order mark preceded it in the file.
#[derive(Debug, Clone)]
pub struct SourceText {
    /// The text, without the byte order mark.
    pub text: String,
    /// Length of the UTF-8 byte order mark that was skipped (0 or 3).
    pub bom_len: usize,
}

/// Decodes file bytes: UTF-8, with a byte order mark skipped.
pub fn decode(bytes: Vec<u8>) -> Result<SourceText, DecodeError> {
    if starts_utf16(&bytes) {
        return Err(DecodeError::Utf16);
    }
    if memchr::memchr(0, &bytes).is_some() {
        return Err(DecodeError::Binary);
    }
    let bom_len = utf8_bom_len(&bytes);
    let mut bytes = bytes;
    bytes.drain(..bom_len);
    match String::from_utf8(bytes) {
        Ok(text) => Ok(SourceText { text, bom_len }),
        Err(e) => Err(DecodeError::InvalidUtf8 {
            offset: bom_len + e.utf8_error().valid_up_to(),
        }),
    }
}

/// Whether `bytes` open with a UTF-16 byte order mark (either byte order).
pub(crate) fn starts_utf16(bytes: &[u8]) -> bool {
    bytes.starts_with(&[0xff, 0xfe]) || bytes.starts_with(&[0xfe, 0xff])
}

/// The length of the UTF-8 byte order mark `bytes` open with: 3, or 0 without one.
pub(crate) fn utf8_bom_len(bytes: &[u8]) -> usize {
    if bytes.starts_with(&[0xef, 0xbb, 0xbf]) {
        3
    } else {
        0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_is_skipped_and_counted() {
        let s = decode(b"\xef\xbb\xbfhi".to_vec()).unwrap();
        assert_eq!((s.text.as_str(), s.bom_len), ("hi", 3));
    }

    #[test]
    fn errors_name_what_is_wrong() {
        assert_eq!(decode(b"ab\0c".to_vec()).unwrap_err(), DecodeError::Binary);
        assert_eq!(
            decode(b"abc\xffdef".to_vec()).unwrap_err(),
            DecodeError::InvalidUtf8 { offset: 3 }
        );
        assert_eq!(
            decode(b"\xff\xfea\0".to_vec()).unwrap_err(),
            DecodeError::Utf16
        );
    }
}
