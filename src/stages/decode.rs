//! Stage 1, decode: raw bytes → text and the encoding it was in (extraction.md, 1–2).
//!
//! UTF-8 (with or without BOM), UTF-16LE/BE (with BOM, or without one when the text is
//! plainly UTF-16), GB18030 (which covers GBK and GB2312) and Big5 are recognised without
//! being told. Between the two legacy encodings chardetng decides when the bytes are valid
//! in both; when its scores are close the record gets the warning `encoding-guess:NAME`. Decoding is strict: a byte sequence that does not decode is an error for the file,
//! never replaced with U+FFFD.

use encoding_rs::{BIG5, GB18030, GBK, UTF_16BE, UTF_16LE};

use crate::error::DecodeError;
use crate::model::{Decoded, Encoding};

/// Decodes `bytes`, detecting the encoding unless `forced` names one.
pub fn decode(bytes: &[u8], forced: Option<Encoding>) -> Result<Decoded, DecodeError> {
    if bytes.is_empty() {
        return Err(DecodeError::Empty);
    }
    if let Some(what) = binary_signature(bytes) {
        return Err(DecodeError::Binary {
            what: what.to_string(),
        });
    }
    let decoded = match forced {
        Some(encoding) => {
            let body = strip_bom(bytes, encoding);
            let text = decode_as(body, encoding)?;
            Decoded::new(text, encoding)
        }
        None => detect_and_decode(bytes)?,
    };
    if looks_binary(&decoded.text) {
        return Err(DecodeError::Binary {
            what: "control characters".to_string(),
        });
    }
    // Zero-width characters and controls are removed by normalize: a file of only those
    // and spaces has no text either.
    if decoded.text.chars().all(|c| {
        c.is_whitespace()
            || c.is_control()
            || matches!(c, '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}')
    }) {
        return Err(DecodeError::Blank);
    }
    Ok(decoded)
}

fn detect_and_decode(bytes: &[u8]) -> Result<Decoded, DecodeError> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        let text = decode_as(rest, Encoding::Utf8)?;
        return Ok(Decoded::new(text, Encoding::Utf8));
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        let text = decode_as(rest, Encoding::Utf16Le)?;
        return Ok(Decoded::new(text, Encoding::Utf16Le));
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        let text = decode_as(rest, Encoding::Utf16Be)?;
        return Ok(Decoded::new(text, Encoding::Utf16Be));
    }
    if let Some(encoding) = utf16_without_bom(bytes) {
        let text = decode_as(bytes, encoding)?;
        return Ok(Decoded::new(text, encoding));
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(Decoded::new(text.to_string(), Encoding::Utf8)),
        Err(e) => {
            let valid = e.valid_up_to();
            // A long valid UTF-8 prefix with non-ASCII text in it means a UTF-8 file with bad
            // bytes (or a file cut mid-character), not a GB18030 file: GBK byte pairs rarely
            // form even a few valid UTF-8 sequences in a row.
            let prefix_non_ascii = bytes[..valid].iter().filter(|&&b| b >= 0xC0).count();
            if prefix_non_ascii >= 8 || looks_utf8_later(&bytes[valid..]) {
                let hint = if e.error_len().is_none() {
                    ": the file ends in the middle of a character"
                } else {
                    ""
                };
                return Err(invalid(bytes, valid, Encoding::Utf8, hint));
            }
            match legacy(bytes) {
                Ok(decoded) => Ok(decoded),
                // Valid UTF-8 up to a character cut by the end of the file: say so, rather
                // than report where a GB18030 reading of UTF-8 bytes broke down.
                Err(_) if e.error_len().is_none() => Err(invalid(
                    bytes,
                    valid,
                    Encoding::Utf8,
                    ": the file ends in the middle of a character",
                )),
                Err(gb) => Err(gb),
            }
        }
    }
}

/// Bytes that are neither UTF-8 nor UTF-16: GB18030 or Big5. Simplified text in GBK is
/// almost never valid Big5 (its trail bytes 0x80–0xA0 are not Big5), so mostly one of
/// the two decodes. When both do, chardetng's guess decides, and a close call is said in
/// the warning `encoding-guess:NAME`.
fn legacy(bytes: &[u8]) -> Result<Decoded, DecodeError> {
    let gb = GB18030.decode_without_bom_handling_and_without_replacement(bytes);
    let big5 = BIG5.decode_without_bom_handling_and_without_replacement(bytes);
    let (gb, big5) = match (gb, big5) {
        (Some(gb), Some(big5)) => (gb, big5),
        (Some(gb), None) => return Ok(Decoded::new(gb.into_owned(), Encoding::Gb18030)),
        (None, Some(big5)) => return Ok(Decoded::new(big5.into_owned(), Encoding::Big5)),
        (None, None) => {
            let at = first_bad_legacy(bytes, GB18030);
            return Err(invalid(bytes, at, Encoding::Gb18030, ""));
        }
    };
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let guess = |tld: Option<&[u8]>| detector.guess(tld, chardetng::Utf8Detection::Deny);
    let generic = guess(None);
    let few = gb
        .chars()
        .filter(|c| !c.is_ascii())
        .nth(FEW_LEGACY_CHARS)
        .is_none();
    let mut decoded = if generic == BIG5 {
        Decoded::new(big5.into_owned(), Encoding::Big5)
    } else {
        Decoded::new(gb.into_owned(), Encoding::Gb18030)
    };
    // Unsure: too few characters for the statistics, or chardetng's own guess is neither
    // (EUC-KR, Shift_JIS…), so GB18030 is a default, not a finding.
    if few || (generic != BIG5 && generic != GBK) {
        decoded.guess_warning = Some(format!("encoding-guess:{}", decoded.encoding));
    }
    Ok(decoded)
}

/// Below this many non-ASCII characters a page valid in both GB18030 and Big5 is a guess.
const FEW_LEGACY_CHARS: usize = 64;

/// Whether the bytes after an invalid sequence still hold long runs of valid multi-byte
/// UTF-8 (a GB18030 half followed by a UTF-8 half, say).
fn looks_utf8_later(rest: &[u8]) -> bool {
    let mut runs = 0;
    let mut i = 0;
    while i + 2 < rest.len() {
        let b = rest[i];
        if (0xE0..=0xEF).contains(&b) && is_cont(rest[i + 1]) && is_cont(rest[i + 2]) {
            runs += 1;
            i += 3;
            if runs >= 32 {
                return true;
            }
        } else {
            if b >= 0x80 {
                runs = 0;
            }
            i += 1;
        }
    }
    false
}

fn is_cont(b: u8) -> bool {
    (0x80..=0xBF).contains(&b)
}

fn strip_bom(bytes: &[u8], encoding: Encoding) -> &[u8] {
    let bom: &[u8] = match encoding {
        Encoding::Utf8 => b"\xEF\xBB\xBF",
        Encoding::Utf16Le => b"\xFF\xFE",
        Encoding::Utf16Be => b"\xFE\xFF",
        Encoding::Gb18030 | Encoding::Big5 => b"",
    };
    bytes.strip_prefix(bom).unwrap_or(bytes)
}

fn decode_as(bytes: &[u8], encoding: Encoding) -> Result<String, DecodeError> {
    match encoding {
        Encoding::Utf8 => match std::str::from_utf8(bytes) {
            Ok(s) => Ok(s.to_string()),
            Err(e) => {
                let hint = if e.error_len().is_none() {
                    ": the file ends in the middle of a character"
                } else {
                    ""
                };
                Err(invalid(bytes, e.valid_up_to(), encoding, hint))
            }
        },
        Encoding::Utf16Le | Encoding::Utf16Be => {
            let enc = if encoding == Encoding::Utf16Le {
                UTF_16LE
            } else {
                UTF_16BE
            };
            if bytes.len() % 2 == 1 {
                return Err(invalid(
                    bytes,
                    bytes.len() - 1,
                    encoding,
                    ": odd number of bytes",
                ));
            }
            match enc.decode_without_bom_handling_and_without_replacement(bytes) {
                Some(s) => Ok(s.into_owned()),
                None => Err(invalid(
                    bytes,
                    first_bad_utf16(bytes, encoding),
                    encoding,
                    "",
                )),
            }
        }
        Encoding::Gb18030 | Encoding::Big5 => {
            let enc = if encoding == Encoding::Big5 {
                BIG5
            } else {
                GB18030
            };
            match enc.decode_without_bom_handling_and_without_replacement(bytes) {
                Some(s) => Ok(s.into_owned()),
                None => Err(invalid(bytes, first_bad_legacy(bytes, enc), encoding, "")),
            }
        }
    }
}

fn invalid(bytes: &[u8], byte: usize, encoding: Encoding, hint: &'static str) -> DecodeError {
    let newline = match encoding {
        Encoding::Utf16Le | Encoding::Utf16Be => bytes[..byte.min(bytes.len())]
            .chunks(2)
            .filter(|c| *c == [b'\n', 0] || *c == [0, b'\n'])
            .count(),
        _ => bytes[..byte.min(bytes.len())]
            .iter()
            .filter(|&&b| b == b'\n')
            .count(),
    };
    DecodeError::Invalid {
        encoding: encoding.as_str(),
        byte,
        line: newline + 1,
        hint,
    }
}

/// Offset of the first UTF-16 code unit that is part of an unpaired surrogate.
fn first_bad_utf16(bytes: &[u8], encoding: Encoding) -> usize {
    let unit = |i: usize| -> u16 {
        let (a, b) = (bytes[i], bytes[i + 1]);
        if encoding == Encoding::Utf16Le {
            u16::from_le_bytes([a, b])
        } else {
            u16::from_be_bytes([a, b])
        }
    };
    let mut i = 0;
    while i + 1 < bytes.len() {
        let u = unit(i);
        if (0xD800..0xDC00).contains(&u) {
            if i + 3 < bytes.len() && (0xDC00..0xE000).contains(&unit(i + 2)) {
                i += 4;
                continue;
            }
            return i;
        }
        if (0xDC00..0xE000).contains(&u) {
            return i;
        }
        i += 2;
    }
    i
}

/// Offset of the first byte where GB18030 (or Big5) decoding fails, found with a streaming
/// decoder (only used to report the error).
fn first_bad_legacy(bytes: &[u8], enc: &'static encoding_rs::Encoding) -> usize {
    let mut decoder = enc.new_decoder_without_bom_handling();
    let mut out = String::with_capacity(bytes.len() * 2);
    let (result, read) = decoder.decode_to_string_without_replacement(bytes, &mut out, true);
    match result {
        encoding_rs::DecoderResult::Malformed(len, _) => read.saturating_sub(len as usize),
        _ => read,
    }
}

/// UTF-16 without a BOM: recognised when one half of the byte pairs is mostly zero (ASCII
/// line breaks and digits) or the decoded text is plainly Chinese.
///
/// An odd byte count does not stop the detection (the last byte is left out of the sample):
/// a UTF-16 file cut by one byte is then reported as such, not as bad GB18030.
fn utf16_without_bom(bytes: &[u8]) -> Option<Encoding> {
    let sample = &bytes[..bytes.len().min(1 << 16) & !1];
    if sample.len() < 4 || !sample.contains(&0) {
        return None;
    }
    for (encoding, enc) in [(Encoding::Utf16Le, UTF_16LE), (Encoding::Utf16Be, UTF_16BE)] {
        if let Some(text) = enc.decode_without_bom_handling_and_without_replacement(sample) {
            let total = text.chars().count();
            let plausible = text
                .chars()
                .filter(|&c| {
                    // Line breaks, ASCII, Latin-1 signs (·), the punctuation papers print
                    // (—— “” … ‘’), symbols and shapes (■ ● ① ※), CJK, full-width forms.
                    matches!(
                        c,
                        '\n' | '\r' | '\t'
                            | ' '..='~'
                            | '\u{A0}'..='\u{FF}'
                            | '\u{2000}'..='\u{206F}'
                            | '\u{2100}'..='\u{27BF}'
                            | '\u{3000}'..='\u{9FFF}'
                            | '\u{FE30}'..='\u{FE4F}'
                            | '\u{FF00}'..='\u{FFEF}'
                    )
                })
                .count();
            if total > 0 && plausible * 100 >= total * 95 {
                return Some(encoding);
            }
        }
    }
    None
}

/// Magic numbers of common binary formats met in archives.
fn binary_signature(bytes: &[u8]) -> Option<&'static str> {
    const SIGNATURES: &[(&[u8], &str)] = &[
        (b"\x89PNG\r\n\x1a\n", "a PNG image"),
        (b"PK\x03\x04", "a zip archive"),
        (b"%PDF-", "a PDF document"),
        (b"\xFF\xD8\xFF", "a JPEG image"),
        (b"GIF8", "a GIF image"),
        (b"\x1F\x8B", "gzip data"),
        (b"\x7FELF", "an executable"),
        (b"\xD0\xCF\x11\xE0", "an Office document"),
    ];
    SIGNATURES
        .iter()
        .find(|(magic, _)| bytes.starts_with(magic))
        .map(|(_, what)| *what)
}

/// Decoded text in which control characters (other than line breaks and tabs) are more
/// than one in twenty characters is binary data that happened to decode.
fn looks_binary(text: &str) -> bool {
    let mut total = 0usize;
    let mut control = 0usize;
    for c in text.chars().take(1 << 16) {
        total += 1;
        if c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}') {
            control += 1;
        }
    }
    total > 0 && control * 20 > total
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "本报讯 记者２０２２年报道。\n第二行";

    #[test]
    fn utf8_with_and_without_bom() {
        let d = decode(TEXT.as_bytes(), None).unwrap();
        assert_eq!((d.text.as_str(), d.encoding), (TEXT, Encoding::Utf8));
        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend_from_slice(TEXT.as_bytes());
        assert_eq!(decode(&bom, None).unwrap().text, TEXT);
    }

    #[test]
    fn utf16_both_orders_with_and_without_bom() {
        for (bom, enc, le) in [
            (&b"\xFF\xFE"[..], Encoding::Utf16Le, true),
            (&b"\xFE\xFF"[..], Encoding::Utf16Be, false),
        ] {
            let units: Vec<u8> = TEXT
                .encode_utf16()
                .flat_map(|u| if le { u.to_le_bytes() } else { u.to_be_bytes() })
                .collect();
            let mut with_bom = bom.to_vec();
            with_bom.extend_from_slice(&units);
            let d = decode(&with_bom, None).unwrap();
            assert_eq!((d.text.as_str(), d.encoding), (TEXT, enc));
            let d = decode(&units, None).unwrap();
            assert_eq!((d.text.as_str(), d.encoding), (TEXT, enc));
        }
    }

    #[test]
    fn gb18030_detected() {
        let (bytes, _, _) = GB18030.encode(TEXT);
        let d = decode(&bytes, None).unwrap();
        assert_eq!((d.text.as_str(), d.encoding), (TEXT, Encoding::Gb18030));
    }

    #[test]
    fn bad_bytes_are_errors_with_position() {
        let mut bytes = "第一行中文内容很长很长很长\n第二行".as_bytes().to_vec();
        bytes.extend_from_slice(b"\xFF\xFE\xFD");
        match decode(&bytes, None) {
            Err(DecodeError::Invalid { encoding, line, .. }) => {
                assert_eq!((encoding, line), ("UTF-8", 2))
            }
            other => panic!("expected an invalid-bytes error, got {other:?}"),
        }
        let cut = &"中文内容很长很长很长很长".as_bytes()[..35];
        let err = decode(cut, None).unwrap_err().to_string();
        assert!(err.contains("middle of a character"), "{err}");
    }

    #[test]
    fn empty_blank_and_binary() {
        assert_eq!(decode(b"", None), Err(DecodeError::Empty));
        assert_eq!(decode(b"\n\n \r\n", None), Err(DecodeError::Blank));
        assert!(matches!(
            decode(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", None),
            Err(DecodeError::Binary { .. })
        ));
        assert!(matches!(
            decode(b"\x01\x02\x03\x04abc\x05\x06", None),
            Err(DecodeError::Binary { .. })
        ));
    }

    #[test]
    fn utf16_without_bom_with_chinese_punctuation() {
        // Dashes, quotes, ■ and · are outside the CJK block; found by the property test.
        let text = "乡村振兴\n\n——约93万人次参加“活动”\n■记者 周 健·摄\n";
        for (le, encoding) in [(true, Encoding::Utf16Le), (false, Encoding::Utf16Be)] {
            let units: Vec<u8> = text
                .encode_utf16()
                .flat_map(|u| if le { u.to_le_bytes() } else { u.to_be_bytes() })
                .collect();
            let d = decode(&units, None).unwrap();
            assert_eq!((d.text.as_str(), d.encoding), (text, encoding));
        }
    }

    #[test]
    fn utf16_without_bom_cut_by_one_byte() {
        let units: Vec<u8> = TEXT.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let err = decode(&units[..units.len() - 1], None)
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("bytes that are not valid UTF-16LE at byte ")
                && err.contains(": odd number of bytes"),
            "{err}"
        );
    }

    #[test]
    fn short_utf8_cut_mid_character() {
        // Too short for the UTF-8 evidence rule; GB18030 fails too: report the cut.
        let err = decode(&"中文".as_bytes()[..5], None)
            .unwrap_err()
            .to_string();
        assert_eq!(
            err,
            "bytes that are not valid UTF-8 at byte 3 (line 1): the file ends in the middle \
             of a character; re-export the file or name its encoding with --encoding"
        );
    }

    #[test]
    fn only_invisible_characters_is_blank() {
        assert_eq!(
            decode("\u{200B}\n\u{FEFF}\u{3000}\r\n\u{2060}".as_bytes(), None),
            Err(DecodeError::Blank)
        );
    }

    #[test]
    fn forced_encoding_wins() {
        let (bytes, _, _) = GB18030.encode(TEXT);
        assert_eq!(decode(&bytes, Some(Encoding::Gb18030)).unwrap().text, TEXT);
        assert!(decode(&bytes, Some(Encoding::Utf8)).is_err());
    }
}
